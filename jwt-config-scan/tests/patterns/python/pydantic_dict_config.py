from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    model_config = {"env_prefix": "JWT_", "env_prefix_target": "all"}

    algorithm: str = "HS256"
    minutes: int = Field(60, alias="ACCESS_TOKEN_EXPIRE_MINUTES")
