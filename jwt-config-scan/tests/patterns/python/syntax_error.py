import os

def broken(:
    pass

secret = os.getenv("JWT_SECRET")
