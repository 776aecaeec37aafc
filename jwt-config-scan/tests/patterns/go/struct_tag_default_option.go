package config

// Config is filled by github.com/sethvargo/go-envconfig.
type Config struct {
	Algorithm string `env:"JWT_ALGORITHM, default=RS256"`
}
