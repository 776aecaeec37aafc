import pydantic
import pydantic_settings


class Settings(pydantic_settings.BaseSettings):
    model_config = pydantic_settings.SettingsConfigDict(env_prefix="APP_")

    # A validation alias wins over an alias.
    leeway: int = pydantic.Field(10, alias="IGNORED", validation_alias="JWT_LEEWAY_SECONDS")
