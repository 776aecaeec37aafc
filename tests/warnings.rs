//! Loads that return only the settings still report their warnings, as
//! `tracing` events.

use std::sync::{Arc, Mutex};

use jwt_config::{Environment, JwtSettings, SecretString};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

#[derive(Debug, JwtSettings)]
struct Verifier {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    secret: SecretString,
    #[jwt(var = "JWT_REFRESH_TOKEN_EXPIRE_DAYS")]
    refresh_days: u32,
}

/// Records the level and message of every event.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(Level, String)>>>);

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        self.0
            .lock()
            .unwrap()
            .push((*event.metadata().level(), message.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn from_vars_reports_a_set_but_ignored_alias_as_a_warning_event() {
    let recorder = Recorder::default();
    let secret = "a-secret-that-must-never-reach-a-log-0123456789";
    let cfg = tracing::subscriber::with_default(recorder.clone(), || {
        Verifier::from_vars(
            Environment::Test,
            [("JWT_SECRET", secret), ("JWT_REFRESH_EXPIRY_DAYS", "1")],
        )
    })
    .unwrap();
    assert_eq!(cfg.refresh_days, 7, "the ignored alias is not read");
    let events = recorder.0.lock().unwrap();
    let messages: Vec<&str> = events.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "JWT_SECRET (test): read as the legacy name of JWT_SECRET_KEY; rename the variable to JWT_SECRET_KEY",
            "JWT_REFRESH_EXPIRY_DAYS (test): set but ignored, this service reads JWT_REFRESH_TOKEN_EXPIRE_DAYS; rename the variable to JWT_REFRESH_TOKEN_EXPIRE_DAYS",
        ]
    );
    assert!(events.iter().all(|(level, _)| *level == Level::WARN));
    assert!(!messages.iter().any(|m| m.contains(secret)));
}

#[test]
fn a_failed_main_prints_the_problems_not_a_dump() {
    let err = Verifier::from_vars(
        Environment::Staging,
        [("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "x")],
    )
    .unwrap_err();
    assert_eq!(format!("{err:?}"), err.to_string());
    assert!(
        format!("{err:?}")
            .starts_with("invalid JWT settings for verifier in staging (2 problems):\n  - ")
    );
}

#[test]
fn a_dotenv_error_converts_for_the_question_mark() {
    fn load(path: &str) -> Result<Verifier, jwt_config::LoadError> {
        Verifier::from_source(&jwt_config::DotenvFile::open(path)?)
    }
    let err = load("/nonexistent/.env").err().unwrap();
    assert!(err.problems().is_empty());
    assert!(err.file_error().is_some());
    assert!(
        err.to_string().starts_with(
            "cannot read the JWT settings from /nonexistent/.env: cannot read the file"
        ),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}
