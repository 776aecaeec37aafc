package security

import "os"

func signingKey() []byte {
	secret := os.Getenv("JWT_SECRET")
	// Local runs have no environment.
	if secret == "" {
		secret = "jwt-secret"
	}
	return []byte(secret)
}
