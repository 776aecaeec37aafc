class Settings:
    jwt_issuer: str = "netra"
