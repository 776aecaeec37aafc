import os

DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30
LEEWAY = 10


def minutes() -> int:
    return int(os.getenv("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES))


def leeway() -> int:
    return int(os.environ.get("JWT_LEEWAY_SECONDS", default=LEEWAY))
