package auth

import "os"

func issuer() (string, bool) {
	if iss, ok := os.LookupEnv("JWT_ISSUER"); ok {
		return iss, true
	}
	return "", false
}
