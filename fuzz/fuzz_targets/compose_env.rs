//! A Compose `.env` of any text, read with compose-go's grammar: never a
//! panic, memory bounded by the budget; and, differentially, on lines whose
//! reading compose-go and dotenvy agree on (`KEY=value` with a plain key and
//! a value of no quote, backslash, `#`, `$` or blank), the same variables
//! as the dotenvy reader of the core reads, the last of a repeated key.

#![no_main]

use std::collections::BTreeMap;

use jwt_config_deployment::__private::compose::dotenv::{Bare, parse};
use jwt_config_deployment::__private::compose::interpolate::Budget;
use jwt_config_core::{DotenvFile, Repeated, Source};
use libfuzzer_sys::fuzz_target;

/// Whether both grammars read `text` alike: plain `KEY=value` lines only.
fn plain(text: &str) -> bool {
    text.lines().all(|line| {
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        let mut key_chars = key.chars();
        key_chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && key_chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && key != "export"
            && !value.is_empty()
            && !value
                .chars()
                .any(|c| matches!(c, '\'' | '"' | '\\' | '#' | '$' | '=') || c.is_whitespace() || c.is_control())
    })
}

fuzz_target!(|text: &str| {
    let none = |_: &str| None;
    let ours = parse(text, &none, &none, Bare::LookupThenFile, &mut Budget::new(1 << 20));
    if !plain(text) {
        return;
    }
    let ours: BTreeMap<String, String> = ours
        .expect("compose-go reads plain lines")
        .into_iter()
        .filter_map(|a| Some((a.key, a.value?.to_string())))
        .collect();
    let theirs = DotenvFile::parse_taking("fuzz.env", text, Repeated::Last).expect("dotenvy reads plain lines");
    for (key, value) in &ours {
        assert_eq!(theirs.var(key).unwrap().as_deref(), Some(value.as_str()), "{key}");
    }
    assert_eq!(theirs.names().count(), ours.len());
});
