//! Go and Rust services through the whole scan: what their code reads and
//! holds is judged and compared as Python's and TypeScript's is.

use std::fs;
use std::path::PathBuf;

use jwt_config_scan::{FindingKind, Scan};

/// A fresh directory holding `files` (relative path, text).
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jwt-config-scan-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_go_service_and_a_rust_service_drift_on_the_access_lifetime() {
    let dir = tree(
        "go-rust-drift",
        &[
            (
                "auth_service/config/config.go",
                "package config\n\nvar accessMinutes = getEnv(\"JWT_ACCESS_EXPIRY_MINUTES\", \"15\")\n",
            ),
            (
                "backend/src/jwt.rs",
                "pub const ACCESS_TOKEN_EXPIRE_MINUTES: u64 = 30;\n",
            ),
            // Tests set what they like: never read.
            (
                "auth_service/config/config_test.go",
                "package config\n\nconst AccessTokenExpireMinutes = 1\n",
            ),
        ],
    );
    let report = Scan::new(&dir).run().unwrap();
    let _ = fs::remove_dir_all(&dir);
    let kinds: Vec<(FindingKind, &str, usize)> = report
        .findings
        .iter()
        .map(|f| (f.kind, f.file.as_str(), f.line))
        .collect();
    assert!(
        kinds.contains(&(FindingKind::LegacyName, "auth_service/config/config.go", 3)),
        "{report}"
    );
    assert!(
        kinds.contains(&(FindingKind::HardCoded, "backend/src/jwt.rs", 1)),
        "{report}"
    );
    let drift = report
        .findings
        .iter()
        .find(|f| matches!(f.kind, FindingKind::Drift(_)))
        .unwrap_or_else(|| panic!("no drift in {report}"));
    assert_eq!(drift.var, "JWT_ACCESS_TOKEN_EXPIRE_MINUTES");
    assert!(
        drift.message.contains("auth_service falls back to 15"),
        "{}",
        drift.message
    );
    assert!(drift.message.contains("backend to 30"), "{}", drift.message);
    assert_eq!(report.files, 2, "the _test.go file is not read");
}

#[test]
fn go_and_rust_durations_that_agree_are_no_drift() {
    // 15 minutes written three ways, for a setting counted in minutes.
    let dir = tree(
        "go-rust-agree",
        &[
            (
                "auth_service/config.go",
                "package config\n\nimport \"time\"\n\nvar ttl = getDuration(\"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\", 15*time.Minute)\n",
            ),
            (
                "backend/src/config.rs",
                "pub fn ttl() -> u64 {\n    std::env::var(\"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\").ok().and_then(|v| v.parse().ok()).unwrap_or(15)\n}\n",
            ),
            (
                "worker/src/config.rs",
                "use std::time::Duration;\n\nfn ttl(s: &Settings) -> Duration {\n    s.duration_or(\"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\", Duration::from_secs(900))\n}\n",
            ),
        ],
    );
    let report = Scan::new(&dir).run().unwrap();
    let _ = fs::remove_dir_all(&dir);
    assert!(
        !report
            .findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::Drift(_))),
        "{report}"
    );
    // Each differs from the registry's development default (60), once.
    let differs = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::DefaultDiffers)
        .count();
    assert_eq!(differs, 3, "{report}");
}
