//! For arbitrary secrets written in code as a default or a constant, no
//! secret, nor any 12-byte piece of one, appears in the scan's text, JSON
//! or SARIF: a secret found in code is shown by its fingerprint only.
//!
//! `JWT_CONFIG_PROPTEST_CASES=100000 cargo test --release -p
//! jwt-config-scan --test leaks` runs many more cases.

use std::fs;

use jwt_config_scan::{FindingKind, Scan};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("JWT_CONFIG_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16)
}

/// Scans `files` (path, text) written in a scratch directory named after
/// `name`: `secrets` secret defaults are found, and no 12-byte piece of
/// `core` is in the text, quiet text, JSON or SARIF.
fn assert_found_and_never_printed(
    name: &str,
    files: &[(&str, String)],
    secrets: usize,
    core: &str,
) -> Result<(), TestCaseError> {
    let dir = std::env::temp_dir().join(format!(
        "jwt-config-scan-leaks-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let report = Scan::new(&dir)
        .registry(jwt_config_core::registry::standard())
        .run()
        .unwrap();
    let _ = fs::remove_dir_all(&dir);
    let found = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::SecretDefault)
        .count();
    prop_assert_eq!(found, secrets, "{}", report);
    let said = format!(
        "{report}{}{}{}",
        report.text(true),
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&report.sarif()).unwrap()
    );
    for piece in core.as_bytes().windows(12) {
        let piece = std::str::from_utf8(piece).unwrap();
        prop_assert!(!said.contains(piece), "`{}` printed", piece);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn no_secret_in_code_is_ever_printed(core in "[A-Za-z0-9!#%&*+,./:;<=>?@^_~ -]{16,48}") {
        let files = [
            ("py/a.py", format!("import os\nkey = os.getenv(\"JWT_SECRET_KEY\", \"{core}\")\n")),
            ("py/b.py", format!("JWT_SECRET = \"{core}\"\n")),
            ("py/c.py", format!("k = config(\"SERVICE_SECRET\", default=\"{core}\")\n")),
            ("ts/d.ts", format!("const k = process.env.JWT_SECRET_KEY ?? \"{core}\";\n")),
            ("ts/e.ts", format!("const k = process.env[\"APP_JWT_SECRET\"] || '{core}';\n")),
        ];
        assert_found_and_never_printed("code", &files, 4, &core)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// A secret as a pydantic field's default, as a constant a read falls
    /// back to, or in Go and Rust code (a wrapper's default, a struct tag's
    /// default, a constant, an `unwrap_or` on the read) is a secret default
    /// too; and the SARIF log, like the text and JSON, shows it by
    /// fingerprint only.
    #[test]
    fn no_secret_of_a_settings_field_a_constant_or_go_and_rust_code_is_printed(core in "[A-Za-z0-9!#%&*+,./:;<=>?@^_~ -]{16,48}") {
        let files = [
            ("py/f.py", format!(
                "from pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n    jwt_secret_key: str = \"{core}\"\n"
            )),
            ("py/g.py", format!("import os\nFALLBACK = \"{core}\"\nk = os.getenv(\"SERVICE_SECRET\", FALLBACK)\n")),
            ("ts/h.ts", format!("const FALLBACK = \"{core}\";\nconst k = process.env.JWT_SECRET ?? FALLBACK;\n")),
            ("go/a.go", format!("package a\n\nvar k = getEnv(\"JWT_SECRET_KEY\", \"{core}\")\n")),
            ("go/b.go", format!("package a\n\ntype C struct {{\n\tK string `env:\"SERVICE_SECRET\" envDefault:\"{core}\"`\n}}\n")),
            ("go/c.go", format!("package a\n\nconst JWTSecret = `{core}`\n")),
            ("rs/d.rs", format!("fn k() -> String {{ std::env::var(\"JWT_SECRET_KEY\").unwrap_or_else(|_| \"{core}\".into()) }}\n")),
            ("rs/e.rs", format!("static JWT_SECRET: &str = r\"{core}\";\n")),
        ];
        assert_found_and_never_printed("fields", &files, 8, &core)?;
    }
}
