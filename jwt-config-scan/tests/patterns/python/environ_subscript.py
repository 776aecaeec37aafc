import os

secret = os.environ["JWT_SECRET"]
