"""The auth service's settings, as the seed system read them."""

from shared.isolated_environment import get_env


class AuthConfig:
    """Settings of the auth service."""

    @staticmethod
    def get_jwt_algorithm() -> str:
        return get_env().get("JWT_ALGORITHM", "HS256")

    @staticmethod
    def get_jwt_access_expiry_minutes() -> int:
        # The legacy name, with a default of its own.
        return int(get_env().get("JWT_ACCESS_EXPIRY_MINUTES", "15"))
