from typing import Annotated

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    minutes: Annotated[int, Field(alias="JWT_ACCESS_TOKEN_EXPIRE_MINUTES")] = 60
