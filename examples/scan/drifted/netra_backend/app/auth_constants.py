"""Constants of the backend's token handling."""

DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30
TOKEN_TYPE = "Bearer"
