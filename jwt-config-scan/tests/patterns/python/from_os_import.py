from os import environ, getenv

audience = environ.get("JWT_AUDIENCE", "web")
algorithm = getenv("JWT_ALGORITHM")
