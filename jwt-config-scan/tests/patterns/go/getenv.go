package auth

import "os"

func signingKey() []byte {
	return []byte(os.Getenv("JWT_SECRET_KEY"))
}
