//! For arbitrary deployments, no secret value, nor any 12-byte piece of
//! one, appears in anything the project says: load errors and warnings,
//! `Debug` of settings and files, snapshots, drift reports, the command's
//! check in text, JSON and SARIF, and its scan of code that holds them.
//!
//! A moderate number of cases runs with the tests;
//! `JWT_CONFIG_PROPTEST_CASES=100000 cargo test --release -p jwt-config-cli
//! --test leaks` (`fuzz/properties.sh`) runs many more.

use jwt_config::deployment::__private::{EnvironmentDir, ServiceFile, ServiceVars, judge};
use jwt_config::registry::standard;
use jwt_config::{DotenvFile, Environment, JwtSettings, SecretString, drift};
use proptest::prelude::*;
use zeroize::Zeroizing;

#[derive(Debug, JwtSettings)]
struct Service {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    key: SecretString,
    service_secret: Option<SecretString>,
    jwt_issuer: Option<String>,
}

fn cases() -> u32 {
    std::env::var("JWT_CONFIG_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48)
}

/// A secret: a random core (what must never show, whole or in part),
/// wrapped in characters that stress the readers and the messages.
fn secret() -> impl Strategy<Value = (String, String)> {
    let wrap = prop::sample::select(vec![
        "",
        " ",
        "'",
        "\"",
        "$",
        "#",
        "=",
        "\\",
        "é",
        "\t",
        "change-me",
        "${",
    ]);
    ("[A-Za-z0-9]{12,48}", wrap.clone(), wrap)
        .prop_map(|(core, before, after)| (core.clone(), format!("{before}{core}{after}")))
}

fn environment() -> impl Strategy<Value = Environment> {
    prop::sample::select(Environment::ALL.to_vec())
}

/// Every 12-byte piece of `core`, and `core` itself.
fn pieces(core: &str) -> Vec<&str> {
    let mut pieces: Vec<&str> = (0..=core.len() - 12).map(|i| &core[i..i + 12]).collect();
    pieces.push(core);
    pieces
}

/// No piece of a core in `said`. A weak secret's message names the
/// registry's weak pattern it contains (``contains the weak pattern
/// `changeme` ``): that text is the registry's, not the secret's, and may
/// appear, so it is taken out first; every other piece must still be absent.
fn assert_silent(said: &str, cores: &[&str]) -> Result<(), TestCaseError> {
    let mut said = said.to_owned();
    for pattern in standard().secret_policy().weak_patterns {
        // (`Debug` quotes it as a string.)
        said = said
            .replace(&format!("`{pattern}`"), "`<pattern>`")
            .replace(&format!("{pattern:?}"), "\"<pattern>\"");
    }
    for core in cores {
        for piece in pieces(core) {
            prop_assert!(
                !said.contains(piece),
                "`{}` of a secret in:\n{}",
                piece,
                said
            );
        }
    }
    Ok(())
}

/// Everything `jwt-config scan` says of code that falls back to
/// `secret_a` and hard-codes `secret_b`: text, quiet text, JSON and SARIF.
#[cfg(feature = "scan")]
fn scanned(secret_a: &str, secret_b: &str, key_name: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CASE: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "jwt-config-cli-leaks-{}-{}",
        std::process::id(),
        CASE.fetch_add(1, Ordering::Relaxed)
    ));
    // Written as the languages' string literals write them.
    let python = serde_json::to_string(secret_a).unwrap();
    let ts = serde_json::to_string(secret_b).unwrap();
    for (path, text) in [
        (
            "auth/config.py",
            format!(
                "import os\nkey = os.getenv(\"{key_name}\", {python})\nSERVICE_SECRET = {python}\n"
            ),
        ),
        (
            "web/auth.ts",
            format!(
                "export const key = process.env.{key_name} ?? {ts};\nconst serviceSecret = {ts};\n"
            ),
        ),
    ] {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let report = jwt_config::scan::scan(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    // Each of the four secrets is found (and said, by its fingerprint).
    let secrets = report
        .findings
        .iter()
        .filter(|f| f.kind == jwt_config::scan::FindingKind::SecretDefault)
        .count();
    assert_eq!(secrets, 4, "{report}");
    format!(
        "{report}\n{}\n{report:?}\n{}\n{}\n",
        report.text(true),
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&report.sarif()).unwrap()
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn no_output_holds_a_secret(
        (core_a, secret_a) in secret(),
        (core_b, secret_b) in secret(),
        env in environment(),
        same in any::<bool>(),
        alias in any::<bool>(),
        issuer in "[a-z:/.]{0,20}",
        broken in any::<bool>(),
    ) {
        let secret_b = if same { secret_a.clone() } else { secret_b };
        let cores = [core_a.as_str(), core_b.as_str()];
        let mut said = String::new();

        // A `.env` file as it is written, read and loaded.
        let key_name = if alias { "JWT_SECRET" } else { "JWT_SECRET_KEY" };
        let mut text = format!(
            "{key_name}={secret_a}\nSERVICE_SECRET=\"{secret_b}\"\nJWT_ISSUER={issuer}\n"
        );
        if broken {
            // YAML habits: a line dotenvy refuses, holding the secret.
            text.push_str(&format!("{key_name}: {secret_b}$x\n"));
        }
        match DotenvFile::parse("svc.env", &text) {
            Err(err) => said.push_str(&format!("{err}\n{err:?}\n")),
            Ok(file) => {
                said.push_str(&format!("{file:?}\n"));
                match Service::load(&file, env) {
                    Err(err) => said.push_str(&format!("{err}\n{err:?}\n")),
                    Ok(loaded) => {
                        said.push_str(&format!("{loaded:?}\n{}\n{:?}\n", loaded.snapshot(), loaded.snapshot()));
                        for warning in loaded.warnings() {
                            said.push_str(&format!("{warning}\n{warning:?}\n"));
                        }
                        let snapshot = loaded.snapshot();
                        let report = drift::compare(env, &[("a", &snapshot), ("b", &snapshot)]).unwrap();
                        said.push_str(&format!("{report}\n{report:?}\n{}\n", serde_json::to_string(&report).unwrap()));
                    }
                }
            }
        }

        // Two services of a deployment, as the command checks them.
        let service = |name: &str, key: &str, secret: &str, service_secret: &str| {
            let mut vars = ServiceVars::default();
            vars.set(key, Zeroizing::new(secret.to_owned()), "deploy/x.env", 1);
            vars.set("SERVICE_SECRET", Zeroizing::new(service_secret.to_owned()), "deploy/x.env", 2);
            vars.set("SERVICE_ID", Zeroizing::new(name.to_owned()), "deploy/x.env", 3);
            ServiceFile { service: name.to_owned(), file: "deploy/x.env".to_owned(), vars }
        };
        let environments = [EnvironmentDir {
            environment: env.into(),
            services: vec![
                service("auth", "JWT_SECRET_KEY", &secret_a, &secret_b),
                service("api", key_name, &secret_b, &secret_a),
            ],
        }];
        let report = judge(standard(), std::path::Path::new("deploy"), &environments);
        let mut text = Vec::new();
        report.write_text(&mut text, false, true).unwrap();
        said.push_str(&String::from_utf8_lossy(&text));
        said.push_str(&serde_json::to_string(&report).unwrap());
        said.push_str(&serde_json::to_string(&report.sarif()).unwrap());

        // The services' code holding the secrets, as `jwt-config scan`
        // reads it.
        #[cfg(feature = "scan")]
        said.push_str(&scanned(&secret_a, &secret_b, key_name));

        assert_silent(&said, &cores)?;
    }
}
