package main

func main() {
	jwtSecret := "changeme"
	run(jwtSecret)
}
