from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "JWT_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX)

    issuer: str = "netra"
    minutes: int = Field(60, alias="JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
