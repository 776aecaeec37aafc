import os

secret = os.getenv("JWT_SECRET_KEY")
