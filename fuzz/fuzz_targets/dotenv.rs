//! A `.env` file of any bytes: read, checked against the built-in registry
//! in production, never a panic, and no secret it sets (8 bytes or more)
//! in anything the check says.
//!
//! A secret may be made of text the check says anyway (`IRE_MINUTES` is
//! part of a setting's name): it leaks only if the check says it with the
//! secret and not with another value of the same length in its place.

#![no_main]

use std::collections::HashMap;

use jwt_config_core::{DotenvFile, Environment, Source, registry, resolve};
use libfuzzer_sys::fuzz_target;

/// Everything a check of `source` says.
fn said<S: Source>(source: &S) -> String {
    let check = resolve::check(registry::standard(), source, Environment::Production, "fuzz");
    let mut said = format!("{}\n{:?}\n", check.snapshot, check.snapshot);
    for problem in &check.problems {
        said.push_str(&format!("{problem}\n{problem:?}\n"));
    }
    for warning in &check.warnings {
        said.push_str(&format!("{warning}\n{warning:?}\n"));
    }
    said
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(file) = DotenvFile::from_bytes("fuzz.env", bytes.to_vec()) else {
        return;
    };
    let from_file = format!("{}{file:?}", said(&file));
    let vars: HashMap<String, String> = file
        .names()
        .filter_map(|name| Some((name.to_owned(), file.var(name).ok()??.into_owned())))
        .collect();
    for setting in registry::standard().iter().filter(|s| s.is_secret()) {
        let names = std::iter::once(setting.name).chain(setting.aliases.iter().map(|a| a.name));
        for name in names {
            let Some(secret) = vars.get(name) else {
                continue;
            };
            let secret = secret.trim();
            if secret.len() < 8 || !from_file.contains(secret) {
                continue;
            }
            let mut other = vars.clone();
            let stand_in: String = "\u{7f}".repeat(secret.len());
            other.insert(name.to_owned(), stand_in);
            assert!(
                said(&other).contains(secret),
                "{name}'s value is in what the check says"
            );
        }
    }
});
