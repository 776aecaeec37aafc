package auth

// Token settings.
const (
	DefaultJWTIssuer                 = "netra"
	JWTLeewaySeconds, tokenType      = 30, "Bearer"
	JWTServiceTokenExpireMinutes int = 1_440
)
