pub fn algorithm() -> &'static str {
    option_env!("JWT_ALGORITHM").unwrap_or("RS256")
}
