//! A service that logs through the `log` crate, with no `tracing`
//! subscriber, still hears of a legacy name in use (feature `log`, on for
//! the tests through the dev-dependency on `jwt-config-core`).
//!
//! A binary of its own: a `log` logger is global to the process.

use std::sync::{Mutex, Once};

use jwt_config::{Environment, JwtSettings, SecretString};

static RECORDS: Mutex<Vec<(log::Level, String, String)>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        RECORDS.lock().unwrap().push((
            record.level(),
            record.target().to_owned(),
            record.args().to_string(),
        ));
    }

    fn flush(&self) {}
}

/// The records logged so far; the capture installed once for the binary.
fn records() -> std::sync::MutexGuard<'static, Vec<(log::Level, String, String)>> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_boxed_logger(Box::new(Capture)).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
    });
    RECORDS.lock().unwrap()
}

#[derive(JwtSettings)]
#[jwt(service = "vaultwarden")]
struct Vaultwarden {
    #[jwt(alias = "JWT_SECRET")]
    jwt_secret_key: SecretString,
}

#[test]
fn a_warning_reaches_a_log_logger_without_a_tracing_subscriber() {
    drop(records());
    let secret = "a-test-secret-of-vaultwarden";
    Vaultwarden::from_vars(Environment::Test, [("JWT_SECRET", secret)]).unwrap();
    let records = records();
    let warning = records
        .iter()
        .find(|(_, _, message)| {
            message.contains("JWT_SECRET (test): read as the legacy name of JWT_SECRET_KEY")
        })
        .unwrap_or_else(|| panic!("no warning among {records:?}"));
    assert_eq!(warning.0, log::Level::Warn);
    assert_eq!(warning.1, "jwt_config");
    assert!(
        records
            .iter()
            .all(|(_, _, message)| !message.contains(secret))
    );
}

/// A registry with no environment setting: `from_source` can only load as
/// development, and says so.
#[derive(JwtSettings)]
#[jwt(registry = "registries/no_environment.toml", service = "tuwunel")]
struct Tuwunel {
    #[allow(dead_code)]
    signing_key: SecretString,
}

#[test]
fn a_load_without_an_environment_setting_says_it_follows_development() {
    drop(records());
    let vars = jwt_config::vars([("SIGNING_KEY", "a-test-secret-of-tuwunel")]);
    Tuwunel::from_source(&vars).unwrap();
    let records = records();
    assert!(
        records
            .iter()
            .any(|(level, _, message)| *level == log::Level::Warn
                && message.contains("the registry has no environment setting")
                && message.contains("production's floors never apply")),
        "{records:?}"
    );
}
