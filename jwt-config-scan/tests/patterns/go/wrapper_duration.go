package config

import "time"

func Load() Config {
	return Config{
		AccessTTL: getDuration("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 15*time.Minute),
	}
}
