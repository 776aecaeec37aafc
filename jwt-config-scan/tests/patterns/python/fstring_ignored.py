import os

name = "ISSUER"
value = os.getenv(f"JWT_{name}", "x")
