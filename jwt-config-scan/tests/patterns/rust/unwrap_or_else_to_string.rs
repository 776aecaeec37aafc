use std::env;

pub fn algorithm() -> String {
    env::var("JWT_ALGORITHM").unwrap_or_else(|_| "HS256".to_string())
}
