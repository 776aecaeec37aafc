//! A service deriving its settings from an organisation's registry file
//! (`tests/registries/acme.toml`), through `#[jwt(registry = "...")]`.

use std::time::Duration;

use jwt_config::registry::{Registry, RegistrySource, Role};
use jwt_config::{
    Environment, ExposeSecret, JwtSettings, NamedEnvironment, ProblemKind, SecretString,
    WarningKind, drift,
};

const SECRET_64: &str = "q5Lr9TzXc2Vb8Nm4Kp7Wd1Yf6Hj3Gs0Ae5Ru8Ti2Oy7Pl4Mk9Nj1Bh6Vg3Cf0Xd7";

#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/acme.toml", service = "billing")]
struct Billing {
    #[jwt(var = "AUTH_JWT_SECRET", alias = "JWT_SECRET")]
    secret: SecretString,
    token_ttl_minutes: Duration,
    jwt_jwks_url: String,
    auth_port: u16,
    /// Not a setting: the registry does not govern it.
    #[jwt(skip)]
    requests_served: u64,
}

#[test]
fn the_organisation_names_load() {
    let cfg = Billing::from_vars(
        Environment::Staging,
        [("AUTH_JWT_SECRET", SECRET_64), ("TOKEN_TTL_MINUTES", "20")],
    )
    .unwrap();
    assert_eq!(cfg.secret.expose_secret(), SECRET_64);
    assert_eq!(cfg.token_ttl_minutes, Duration::from_secs(20 * 60));
    assert_eq!(
        cfg.jwt_jwks_url,
        "https://auth.acme.example/.well-known/jwks.json"
    );
    assert_eq!(cfg.auth_port, 8443);
    assert_eq!(cfg.requests_served, 0);
}

#[test]
fn the_embedded_table_is_the_file() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/registries/acme.toml"
    ))
    .unwrap();
    let read = Registry::from_toml("registries/acme.toml", &text).unwrap();
    let embedded = Billing::registry();
    assert_eq!(embedded, read);
    assert_eq!(embedded.fingerprint(), read.fingerprint());
    assert_eq!(
        embedded.source(),
        RegistrySource::File("registries/acme.toml")
    );
    assert_eq!(
        embedded.by_role(Role::SigningSecret).unwrap().name,
        "AUTH_JWT_SECRET"
    );
    // Every struct of one file shares one decoded table.
    assert!(std::ptr::eq(embedded, Gateway::registry()));
}

#[test]
fn a_retired_alias_is_a_problem_where_denied_and_a_warning_elsewhere() {
    let vars = [("JWT_SECRET", SECRET_64)];
    let err = Billing::from_vars(Environment::Production, vars).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.var(), "JWT_SECRET");
    assert_eq!(
        problem.kind(),
        &ProblemKind::DeniedAlias {
            setting: "AUTH_JWT_SECRET".to_owned()
        }
    );
    assert_eq!(
        problem.to_string(),
        "JWT_SECRET (production): a legacy name of AUTH_JWT_SECRET that the registry retires in this environment; rename JWT_SECRET to AUTH_JWT_SECRET"
    );

    let loaded = Billing::load(&jwt_config::vars(vars), Environment::Staging).unwrap();
    assert_eq!(loaded.warnings()[0].kind(), WarningKind::DeprecatedAlias);
}

#[test]
fn the_organisation_floors_and_bounds_hold() {
    let err = Billing::from_vars(
        Environment::Production,
        [("AUTH_JWT_SECRET", "acme-dev-secret"), ("AUTH_PORT", "0")],
    )
    .unwrap_err();
    let kinds: Vec<(&str, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.var(), p.kind().code()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("AUTH_JWT_SECRET", "weak_secret"),
            ("AUTH_JWT_SECRET", "weak_secret"),
            ("AUTH_PORT", "out_of_range"),
        ]
    );
}

/// A service that reads the environment as `qa` names it.
#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/acme.toml", service = "gateway")]
struct Gateway {
    app_env: NamedEnvironment,
    #[jwt(var = "AUTH_JWT_SECRET")]
    secret: SecretString,
    token_ttl_minutes: u32,
}

#[test]
fn an_organisation_environment_follows_its_tier_and_keeps_its_name() {
    let short = [("APP_ENV", "qa"), ("AUTH_JWT_SECRET", "too-short")];
    let err = Billing::from_source(&jwt_config::vars(short)).unwrap_err();
    let qa = err.environment().unwrap();
    assert_eq!((qa.name, qa.follows), ("qa", Environment::Staging));
    assert_ne!(qa, Environment::Staging);
    // Staging's floor (32 bytes), qa's name.
    assert!(
        err.problems()[0].to_string().starts_with(
            "AUTH_JWT_SECRET (qa): the secret is 9 bytes long, shorter than the 32 bytes required"
        ),
        "{err}"
    );
    assert!(err.to_string().contains("for billing in qa"), "{err}");

    let vars = jwt_config::vars([("APP_ENV", "QA"), ("AUTH_JWT_SECRET", SECRET_64)]);
    let gateway = Gateway::from_source(&vars).unwrap();
    assert_eq!(gateway.app_env.name, "qa");
    assert_eq!(gateway.token_ttl_minutes, 30, "staging's default");
    let loaded = Gateway::load(&vars, qa).unwrap();
    assert_eq!(loaded.environment().name, "qa");
    let snapshot = loaded.snapshot();
    assert_eq!(snapshot.value("APP_ENV"), Some("qa"));
    assert_eq!(snapshot.environment(), Some(qa));

    let other = jwt_config::vars([
        ("APP_ENV", "qa"),
        ("AUTH_JWT_SECRET", SECRET_64),
        ("TOKEN_TTL_MINUTES", "45"),
    ]);
    let other = Gateway::load(&other, qa).unwrap().snapshot();
    let report = drift::compare(qa, &[("gateway", &snapshot), ("edge", &other)]).unwrap();
    assert!(
        report
            .to_string()
            .starts_with("[QA] EXPIRY_MISMATCH: TOKEN_TTL_MINUTES"),
        "{report}"
    );
    // Loaded as staging, but the variable says qa: not the same environment.
    let err = Gateway::load(&vars, Environment::Staging).unwrap_err();
    assert_eq!(err.problems()[0].kind().code(), "wrong_environment");
}

#[test]
fn snapshots_of_different_registries_are_not_compared() {
    #[derive(JwtSettings)]
    struct BuiltIn {
        jwt_secret_key: SecretString,
    }
    let org = Gateway::from_vars(Environment::Test, [("AUTH_JWT_SECRET", "a-test-secret")])
        .unwrap()
        .snapshot();
    let built_in = BuiltIn::from_vars(Environment::Test, [("JWT_SECRET_KEY", "a-test-secret")])
        .unwrap()
        .snapshot();
    let err = drift::compare(Environment::Test, &[("gateway", &org), ("auth", &built_in)])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "cannot compare gateway and auth: gateway follows the registry registries/acme.toml (reg:"
        ),
        "{err}"
    );
    assert!(
        err.contains("auth follows the built-in registry (reg:"),
        "{err}"
    );
    let across = drift::across_environments(&[
        (Environment::Test.into(), &org),
        (Environment::Test.into(), &built_in),
    ]);
    assert!(across.is_err());
}

/// A declared service: its own names, its own unit.
#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/acme.toml", service = "ledger")]
struct Ledger {
    #[jwt(var = "AUTH_JWT_SECRET")]
    secret: SecretString,
    ledger_token_ttl: Duration,
}

#[test]
fn a_declared_service_reads_its_own_names_and_units() {
    let vars = jwt_config::vars([
        ("LEDGER_SECRET", "a-test-secret"),
        ("LEDGER_TOKEN_TTL", "1800"),
        ("AUTH_JWT_SECRET", "not-read-by-the-ledger"),
    ]);
    let ledger = Ledger::load(&vars, Environment::Test).unwrap();
    assert_eq!(ledger.secret.expose_secret(), "a-test-secret");
    assert_eq!(ledger.ledger_token_ttl, Duration::from_secs(1800));
    assert_eq!(
        ledger.origin("TOKEN_TTL_MINUTES"),
        Some(&jwt_config::Origin::Own("LEDGER_TOKEN_TTL"))
    );
    // 90 seconds are no whole number of minutes: refused, naming the variable.
    let err = Ledger::from_vars(
        Environment::Test,
        [
            ("LEDGER_SECRET", "a-test-secret"),
            ("LEDGER_TOKEN_TTL", "90"),
        ],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains(
            "LEDGER_TOKEN_TTL (test): `90` is not a number of seconds that makes a whole number of minutes"
        ),
        "{err}"
    );
}

#[test]
fn a_declared_service_reads_the_environment_under_its_own_name() {
    // The ledger names its environment in LEDGER_ENV; APP_ENV, which it
    // does not read, is neither the choice nor a conflict.
    let vars = jwt_config::vars([
        ("LEDGER_ENV", "production"),
        ("APP_ENV", "test"),
        ("LEDGER_SECRET", "a-test-secret"),
    ]);
    let err = Ledger::from_source(&vars).unwrap_err();
    assert_eq!(err.environment().map(|env| env.name), Some("production"));
    let vars_of: Vec<&str> = err.problems().iter().map(|p| p.var()).collect();
    assert_eq!(vars_of, ["LEDGER_SECRET"], "{err}");
    // A name that is no environment is refused under the ledger's name.
    let typo = jwt_config::vars([("LEDGER_ENV", "prodution")]);
    let err = Ledger::from_source(&typo).unwrap_err();
    assert_eq!(err.problems()[0].var(), "LEDGER_ENV", "{err}");
}

/// A deployment whose ledger secret may come from a Kubernetes Secret the
/// manifests do not hold (an `envFrom`): unset here, perhaps set there.
struct LedgerSecretElsewhere;

impl jwt_config::Source for LedgerSecretElsewhere {
    fn var(&self, _: &str) -> Result<Option<std::borrow::Cow<'_, str>>, jwt_config::NotUnicode> {
        Ok(None)
    }

    fn maybe_held_outside(&self, name: &str) -> Option<jwt_config::Unseen> {
        (name == "LEDGER_SECRET").then(|| {
            jwt_config::Unseen::new(
                "maybe_held_outside",
                "an object the deployment does not hold may set it",
                "check that object",
            )
        })
    }
}

#[test]
fn a_field_without_a_value_is_named_by_the_variable_its_service_reads() {
    let err = Ledger::load(&LedgerSecretElsewhere, Environment::Production)
        .expect_err("a `SecretString` field needs a value");
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "LEDGER_SECRET");
    assert_eq!(problem.setting(), Some("AUTH_JWT_SECRET"));
    assert_eq!(
        problem.kind(),
        &ProblemKind::NoValue {
            ty: "SecretString".to_owned()
        }
    );
    assert_eq!(
        problem.to_string(),
        "LEDGER_SECRET (production): it has no value this source can show, and a field of type `SecretString` needs one; load LEDGER_SECRET from a source that shows its value, or declare the field as `Option<SecretString>`"
    );
}

/// A declared service that requires more than the registry: its
/// `required_in` makes `SERVICE_SECRET` required in every environment, so
/// the field needs no `Option` and no `required_in(...)` of its own.
#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/auth.toml", service = "auth")]
struct AuthService {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: SecretString,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: SecretString,
    #[jwt(var = "SERVICE_ID")]
    service_id: Option<String>,
}

#[test]
fn a_declared_service_requires_what_its_declaration_requires() {
    let err = AuthService::from_vars(
        Environment::Development,
        [("JWT_SECRET_KEY", "dev-secret-1")],
    )
    .expect_err("the auth service requires SERVICE_SECRET in development");
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "SERVICE_SECRET");
    assert_eq!(problem.kind(), &ProblemKind::Missing);
    let shown = err.to_string();
    assert!(
        shown.contains("SERVICE_SECRET (development)")
            && shown.contains(
                "set SERVICE_SECRET to a random secret of at least 8 bytes; this service requires it in development"
            ),
        "{shown}"
    );
    let auth = AuthService::from_vars(
        Environment::Development,
        [
            ("JWT_SECRET_KEY", "dev-secret-1"),
            ("SERVICE_SECRET", "dev-service-secret"),
        ],
    )
    .unwrap();
    assert_eq!(auth.service_secret.expose_secret(), "dev-service-secret");
    assert_eq!(auth.secret.expose_secret(), "dev-secret-1");
    assert_eq!(auth.service_id, None);
}
