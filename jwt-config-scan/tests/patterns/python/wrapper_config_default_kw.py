from decouple import config

leeway = config("JWT_LEEWAY_SECONDS", default=30, cast=int)
