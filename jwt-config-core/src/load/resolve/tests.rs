use std::collections::HashMap;
use std::path::Path;

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::load::loaded::{Loaded, Origin, WarningKind};
use crate::load::source::{NotUnicode, Unreadable};
use crate::registry::{Rule, standard};
use crate::resolve::check;

use super::files::shown_path;
use super::*;

const SECRET: &str = "a-strong-enough-secret-for-staging-0123456789";

fn source(vars: &[(&str, &str)]) -> HashMap<String, String> {
    vars.iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn problems(vars: &[(&str, &str)], env: Environment, fields: &[FieldSpec]) -> Vec<Problem> {
    match resolve(standard(), &source(vars), env, "svc", fields) {
        Ok(_) => Vec::new(),
        Err(err) => err.problems().to_vec(),
    }
}

#[test]
fn a_problem_on_a_services_own_variable_names_it_and_its_setting() {
    // As `[[service]]` with `GOTRUE_JWT_SECRET = "JWT_SECRET_KEY"` and
    // `GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }`.
    let fields = [
        FieldSpec::new("JWT_SECRET_KEY").read_as("GOTRUE_JWT_SECRET", None),
        FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
            .read_as("GOTRUE_JWT_EXP", Some(VarFormat::Seconds)),
    ];
    // The canonical names are set, but this service does not read them.
    let vars = [("JWT_SECRET_KEY", SECRET), ("GOTRUE_JWT_EXP", "ninety")];
    let found = problems(&vars, Environment::Staging, &fields);
    let named: Vec<_> = found
        .iter()
        .map(|problem| (problem.var(), problem.setting(), problem.kind().clone()))
        .collect();
    assert!(
        matches!(
            &named[..],
            [
                (
                    "GOTRUE_JWT_SECRET",
                    Some("JWT_SECRET_KEY"),
                    ProblemKind::Missing
                ),
                (
                    "GOTRUE_JWT_EXP",
                    Some("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
                    ProblemKind::Invalid { .. }
                ),
            ]
        ),
        "{named:?}"
    );
    assert!(
        found[0]
            .fix()
            .starts_with("set GOTRUE_JWT_SECRET to a random secret"),
        "{}",
        found[0].fix()
    );
}

#[test]
fn a_key_pair_algorithm_excuses_the_signing_secret_under_the_services_own_name() {
    let fields = [
        FieldSpec::new("JWT_SECRET_KEY").read_as("GOTRUE_JWT_SECRET", None),
        FieldSpec::new("JWT_ALGORITHM"),
    ];
    let found = problems(
        &[("JWT_ALGORITHM", "RS256")],
        Environment::Development,
        &fields,
    );
    // Only the missing key is a problem: an RS256 service holds no
    // shared secret, whatever it calls it.
    assert!(
        matches!(&found[..], [problem] if problem.var() == "JWT_ALGORITHM"),
        "{found:?}"
    );
}

#[test]
fn a_rule_applies_only_when_the_service_reads_every_setting_it_compares() {
    // GoTrue reads no refresh lifetime: the registry's rule between the
    // two lifetimes, judged on a value it never reads, is none of its
    // business.
    let access_only = [FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")];
    let vars = [
        ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "1440"),
        ("JWT_REFRESH_EXPIRY_DAYS", "1"),
    ];
    assert_eq!(problems(&vars, Environment::Test, &access_only), []);
    let both = [
        FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        FieldSpec::new("JWT_REFRESH_TOKEN_EXPIRE_DAYS").with_aliases(&["JWT_REFRESH_EXPIRY_DAYS"]),
    ];
    let vars = [
        ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "1440"),
        ("JWT_REFRESH_EXPIRY_DAYS", "1"),
    ];
    let found = problems(&vars, Environment::Test, &both);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].var(),
        "JWT_REFRESH_EXPIRY_DAYS",
        "the variable that was read"
    );

    let service_secret_only = [FieldSpec::new("SERVICE_SECRET")];
    let vars = [("SERVICE_SECRET", SECRET), ("JWT_SECRET_KEY", SECRET)];
    assert_eq!(
        problems(&vars, Environment::Staging, &service_secret_only),
        []
    );
    let both = [
        FieldSpec::new("SERVICE_SECRET"),
        FieldSpec::new("JWT_SECRET_KEY"),
    ];
    let found = problems(&vars, Environment::Staging, &both);
    assert!(
        matches!(found[..], [ref p] if matches!(p.kind(), ProblemKind::Rule(Rule::Distinct { .. }))),
        "{found:?}"
    );
}

#[test]
fn a_key_pair_algorithm_is_judged_by_the_key_material_the_load_reads() {
    // A gateway reads the algorithm alone and verifies through a JWKS
    // endpoint: no key of its to be missing.
    let gateway = [FieldSpec::new("JWT_ALGORITHM")];
    let vars = [("JWT_ALGORITHM", "RS256")];
    assert_eq!(problems(&vars, Environment::Test, &gateway), []);
    // A service that reads the signing secret signs or verifies with
    // key material: RS256 with neither key set is its problem.
    let signer = [
        FieldSpec::new("JWT_ALGORITHM"),
        FieldSpec::new("JWT_SECRET_KEY"),
    ];
    let found = problems(&vars, Environment::Test, &signer);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].var(), "JWT_ALGORITHM");
}

#[test]
fn a_refused_value_that_holds_a_secret_is_quoted_neither_in_the_problem_nor_its_fix() {
    let fields = [
        FieldSpec::new("JWT_SECRET_KEY"),
        FieldSpec::new("JWT_AUDIENCE"),
        FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
    ];
    let vars = [
        ("JWT_SECRET_KEY", "secret-of-the-api-0123456789"),
        ("JWT_AUDIENCE", r#"["secret-of-the-api-0123456789"]"#),
        (
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            "secret-of-the-api-0123456789",
        ),
    ];
    let found = problems(&vars, Environment::Test, &fields);
    assert_eq!(found.len(), 2, "{found:?}");
    for problem in &found {
        assert!(!problem.to_string().contains("secret-of"), "{problem}");
    }
}

#[test]
fn a_value_where_a_path_belongs_is_quoted_only_when_it_looks_like_one() {
    assert_eq!(
        shown_path("/run/secrets/jwt").as_deref(),
        Some("/run/secrets/jwt")
    );
    assert_eq!(
        shown_path("./keys/jwt.pem").as_deref(),
        Some("./keys/jwt.pem")
    );
    for secret in [
        "s3cr3t-set-in-the-wrong-variable",
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
        "/AbC+base64/with\nbreak",
    ] {
        assert_eq!(shown_path(secret), None, "{secret}");
    }
}

#[test]
fn an_unreadable_variable_is_reported_once_not_also_as_missing() {
    struct Broken;
    impl Source for Broken {
        fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, crate::NotUnicode> {
            if name == "JWT_ISSUER" {
                Err(crate::NotUnicode)
            } else {
                Ok(None)
            }
        }
    }
    let outcome = Load::run(
        standard(),
        &Broken,
        Environment::Staging.into(),
        &[FieldSpec::new("JWT_ISSUER")],
        None,
    );
    let kinds: Vec<_> = outcome.problems.iter().map(|p| p.kind().clone()).collect();
    assert_eq!(kinds, [ProblemKind::NotUnicode]);
}

#[test]
fn the_environment_origin_says_whether_it_was_read_defaulted_or_given() {
    let fields = [FieldSpec::new("ENVIRONMENT")];
    let origin = |vars: &[(&str, &str)], env| {
        let resolution = resolve(standard(), &source(vars), env, "svc", &fields).unwrap();
        resolution
            .finish(())
            .unwrap()
            .origin("ENVIRONMENT")
            .copied()
    };
    assert_eq!(
        origin(&[("ENVIRONMENT", "test")], Environment::Test),
        Some(Origin::Canonical)
    );
    assert_eq!(origin(&[], Environment::Development), Some(Origin::Default));
    assert_eq!(origin(&[], Environment::Staging), None);
}

/// The resolution of `fields` of service `svc` in test, which must have
/// no problem.
fn resolved(vars: &[(&str, &str)], fields: &[FieldSpec<'_>]) -> Resolution {
    resolve(standard(), &source(vars), Environment::Test, "svc", fields)
        .expect("every value is valid")
}

#[test]
fn every_field_that_does_not_fit_its_type_fails_the_load_together() {
    let fields = [
        FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        FieldSpec::new("JWT_ISSUER"),
        FieldSpec::new("JWT_AUDIENCE"),
    ];
    let mut resolution = resolved(&[("JWT_ISSUER", "https://auth.example.com")], &fields);
    // A duration in a `u16`, a missing audience outside an `Option`:
    // both taken (as stand-ins), both reported by `finish`.
    let minutes: u16 = resolution.take(0);
    let issuer: String = resolution.take(1);
    let audience: Vec<String> = resolution.take(2);
    let error = resolution
        .finish((minutes, issuer, audience))
        .expect_err("two fields do not fit");
    let misfits: Vec<(&str, &ProblemKind)> = error
        .problems()
        .iter()
        .map(|problem| (problem.var(), problem.kind()))
        .collect();
    assert_eq!(
        misfits,
        [
            (
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                &ProblemKind::FieldType {
                    ty: std::any::type_name::<u16>()
                }
            ),
            (
                "JWT_AUDIENCE",
                &ProblemKind::NoValue {
                    ty: "Vec<String>".to_owned()
                }
            ),
        ]
    );
    assert_eq!(
        error.problems()[1].fix(),
        "load JWT_AUDIENCE from a source that shows its value, or declare the field as `Option<Vec<String>>`"
    );
    assert_eq!(
        error.problems()[0].to_string(),
        "JWT_ACCESS_TOKEN_EXPIRE_MINUTES (test): a field of type `u16` cannot hold the value; declare the field with a type that holds every value the registry allows JWT_ACCESS_TOKEN_EXPIRE_MINUTES (`u64` for a number)"
    );
    assert_eq!(error.service(), Some("svc"));
    assert_eq!(error.environment(), Some(Environment::Test.into()));
}

#[test]
fn a_field_taken_twice_is_empty_the_second_time() {
    let fields = [FieldSpec::new("JWT_ISSUER")];
    let mut resolution = resolved(&[("JWT_ISSUER", "https://auth.example.com")], &fields);
    let first: Option<String> = resolution.take(0);
    let second: Option<String> = resolution.take(0);
    assert_eq!(first.as_deref(), Some("https://auth.example.com"));
    assert_eq!(second, None);
    assert!(resolution.finish(()).is_ok(), "an `Option` holds no value");
}
#[test]
fn an_unknown_field_setting_is_a_problem_and_the_load_goes_on() {
    let fields = [FieldSpec::new("JWT_NOPE"), FieldSpec::new("JWT_ISSUER")];
    let found = problems(&[], Environment::Production, &fields);
    let vars: Vec<&str> = found.iter().map(Problem::var).collect();
    assert_eq!(vars, ["JWT_NOPE", "JWT_ISSUER"]);
}

#[test]
fn skip_flags_are_refused_in_every_environment_but_development() {
    let fields = [FieldSpec::new("JWT_SKIP_EXPIRY_VERIFICATION")];
    let vars = [("JWT_SKIP_EXPIRY_VERIFICATION", "on")];
    assert!(problems(&vars, Environment::Development, &fields).is_empty());
    for env in [
        Environment::Test,
        Environment::Staging,
        Environment::Production,
    ] {
        let found = problems(&vars, env, &fields);
        assert!(
            matches!(found[..], [ref p] if matches!(p.kind(), ProblemKind::Rule(Rule::TrueOnlyIn { .. }))),
            "{env}: {found:?}"
        );
    }
}

#[test]
fn check_reads_every_setting_and_an_alias_only_when_nothing_before_it_is_set() {
    let vars = [
        ("ENVIRONMENT", "staging"),
        ("JWT_SECRET", SECRET),
        ("JWT_ACCESS_EXPIRY_MINUTES", "15"),
        ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "30"),
    ];
    let check = check(standard(), &source(&vars), Environment::Staging, "svc");
    assert_eq!(check.snapshot.entries().len(), standard().settings().len());
    assert_eq!(
        check.snapshot.get("JWT_SECRET_KEY").unwrap().origin(),
        Some(&Origin::Alias("JWT_SECRET"))
    );
    let vars: Vec<&str> = check.problems.iter().map(Problem::var).collect();
    assert_eq!(
        vars,
        ["JWT_ISSUER", "JWT_AUDIENCE", "SERVICE_ID", "SERVICE_SECRET"]
    );
    // The legacy name set beside the canonical one is taken as unread:
    // not a conflict, not compared, but still a legacy name in use.
    assert_eq!(
        check.snapshot.value("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        Some("30")
    );
    let shadowed = check
        .warnings
        .iter()
        .find(|warning| warning.var() == "JWT_ACCESS_EXPIRY_MINUTES")
        .unwrap();
    assert_eq!(shadowed.kind(), WarningKind::ShadowedAlias);
    assert_eq!(
        check
            .snapshot
            .get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
            .unwrap()
            .ignored_aliases(),
        ["JWT_ACCESS_EXPIRY_MINUTES"]
    );
    assert_eq!(check.snapshot.value("JWT_ISSUER"), None);
}

/// Variables, and files held in memory: what `NAME_FILE` names.
struct WithFiles {
    vars: HashMap<String, String>,
    files: HashMap<String, Result<String, Unreadable>>,
    file_vars: FileVars,
}

impl WithFiles {
    fn new(vars: &[(&str, &str)], files: &[(&str, Result<&str, Unreadable>)]) -> WithFiles {
        WithFiles {
            vars: source(vars),
            files: files
                .iter()
                .map(|(path, text)| ((*path).to_owned(), text.clone().map(str::to_owned)))
                .collect(),
            file_vars: FileVars::Followed,
        }
    }
}

impl Source for WithFiles {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        self.vars.var(name)
    }

    fn file_vars(&self) -> FileVars {
        self.file_vars
    }

    fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
        match self.files.get(path.to_str().unwrap()) {
            Some(Ok(text)) => Ok(Zeroizing::new(text.clone())),
            Some(Err(why)) => Err(why.clone()),
            None => panic!("read a file the test does not hold: {}", path.display()),
        }
    }
}

fn load_secret(source: &WithFiles, env: Environment) -> Result<Loaded<()>, LoadError> {
    let fields = [FieldSpec::new("JWT_SECRET_KEY").with_aliases(&["JWT_SECRET"])];
    let mut resolution = resolve(standard(), source, env, "svc", &fields)?;
    let secret: SecretString = resolution.take(0);
    use secrecy::ExposeSecret;
    assert_eq!(secret.expose_secret(), SECRET);
    resolution.finish(())
}

#[test]
fn a_value_is_read_from_the_file_its_name_file_names_without_its_final_line_breaks() {
    for text in [
        SECRET.to_owned(),
        format!("{SECRET}\n"),
        format!("{SECRET}\r\n\n"),
    ] {
        let source = WithFiles::new(
            &[("JWT_SECRET_KEY_FILE", "/run/secrets/jwt")],
            &[("/run/secrets/jwt", Ok(&text))],
        );
        let loaded = load_secret(&source, Environment::Staging).unwrap();
        assert_eq!(
            loaded.origin("JWT_SECRET_KEY"),
            Some(&Origin::File {
                var: "JWT_SECRET_KEY_FILE"
            })
        );
        assert_eq!(
            loaded.file("JWT_SECRET_KEY"),
            Some(Path::new("/run/secrets/jwt"))
        );
        assert!(loaded.warnings().is_empty(), "{:?}", loaded.warnings());
    }
    // A declared alias's file too, read as the legacy name it is.
    let source = WithFiles::new(&[("JWT_SECRET_FILE", "/s")], &[("/s", Ok(SECRET))]);
    let loaded = load_secret(&source, Environment::Test).unwrap();
    assert_eq!(
        loaded.origin("JWT_SECRET_KEY"),
        Some(&Origin::File {
            var: "JWT_SECRET_FILE"
        })
    );
    assert_eq!(loaded.warnings()[0].kind(), WarningKind::DeprecatedAlias);
}

#[test]
fn a_name_and_its_name_file_both_set_are_a_problem_naming_both() {
    let source = WithFiles::new(
        &[("JWT_SECRET_KEY", SECRET), ("JWT_SECRET_KEY_FILE", "/s")],
        &[],
    );
    let err = load_secret(&source, Environment::Staging).unwrap_err();
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "JWT_SECRET_KEY");
    assert_eq!(problem.setting(), Some("JWT_SECRET_KEY"));
    assert_eq!(problem.kind().code(), "file_conflict");
    let shown = err.to_string();
    assert!(shown.contains("JWT_SECRET_KEY_FILE"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn an_unreadable_file_is_a_problem_of_its_name_file_with_the_path_and_the_reason() {
    let missing = Unreadable::Io {
        kind: std::io::ErrorKind::NotFound,
        reason: "No such file or directory (os error 2)".to_owned(),
    };
    for (why, reason) in [
        (missing, "No such file or directory"),
        (Unreadable::NotUnicode, "not valid UTF-8"),
    ] {
        let source = WithFiles::new(
            &[("JWT_SECRET_KEY_FILE", "/run/secrets/jwt")],
            &[("/run/secrets/jwt", Err(why))],
        );
        let err = load_secret(&source, Environment::Staging).unwrap_err();
        // The file's problem alone: neither missing nor a default.
        let [problem] = err.problems() else {
            panic!("{err}")
        };
        assert_eq!(problem.var(), "JWT_SECRET_KEY_FILE");
        assert_eq!(problem.setting(), Some("JWT_SECRET_KEY"));
        let shown = problem.to_string();
        assert!(shown.contains("`/run/secrets/jwt`"), "{shown}");
        assert!(shown.contains(reason), "{shown}");
    }
}

#[test]
fn a_source_that_follows_its_files_itself_is_never_asked_for_one() {
    // `file` panics for a path it does not hold: none is read.
    let mut source = WithFiles::new(
        &[
            ("JWT_SECRET_KEY", SECRET),
            ("JWT_SECRET_KEY_FILE", "/etc/shadow"),
        ],
        &[],
    );
    source.file_vars = FileVars::Own;
    let loaded = load_secret(&source, Environment::Staging).unwrap();
    assert_eq!(loaded.origin("JWT_SECRET_KEY"), Some(&Origin::Canonical));
    source.vars.remove("JWT_SECRET_KEY");
    let fields = [FieldSpec::new("JWT_SECRET_KEY")];
    let err = resolve(standard(), &source, Environment::Staging, "svc", &fields).unwrap_err();
    assert_eq!(err.problems()[0].kind(), &ProblemKind::Missing);
}

#[test]
fn a_value_from_a_file_is_judged_as_any_value_and_named_by_its_name_file() {
    let source = WithFiles::new(
        &[("JWT_ISSUER_FILE", "/i"), ("JWT_LEEWAY_SECONDS_FILE", "/l")],
        &[("/i", Ok(" https://auth.example\n")), ("/l", Ok("9000\n"))],
    );
    let fields = [
        FieldSpec::new("JWT_ISSUER"),
        FieldSpec::new("JWT_LEEWAY_SECONDS"),
    ];
    let err = resolve(standard(), &source, Environment::Staging, "svc", &fields).unwrap_err();
    let vars: Vec<(&str, &str)> = err
        .problems()
        .iter()
        .map(|problem| (problem.var(), problem.kind().code()))
        .collect();
    assert_eq!(
        vars,
        [
            ("JWT_ISSUER_FILE", "untrimmed"),
            ("JWT_LEEWAY_SECONDS_FILE", "out_of_range")
        ]
    );
}

#[test]
fn the_filesystem_is_read_by_default_and_a_snapshot_shows_the_path_not_the_content() {
    let dir = std::env::temp_dir().join(format!("jwt-config-resolve-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("secret");
    std::fs::write(&path, format!("{SECRET}\n")).unwrap();
    let path = path.to_str().unwrap().to_owned();
    let vars = source(&[("JWT_SECRET_KEY_FILE", &path)]);
    let checked = check(standard(), &vars, Environment::Staging, "svc");
    let entry = checked.snapshot.get("JWT_SECRET_KEY").unwrap();
    assert_eq!(entry.file(), Some(path.as_str()));
    let shown = format!("{} {:?}", checked.snapshot, checked.snapshot);
    assert!(shown.contains(&path), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
    // Missing: the OS's reason.
    let vars = source(&[("JWT_SECRET_KEY_FILE", "/nonexistent/jwt-config/secret")]);
    let missing = check(standard(), &vars, Environment::Staging, "svc");
    let problem = missing
        .problems
        .iter()
        .find(|problem| problem.var() == "JWT_SECRET_KEY_FILE")
        .unwrap();
    assert!(
        matches!(problem.kind(), ProblemKind::UnreadableFile { .. }),
        "{problem}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
