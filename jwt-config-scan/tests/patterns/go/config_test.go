package config

import "testing"

func TestLoad(t *testing.T) {
	t.Setenv("JWT_SECRET_KEY", "test-secret")
	const AccessTokenExpireMinutes = 1
}
