from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class JwtSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="jwt_")

    access_token_expire_minutes: int = 30
    secret_key: SecretStr
    issuer: str = "netra"
