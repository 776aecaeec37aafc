"""Validates the tokens the auth service issues."""

import os


class UnifiedJWTValidator:
    """Checks a token's signature and lifetime, read from the environment."""

    def __init__(self) -> None:
        self.secret = os.environ["JWT_SECRET_KEY"]
        self.algorithm = os.getenv("JWT_ALGORITHM", "HS256")
        self.access_token_expire_minutes = int(
            os.environ["JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
        )
