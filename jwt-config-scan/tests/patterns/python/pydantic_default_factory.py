from pydantic import Field
from pydantic_settings import BaseSettings


def issuer() -> str:
    return "netra"


class Settings(BaseSettings):
    jwt_issuer: str = Field(default_factory=issuer)
    jwt_audience: str = Field(...)
