package config

// Spec is filled by github.com/kelseyhightower/envconfig.
type Spec struct {
	Issuer string `envconfig:"JWT_ISSUER" default:"netra"`
	Leeway int    `envconfig:"JWT_LEEWAY_SECONDS" required:"true"`
	// envconfig upper-cases the name: JWT_AUDIENCE (after PREFIX_JWT_AUDIENCE).
	Audience string `envconfig:"jwt_audience"`
}
