//! Documentation generated from a registry: the settings table of the
//! README, and the rules below it.

use std::fmt::Write as _;

use crate::environment::Environment;
use crate::registry::{Registry, Scope};

/// The registry as a Markdown table, followed by its rules as a list.
///
/// The README's settings table is this text; a test holds the two equal.
///
/// ```
/// let table = jwt_config_core::docs::markdown(jwt_config_core::registry::standard());
/// assert!(table.contains("| `JWT_SECRET_KEY` | `JWT_SECRET` | secret | — | all |"));
/// ```
pub fn markdown(registry: &Registry) -> String {
    let mut out = String::new();
    out.push_str(
        "| setting | legacy aliases | kind | default | required in | scope | description |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|\n");
    for setting in registry {
        let aliases = if setting.aliases.is_empty() {
            "—".to_owned()
        } else {
            setting
                .aliases
                .iter()
                .map(|alias| format!("`{alias}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let required = if setting.required_in.is_empty() {
            "—".to_owned()
        } else {
            setting.required_in.to_string()
        };
        let scope = match setting.scope {
            Scope::Shared => "shared",
            Scope::PerService => "per service",
        };
        let _ = writeln!(
            out,
            "| `{}` | {aliases} | {} | {} | {required} | {scope} | {} |",
            setting.name, setting.kind, setting.default, setting.description
        );
    }
    let policy = registry.secret_policy();
    let floors: Vec<String> = Environment::ALL
        .into_iter()
        .enumerate()
        .map(|(i, env)| {
            let unit = if i == 0 { " bytes" } else { "" };
            format!("{}{unit} in {env}", policy.min_bytes(env))
        })
        .collect();
    let strict: Vec<String> = policy.strict_in.iter().map(|env| env.to_string()).collect();
    let patterns: Vec<String> = policy
        .weak_patterns
        .iter()
        .map(|pattern| format!("`{pattern}`"))
        .collect();
    out.push_str("\nRules:\n");
    let _ = writeln!(out, "- a secret has at least {};", and_list(&floors));
    let _ = writeln!(
        out,
        "- in {} a secret has no leading or trailing whitespace and contains none of {} (any case);",
        and_list(&strict),
        patterns.join(", ")
    );
    for rule in registry.rules() {
        let _ = writeln!(out, "- {rule};");
    }
    out.push_str("- `ENVIRONMENT` accepts");
    for (i, env) in Environment::ALL.into_iter().enumerate() {
        let spellings: Vec<String> = env.spellings().iter().map(|s| format!("`{s}`")).collect();
        let sep = if i == 0 { " " } else { "; " };
        let _ = write!(out, "{sep}{}", spellings.join(", "));
    }
    out.push_str(" (any case); anything else is an error, and unset means development.\n");
    out
}

/// Joins words as prose: `a`, `a and b`, `a, b and c`.
///
/// ```
/// assert_eq!(jwt_config_core::docs::and_list(&["dev", "test", "prod"]), "dev, test and prod");
/// ```
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::standard;

    #[test]
    fn the_table_has_one_row_per_setting_and_one_line_per_rule() {
        let text = super::markdown(standard());
        let rows: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("| `"))
            .collect();
        assert_eq!(rows.len(), standard().settings().len());
        for (row, setting) in rows.iter().zip(standard()) {
            assert!(row.starts_with(&format!("| `{}` |", setting.name)), "{row}");
        }
        let rules = text.lines().filter(|line| line.starts_with("- ")).count();
        assert_eq!(rules, standard().rules().len() + 3);
        assert!(
            text.contains(
                "at least 8 bytes in development, 8 in test, 32 in staging and 64 in production"
            ),
            "{text}"
        );
    }
}
