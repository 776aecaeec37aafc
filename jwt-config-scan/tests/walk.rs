//! The walk: `.gitignore` honoured outside a git repository, dependency
//! and build trees skipped, links never followed out of the directory.

use std::fs;
use std::path::{Path, PathBuf};

use jwt_config_scan::Scan;

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jwt-config-scan-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const LEGACY: &str = "import os\nx = os.getenv(\"JWT_SECRET\")\n";

#[test]
fn gitignore_is_honoured_outside_git_and_dependency_trees_are_skipped() {
    let dir = scratch("ignored");
    write(&dir, ".gitignore", "generated/\n");
    write(&dir, "svc/generated/a.py", LEGACY);
    write(
        &dir,
        "svc/node_modules/lib/b.js",
        "process.env.JWT_SECRET;\n",
    );
    write(&dir, "svc/.venv/lib/c.py", LEGACY);
    write(&dir, "svc/vendor/d.py", LEGACY);
    write(&dir, "svc/app/e.py", LEGACY);
    let report = Scan::new(&dir).run().unwrap();
    let files: Vec<&str> = report.findings.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, ["svc/app/e.py"]);
    assert_eq!(report.files, 1);
    assert_eq!(report.findings[0].service, "svc");
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_directory_is_not_followed() {
    let outside = scratch("outside");
    write(&outside, "svc/secret.py", LEGACY);
    let dir = scratch("linked");
    write(&dir, "svc/ok.py", "x = 1\n");
    std::os::unix::fs::symlink(outside.join("svc"), dir.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(outside.join("svc/secret.py"), dir.join("svc/link.py")).unwrap();
    let report = Scan::new(&dir).run().unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.files, 1);
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&outside).unwrap();
}

#[test]
fn a_missing_directory_is_an_error() {
    let err = Scan::new("/nonexistent/jwt-config-scan").run().unwrap_err();
    assert!(err.to_string().contains("is not a directory"), "{err}");
}

#[test]
fn test_code_is_not_read_and_a_file_over_the_cap_is_said() {
    let dir = scratch("tests-and-cap");
    // What tests set never reaches a running service.
    for path in [
        "api/conftest.py",
        "api/tests/test_auth.py",
        "api/test_config.py",
        "api/config_test.py",
        "web/src/auth.test.ts",
        "web/src/auth.spec.js",
        "web/src/__tests__/auth.ts",
    ] {
        write(
            &dir,
            path,
            "import os\nos.environ.setdefault(\"JWT_SECRET\", \"t\")\nprocess.env.JWT_SECRET;\n",
        );
    }
    write(&dir, "api/app.py", LEGACY);
    write(
        &dir,
        "api/big.py",
        &format!("{LEGACY}#{}\n", "x".repeat(200)),
    );
    let report = Scan::new(&dir).max_file_size(100).run().unwrap();
    let files: Vec<&str> = report.findings.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, ["api/app.py"]);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].file, "api/big.py");
    assert!(
        report.to_string().contains("skipped api/big.py: 2"),
        "{report}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn code_that_is_not_utf8_is_read_for_its_ascii() {
    let dir = scratch("latin1");
    let mut bytes = b"# caf\xe9: Latin-1\nimport os\nx = os.getenv(\"JWT_SECRET\")\n".to_vec();
    bytes.extend_from_slice(b"# \xff\xfe\n");
    fs::create_dir_all(dir.join("svc")).unwrap();
    fs::write(dir.join("svc/legacy.py"), bytes).unwrap();
    let report = Scan::new(&dir).run().unwrap();
    assert_eq!(report.findings.len(), 1, "{report}");
    assert_eq!(report.findings[0].line, 3);
    fs::remove_dir_all(&dir).unwrap();
}
