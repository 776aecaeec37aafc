//! Properties over arbitrary input: whatever the variables hold, a check
//! never panics, and no secret value reaches its output.

use std::collections::HashMap;

use jwt_config::registry::{self, Lookup};
use jwt_config::{DotenvFile, Environment, Source, resolve};
use proptest::prelude::*;

/// Every name the registry knows, canonical and legacy, plus one it does not.
fn names() -> Vec<&'static str> {
    registry::standard()
        .iter()
        .flat_map(|setting| {
            std::iter::once(setting.name).chain(setting.aliases.iter().map(|alias| alias.name))
        })
        .chain(["DATABASE_URL"])
        .collect()
}

fn is_secret(name: &str) -> bool {
    match registry::standard().lookup(name) {
        Lookup::Canonical(setting) | Lookup::Alias { setting, .. } => setting.is_secret(),
        Lookup::Unknown { .. } => false,
    }
}

fn environment() -> impl Strategy<Value = Environment> {
    prop::sample::select(Environment::ALL.to_vec())
}

/// Values a deployment might hold: numbers, flags, words, whitespace,
/// secrets with marker text, and arbitrary Unicode.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,5}",
        "-?[0-9]{1,20}",
        prop::sample::select(vec![
            "true", "off", "HS256", "none", "prod", "", "  ", "a,b, ,c"
        ])
        .prop_map(str::to_owned),
        "SECRETMARK[a-zA-Z0-9 ]{0,70}",
        " ?[a-z-]{0,40} ?",
        any::<String>(),
    ]
}

fn vars() -> impl Strategy<Value = HashMap<String, String>> {
    prop::collection::hash_map(prop::sample::select(names()), value(), 0..12)
        .prop_map(|vars| vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_check_never_panics_and_never_shows_a_secret(vars in vars(), env in environment()) {
        let check = resolve::check(registry::standard(), &vars, env, "svc");
        let mut shown = format!("{}\n{:?}\n", check.snapshot, check.snapshot);
        shown.push_str(&serde_json::to_string(&check.snapshot).unwrap());
        for problem in &check.problems {
            shown.push_str(&format!("{problem}\n{problem:?}\n"));
            shown.push_str(&serde_json::to_string(problem).unwrap());
        }
        for warning in &check.warnings {
            shown.push_str(&format!("{warning}\n{warning:?}\n"));
        }
        let snapshots = [("svc", &check.snapshot), ("other", &check.snapshot)];
        let report = jwt_config::drift::compare(env, &snapshots).unwrap();
        shown.push_str(&format!("{report}\n{report:?}\n{}", serde_json::to_string(&report).unwrap()));

        // A weak secret's message names the registry's weak pattern it
        // contains (`contains the weak pattern `changeme``): that text is the
        // registry's, not the secret's, and may appear. It is taken out
        // before looking for the secrets, so that a secret that is a
        // pattern still proves that nothing else of it shows.
        for pattern in registry::standard().secret_policy().weak_patterns {
            // (`Debug` quotes it as a string.)
            shown = shown
                .replace(&format!("`{pattern}`"), "`<pattern>`")
                .replace(&format!("{pattern:?}"), "\"<pattern>\"");
        }
        for (name, value) in &vars {
            // Short values ("1", "a") occur in any text by chance; the marker
            // makes every generated secret long and distinctive.
            if is_secret(name) && value.trim().len() >= 12 {
                prop_assert!(!shown.contains(value.trim()), "{name}={value:?} leaked into:\n{shown}");
            }
        }
    }

    #[test]
    fn a_dotenv_file_of_single_quoted_values_reads_back_what_was_written(
        vars in prop::collection::btree_map("[A-Z][A-Z0-9_]{0,20}", "[^'\\\\\n\r]{0,40}", 0..10),
    ) {
        let content: String = vars.iter().map(|(k, v)| format!("{k}='{v}'\n")).collect();
        let file = DotenvFile::parse("prop.env", &content).unwrap();
        for (name, value) in &vars {
            let read = file.var(name).unwrap().map(|v| v.into_owned());
            prop_assert_eq!(read.as_deref(), Some(value.as_str()));
        }
    }
}
