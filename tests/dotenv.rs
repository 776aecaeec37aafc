//! Loads through a `.env` file: what services read there, and the lines a
//! problem of the file points at.

use jwt_config::{DotenvFile, Environment, JwtSettings, ProblemKind, SecretString, Source};

#[derive(Debug, JwtSettings)]
struct Svc {
    jwt_secret_key: SecretString,
    jwt_audience: Option<Vec<String>>,
}

const FILE: &str = "\
JWT_SECRET_KEY=first-secret-value-1
# the second one was pasted later
JWT_SECRET_KEY=second-secret-value
JWT_AUDIENCE=$AUDIENCE
MONGO_URL=mongodb://$HOST/db
";

#[test]
fn a_setting_set_twice_or_taken_from_the_shell_fails_the_load_naming_its_lines() {
    let file = DotenvFile::parse("svc.env", FILE).unwrap();
    let err = Svc::from_vars_of(&file);
    let found: Vec<(&str, &ProblemKind)> = err
        .problems()
        .iter()
        .map(|problem| (problem.var(), problem.kind()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "JWT_SECRET_KEY",
                &ProblemKind::Redefined { lines: vec![1, 3] }
            ),
            (
                "JWT_AUDIENCE",
                &ProblemKind::Unresolved {
                    reference: Some("AUDIENCE".to_owned()),
                    line: 4
                }
            ),
        ],
        "{err}"
    );
    let shown = err.to_string();
    assert!(
        shown.contains("JWT_SECRET_KEY (test): set on line 1 and again on line 3, with a different value: dotenvy reads the first (line 1), Docker Compose and python-dotenv the last (line 3); keep one line setting JWT_SECRET_KEY"),
        "{shown}"
    );
    assert!(
        shown.contains("JWT_AUDIENCE (test): its value on line 4 refers to $AUDIENCE, which the file does not define above it"),
        "{shown}"
    );
    for secret in ["first-secret", "second-secret"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn a_file_that_sets_a_key_twice_to_one_value_reads_it() {
    let file = DotenvFile::parse(
        "svc.env",
        "JWT_SECRET_KEY=same-secret-value\nJWT_SECRET_KEY=same-secret-value\n",
    )
    .unwrap();
    assert!(Svc::from_source(&file).is_ok());
}

trait FromVarsOf: JwtSettings {
    fn from_vars_of(file: &DotenvFile) -> jwt_config::LoadError {
        Self::load(file, Environment::Test).map(|_| ()).unwrap_err()
    }
}

impl FromVarsOf for Svc {}

#[derive(Debug, JwtSettings)]
struct Caller {
    service_id: Option<String>,
}

#[test]
fn a_trailing_line_break_is_never_trimmed_silently() {
    let file = DotenvFile::parse("caller.env", "SERVICE_ID=\"netra-backend\\n\"\n").unwrap();
    let err = Caller::load(&file, Environment::Staging).unwrap_err();
    assert_eq!(err.problems()[0].kind(), &ProblemKind::Untrimmed, "{err}");
    assert_eq!(
        err.problems()[0].to_string(),
        "SERVICE_ID (staging): the value starts or ends with whitespace (a line break, say), which services read as part of it; remove the whitespace around the value of SERVICE_ID"
    );
    let loaded = Caller::load(&file, Environment::Development).unwrap();
    assert_eq!(
        loaded.warnings()[0].kind(),
        jwt_config::WarningKind::Untrimmed
    );
    assert_eq!(loaded.service_id.as_deref(), Some("netra-backend"));
}

#[test]
fn a_dollar_inside_a_secret_never_shows_what_follows_it() {
    // A generated secret with a `$` in it: dotenvy would cut it short; the
    // problem says so without quoting the text after the `$`.
    let file = DotenvFile::parse("svc.env", "JWT_SECRET_KEY=xK9$mZq2Lr8vTb7Ws4Qe\n").unwrap();
    let err = Svc::load(&file, Environment::Test).unwrap_err();
    assert_eq!(
        err.problems()[0].kind(),
        &ProblemKind::Unresolved {
            reference: None,
            line: 1
        }
    );
    let shown = format!("{err}\n{err:?}\n{:?}", file.defects("JWT_SECRET_KEY"));
    for fragment in ["mZq2", "xK9", "Ws4Qe"] {
        assert!(!shown.contains(fragment), "{fragment} in:\n{shown}");
    }
}
