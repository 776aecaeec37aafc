pub fn issuer() -> Option<String> {
    std::env::var("JWT_ISSUER").ok()
}

#[cfg(test)]
mod tests {
    const JWT_SECRET_KEY: &str = "test-secret-test-secret";

    #[test]
    fn reads_the_issuer() {
        let _ = std::env::var("JWT_SECRET").unwrap_or("x".into());
    }
}

#[tokio::test]
async fn loads() {
    let _ = std::env::var("JWT_AUDIENCE").unwrap_or_else(|_| "web".into());
}
