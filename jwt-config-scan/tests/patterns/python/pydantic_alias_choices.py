from pydantic import AliasChoices, AliasPath, Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    access_token_expire_minutes: int = Field(
        30,
        validation_alias=AliasChoices(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            "JWT_ACCESS_EXPIRY_MINUTES",
            AliasPath("JWT", "access"),
            "TOKEN_MINUTES",
        ),
    )
