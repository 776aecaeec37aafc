package main

func main() {
	jwtSecret := "changeme"
	run(jwtSecret)
	// An empty string is a variable made before it is filled, not a
	// value (as in supabase/auth's internal/api/mfa.go).
	issuer := ""
	run(issuer)
}
