//! Documentation generated from a registry: the settings table of the
//! README, and the rules below it.

use std::fmt::Write as _;

use crate::environment::Environment;
use crate::registry::{Lookup, Registry, Scope, Setting};
use crate::words::{and_list, count};

/// The registry as a Markdown table, followed by its rules as a list.
///
/// The README's settings table is this text; a test holds the two equal.
///
/// ```
/// let table = jwt_config::docs::markdown(jwt_config::registry::standard());
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
                .map(alias_cell)
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
    let strict: Vec<String> = policy.strict_in.iter().map(|env| env.to_string()).collect();
    let patterns: Vec<String> = policy
        .weak_patterns
        .iter()
        .map(|pattern| format!("`{pattern}`"))
        .collect();
    out.push_str("\nRules:\n");
    let _ = writeln!(out, "- a secret has at least {};", secret_floors(registry));
    if strict.is_empty() {
        // `validate` refuses weak patterns that would never apply.
        out.push_str("- no environment checks a secret for whitespace or weak patterns (`strict_in` is empty);\n");
    } else if patterns.is_empty() {
        let _ = writeln!(
            out,
            "- in {} a secret has no leading or trailing whitespace (the registry lists no weak patterns);",
            and_list(&strict)
        );
    } else {
        let _ = writeln!(
            out,
            "- in {} a secret has no leading or trailing whitespace and contains none of {} (in any case, and whatever `_`, `-` or spaces separate its words);",
            and_list(&strict),
            patterns.join(", ")
        );
    }
    for rule in registry.rules() {
        let _ = writeln!(out, "- {rule};");
    }
    if let Some(setting) = registry.environment_setting() {
        let _ = write!(out, "- `{}` accepts", setting.name);
        for (i, env) in Environment::ALL.into_iter().enumerate() {
            let spellings: Vec<String> = env.spellings().iter().map(|s| format!("`{s}`")).collect();
            let sep = if i == 0 { " " } else { "; " };
            let _ = write!(out, "{sep}{}", spellings.join(", "));
        }
        out.push_str(" (any case); anything else is an error");
        match setting.default_for(Environment::Development) {
            Some(default) => {
                let _ = writeln!(out, ", and unset means {default}.");
            }
            None => out.push_str(", and so is unset.\n"),
        }
    }
    out
}

/// A commented `.env` template of every setting for `env`: required
/// settings as empty assignments to fill in, the others commented out with
/// their default.
///
/// ```
/// use jwt_config::{docs, registry, Environment};
///
/// let template = docs::dotenv_template(registry::standard(), Environment::Staging);
/// assert!(template.contains("\nJWT_SECRET_KEY=\n"));
/// assert!(template.contains("\n# JWT_ALGORITHM=HS256\n"));
/// ```
pub fn dotenv_template(registry: &Registry, env: Environment) -> String {
    let mut out = format!(
        "# JWT settings for {env}, generated from the jwt-config registry.\n\
         # Fill in every uncommented variable; a commented one shows its default.\n"
    );
    let policy = registry.secret_policy();
    for setting in registry {
        let _ = write!(out, "\n# {}\n# {}", setting.description, setting.kind);
        if setting.is_secret() {
            let _ = write!(
                out,
                ", at least {}, e.g. `openssl rand -hex 32`",
                count(policy.min_bytes(env) as u64, "byte")
            );
        }
        let required = setting.is_required_in(env);
        if required {
            let _ = write!(out, "; required in {env}");
        }
        if !setting.aliases.is_empty() {
            let _ = write!(out, "; replaces {}", and_list(&alias_names(setting)));
        }
        out.push('\n');
        if setting.kind == crate::registry::Kind::Environment {
            let _ = writeln!(out, "{}={env}", setting.name);
        } else if required {
            let _ = writeln!(out, "{}=", setting.name);
        } else {
            let _ = writeln!(
                out,
                "# {}={}",
                setting.name,
                setting.default_for(env).unwrap_or("")
            );
        }
    }
    out
}

/// What `name` is: a setting's description, kind, defaults and rules, or
/// which setting a legacy alias stands for. `Err` names the closest setting
/// of an unknown name.
///
/// ```
/// use jwt_config::{docs, registry};
///
/// let text = docs::explain(registry::standard(), "JWT_SECRET").unwrap();
/// assert!(text.starts_with("JWT_SECRET is a legacy alias of JWT_SECRET_KEY"));
/// let err = docs::explain(registry::standard(), "JWT_SECRET_KEYY").unwrap_err();
/// assert!(err.contains("did you mean JWT_SECRET_KEY?"));
/// ```
pub fn explain(registry: &Registry, name: &str) -> Result<String, String> {
    match registry.lookup(name) {
        Lookup::Canonical(setting) => Ok(describe(registry, setting)),
        Lookup::Alias { alias, setting } => Ok(format!(
            "{alias} is a legacy alias of {0}: rename it to {0}. A service reads it only where it \
             declares `alias = \"{alias}\"` for {0}.\n\n{1}",
            setting.name,
            describe(registry, setting)
        )),
        Lookup::Unknown {
            suggestion: Some(setting),
        } => Err(format!(
            "{name} is not a setting of the registry; did you mean {}?",
            setting.name
        )),
        Lookup::Unknown { suggestion: None } => Err(format!(
            "{name} is not a setting of the registry; `jwt-config registry` lists them"
        )),
    }
}

fn describe(registry: &Registry, setting: &Setting) -> String {
    let mut out = format!("{}: {}\n", setting.name, setting.description);
    let _ = writeln!(out, "  kind:        {}", setting.kind);
    let _ = writeln!(out, "  default:     {}", setting.default);
    let required = if setting.required_in.is_empty() {
        "nowhere".to_owned()
    } else {
        setting.required_in.to_string()
    };
    let _ = writeln!(out, "  required in: {required}");
    let scope = match setting.scope {
        Scope::Shared => "shared: every service of an environment must agree on it",
        Scope::PerService => "per service: each service has its own value",
    };
    let _ = writeln!(out, "  scope:       {scope}");
    if !setting.aliases.is_empty() {
        let _ = writeln!(out, "  legacy:      {}", and_list(&alias_names(setting)));
    }
    if setting.is_secret() {
        let _ = writeln!(out, "  secret:      at least {}", secret_floors(registry));
    }
    for rule in registry.rules() {
        if rule.settings().contains(&setting.name) {
            let _ = writeln!(out, "  rule:        {rule}");
        }
    }
    out
}

/// `8 bytes in development, 8 in test, 32 in staging and 64 in production`.
fn secret_floors(registry: &Registry) -> String {
    let policy = registry.secret_policy();
    let floors: Vec<String> = Environment::ALL
        .into_iter()
        .enumerate()
        .map(|(i, env)| {
            let min = policy.min_bytes(env);
            if i == 0 {
                format!("{} in {env}", count(min as u64, "byte"))
            } else {
                format!("{min} in {env}")
            }
        })
        .collect();
    and_list(&floors)
}

/// Each alias's name.
fn alias_names(setting: &Setting) -> Vec<String> {
    setting.aliases.iter().map(alias_cell).collect()
}

/// An alias as a table cell: its name, and where it is retired.
fn alias_cell(alias: &crate::registry::Alias) -> String {
    if alias.denied_in.is_empty() {
        format!("`{}`", alias.name)
    } else {
        format!("`{}` (denied in {})", alias.name, alias.denied_in)
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

    #[cfg(feature = "runtime")]
    #[test]
    fn every_template_is_a_valid_env_file_setting_what_is_required() {
        for env in crate::Environment::ALL {
            let template = super::dotenv_template(standard(), env);
            for setting in standard() {
                assert!(
                    template.contains(&format!("{}=", setting.name)),
                    "{env}: {}",
                    setting.name
                );
            }
            let file = crate::DotenvFile::parse("template.env", &template).unwrap();
            let mut set: Vec<&str> = file.names().collect();
            let mut expected: Vec<&str> = standard()
                .iter()
                .filter(|s| s.is_required_in(env) || s.kind == crate::registry::Kind::Environment)
                .map(|s| s.name)
                .collect();
            set.sort_unstable();
            expected.sort_unstable();
            assert_eq!(set, expected, "{env}");
        }
    }

    #[test]
    fn explain_describes_settings_and_aliases_and_suggests_for_typos() {
        let text = super::explain(standard(), "JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert!(
            text.contains("default:     development 60, test 15, staging 30, production 15"),
            "{text}"
        );
        assert!(
            text.contains("rule:        `JWT_REFRESH_TOKEN_EXPIRE_DAYS` must last longer"),
            "{text}"
        );
        let alias = super::explain(standard(), "JWT_ACCESS_EXPIRY_MINUTES").unwrap();
        assert!(
            alias.contains("legacy alias of JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
            "{alias}"
        );
        assert!(super::explain(standard(), "DATABASE_URL").is_err());
    }
}
