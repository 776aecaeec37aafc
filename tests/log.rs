//! A service that logs through the `log` crate, with no `tracing`
//! subscriber, still hears of a legacy name in use (feature `log`, on for
//! the tests through the dev-dependency on `jwt-config-core`).
//!
//! A binary of its own: a `log` logger is global to the process.

use std::sync::Mutex;

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

#[derive(JwtSettings)]
#[jwt(service = "vaultwarden")]
struct Vaultwarden {
    #[jwt(alias = "JWT_SECRET")]
    jwt_secret_key: SecretString,
}

#[test]
fn a_warning_reaches_a_log_logger_without_a_tracing_subscriber() {
    log::set_boxed_logger(Box::new(Capture)).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let secret = "a-test-secret-of-vaultwarden";
    Vaultwarden::from_vars(Environment::Test, [("JWT_SECRET", secret)]).unwrap();
    let records = RECORDS.lock().unwrap();
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
