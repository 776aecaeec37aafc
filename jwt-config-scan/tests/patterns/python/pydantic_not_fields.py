from typing import ClassVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JWT_")

    jwt_issuer: ClassVar[str] = "netra"
    _jwt_audience: str = "web"


class Plain:
    jwt_algorithm: str = "HS256"
