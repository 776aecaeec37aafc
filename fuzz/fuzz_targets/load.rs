//! `from_vars` of any names and values, in any environment: never a
//! panic, and no secret set (8 bytes or more) in the error, the warnings,
//! `Debug` of the settings or their snapshot, unless the same text shows
//! with another value in the secret's place (then it is the message's own).

#![no_main]

use jwt_config::{Environment, JwtSettings, SecretString};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, JwtSettings)]
struct Service {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    key: SecretString,
    service_secret: Option<SecretString>,
    jwt_issuer: Option<String>,
    jwt_access_token_expire_minutes: Option<u32>,
}

const NAMES: [&str; 6] = [
    "JWT_SECRET_KEY",
    "JWT_SECRET",
    "SERVICE_SECRET",
    "JWT_ISSUER",
    "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
    "ENVIRONMENT",
];

fn said(env: Environment, vars: &[(&str, String)]) -> String {
    match Service::load(&jwt_config::vars(vars.iter().map(|(k, v)| (*k, v.as_str()))), env) {
        Err(err) => format!("{err}\n{err:?}"),
        Ok(loaded) => {
            let mut out = format!("{loaded:?}\n{}\n{:?}", loaded.snapshot(), loaded.snapshot());
            for warning in loaded.warnings() {
                out.push_str(&format!("\n{warning}\n{warning:?}"));
            }
            out
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let env = Environment::ALL[usize::from(first) % 4];
    let text = String::from_utf8_lossy(rest);
    let vars: Vec<(&str, String)> = text
        .split('\u{1}')
        .enumerate()
        .map(|(i, value)| (NAMES[i % NAMES.len()], value.to_owned()))
        .collect();
    let out = said(env, &vars);
    for (i, (name, value)) in vars.iter().enumerate() {
        let secret = matches!(*name, "JWT_SECRET_KEY" | "JWT_SECRET" | "SERVICE_SECRET");
        // What surrounds a secret (a line break, spaces) is no part of it.
        let text = value.trim();
        if !secret || text.len() < 8 || !out.contains(text) {
            continue;
        }
        // The same text set as a value that is no secret (an issuer) is
        // shown as that value: no leak of the secret.
        let public = vars.iter().any(|(other, value)| {
            !matches!(*other, "JWT_SECRET_KEY" | "JWT_SECRET" | "SERVICE_SECRET") && value.contains(text)
        });
        // Nor is text every report prints anyway: part of a setting's name.
        let vocabulary = jwt_config::registry::standard().iter().any(|setting| {
            std::iter::once(setting.name)
                .chain(setting.aliases.iter().map(|alias| alias.name))
                .any(|name| name.contains(text) || name.to_lowercase().contains(text))
        });
        if public || vocabulary {
            continue;
        }
        let mut other = vars.clone();
        other[i].1 = "\u{7f}".repeat(value.len());
        assert!(said(env, &other).contains(text), "{name}'s value is in the output");
    }
});
