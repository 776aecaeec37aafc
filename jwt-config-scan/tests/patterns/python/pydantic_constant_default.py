from pydantic import Field
from pydantic_settings import BaseSettings

DEFAULT_ISSUER = "netra"
DEFAULT_JWT_LEEWAY_SECONDS = 0


class Settings(BaseSettings):
    jwt_issuer: str = DEFAULT_ISSUER
    jwt_leeway_seconds: int = Field(default=DEFAULT_JWT_LEEWAY_SECONDS)
