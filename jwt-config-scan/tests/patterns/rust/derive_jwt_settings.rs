use std::time::Duration;

use jwt_config::{JwtSettings, SecretString};

#[derive(Debug, JwtSettings)]
#[jwt(service = "auth_service")]
struct AuthJwt {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: SecretString,
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", alias = "JWT_ACCESS_EXPIRY_MINUTES")]
    access_ttl: Duration,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: Option<SecretString>,
    #[jwt(var = "JWT_ISSUER", required_in(staging, production))]
    issuer: String,
}

fn main() -> Result<(), jwt_config::LoadError> {
    let cfg = AuthJwt::from_env()?;
    println!("{cfg:?}");
    Ok(())
}
