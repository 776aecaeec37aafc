package config

import "os"

var (
	secret = os.Getenv("APP_JWT_SECRET")
	dsn    = os.Getenv("DATABASE_URL")
)
