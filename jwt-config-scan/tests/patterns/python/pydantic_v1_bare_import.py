from pydantic import BaseSettings, Field


class Settings(BaseSettings):
    algorithm: str = Field("HS256", alias="ALGO", env="JWT_ALGORITHM")
