//! The incident's code held to the registry by a Rust test: `cargo test`
//! fails while the services' code reads a legacy name, falls back to its
//! own values or holds a secret, with the scan's report as the message, and
//! passes once the code reads the registry's names and leaves defaults to
//! it.
//!
//! In a project of your own, depend on `jwt-config` with its `scan`
//! feature and keep the test in `tests/`:
//!
//! ```toml
//! [dev-dependencies]
//! jwt-config = { version = "0.1", features = ["scan"] }
//! ```
//!
//! Here, `cargo test --example scan_test --features scan` runs it against
//! the bundled code, and `cargo run --example scan_test --features scan --
//! DIR` prints the report of DIR.

use jwt_config::scan;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| bundled("drifted"));
    match scan::scan(&dir) {
        Ok(report) => {
            print!("{report}");
            std::process::exit(if report.is_clean() { 0 } else { 1 });
        }
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
}

/// Code bundled under `examples/scan/`.
fn bundled(name: &str) -> String {
    format!("{}/examples/scan/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The test a team writes: every source file under `dir` is parsed,
    /// what it reads and falls back to is judged by the registry, and
    /// nothing may be found. On failure, the report says what to fix.
    fn assert_reads_the_registry(dir: impl AsRef<Path>) {
        let report = scan::scan(dir).expect("the code can be read");
        assert!(report.is_clean(), "{report}");
    }

    #[test]
    fn the_fixed_code_passes() {
        assert_reads_the_registry(bundled("consistent"));
    }

    /// Before the fix: the legacy name read with 15 against a hard-coded
    /// 30 fails the test, and its message is the report that says so.
    #[test]
    #[should_panic(
        expected = "[CODE] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: auth_service falls back to 15"
    )]
    fn the_drifted_code_fails_with_the_report_as_its_message() {
        assert_reads_the_registry(bundled("drifted"));
    }
}
