//! A `.env` file of any bytes: read, checked against the built-in registry
//! in production, never a panic, and no secret it sets (8 bytes or more)
//! in anything the check says.

#![no_main]

use jwt_config_core::{DotenvFile, Environment, Source, registry, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(file) = DotenvFile::from_bytes("fuzz.env", bytes.to_vec()) else {
        return;
    };
    let registry = registry::standard();
    let check = resolve::check(registry, &file, Environment::Production, "fuzz");
    let mut said = check.snapshot.to_string();
    for problem in &check.problems {
        said.push_str(&format!("{problem}\n{problem:?}\n"));
    }
    for warning in &check.warnings {
        said.push_str(&format!("{warning}\n{warning:?}\n"));
    }
    said.push_str(&format!("{file:?}"));
    for setting in registry.iter().filter(|setting| setting.is_secret()) {
        let names = std::iter::once(setting.name).chain(setting.aliases.iter().map(|a| a.name));
        for name in names {
            if let Ok(Some(secret)) = file.var(name) {
                let secret = secret.trim();
                if secret.len() >= 8 {
                    assert!(!said.contains(secret), "{name}'s value is in the output");
                }
            }
        }
    }
});
