//! A service of an organisation with its own registry
//! (`examples/org/jwt-config.toml`): its own names, a `qa` environment and
//! a legacy name retired in production.
//!
//! ```text
//! cargo run --example org_service -- examples/org/deploy/qa/gateway.env
//! ```
//!
//! A real service points the derive at its file once, in
//! `.cargo/config.toml`:
//! `[env] JWT_CONFIG_REGISTRY = { value = "jwt-config.toml", relative = true }`.
//! This example names it with `#[jwt(registry = "...")]` instead, because it
//! shares the workspace with services that follow the built-in table.

use std::process::ExitCode;
use std::time::Duration;

use jwt_config::{JwtSettings, SecretString};

#[path = "../common/mod.rs"]
mod common;

#[derive(Debug, JwtSettings)]
#[jwt(registry = "jwt-config.toml", service = "gateway")]
struct GatewayJwt {
    /// Still reads the legacy name while deployments migrate; production
    /// refuses it.
    #[jwt(var = "AUTH_JWT_SECRET", alias = "JWT_SECRET")]
    secret: SecretString,
    token_ttl_minutes: Duration,
    jwt_jwks_url: Option<String>,
    /// Not a setting: the registry does not govern it.
    #[jwt(skip)]
    requests_served: u64,
}

fn main() -> ExitCode {
    common::run::<GatewayJwt>(|settings| {
        println!(
            "gateway verifies tokens for {} minutes against {}, {} requests served",
            settings.token_ttl_minutes.as_secs() / 60,
            settings.jwt_jwks_url.as_deref().unwrap_or("(no JWKS URL)"),
            settings.requests_served
        );
    })
}
