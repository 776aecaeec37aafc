from pydantic_settings import BaseSettings

# As fastapi/full-stack-fastapi-template writes its token lifetime.
class Settings(BaseSettings):
    JWT_ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8
