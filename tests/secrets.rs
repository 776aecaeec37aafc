//! No secret value reaches `Debug`, `Display`, an error or a warning.

use jwt_config::{DotenvFile, Environment, ExposeSecret, JwtSettings, SecretString};

/// Distinct markers, so that any leak of any part of a secret shows.
const JWT_SECRET: &str = "LEAKCHECK-jwt-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP";
const ALIAS_SECRET: &str = "LEAKCHECK-alias-9876543210-zyxwvutsrqponmlkjihgfedcba-PONMLKJIHGFEDC";
const WEAK_SECRET: &str = " LEAKCHECK-weak-change-me ";

#[derive(Debug, JwtSettings)]
struct Service {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    secret: SecretString,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: Option<SecretString>,
}

fn assert_no_secret(text: &str) {
    for secret in [JWT_SECRET, ALIAS_SECRET, WEAK_SECRET.trim()] {
        assert!(!text.contains(secret), "a secret leaked into:\n{text}");
    }
    assert!(
        !text.contains("LEAKCHECK"),
        "part of a secret leaked into:\n{text}"
    );
}

#[test]
fn loaded_settings_and_their_warnings_show_no_secret() {
    let vars = [
        ("JWT_SECRET_KEY", JWT_SECRET),
        ("JWT_SECRET", JWT_SECRET),
        ("SERVICE_SECRET", ALIAS_SECRET),
    ];
    let loaded = Service::load(&jwt_config::vars(vars), Environment::Production).unwrap();
    assert_eq!(loaded.secret.expose_secret(), JWT_SECRET);
    assert_eq!(
        loaded.service_secret.as_ref().map(|s| s.expose_secret()),
        Some(ALIAS_SECRET)
    );
    assert_eq!(
        loaded.warnings().len(),
        1,
        "the alias set to the same value"
    );
    assert_no_secret(&format!("{loaded:?}"));
    assert_no_secret(&format!("{:?}", *loaded));
    for warning in loaded.warnings() {
        assert_no_secret(&format!("{warning} {warning:?}"));
    }
    for (name, origin) in loaded.origins() {
        assert_no_secret(&format!("{name} {origin} {origin:?}"));
    }
}

#[test]
fn errors_about_secrets_show_no_secret() {
    /// The variables of a load, and the kinds of problem it must have.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: [Case; 3] = [
        (
            &[
                ("JWT_SECRET_KEY", JWT_SECRET),
                ("JWT_SECRET", ALIAS_SECRET),
                ("SERVICE_SECRET", ALIAS_SECRET),
            ],
            &["conflict"],
        ),
        (
            &[
                ("JWT_SECRET_KEY", WEAK_SECRET),
                ("SERVICE_SECRET", WEAK_SECRET),
            ],
            // One weak secret shared by both: weak, and shared.
            &["weak_secret", "rule"],
        ),
        (
            &[
                ("JWT_SECRET_KEY", JWT_SECRET),
                ("SERVICE_SECRET", JWT_SECRET),
            ],
            &["rule"],
        ),
    ];
    for (vars, kinds) in cases {
        let err = Service::load(
            &jwt_config::vars(vars.iter().copied()),
            Environment::Production,
        )
        .expect_err("every case fails in production");
        let found: std::collections::BTreeSet<&str> =
            err.problems().iter().map(|p| p.kind().code()).collect();
        assert_eq!(found, kinds.iter().copied().collect(), "{err}");
        assert_no_secret(&format!("{err}\n{err:?}"));
        for problem in err.problems() {
            assert_no_secret(&format!(
                "{problem} {problem:?} {:?} {}",
                problem.kind(),
                problem.fix()
            ));
        }
    }
}

#[test]
fn dotenv_files_and_their_errors_show_no_secret() {
    let file = DotenvFile::parse("x.env", &format!("JWT_SECRET_KEY={JWT_SECRET}\n")).unwrap();
    assert_no_secret(&format!("{file:?}"));
    let err = DotenvFile::parse("x.env", &format!("JWT_SECRET_KEY=\"{JWT_SECRET}\n")).unwrap_err();
    assert_no_secret(&format!("{err} {err:?}"));
}

#[test]
fn snapshots_drift_reports_and_credentials_show_no_secret() {
    let load = |secret: &str| {
        let vars = [("JWT_SECRET_KEY", secret), ("SERVICE_SECRET", ALIAS_SECRET)];
        Service::load(&jwt_config::vars(vars), Environment::Production).unwrap()
    };
    let (a, b) = (load(JWT_SECRET), load(&JWT_SECRET.replace("jwt", "JWT")));
    let (snap_a, snap_b) = (a.snapshot(), b.snapshot());
    let report =
        jwt_config::drift::compare(Environment::Production, &[("a", &snap_a), ("b", &snap_b)])
            .unwrap();
    assert_eq!(
        report.mismatches()[0].category(),
        "SECRET_MISMATCH",
        "fingerprints differ"
    );
    assert_no_secret(&format!("{snap_a}\n{snap_a:?}\n{report}\n{report:?}"));
    assert_no_secret(&serde_json::to_string(&snap_a).unwrap());
    assert_no_secret(&serde_json::to_string(&report).unwrap());

    let credentials = a.service_credentials().unwrap_err();
    assert_eq!(credentials.unread(), ["SERVICE_ID"]);
    assert_no_secret(&format!("{credentials} {credentials:?}"));
}

/// A weak secret's message names the registry's weak pattern it contains:
/// that text is the registry's (public in its file and the README), not the
/// secret's, so it may appear. Nothing else of the secret does: neither the
/// rest of it, nor the pattern as the secret spells it.
#[test]
fn a_weak_secret_names_the_registry_pattern_and_nothing_else_of_the_secret() {
    let registry = <Service as JwtSettings>::registry();
    for pattern in registry.secret_policy().weak_patterns {
        // The pattern as the secret spells it: upper case, spaces for `-`.
        let spelled = pattern.to_uppercase().replace('-', " ");
        let secret = format!(
            "LEAKCHECK-head-{spelled}-LEAKCHECK-tail-0123456789abcdef0123456789abcdef0123456789"
        );
        let err = Service::from_vars(
            Environment::Production,
            [("JWT_SECRET_KEY", secret.as_str())],
        )
        .unwrap_err();
        let problem = &err.problems()[0];
        assert_eq!(problem.kind().code(), "weak_secret");
        assert!(
            problem
                .to_string()
                .contains(&format!("contains the weak pattern `{pattern}`")),
            "{problem}"
        );
        let shown = format!("{err}\n{err:?}\n{:?}", err.problems());
        assert!(!shown.contains(&secret), "the secret echoed in:\n{shown}");
        assert!(
            !shown.contains(&spelled),
            "the secret's `{spelled}` in:\n{shown}"
        );
        assert_no_secret(&shown);
    }
}
