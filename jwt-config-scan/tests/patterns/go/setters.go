package main

import "os"

func main() {
	os.Setenv("JWT_SECRET_KEY", "written")
	os.Unsetenv("JWT_SECRET")
}
