//! Issue 12's 8-field settings loaded from the process environment with
//! jwt-config, hand-written `std::env::var` code and the libraries a user
//! would pick instead, in one run; then again with 200 unrelated variables
//! in the environment (some peers walk all of it).
//!
//! `cargo bench` in this directory. Compare ratios to hand-written: the
//! absolute figures depend on the machine.

use std::hint::black_box;

use conf::Conf as _;
use confique::Config as _;
use criterion::{Criterion, criterion_group, criterion_main};
use envconfig::Envconfig;
use jwt_config::JwtSettings;
use serde::Deserialize;

#[path = "../../common/mod.rs"]
mod common;
use common::{AuthJwt, STAGING, hand_written};

/// What every peer below yields: the same eight values.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Plain {
    jwt_secret_key: String,
    #[serde(default = "hs256")]
    jwt_algorithm: String,
    #[serde(default = "thirty", alias = "jwt_access_expiry_minutes")]
    jwt_access_token_expire_minutes: u64,
    #[serde(default = "seven")]
    jwt_refresh_token_expire_days: u64,
    jwt_issuer: Option<String>,
    jwt_audience: Option<String>,
    service_id: Option<String>,
    service_secret: Option<String>,
}

fn hs256() -> String {
    "HS256".to_owned()
}
fn thirty() -> u64 {
    30
}
fn seven() -> u64 {
    7
}

#[derive(Envconfig)]
#[allow(dead_code)]
struct WithEnvconfig {
    #[envconfig(from = "JWT_SECRET_KEY")]
    jwt_secret_key: String,
    #[envconfig(from = "JWT_ALGORITHM", default = "HS256")]
    jwt_algorithm: String,
    // envconfig has no aliases: the legacy name is the one this deployment sets.
    #[envconfig(from = "JWT_ACCESS_EXPIRY_MINUTES", default = "30")]
    jwt_access_token_expire_minutes: u64,
    #[envconfig(from = "JWT_REFRESH_TOKEN_EXPIRE_DAYS", default = "7")]
    jwt_refresh_token_expire_days: u64,
    #[envconfig(from = "JWT_ISSUER")]
    jwt_issuer: Option<String>,
    #[envconfig(from = "JWT_AUDIENCE")]
    jwt_audience: Option<String>,
    #[envconfig(from = "SERVICE_ID")]
    service_id: Option<String>,
    #[envconfig(from = "SERVICE_SECRET")]
    service_secret: Option<String>,
}

#[derive(confique::Config)]
#[allow(dead_code)]
struct WithConfique {
    #[config(env = "JWT_SECRET_KEY")]
    jwt_secret_key: String,
    #[config(env = "JWT_ALGORITHM", default = "HS256")]
    jwt_algorithm: String,
    #[config(env = "JWT_ACCESS_EXPIRY_MINUTES", default = 30)]
    jwt_access_token_expire_minutes: u64,
    #[config(env = "JWT_REFRESH_TOKEN_EXPIRE_DAYS", default = 7)]
    jwt_refresh_token_expire_days: u64,
    #[config(env = "JWT_ISSUER")]
    jwt_issuer: Option<String>,
    #[config(env = "JWT_AUDIENCE")]
    jwt_audience: Option<String>,
    #[config(env = "SERVICE_ID")]
    service_id: Option<String>,
    #[config(env = "SERVICE_SECRET")]
    service_secret: Option<String>,
}

#[derive(conf::Conf)]
#[allow(dead_code)]
struct WithConf {
    #[conf(env = "JWT_SECRET_KEY", secret)]
    jwt_secret_key: String,
    #[conf(env = "JWT_ALGORITHM", default_value = "HS256")]
    jwt_algorithm: String,
    #[conf(
        env = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        env_aliases = ["JWT_ACCESS_EXPIRY_MINUTES"],
        default_value = "30"
    )]
    jwt_access_token_expire_minutes: u64,
    #[conf(env = "JWT_REFRESH_TOKEN_EXPIRE_DAYS", default_value = "7")]
    jwt_refresh_token_expire_days: u64,
    #[conf(env = "JWT_ISSUER")]
    jwt_issuer: Option<String>,
    #[conf(env = "JWT_AUDIENCE")]
    jwt_audience: Option<String>,
    #[conf(env = "SERVICE_ID")]
    service_id: Option<String>,
    #[conf(env = "SERVICE_SECRET", secret)]
    service_secret: Option<String>,
}

fn peers(c: &mut Criterion, group: &str) {
    let mut group = c.benchmark_group(group);
    group.bench_function("hand-written (baseline)", |b| {
        b.iter(|| black_box(hand_written(|name| std::env::var(name).ok()).unwrap()))
    });
    group.bench_function("jwt-config", |b| {
        b.iter(|| black_box(AuthJwt::from_env().unwrap()))
    });
    group.bench_function("envconfig", |b| {
        b.iter(|| black_box(WithEnvconfig::init_from_env().unwrap()))
    });
    group.bench_function("envy", |b| {
        b.iter(|| black_box(envy::from_env::<Plain>().unwrap()))
    });
    group.bench_function("figment", |b| {
        b.iter(|| {
            black_box(
                figment::Figment::from(figment::providers::Env::raw().lowercase(true))
                    .extract::<Plain>()
                    .unwrap(),
            )
        })
    });
    group.bench_function("config", |b| {
        b.iter(|| {
            black_box(
                config::Config::builder()
                    .add_source(config::Environment::default().try_parsing(true))
                    .build()
                    .unwrap()
                    .try_deserialize::<Plain>()
                    .unwrap(),
            )
        })
    });
    group.bench_function("confique", |b| {
        b.iter(|| black_box(WithConfique::builder().env().load().unwrap()))
    });
    group.bench_function("conf", |b| {
        // No arguments: criterion's own must not reach conf's parser.
        b.iter(|| {
            black_box(
                WithConf::try_parse_from(["bench"], std::env::vars_os())
                    .ok()
                    .unwrap(),
            )
        })
    });
    group.finish();
}

fn all(c: &mut Criterion) {
    for (name, value) in STAGING {
        // SAFETY: criterion runs the benchmarks on this one thread.
        unsafe { std::env::set_var(name, value) };
    }
    peers(c, "load");
    for i in 0..200 {
        // SAFETY: as above.
        unsafe { std::env::set_var(format!("UNRELATED_VARIABLE_{i}"), "some value") };
    }
    peers(c, "load, 200 unrelated variables");
}

criterion_group!(benches, all);
criterion_main!(benches);
