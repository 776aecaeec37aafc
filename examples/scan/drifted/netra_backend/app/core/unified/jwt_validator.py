"""Validates the tokens the auth service issues."""

import os


class UnifiedJWTValidator:
    """Checks a token's signature and lifetime."""

    def __init__(
        self,
        secret: str | None = None,
        algorithm: str = "HS256",
        access_token_expire_minutes: int = 30,
    ) -> None:
        self.secret = secret or os.environ["JWT_SECRET_KEY"]
        self.algorithm = algorithm
        self.access_token_expire_minutes = access_token_expire_minutes
