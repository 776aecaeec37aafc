package auth

import "time"

var (
	jwtAlgorithm              = "HS256"
	jwtRefreshTokenExpireDays = 7 * 24 * time.Hour
)
