//! The registry's `[[service]]` entries in a scan: `sources` says whose a
//! file is, a declared service's own variable is the setting it holds (in
//! its own unit), and its `ignore` list silences unknown names.

use std::fs;
use std::path::{Path, PathBuf};

use jwt_config_core::registry::Registry;
use jwt_config_scan::{FindingKind, Scan};

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

/// A monorepo's registry: GoTrue under `services/gotrue` reads the access
/// token's lifetime in seconds under its own name; the API's code is in
/// `services/api` and a shared client library.
const REGISTRY: &str = r#"schema = 1

[[service]]
name = "gotrue"
reads = ["JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
sources = ["services/gotrue"]
ignore = ["JWT_COOKIE_*"]
[service.vars]
GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }

[[service]]
name = "api"
reads = ["JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
sources = ["services/api", "libs/auth-client"]
"#;

fn monorepo(name: &str) -> (PathBuf, &'static Registry) {
    let dir = scratch(name);
    write(
        &dir,
        "services/gotrue/conf.py",
        "import os\n\nexp = int(os.getenv(\"GOTRUE_JWT_EXP\", \"3600\"))\ncookie = os.getenv(\"JWT_COOKIE_DOMAIN\")\n",
    );
    write(
        &dir,
        "libs/auth-client/index.ts",
        "export const ttl = Number(process.env.JWT_ACCESS_TOKEN_EXPIRE_MINUTES ?? \"15\");\n",
    );
    write(
        &dir,
        "services/api/main.py",
        "import os\n\nttl = os.getenv(\"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\")\nissuer = os.environ[\"JWT_ISSUER\"]\n",
    );
    let registry = Registry::from_toml("jwt-config.toml", REGISTRY).unwrap();
    (dir, registry)
}

#[test]
fn files_belong_to_the_service_whose_sources_hold_them() {
    let (dir, registry) = monorepo("sources");
    let report = Scan::new(&dir).registry(registry).run().unwrap();
    assert_eq!(report.services, ["api", "gotrue"]);
    let owner = |file: &str| {
        report
            .findings
            .iter()
            .find(|f| f.file == file && !matches!(f.kind, FindingKind::Drift(_)))
            .map(|f| f.service.as_str())
    };
    assert_eq!(owner("libs/auth-client/index.ts"), Some("api"));
    // `gotrue`'s 3600 seconds, in its own variable, are 60 minutes.
    assert!(report.findings.iter().any(|f| {
        f.message
            .contains("gotrue to 3600 (60 minutes) (services/gotrue/conf.py:3)")
    }));
    // Without the registry, each top-level directory is a service.
    let plain = Scan::new(&dir).run().unwrap();
    assert_eq!(plain.services, ["libs", "services"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_declared_services_own_variable_is_its_setting_in_its_own_unit() {
    let (dir, registry) = monorepo("own-vars");
    let report = Scan::new(&dir).registry(registry).run().unwrap();
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "[CODE] DEFAULT_DIFFERS: libs/auth-client/index.ts:1: JWT_ACCESS_TOKEN_EXPIRE_MINUTES falls back to 15 in code; the registry's default is 60 in development, 15 in test, 30 in staging, 15 in production",
            "[CODE] UNDECLARED: services/api/main.py:4: api reads JWT_ISSUER, which its [[service]] does not list in `reads`: `check` never judges it for api",
            "[CODE] DEFAULT_DIFFERS: services/gotrue/conf.py:3: GOTRUE_JWT_EXP falls back to 3600 (60 minutes) in code; the registry's default is 60 in development, 15 in test, 30 in staging, 15 in production",
            "[CODE] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: api falls back to 15 (libs/auth-client/index.ts:1), gotrue to 3600 (60 minutes) (services/gotrue/conf.py:3)",
        ],
        "GOTRUE_JWT_EXP's 3600 seconds are 60 minutes, and JWT_COOKIE_DOMAIN is ignored by gotrue"
    );
    assert_eq!(
        report.findings[1].fix,
        "add \"JWT_ISSUER\" to the `reads` of the [[service]] named \"api\" in the registry jwt-config.toml"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_registry_file_in_the_scanned_directory_is_followed_as_the_command_follows_it() {
    let (dir, _) = monorepo("found");
    write(&dir, "jwt-config.toml", REGISTRY);
    let found = Scan::new(&dir).run().unwrap();
    assert_eq!(found.services, ["api", "gotrue"]);
    assert!(
        found.registry.contains("jwt-config.toml"),
        "{}",
        found.registry
    );
    // A scan of one directory of the repository: `sources` are written
    // from the registry file's directory, not the scanned one.
    // (Else `libs/auth-client` would be the service `auth-client`.)
    let part = Scan::new(dir.join("libs")).run().unwrap();
    assert_eq!(part.services, ["api"], "{part}");
    // `builtin` asks for the built-in table, as `--registry builtin` does.
    let builtin = Scan::new(&dir).registry_file("builtin").run().unwrap();
    assert_eq!(builtin.services, ["libs", "services"]);
    // A file that cannot be used stops the scan, with every problem.
    write(
        &dir,
        "jwt-config.toml",
        "schema = 1\n[[service]]\nname = \"api\"\nsources = [\"../api\"]\n",
    );
    let err = Scan::new(&dir).run().unwrap_err().to_string();
    assert!(
        err.starts_with("the registry file ") && err.contains("cannot be used (1 problem):\n"),
        "{err}"
    );
    assert!(
        err.contains("jwt-config.toml:4:12: `../api` in `api`'s `sources`"),
        "{err}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_duration_in_code_is_read_in_an_own_variables_unit() {
    let dir = scratch("own-duration");
    // 3600 seconds written as a Rust duration: the 60 minutes of the
    // registry's development default, not a span refused by the unit.
    write(
        &dir,
        "services/gotrue/src/conf.rs",
        "use std::time::Duration;\nconst GOTRUE_JWT_EXP: Duration = Duration::from_secs(3600);\n",
    );
    let registry = Registry::from_toml("jwt-config.toml", REGISTRY).unwrap();
    let report = Scan::new(&dir).registry(registry).run().unwrap();
    fs::remove_dir_all(&dir).unwrap();
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "[CODE] HARD_CODED: services/gotrue/src/conf.rs:2: GOTRUE_JWT_EXP holds 1h (60 minutes) for JWT_ACCESS_TOKEN_EXPIRE_MINUTES, whatever the environment sets (the registry's default is 60 in development, 15 in test, 30 in staging, 15 in production)"
        ]
    );
}
