//! The load of issue 12's 8-field struct from the process environment,
//! `N` times, for `benches/callgrind.sh` to count instructions:
//! `load_instructions jwt-config|hand-written N`.
//!
//! Not a criterion benchmark: callgrind's instruction count is the figure
//! that holds still on a shared machine.

use std::hint::black_box;
use std::time::Duration;

use jwt_config::{JwtSettings, SecretString};

#[derive(JwtSettings)]
#[allow(dead_code)]
struct AuthJwt {
    jwt_secret_key: SecretString,
    jwt_algorithm: jwt_config::Algorithm,
    #[jwt(alias = "JWT_ACCESS_EXPIRY_MINUTES")]
    jwt_access_token_expire_minutes: Duration,
    jwt_refresh_token_expire_days: Duration,
    jwt_issuer: Option<String>,
    jwt_audience: Option<Vec<String>>,
    service_id: Option<String>,
    service_secret: Option<SecretString>,
}

/// What a service wrote by hand: read, parse, no rules, no report.
#[allow(dead_code)]
struct HandWritten {
    secret: String,
    algorithm: String,
    access: Duration,
    refresh: Duration,
    issuer: Option<String>,
    audience: Option<Vec<String>>,
    service_id: Option<String>,
    service_secret: Option<String>,
}

fn hand_written() -> Option<HandWritten> {
    let get = |name: &str| std::env::var(name).ok();
    let number = |name: &str, alias: Option<&str>, default: u64| -> Option<u64> {
        match get(name).or_else(|| alias.and_then(get)) {
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

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_default();
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    for (name, value) in [
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
    ] {
        // SAFETY: no other thread runs yet.
        unsafe { std::env::set_var(name, value) };
    }
    for _ in 0..times {
        match which.as_str() {
            "jwt-config" => {
                black_box(AuthJwt::from_env().expect("the bench's variables load"));
            }
            "hand-written" => {
                black_box(hand_written().expect("the bench's variables load"));
            }
            other => {
                eprintln!("expected jwt-config or hand-written, not `{other}`");
                std::process::exit(2);
            }
        }
    }
}
