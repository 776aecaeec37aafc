//! A `.env` file of any text, read as each loader a service may use reads
//! it (dotenvy, python-dotenv, Node's `dotenv`, Compose's grammar): never a
//! panic, and what interpolation adds bounded (python-dotenv's reading of a
//! value never outgrows sixteen times the text, 1 MiB at least).

#![no_main]

use jwt_config::registry::Loader;
use jwt_config_deployment::__private::loader::read;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let bound = text.len().saturating_mul(17).max(1 << 21);
    for loader in Loader::ALL {
        if let Ok(readings) = read(loader, text) {
            let total: usize = readings
                .iter()
                .filter_map(|reading| reading.value.as_ref())
                .map(|value| value.len())
                .sum();
            assert!(total <= bound.saturating_mul(2), "{loader}: {total} bytes");
        }
    }
});
