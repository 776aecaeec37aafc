import os

secret = os.getenv("APP_JWT_SECRET", "dev")
url = os.getenv("DATABASE_URL", "sqlite://")
