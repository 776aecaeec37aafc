import os


def configure(monkeypatch):
    # Writing a variable is no read of it, nor a default.
    os.putenv("JWT_SECRET_KEY", "written")
    monkeypatch.setenv("JWT_SECRET", "written")
    monkeypatch.delenv("JWT_ACCESS_EXPIRY_MINUTES")
    return os.environ.setdefault("JWT_ISSUER", "netra")
