from shared.env import get_env

minutes = int(get_env().get("JWT_ACCESS_EXPIRY_MINUTES", "15"))
url = get_env().get("DATABASE_URL", "sqlite://")
