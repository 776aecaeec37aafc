pub fn leeway() -> String {
    std::env::var("JWT_LEEWAY_SECONDS").unwrap_or_else(|_| "30".into())
}
