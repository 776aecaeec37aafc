package config

import (
	"cmp"
	"os"
)

var issuer = cmp.Or(os.Getenv("JWT_ISSUER"), "netra")
