package config

import "os"

func getEnv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok {
		return value
	}
	return fallback
}

var (
	accessMinutes = getEnv("JWT_ACCESS_EXPIRY_MINUTES", "15")
	databaseURL   = getEnv("DATABASE_URL", "postgres://localhost/app")
)
