//! The auth service: issues access and refresh tokens, and calls the backend.
//!
//! Loads its JWT settings from a `.env` file when given one, or else from the
//! process environment, then prints each value with its origin (secrets
//! redacted) and the load's warnings; on failure, every problem at once.
//!
//! ```text
//! cargo run --example auth_service -- examples/deploy/consistent/staging/auth_service.env
//! ENVIRONMENT=development JWT_SECRET_KEY=dev-secret-1 cargo run --example auth_service
//! ```

use std::process::ExitCode;
use std::time::Duration;

use jwt_config::{Algorithm, JwtSettings, SecretString};

#[derive(Debug, JwtSettings)]
#[jwt(service = "auth_service")]
struct AuthJwt {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: SecretString,
    #[jwt(var = "JWT_ALGORITHM")]
    algorithm: Algorithm,
    /// Still read under its legacy name while deployments migrate.
    #[jwt(
        var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        alias = "JWT_ACCESS_EXPIRY_MINUTES"
    )]
    access_ttl: Duration,
    #[jwt(
        var = "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
        alias = "JWT_REFRESH_EXPIRY_DAYS"
    )]
    refresh_ttl: Duration,
    /// The issuer is this service's name in every environment.
    #[jwt(var = "JWT_ISSUER", required)]
    issuer: String,
    #[jwt(var = "JWT_AUDIENCE")]
    audience: Option<Vec<String>>,
    #[jwt(var = "SERVICE_ID")]
    service_id: Option<String>,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: Option<SecretString>,
}

fn main() -> ExitCode {
    common::run(|settings: &AuthJwt| {
        let ttl_minutes = settings.access_ttl.as_secs() / 60;
        let refresh_days = settings.refresh_ttl.as_secs() / 86_400;
        println!(
            "issuing {} tokens as {} for {:?}: access {ttl_minutes} min, refresh {refresh_days} days, key {:?}",
            settings.algorithm, settings.issuer, settings.audience, settings.secret
        );
        // Service-to-service headers come from one builder, which fails
        // loudly rather than sending an empty or half header pair.
        match settings.service_credentials() {
            Ok(credentials) => println!(
                "calling the backend with headers {:?}",
                credentials.headers()
            ),
            Err(err) => println!("not calling other services: {err}"),
        }
    })
}

#[path = "common/mod.rs"]
mod common;
