use lazy_static::lazy_static;

lazy_static! {
    static ref SIGNING_KEY: String = std::env::var("JWT_SECRET_KEY").unwrap_or_else(|_| "dev-secret".into());
    static ref MINUTES: u64 = env::var("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").ok().and_then(|v| v.parse().ok()).unwrap_or(15);
}

fn banner() {
    println!("issuer {}", env!("JWT_ISSUER"));
    tracing::info!(audience = ?dotenvy::var("JWT_AUDIENCE"), "loaded");
    println!("{}", settings.var("JWT_ALGORITHM"));
}
