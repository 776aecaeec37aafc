import os

issuer = os.environ.get("JWT_ISSUER", "netra")
