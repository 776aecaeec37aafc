//! A registry file of any text: read and validated, never a panic; a file
//! that reads is written back to a file that reads to the same table.

#![no_main]

use jwt_config_core::registry::Registry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(registry) = Registry::from_toml("fuzz.toml", text) {
        let written = registry.to_toml();
        let again = Registry::from_toml("fuzz.toml", &written).expect("a written file reads");
        assert_eq!(again.fingerprint(), registry.fingerprint());
    }
});
