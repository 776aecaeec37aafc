pub fn signing_key() -> Result<Vec<u8>, std::env::VarError> {
    let secret = std::env::var("JWT_SECRET_KEY")?;
    Ok(secret.into_bytes())
}
