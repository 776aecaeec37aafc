use std::env;

pub fn has_secret() -> bool {
    env::var_os("JWT_SECRET").is_some()
}
