from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JWT_")

    # The prefix does not apply to an alias.
    access_minutes: int = Field(default=15, alias="JWT_ACCESS_EXPIRY_MINUTES")
