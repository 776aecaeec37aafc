package config

// Config is filled by github.com/caarlos0/env.
type Config struct {
	Secret    string `env:"JWT_SECRET_KEY,required,notEmpty"`
	AccessTTL int    `env:"JWT_ACCESS_TOKEN_EXPIRE_MINUTES" envDefault:"15"`
	Name      string `json:"name"`
}
