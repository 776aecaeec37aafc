//! Values read from files: `NAME_FILE` (Docker and Kubernetes secret mounts,
//! `LLDAP_JWT_SECRET_FILE`, vaultwarden's `NAME_FILE`), followed by every
//! source of the library. Maps only: the process environment is shared by
//! the tests of this binary, which run in parallel.

use std::path::{Path, PathBuf};

use jwt_config::{
    DotenvFile, Environment, ExposeSecret, JwtSettings, LoadError, Origin, ProblemKind,
    SecretString,
};

const SECRET_64: &str = "q5Lr9TzXc2Vb8Nm4Kp7Wd1Yf6Hj3Gs0Ae5Ru8Ti2Oy7Pl4Mk9Nj1Bh6Vg3Cf0Xd7";

#[derive(Debug, JwtSettings)]
#[jwt(service = "auth_service")]
struct AuthJwt {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: SecretString,
    #[jwt(var = "JWT_ISSUER")]
    issuer: Option<String>,
}

/// A directory of this test's own, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("jwt-config-files-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn file(&self, name: &str, content: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A load in test, where the issuer is optional.
fn load(vars: &[(&str, &str)]) -> Result<jwt_config::Loaded<AuthJwt>, LoadError> {
    load_in(Environment::Test, vars)
}

fn load_in(
    env: Environment,
    vars: &[(&str, &str)],
) -> Result<jwt_config::Loaded<AuthJwt>, LoadError> {
    AuthJwt::load(&jwt_config::vars(vars.iter().copied()), env)
}

#[test]
fn a_secret_is_read_from_the_file_its_name_file_names_and_its_origin_names_the_file() {
    let dir = Dir::new("used");
    let path = dir.file("jwt_secret", format!("{SECRET_64}\n").as_bytes());
    let loaded = load(&[("JWT_SECRET_KEY_FILE", &path)]).unwrap();
    // The final line break dropped.
    assert_eq!(loaded.secret.expose_secret(), SECRET_64);
    assert_eq!(
        loaded.origin("JWT_SECRET_KEY"),
        Some(&Origin::File {
            var: "JWT_SECRET_KEY_FILE"
        })
    );
    assert_eq!(loaded.file("JWT_SECRET_KEY"), Some(Path::new(&path)));
    let snapshot = loaded.snapshot();
    let json = serde_json::to_string(&snapshot).unwrap();
    let origin = format!(
        r#""origin":{{"kind":"file","var":"JWT_SECRET_KEY_FILE","path":{}}}"#,
        serde_json::to_string(&path).unwrap()
    );
    assert!(json.contains(&origin), "{json}");
    let shown = format!("{json} {snapshot} {snapshot:?} {loaded:?}");
    assert!(!shown.contains(SECRET_64), "{shown}");
}

#[test]
fn every_line_break_at_the_end_is_dropped_and_only_those() {
    let dir = Dir::new("breaks");
    let path = dir.file("issuer", b"https://auth.example\r\n\n");
    let secret = dir.file("secret", SECRET_64.as_bytes());
    let vars = [
        ("JWT_ISSUER_FILE", &*path),
        ("JWT_SECRET_KEY_FILE", &secret),
    ];
    let loaded = load_in(Environment::Production, &vars).unwrap();
    assert_eq!(loaded.issuer.as_deref(), Some("https://auth.example"));
    // A space is not a line break: kept, and refused where deployed.
    let spaced = dir.file("spaced", b"https://auth.example \n");
    let vars = [
        ("JWT_ISSUER_FILE", &*spaced),
        ("JWT_SECRET_KEY_FILE", &secret),
    ];
    let err = load_in(Environment::Production, &vars).unwrap_err();
    assert_eq!(err.problems()[0].var(), "JWT_ISSUER_FILE");
    assert_eq!(err.problems()[0].kind(), &ProblemKind::Untrimmed);
}

#[test]
fn a_missing_file_is_a_problem_naming_the_variable_the_path_and_the_reason() {
    let dir = Dir::new("missing");
    let path = dir.0.join("nowhere").to_str().unwrap().to_owned();
    let err = load(&[("JWT_SECRET_KEY_FILE", &path)]).unwrap_err();
    let [problem] = err.problems() else {
        panic!("one problem, not a missing secret too: {err}")
    };
    assert_eq!(problem.var(), "JWT_SECRET_KEY_FILE");
    assert_eq!(problem.setting(), Some("JWT_SECRET_KEY"));
    assert_eq!(problem.kind().code(), "unreadable_file");
    let shown = err.to_string();
    assert!(shown.contains(&path), "{shown}");
    assert!(shown.contains("os error"), "{shown}");
    assert!(!shown.contains("not valid UTF-8"), "{shown}");
}

#[test]
fn a_file_that_is_not_utf8_is_a_problem_and_none_of_it_is_shown() {
    let dir = Dir::new("binary");
    let path = dir.file("secret", b"k9Qz7wLm2Xv8\xff\xfe");
    let err = load(&[("JWT_SECRET_KEY_FILE", &path)]).unwrap_err();
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "JWT_SECRET_KEY_FILE");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("the file is not valid UTF-8"), "{shown}");
    assert!(!shown.contains("k9Qz7wLm2Xv8"), "{shown}");
}

#[test]
fn a_name_and_its_name_file_both_set_are_a_problem_naming_both() {
    let dir = Dir::new("both");
    let path = dir.file("secret", SECRET_64.as_bytes());
    let err = load(&[
        ("JWT_SECRET_KEY", SECRET_64),
        ("JWT_SECRET_KEY_FILE", &path),
    ])
    .unwrap_err();
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var(), "JWT_SECRET_KEY");
    assert_eq!(
        problem.kind(),
        &ProblemKind::FileConflict {
            file_var: "JWT_SECRET_KEY_FILE".to_owned()
        }
    );
    let shown = err.to_string();
    assert!(
        shown.contains("keep one of JWT_SECRET_KEY and JWT_SECRET_KEY_FILE"),
        "{shown}"
    );
    assert!(!shown.contains(SECRET_64), "{shown}");
}

#[test]
fn a_dotenv_file_and_from_vars_follow_name_file_too() {
    let dir = Dir::new("dotenv");
    let path = dir.file("secret", format!("{SECRET_64}\n").as_bytes());
    let env = DotenvFile::parse(
        "app.env",
        &format!("ENVIRONMENT=test\nJWT_SECRET_KEY_FILE='{path}'\n"),
    )
    .unwrap();
    let cfg = AuthJwt::from_source(&env).unwrap();
    assert_eq!(cfg.secret.expose_secret(), SECRET_64);
    let cfg = AuthJwt::from_vars(Environment::Test, [("JWT_SECRET_KEY_FILE", &path)]).unwrap();
    assert_eq!(cfg.secret.expose_secret(), SECRET_64);
}

#[derive(Debug, JwtSettings)]
#[jwt(service = "gateway")]
struct Gateway {
    jwt_secret_key: SecretString,
    jwt_access_token_expire_minutes: u32,
}

#[test]
fn a_files_content_is_never_quoted_in_a_problem() {
    // A `_FILE` for the lifetime that names the key file by mistake: the
    // problem names the variable and says what was expected, never the text.
    let dir = Dir::new("quoted");
    let key = dir.file("signing-key", b"s3cr3t-signing-key-of-the-gateway\n");
    let err = Gateway::load(
        &jwt_config::vars([
            ("JWT_SECRET_KEY_FILE", key.as_str()),
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES_FILE", key.as_str()),
        ]),
        Environment::Test,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("JWT_ACCESS_TOKEN_EXPIRE_MINUTES_FILE"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"), "{err}");
}

#[test]
fn an_environment_file_is_refused_rather_than_a_silent_development() {
    let dir = Dir::new("environment");
    let env = dir.file("environment", b"production\n");
    let err = AuthJwt::from_source(&jwt_config::vars([
        ("ENVIRONMENT_FILE", env.as_str()),
        ("JWT_SECRET_KEY", "a-test-secret"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("set ENVIRONMENT itself: ENVIRONMENT_FILE is set, but the environment is never read from a file"),
        "{err}"
    );
}

#[test]
fn a_device_or_a_huge_file_is_refused_never_read_to_its_end() {
    let dir = Dir::new("huge");
    let huge = dir.file("huge", &vec![b'a'; (1 << 20) + 1]);
    for (path, reason) in [
        ("/dev/zero", "it is not a regular file"),
        (huge.as_str(), "it is larger than 1 MiB"),
    ] {
        let err = load(&[("JWT_SECRET_KEY_FILE", path)])
            .unwrap_err()
            .to_string();
        assert!(err.contains(reason), "{path}: {err}");
    }
}
