const minutes = Number(process.env.JWT_ACCESS_TOKEN_EXPIRE_MINUTES ?? "15");
