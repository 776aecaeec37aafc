//! What jwt-config costs a service at start-up, against the hand-written
//! loading it replaces, measured in the same run.
//!
//! `cargo bench --bench load`. Compare the groups' times as ratios: the
//! absolute figures depend on the machine.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_config::{Environment, JwtSettings, drift, registry, resolve};

mod common;
use common::{AuthJwt, STAGING, hand_written};

/// The staging deployment, with a variable no setting reads.
fn staging() -> HashMap<String, String> {
    let mut vars = jwt_config::vars(STAGING);
    vars.insert(
        "DATABASE_URL".to_owned(),
        "postgres://db.internal/auth".to_owned(),
    );
    vars
}

fn load(c: &mut Criterion) {
    let vars = staging();
    let mut group = c.benchmark_group("load");
    group.bench_function("hand-written (baseline)", |b| {
        b.iter(|| {
            let vars = black_box(&vars);
            hand_written(|name| vars.get(name).cloned()).is_some()
        })
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
