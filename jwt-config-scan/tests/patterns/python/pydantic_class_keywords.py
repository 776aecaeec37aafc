from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings, env_prefix="JWT_", case_sensitive=True, populate_by_name=True):
    ISSUER: str = "netra"
    audience: str = Field("web", alias="AUDIENCE_LIST")
