package config

import (
	"os"
	"strconv"
)

func accessMinutes() int {
	raw, ok := os.LookupEnv("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
	if !ok {
		raw = "15"
	}
	n, _ := strconv.Atoi(raw)
	return n
}
