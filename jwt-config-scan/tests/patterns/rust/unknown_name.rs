pub fn load() -> (Option<String>, Option<String>) {
    (
        std::env::var("APP_JWT_SECRET").ok(),
        std::env::var("DATABASE_URL").ok(),
    )
}
