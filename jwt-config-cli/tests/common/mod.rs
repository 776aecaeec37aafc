//! What the deployment tests share: `jwt-config check` run on a fixture of
//! `tests/fixtures` (or any directory), its exit code and what it says.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The fixture `name` (`compose/stack`, `kubernetes/one-down`).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `check DIR --format json`, which must say nothing on standard error:
/// the exit code and the report.
pub fn check_dir(dir: &Path) -> (i32, Value) {
    let output = Command::cargo_bin("jwt-config")
        .unwrap()
        .args(["check", dir.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.is_empty(), "{}: {stderr}", dir.display());
    (
        output.status.code().unwrap(),
        serde_json::from_str(&String::from_utf8(output.stdout).unwrap()).unwrap(),
    )
}

/// `check DIR`, which must fail with exit 2 and print nothing on standard
/// output: what it says.
pub fn refused_dir(dir: &Path) -> String {
    let output = Command::cargo_bin("jwt-config")
        .unwrap()
        .args(["check", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", dir.display());
    assert!(output.stdout.is_empty(), "{}", dir.display());
    String::from_utf8(output.stderr).unwrap()
}
