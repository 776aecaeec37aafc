use std::env;

pub fn access_minutes() -> u64 {
    env::var("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
}
