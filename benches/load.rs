//! What jwt-config costs a service at start-up, against the hand-written
//! loading it replaces, measured in the same run.
//!
//! `cargo bench --bench load`. Compare the groups' times as ratios: the
//! absolute figures depend on the machine.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_config::{Environment, JwtSettings, SecretString, drift, registry, resolve};

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

/// What a service wrote before: read, parse, no rules, no report.
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

fn hand_written(vars: &HashMap<String, String>) -> Option<HandWritten> {
    let get = |name: &str| vars.get(name).cloned();
    let minutes = |name: &str, default: u64| -> Option<u64> {
        get(name).map_or(Some(default), |v| v.trim().parse().ok())
    };
    Some(HandWritten {
        secret: get("JWT_SECRET_KEY")?,
        algorithm: get("JWT_ALGORITHM").unwrap_or_else(|| "HS256".to_owned()),
        access: Duration::from_secs(60 * minutes("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 30)?),
        refresh: Duration::from_secs(86_400 * minutes("JWT_REFRESH_TOKEN_EXPIRE_DAYS", 7)?),
        issuer: get("JWT_ISSUER"),
        audience: get("JWT_AUDIENCE").map(|a| a.split(',').map(|s| s.trim().to_owned()).collect()),
        service_id: get("SERVICE_ID"),
        service_secret: get("SERVICE_SECRET"),
    })
}

fn staging() -> HashMap<String, String> {
    jwt_config::vars([
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
        ("DATABASE_URL", "postgres://db.internal/auth"),
    ])
}

fn load(c: &mut Criterion) {
    let vars = staging();
    let mut group = c.benchmark_group("load");
    group.bench_function("hand-written (baseline)", |b| {
        b.iter(|| hand_written(black_box(&vars)).is_some())
    });
    group.bench_function("derive load", |b| {
        b.iter(|| AuthJwt::load(black_box(&vars), Environment::Staging).is_ok())
    });
    group.bench_function("registry-wide check", |b| {
        b.iter(|| {
            resolve::check(
                registry::standard(),
                black_box(&vars),
                Environment::Staging,
                "auth",
            )
            .problems
            .len()
        })
    });
    group.finish();

    let loaded = AuthJwt::load(&vars, Environment::Staging).unwrap();
    let mut group = c.benchmark_group("drift");
    group.bench_function("snapshot", |b| b.iter(|| black_box(&loaded).snapshot()));
    let (a, b_) = (loaded.snapshot(), loaded.snapshot());
    group.bench_function("compare two services", |b| {
        b.iter(|| {
            drift::compare(
                Environment::Staging,
                &[("a", black_box(&a)), ("b", black_box(&b_))],
            )
            .is_ok_and(|report| report.is_consistent())
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
