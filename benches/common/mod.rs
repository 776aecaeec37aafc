//! Issue 12's struct, the staging deployment it is loaded from, and the
//! hand-written loader it is measured against: one copy, shared by the
//! benches (`mod common;`), `tests/reads.rs` and `benches/peers`
//! (`#[path]`), so that every figure measures the same load.
//!
//! Each user takes what it needs; the rest is unused there.
#![allow(dead_code)]

use std::time::Duration;

use jwt_config::{JwtSettings, SecretString};

/// The 8-field struct: secret, algorithm, access and refresh lifetimes (the
/// access lifetime with its legacy alias), issuer, audience, service id and
/// service secret.
#[derive(JwtSettings)]
pub struct AuthJwt {
    pub jwt_secret_key: SecretString,
    pub jwt_algorithm: jwt_config::Algorithm,
    #[jwt(alias = "JWT_ACCESS_EXPIRY_MINUTES")]
    pub jwt_access_token_expire_minutes: Duration,
    pub jwt_refresh_token_expire_days: Duration,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<Vec<String>>,
    pub service_id: Option<String>,
    pub service_secret: Option<SecretString>,
}

/// A staging deployment of the auth service, which sets the access
/// lifetime under its legacy name.
pub const STAGING: [(&str, &str); 7] = [
    ("ENVIRONMENT", "staging"),
    (
        "JWT_SECRET_KEY",
        "Qm9vdHN0cmFwLWF1dGgtc2VydmljZS1zdGFnaW5nLWtleS0yMDI2",
    ),
    ("JWT_ACCESS_EXPIRY_MINUTES", "15"),
    ("JWT_ISSUER", "https://auth.staging.internal"),
    ("JWT_AUDIENCE", "backend,web"),
    ("SERVICE_ID", "auth_service"),
    (
        "SERVICE_SECRET",
        "U2VydmljZS10by1zZXJ2aWNlLXN0YWdpbmctY3JlZGVudGlhbHM",
    ),
];

/// What a service wrote by hand: read, parse, no rules, no report.
pub struct HandWritten {
    pub secret: String,
    pub algorithm: String,
    pub access: Duration,
    pub refresh: Duration,
    pub issuer: Option<String>,
    pub audience: Option<Vec<String>>,
    pub service_id: Option<String>,
    pub service_secret: Option<String>,
}

/// The same settings loaded by hand from `get` (`std::env::var`, a map):
/// the legacy access-lifetime name read too, as jwt-config reads it.
pub fn hand_written(get: impl Fn(&str) -> Option<String>) -> Option<HandWritten> {
    let number = |name: &str, alias: Option<&str>, default: u64| -> Option<u64> {
        match get(name).or_else(|| alias.and_then(&get)) {
            Some(text) => text.trim().parse().ok(),
            None => Some(default),
        }
    };
    Some(HandWritten {
        secret: get("JWT_SECRET_KEY")?,
        algorithm: get("JWT_ALGORITHM").unwrap_or_else(|| "HS256".to_owned()),
        access: Duration::from_secs(
            60 * number(
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                Some("JWT_ACCESS_EXPIRY_MINUTES"),
                30,
            )?,
        ),
        refresh: Duration::from_secs(86_400 * number("JWT_REFRESH_TOKEN_EXPIRE_DAYS", None, 7)?),
        issuer: get("JWT_ISSUER"),
        audience: get("JWT_AUDIENCE").map(|a| a.split(',').map(|s| s.trim().to_owned()).collect()),
        service_id: get("SERVICE_ID"),
        service_secret: get("SERVICE_SECRET"),
    })
}
