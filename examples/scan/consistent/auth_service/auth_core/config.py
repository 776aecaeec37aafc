"""The auth service's settings: canonical names; a default only where the
registry's is one value in every environment (the code cannot know which
environment it runs in: the deployment sets the variable)."""

from shared.isolated_environment import get_env


class AuthConfig:
    """Settings of the auth service."""

    @staticmethod
    def get_jwt_algorithm() -> str:
        return get_env().get("JWT_ALGORITHM", "HS256")

    @staticmethod
    def get_jwt_access_token_expire_minutes() -> int:
        return int(get_env().get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"))
