//! The seeds' consistency check as a Rust test: `cargo test` fails while
//! the services of a deployment disagree, with the check's report as the
//! message, and passes once they agree.
//!
//! In a project of your own, depend on `jwt-config` with its `deployment`
//! feature and keep the test in `tests/`:
//!
//! ```toml
//! [dev-dependencies]
//! jwt-config = { version = "0.1", features = ["deployment"] }
//! ```
//!
//! Here, `cargo test --example deployment_test --features deployment` runs
//! it against the bundled deployments, and `cargo run --example
//! deployment_test --features deployment -- DIR` prints the report of DIR.

use jwt_config::deployment;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| bundled("drifted"));
    match deployment::check(&dir) {
        Ok(report) => {
            print!("{report}");
            std::process::exit(if report.is_consistent() { 0 } else { 1 });
        }
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
}

/// A deployment bundled under `examples/deploy/`.
fn bundled(name: &str) -> String {
    format!("{}/examples/deploy/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The test a team writes: the deployment in `dir` is read as its runtimes
    /// read it, every service is judged by the registry, and the services must
    /// agree. On failure, the report says what to fix.
    fn assert_consistent(dir: impl AsRef<Path>) {
        let report = deployment::check(dir).expect("the deployment can be read");
        assert!(report.is_consistent(), "{report}");
    }

    #[test]
    fn the_consistent_deployment_passes() {
        assert_consistent(bundled("consistent"));
    }

    /// Before the fix: the legacy name and 15 against 30 minutes fail the
    /// test, and its message is the report that says so.
    #[test]
    #[should_panic(
        expected = "EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: services disagree (auth_service 15 from alias JWT_ACCESS_EXPIRY_MINUTES, backend 30 from canonical)"
    )]
    fn the_drifted_deployment_fails_with_the_report_as_its_message() {
        assert_consistent(bundled("drifted"));
    }
}
