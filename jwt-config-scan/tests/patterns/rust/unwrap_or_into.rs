use std::env;

pub fn issuer() -> String {
    env::var("JWT_ISSUER").unwrap_or("netra".into())
}
