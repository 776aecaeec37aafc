import os

issuer = os.getenv("JWT_ISSUER") or "netra"
