//! The derive and the resolver together, as a service uses them.

use std::time::Duration;

use jwt_config::{
    Algorithm, DotenvFile, Environment, ExposeSecret, JwtSettings, LoadError, Origin, ProblemKind,
    SecretString, WarningKind, registry::Rule,
};

const SECRET_64: &str = "q5Lr9TzXc2Vb8Nm4Kp7Wd1Yf6Hj3Gs0Ae5Ru8Ti2Oy7Pl4Mk9Nj1Bh6Vg3Cf0Xd7";
const OTHER_64: &str = "Zx8Cv5Bn2Ml7Kj4Hg1Fd9Sa6Qw3Er0Ty5Ui8Op2As7Df4Gh1Jk6Lz3Xc9Vb0Nm5Qw";

#[derive(Debug, JwtSettings)]
#[jwt(service = "auth_service")]
struct AuthJwt {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: SecretString,
    #[jwt(
        var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        alias = "JWT_ACCESS_EXPIRY_MINUTES"
    )]
    access_ttl: Duration,
    #[jwt(var = "JWT_REFRESH_TOKEN_EXPIRE_DAYS")]
    refresh_days: u32,
    #[jwt(var = "SERVICE_ID")]
    service_id: Option<String>,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: Option<SecretString>,
    #[jwt(var = "JWT_ISSUER", required_in(development, test))]
    issuer: String,
    #[jwt(var = "JWT_AUDIENCE")]
    audience: Option<Vec<String>>,
}

/// Every field kind, named by field name rather than `var`.
#[derive(Debug, JwtSettings)]
struct EveryKind {
    environment: Environment,
    jwt_algorithm: Algorithm,
    jwt_leeway_seconds: u64,
    jwt_service_token_expire_minutes: Duration,
    jwt_skip_signature_verification: bool,
    jwt_skip_expiry_verification: bool,
}

/// What a complete deployment sets, in every environment.
fn deployed() -> Vec<(&'static str, &'static str)> {
    vec![
        ("JWT_SECRET_KEY", SECRET_64),
        ("SERVICE_ID", "auth"),
        ("SERVICE_SECRET", OTHER_64),
        ("JWT_ISSUER", "https://auth.example.com"),
        ("JWT_AUDIENCE", "api, web"),
    ]
}

fn load_err(env: Environment, vars: &[(&str, &str)]) -> LoadError {
    match AuthJwt::load(&jwt_config::vars(vars.iter().copied()), env) {
        Ok(loaded) => panic!("expected a failed load, got {:?}", *loaded),
        Err(err) => err,
    }
}

#[test]
fn a_complete_production_load_uses_the_registry_defaults() {
    let vars = deployed();
    let loaded = AuthJwt::load(&jwt_config::vars(vars), Environment::Production).unwrap();
    assert_eq!(loaded.secret.expose_secret(), SECRET_64);
    assert_eq!(loaded.access_ttl, Duration::from_secs(15 * 60));
    assert_eq!(loaded.refresh_days, 7);
    assert_eq!(loaded.service_id.as_deref(), Some("auth"));
    assert_eq!(
        loaded.audience.as_deref(),
        Some(&["api".to_owned(), "web".to_owned()][..])
    );
    assert_eq!(
        loaded.origin("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        Some(&Origin::Default)
    );
    assert_eq!(loaded.origin("JWT_SECRET_KEY"), Some(&Origin::Canonical));
    assert_eq!(
        loaded.origin("JWT_ALGORITHM"),
        None,
        "not read by this service"
    );
    assert!(loaded.warnings().is_empty(), "{:?}", loaded.warnings());
    assert_eq!(loaded.environment(), Environment::Production);
    assert_eq!(AuthJwt::SERVICE, "auth_service");
}

#[test]
fn defaults_follow_the_environment() {
    let minutes = |env| {
        AuthJwt::from_vars(env, deployed())
            .unwrap()
            .access_ttl
            .as_secs()
            / 60
    };
    assert_eq!(minutes(Environment::Development), 60);
    assert_eq!(minutes(Environment::Test), 15);
    assert_eq!(minutes(Environment::Staging), 30);
    assert_eq!(minutes(Environment::Production), 15);
}

#[test]
fn staging_without_service_secret_fails_naming_the_variable_environment_and_fix() {
    let vars: Vec<_> = deployed()
        .into_iter()
        .filter(|(name, _)| *name != "SERVICE_SECRET")
        .collect();
    let err = load_err(Environment::Staging, &vars);
    assert_eq!(err.environment(), Some(Environment::Staging.into()));
    assert_eq!(err.service(), Some("auth_service"));
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "SERVICE_SECRET");
    assert_eq!(problem.kind(), &ProblemKind::Missing);
    assert_eq!(problem.environment(), Some(Environment::Staging.into()));
    let shown = err.to_string();
    assert!(
        shown.contains("SERVICE_SECRET (staging): not set"),
        "{shown}"
    );
    assert!(shown.contains("at least 32 bytes"), "{shown}");

    // Optional in development: the same vars load, without it.
    let dev = AuthJwt::from_vars(Environment::Development, vars).unwrap();
    assert!(dev.service_secret.is_none());
}

#[test]
fn a_canonical_name_and_its_alias_set_differently_conflict() {
    let mut vars = deployed();
    vars.push(("JWT_ACCESS_EXPIRY_MINUTES", "15"));
    vars.push(("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "30"));
    let err = load_err(Environment::Staging, &vars);
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "JWT_ACCESS_EXPIRY_MINUTES");
    assert_eq!(
        problem.kind(),
        &ProblemKind::Conflict {
            other: "JWT_ACCESS_TOKEN_EXPIRE_MINUTES".to_owned(),
            values: Some(("15".to_owned(), "30".to_owned())),
        }
    );
    let shown = problem.to_string();
    assert!(
        shown.contains("JWT_ACCESS_EXPIRY_MINUTES")
            && shown.contains("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
    );
    assert!(
        shown.contains("remove JWT_ACCESS_EXPIRY_MINUTES"),
        "{shown}"
    );
}

#[test]
fn an_alias_alone_is_used_with_a_deprecation_warning() {
    let mut vars = deployed();
    vars.push(("JWT_ACCESS_EXPIRY_MINUTES", "20"));
    let loaded = AuthJwt::load(&jwt_config::vars(vars), Environment::Staging).unwrap();
    assert_eq!(loaded.access_ttl, Duration::from_secs(20 * 60));
    assert_eq!(
        loaded.origin("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        Some(&Origin::Alias("JWT_ACCESS_EXPIRY_MINUTES"))
    );
    let [warning] = loaded.warnings() else {
        panic!("{:?}", loaded.warnings())
    };
    assert_eq!(warning.kind(), WarningKind::DeprecatedAlias);
    assert_eq!(warning.var(), "JWT_ACCESS_EXPIRY_MINUTES");
    assert!(warning.to_string().contains("(staging)"));
}

#[test]
fn an_alias_equal_to_its_canonical_name_is_a_warning_to_remove_it() {
    let mut vars = deployed();
    vars.push(("JWT_ACCESS_EXPIRY_MINUTES", "20"));
    vars.push(("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "20"));
    let loaded = AuthJwt::load(&jwt_config::vars(vars), Environment::Staging).unwrap();
    assert_eq!(
        loaded.origin("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        Some(&Origin::Canonical)
    );
    let kinds: Vec<_> = loaded.warnings().iter().map(|w| w.kind()).collect();
    assert_eq!(kinds, [WarningKind::AliasAlsoSet]);
    assert!(
        loaded.warnings()[0]
            .to_string()
            .contains("remove JWT_ACCESS_EXPIRY_MINUTES")
    );
}

#[test]
fn a_registered_alias_the_service_does_not_read_is_set_but_ignored() {
    let mut vars = deployed();
    vars.push(("JWT_REFRESH_EXPIRY_DAYS", "14"));
    let loaded = AuthJwt::load(&jwt_config::vars(vars), Environment::Staging).unwrap();
    assert_eq!(loaded.refresh_days, 7, "the ignored alias has no effect");
    let [warning] = loaded.warnings() else {
        panic!("{:?}", loaded.warnings())
    };
    assert_eq!(warning.kind(), WarningKind::IgnoredAlias);
    assert!(warning.to_string().contains("set but ignored"), "{warning}");

    // A required secret set only under an undeclared alias: missing, and the
    // fix says why.
    let vars: Vec<_> = deployed()
        .into_iter()
        .map(|(name, value)| {
            if name == "JWT_SECRET_KEY" {
                ("JWT_SECRET", value)
            } else {
                (name, value)
            }
        })
        .collect();
    let err = load_err(Environment::Staging, &vars);
    assert_eq!(err.problems()[0].var(), "JWT_SECRET_KEY");
    assert!(
        err.problems()[0]
            .fix()
            .contains("JWT_SECRET is set but this service does not read it")
    );
}

#[test]
fn every_problem_of_a_load_is_reported_together() {
    let vars = [
        ("JWT_SECRET_KEY", "change-me-please-change-me-please!!"),
        ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "abc"),
        ("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "365"),
        ("SERVICE_ID", "auth"),
        ("JWT_AUDIENCE", ",,"),
    ];
    let err = load_err(Environment::Production, &vars);
    let vars: Vec<&str> = err.problems().iter().map(|p| p.var()).collect();
    assert_eq!(
        vars,
        [
            "JWT_SECRET_KEY",
            "JWT_SECRET_KEY",
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
            "SERVICE_SECRET",
            "JWT_ISSUER",
            "JWT_AUDIENCE",
        ],
        "{err}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("invalid JWT settings for auth_service in production (7 problems):"),
        "{shown}"
    );
    assert_eq!(shown.lines().count(), 8);
    assert!(
        shown
            .lines()
            .skip(1)
            .all(|line| line.contains("(production)")),
        "{shown}"
    );
}

#[test]
fn empty_and_blank_values_count_as_unset() {
    let mut vars = deployed();
    vars.retain(|(name, _)| *name != "JWT_ISSUER");
    vars.push(("JWT_ISSUER", "   "));
    vars.push(("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", ""));
    let err = load_err(Environment::Staging, &vars);
    assert_eq!(err.problems().len(), 1, "{err}");
    assert_eq!(err.problems()[0].var(), "JWT_ISSUER");
    assert_eq!(err.problems()[0].kind(), &ProblemKind::Missing);
}

#[test]
fn a_service_can_require_more_than_the_registry() {
    let err = load_err(
        Environment::Development,
        &[("JWT_SECRET_KEY", "dev-secret-1")],
    );
    assert_eq!(err.problems()[0].var(), "JWT_ISSUER");
    let shown = err.to_string();
    assert!(
        shown.contains("set JWT_ISSUER; this service requires it in development"),
        "{shown}"
    );
}

#[test]
fn refresh_must_outlive_access() {
    let mut vars = deployed();
    vars.push(("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "1440"));
    vars.push(("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "1"));
    let err = load_err(Environment::Staging, &vars);
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "JWT_REFRESH_TOKEN_EXPIRE_DAYS");
    assert!(matches!(
        problem.kind(),
        ProblemKind::Rule(Rule::LongerThan { .. })
    ));
}

#[test]
fn the_service_secret_must_differ_from_the_jwt_secret_where_deployed() {
    let mut vars = deployed();
    vars.push(("SERVICE_SECRET", SECRET_64));
    let err = load_err(Environment::Production, &vars);
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "SERVICE_SECRET");
    assert!(matches!(
        problem.kind(),
        ProblemKind::Rule(Rule::Distinct { .. })
    ));
    // Allowed where the rule does not apply.
    AuthJwt::from_vars(Environment::Development, vars).unwrap();
}

#[test]
fn a_shared_secret_too_short_still_breaks_the_distinct_rule() {
    // Both problems at once: fixing the length alone would leave the reuse.
    let short = "short-but-shared";
    let err = AuthJwt::load(
        &jwt_config::vars([
            ("JWT_SECRET_KEY", short),
            ("SERVICE_SECRET", short),
            ("SERVICE_ID", "auth"),
            ("JWT_ISSUER", "https://auth.example"),
            ("JWT_AUDIENCE", "api"),
        ]),
        Environment::Staging,
    )
    .unwrap_err();
    let kinds: Vec<(&str, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.var(), p.kind().code()))
        .collect();
    assert!(kinds.contains(&("SERVICE_SECRET", "rule")), "{err}");
    assert!(kinds.contains(&("JWT_SECRET_KEY", "weak_secret")), "{err}");
    assert!(!err.to_string().contains(short), "{err}");
}

#[test]
fn skip_flags_may_be_true_in_development_only() {
    let vars = [
        ("JWT_SKIP_SIGNATURE_VERIFICATION", "true"),
        ("JWT_SKIP_EXPIRY_VERIFICATION", "yes"),
    ];
    let dev = EveryKind::from_vars(Environment::Development, vars).unwrap();
    assert!(dev.jwt_skip_signature_verification && dev.jwt_skip_expiry_verification);
    let err = EveryKind::load(&jwt_config::vars(vars), Environment::Test).unwrap_err();
    let flagged: Vec<&str> = err.problems().iter().map(|p| p.var()).collect();
    assert_eq!(
        flagged,
        [
            "JWT_SKIP_SIGNATURE_VERIFICATION",
            "JWT_SKIP_EXPIRY_VERIFICATION"
        ]
    );
    assert!(
        err.to_string()
            .contains("set JWT_SKIP_SIGNATURE_VERIFICATION to false"),
        "{err}"
    );
}

#[test]
fn every_field_kind_converts_with_its_unit() {
    let vars = [
        ("ENVIRONMENT", "stage"),
        ("JWT_ALGORITHM", "HS512"),
        ("JWT_LEEWAY_SECONDS", "30"),
        ("JWT_SERVICE_TOKEN_EXPIRE_MINUTES", "5"),
    ];
    let cfg = EveryKind::from_source(&jwt_config::vars(vars)).unwrap();
    assert_eq!(cfg.environment, Environment::Staging);
    assert_eq!(cfg.jwt_algorithm, Algorithm::HS512);
    assert_eq!(cfg.jwt_leeway_seconds, 30);
    assert_eq!(
        cfg.jwt_service_token_expire_minutes,
        Duration::from_secs(300)
    );
    assert!(!cfg.jwt_skip_signature_verification);
    assert_eq!(EveryKind::SERVICE, "every_kind");
}

#[test]
fn environment_is_read_from_the_source_and_never_guessed() {
    let err =
        EveryKind::from_source(&jwt_config::vars([("ENVIRONMENT", "prodution")])).unwrap_err();
    assert_eq!(err.environment(), None);
    assert_eq!(err.problems()[0].var(), "ENVIRONMENT");
    assert!(
        err.to_string()
            .contains("`prodution` is not an environment"),
        "{err}"
    );

    let dev = EveryKind::from_source(&jwt_config::vars([("JWT_LEEWAY_SECONDS", "1")])).unwrap();
    assert_eq!(
        dev.environment,
        Environment::Development,
        "unset means development"
    );
}

#[test]
fn a_source_naming_another_environment_than_the_load_is_a_problem() {
    let vars = jwt_config::vars([("ENVIRONMENT", "production")]);
    let err = EveryKind::load(&vars, Environment::Staging).unwrap_err();
    assert_eq!(
        err.problems()[0].kind(),
        &ProblemKind::WrongEnvironment {
            found: Environment::Production.into()
        }
    );
}

#[test]
fn out_of_range_and_invalid_values_name_the_bounds() {
    let vars = [("JWT_LEEWAY_SECONDS", "301"), ("JWT_ALGORITHM", "none")];
    let err = EveryKind::from_vars(Environment::Development, vars).unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("JWT_ALGORITHM (development): `none` is not an accepted algorithm"),
        "{shown}"
    );
    assert!(
        shown.contains("JWT_LEEWAY_SECONDS (development): 301 seconds is more than the most the registry allows, 300 seconds; set JWT_LEEWAY_SECONDS to a number of seconds of at most 300"),
        "{shown}"
    );
}

#[test]
fn a_dotenv_file_is_a_source_and_sets_its_environment() {
    let dir = std::env::temp_dir().join(format!("jwt-config-derive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("auth.env");
    std::fs::write(
        &path,
        format!(
            "ENVIRONMENT=staging\nJWT_SECRET_KEY={SECRET_64}\nSERVICE_ID=auth\nSERVICE_SECRET={OTHER_64}\n\
             JWT_ISSUER=https://auth.example.com\nJWT_AUDIENCE=api\nJWT_ACCESS_EXPIRY_MINUTES=\"10\"\nJWT_CONFIG_TEST_MARKER=1\n"
        ),
    )
    .unwrap();
    let file = DotenvFile::open(&path).unwrap();
    let cfg = AuthJwt::from_source(&file).unwrap();
    assert_eq!(cfg.access_ttl, Duration::from_secs(600));
    assert_eq!(
        std::env::var_os("JWT_CONFIG_TEST_MARKER"),
        None,
        "the process environment is untouched"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn from_env_reads_the_process_environment() {
    // The only test of this binary that touches the process environment.
    let vars = [
        ("ENVIRONMENT", "test"),
        ("JWT_SECRET_KEY", "process-env-secret"),
        ("JWT_ISSUER", "https://process.example.com"),
    ];
    for (name, value) in vars {
        // SAFETY: no other test of this binary reads or writes these names
        // through the process environment.
        unsafe { std::env::set_var(name, value) };
    }
    let cfg = AuthJwt::from_env();
    for (name, _) in vars {
        unsafe { std::env::remove_var(name) };
    }
    let cfg = cfg.unwrap();
    assert_eq!(cfg.issuer, "https://process.example.com");
    assert_eq!(
        cfg.access_ttl,
        Duration::from_secs(15 * 60),
        "the test default"
    );
}

#[test]
fn a_snapshot_of_a_load_carries_origins_and_ignored_aliases_into_drift() {
    let mut vars = deployed();
    vars.push(("JWT_REFRESH_EXPIRY_DAYS", "14"));
    let loaded = AuthJwt::load(&jwt_config::vars(vars), Environment::Staging).unwrap();
    let snapshot = loaded.snapshot();
    let refresh = snapshot.get("JWT_REFRESH_TOKEN_EXPIRE_DAYS").unwrap();
    assert_eq!(refresh.value(), Some("7"));
    assert_eq!(refresh.origin(), Some(&Origin::Default));
    assert_eq!(refresh.ignored_aliases(), ["JWT_REFRESH_EXPIRY_DAYS"]);
    assert_eq!(
        snapshot.value("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        Some("30")
    );
    assert_eq!(snapshot.environment(), Some(Environment::Staging.into()));

    let report =
        jwt_config::drift::compare(Environment::Staging, &[("auth_service", &snapshot)]).unwrap();
    let [finding] = report.mismatches() else {
        panic!("{report}")
    };
    assert_eq!(finding.category(), "LEGACY_NAME");
    assert!(
        finding.detail().contains(
            "auth_service sets the legacy name JWT_REFRESH_EXPIRY_DAYS, which is not read"
        ),
        "{finding}"
    );

    // Without a load, the settings alone: values, no origins.
    let bare = loaded.into_inner().snapshot();
    assert_eq!(bare.value("JWT_REFRESH_TOKEN_EXPIRE_DAYS"), Some("7"));
    assert_eq!(
        bare.get("JWT_REFRESH_TOKEN_EXPIRE_DAYS").unwrap().origin(),
        None
    );
}

#[test]
fn service_credentials_are_built_in_one_place_and_never_empty() {
    let cfg = AuthJwt::from_vars(Environment::Production, deployed()).unwrap();
    let credentials = cfg.service_credentials().unwrap();
    let headers: Vec<(&str, &str)> = credentials.headers().into_iter().collect();
    assert_eq!(
        headers,
        [("X-Service-ID", "auth"), ("X-Service-Secret", OTHER_64)]
    );
    assert!(!format!("{credentials:?} {:?}", credentials.headers()).contains(OTHER_64));

    let dev = AuthJwt::from_vars(
        Environment::Development,
        [
            ("JWT_SECRET_KEY", SECRET_64),
            ("JWT_ISSUER", "i"),
            ("SERVICE_ID", "auth"),
        ],
    )
    .unwrap();
    let err = dev.service_credentials().unwrap_err();
    assert_eq!(err.missing(), ["SERVICE_SECRET"]);
    assert!(
        err.to_string().contains("SERVICE_SECRET is not set"),
        "{err}"
    );
}

#[test]
fn a_service_reading_half_of_its_credentials_is_a_service_auth_error() {
    #[derive(JwtSettings)]
    #[jwt(service = "caller")]
    struct Caller {
        #[allow(dead_code)]
        service_id: Option<String>,
    }
    let caller = Caller::load(
        &jwt_config::vars([("SERVICE_ID", "caller")]),
        Environment::Test,
    )
    .unwrap();
    let snapshot = caller.snapshot();
    let report = jwt_config::drift::compare(Environment::Test, &[("caller", &snapshot)]).unwrap();
    let [finding] = report.mismatches() else {
        panic!("{report}")
    };
    assert_eq!(
        (finding.category(), finding.setting()),
        ("SERVICE_AUTH_ERROR", "SERVICE_SECRET")
    );
    assert!(
        finding
            .detail()
            .contains("caller reads SERVICE_ID but not SERVICE_SECRET"),
        "{finding}"
    );
}

/// A source that sets nothing itself, but whose `JWT_SECRET_KEY` may be set
/// where it cannot see (as by an `envFrom` of a Secret not at hand).
struct SecretElsewhere;

impl jwt_config::Source for SecretElsewhere {
    fn var(&self, _: &str) -> Result<Option<std::borrow::Cow<'_, str>>, jwt_config::NotUnicode> {
        Ok(None)
    }

    fn maybe_held_outside(&self, name: &str) -> Option<jwt_config::Unseen> {
        (name == "JWT_SECRET_KEY").then(|| {
            jwt_config::Unseen::new(
                "maybe_held_outside",
                "a vault the deployment does not hold may set it",
                "check the vault",
            )
        })
    }
}

#[derive(Debug, JwtSettings)]
#[jwt(service = "verifier")]
struct MaybeSecret {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: Option<SecretString>,
}

#[test]
fn a_derived_load_asks_its_own_source_whether_a_missing_setting_is_held_elsewhere() {
    let loaded = MaybeSecret::load(&SecretElsewhere, Environment::Staging)
        .expect("a secret that may be held elsewhere is not known to be missing");
    assert!(loaded.secret.is_none());
    let kinds: Vec<_> = loaded
        .warnings()
        .iter()
        .map(|w| (w.var(), w.kind()))
        .collect();
    assert_eq!(kinds, [("JWT_SECRET_KEY", WarningKind::MaybeHeldOutside)]);
    // In the source's words.
    let warning = &loaded.warnings()[0];
    assert_eq!(
        warning.message(),
        "required but not set here; a vault the deployment does not hold may set it, so it is not known to be missing"
    );
    assert_eq!(warning.fix(), "check the vault");
}

/// A deployment whose secret and issuer come from a Kubernetes Secret the
/// manifests do not hold: set, but their values cannot be seen.
struct SecretAndIssuerHeldOutside;

impl jwt_config::Source for SecretAndIssuerHeldOutside {
    fn var(&self, name: &str) -> Result<Option<std::borrow::Cow<'_, str>>, jwt_config::NotUnicode> {
        let value = deployed().into_iter().find(|&(var, _)| var == name);
        Ok(value.map(|(_, value)| value.into()))
    }

    fn held_outside(&self, name: &str) -> Option<jwt_config::Unseen> {
        matches!(name, "JWT_SECRET_KEY" | "JWT_ISSUER").then(|| {
            jwt_config::Unseen::new(
                "held_outside",
                "set from a Secret the manifests do not hold",
                "check that Secret where it is kept",
            )
        })
    }
}

#[test]
fn every_field_left_without_a_value_fails_the_load_together() {
    let err = AuthJwt::load(&SecretAndIssuerHeldOutside, Environment::Staging)
        .expect_err("a secret that cannot be seen cannot be loaded");
    let found: Vec<(&str, &ProblemKind, &str)> = err
        .problems()
        .iter()
        .map(|problem| (problem.var(), problem.kind(), problem.fix()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "JWT_SECRET_KEY",
                &ProblemKind::NoValue {
                    ty: "SecretString".to_owned()
                },
                "load JWT_SECRET_KEY from a source that shows its value, or declare the field as `Option<SecretString>`"
            ),
            (
                "JWT_ISSUER",
                &ProblemKind::NoValue {
                    ty: "String".to_owned()
                },
                "load JWT_ISSUER from a source that shows its value, or declare the field as `Option<String>`"
            ),
        ]
    );
    assert_eq!(err.service(), Some("auth_service"));
}
