//! Drift between two services, in code: each loads its own settings struct
//! from its own `.env` file, and their snapshots are compared.
//!
//! ```text
//! cargo run --example drift
//! ```
//!
//! The `jwt-config check` command does the same for a whole deployment.

use std::process::ExitCode;
use std::time::Duration;

use jwt_config::{DotenvFile, Environment, JwtSettings, SecretString, drift};

/// What the auth service reads: it still accepts the legacy lifetime name.
#[derive(JwtSettings)]
#[jwt(service = "auth_service")]
#[allow(dead_code)]
struct AuthJwt {
    jwt_secret_key: SecretString,
    #[jwt(alias = "JWT_ACCESS_EXPIRY_MINUTES")]
    jwt_access_token_expire_minutes: Duration,
}

/// What the backend reads.
#[derive(JwtSettings)]
#[jwt(service = "backend")]
#[allow(dead_code)]
struct BackendJwt {
    jwt_secret_key: SecretString,
    jwt_access_token_expire_minutes: u32,
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Whether the two services agree.
fn run() -> Result<bool, Box<dyn std::error::Error>> {
    let dir = "examples/deploy/drifted/development";
    let env = Environment::Development;
    let auth = AuthJwt::load(&DotenvFile::open(format!("{dir}/auth_service.env"))?, env)?;
    let backend = BackendJwt::load(&DotenvFile::open(format!("{dir}/backend.env"))?, env)?;
    let (auth, backend) = (auth.snapshot(), backend.snapshot());
    println!("auth_service:\n{auth}\n\nbackend:\n{backend}\n");
    let report = drift::compare(env, &[("auth_service", &auth), ("backend", &backend)])?;
    println!("{report}");
    Ok(report.is_consistent())
}
