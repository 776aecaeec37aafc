//! A backend: verifies the tokens the auth service issues, and accepts calls
//! from other services.
//!
//! ```text
//! cargo run --example backend_service -- examples/deploy/consistent/staging/backend.env
//! ```

use std::process::ExitCode;

use jwt_config::{Algorithm, JwtSettings, SecretString};

#[derive(Debug, JwtSettings)]
#[jwt(service = "backend")]
struct BackendJwt {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    secret: SecretString,
    #[jwt(var = "JWT_ALGORITHM")]
    algorithm: Algorithm,
    /// Minutes, as a number: this service only compares it with token ages.
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")]
    access_minutes: u32,
    #[jwt(var = "JWT_LEEWAY_SECONDS")]
    leeway_seconds: u64,
    #[jwt(var = "JWT_ISSUER")]
    issuer: Option<String>,
    #[jwt(var = "JWT_AUDIENCE")]
    audience: Option<Vec<String>>,
    #[jwt(var = "JWT_SKIP_SIGNATURE_VERIFICATION")]
    skip_signature: bool,
    #[jwt(var = "JWT_SKIP_EXPIRY_VERIFICATION")]
    skip_expiry: bool,
    #[jwt(var = "SERVICE_ID")]
    service_id: Option<String>,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: Option<SecretString>,
}

fn main() -> ExitCode {
    common::run(|settings: &BackendJwt| {
        println!(
            "verifying {} tokens from {:?} for {:?}: at most {} min old, {}s leeway, key {:?}",
            settings.algorithm,
            settings.issuer,
            settings.audience,
            settings.access_minutes,
            settings.leeway_seconds,
            settings.secret
        );
        if settings.skip_signature || settings.skip_expiry {
            println!(
                "development shortcuts: skip signature {}, skip expiry {}",
                settings.skip_signature, settings.skip_expiry
            );
        }
        match settings.service_credentials() {
            Ok(credentials) => println!(
                "accepting service calls that present {:?}",
                credentials.headers()
            ),
            Err(err) => println!("refusing service calls: {err}"),
        }
    })
}

#[path = "common/mod.rs"]
mod common;
