"""Constants of the backend's token handling."""

TOKEN_TYPE = "Bearer"
