import pydantic


class Settings(pydantic.BaseSettings):
    access_token_expire_minutes: int = 30
    # pydantic 1 reads no variable by alias: by the prefixed field name.
    issuer: str = pydantic.Field("netra", alias="ISSUER_ALIAS")
    # `env` replaces the name, unprefixed.
    secret: str = pydantic.Field(..., env=["JWT_SECRET_KEY", "JWT_SECRET"])

    class Config:
        env_prefix = "JWT_"
