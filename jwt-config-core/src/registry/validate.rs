//! The one judgement of a registry: the built-in table, an organisation's
//! file and the table the derive embeds all pass through [`validate`].
//!
//! Problems are located by [`Place`] (which setting, rule or section, and
//! which key), so that a file's reader can point each one at its line.

use std::fmt;

use super::Registry;
use crate::environment::Environment;

mod rules;
mod services;
mod settings;

/// Where in a registry a problem lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The registry as a whole.
    Registry,
    /// Key `key` of the setting at `index` (in table order).
    Setting {
        /// The setting's position.
        index: usize,
        /// The key, as written in a file (`name`, `default`, `role`, ...).
        key: &'static str,
    },
    /// The default of the setting at `index` in environment `env`: its
    /// entry of a `default` table, else the `default` key.
    Default {
        /// The setting's position.
        index: usize,
        /// The environment whose default it is.
        env: Environment,
    },
    /// Alias `alias` of the setting at `setting`.
    Alias {
        /// The setting's position.
        setting: usize,
        /// The alias's position among the setting's aliases.
        alias: usize,
    },
    /// Key `key` of the rule at `index`.
    Rule {
        /// The rule's position.
        index: usize,
        /// The key, as written in a file.
        key: &'static str,
    },
    /// Key `key` of the `[secrets]` section.
    Secrets {
        /// The key.
        key: &'static str,
    },
    /// The organisation's environment at `index`.
    Environment {
        /// The environment's position.
        index: usize,
    },
    /// The `[service_auth]` section.
    ServiceAuth,
    /// The name of the declared service at `index`.
    Service {
        /// The service's position.
        index: usize,
    },
    /// Entry `read` of the `reads` of the service at `service`.
    ServiceRead {
        /// The service's position.
        service: usize,
        /// The entry's position.
        read: usize,
    },
    /// Entry `var` of the `vars` of the service at `service`.
    ServiceVar {
        /// The service's position.
        service: usize,
        /// The entry's position.
        var: usize,
    },
    /// Entry `entry` of the `required_in` of the service at `service`.
    ServiceRequirement {
        /// The service's position.
        service: usize,
        /// The entry's position.
        entry: usize,
    },
    /// Entry `entry` of the `ignore` list of the service at `service`.
    ServiceIgnore {
        /// The service's position.
        service: usize,
        /// The entry's position.
        entry: usize,
    },
    /// Entry `entry` of the `sources` of the service at `service`.
    ServiceSource {
        /// The service's position.
        service: usize,
        /// The entry's position.
        entry: usize,
    },
}

/// One thing wrong with a registry, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationProblem {
    /// Where the problem lies.
    pub place: Place,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl fmt::Display for ValidationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every problem of `registry`, in table order: names and aliases that
/// collide, defaults that do not parse or are out of bounds in their
/// environment, a default for a secret, rules naming unknown settings or
/// settings of the wrong kind, roles that do not fit their setting or are
/// played twice, categories that are missing or misspelled, environments
/// that shadow one of the four.
///
/// ```
/// use jwt_config::registry;
///
/// assert!(registry::validate(registry::standard()).is_empty());
/// ```
pub fn validate(registry: &Registry) -> Vec<ValidationProblem> {
    let mut v = Validator {
        registry,
        problems: Vec::new(),
    };
    v.names();
    for (index, _) in registry.settings().iter().enumerate() {
        v.setting(index);
    }
    v.roles();
    v.rules();
    v.secrets();
    v.environments();
    v.service_auth();
    v.services();
    v.problems
}

struct Validator<'a> {
    registry: &'a Registry,
    problems: Vec<ValidationProblem>,
}

impl Validator<'_> {
    fn problem(&mut self, place: Place, message: impl Into<String>) {
        self.problems.push(ValidationProblem {
            place,
            message: message.into(),
        });
    }

    fn secrets(&mut self) {
        let policy = self.registry.secret_policy();
        if policy.strict_in.is_empty() && !policy.weak_patterns.is_empty() {
            let count = crate::words::count(policy.weak_patterns.len() as u64, "weak pattern");
            self.problem(
                Place::Secrets { key: "strict_in" },
                format!(
                    "`strict_in` is empty, so the registry's {count} (the built-in ones with `extends = \"standard\"`, which `weak_patterns` adds to) would never apply: list the environments where secrets are checked, such as `strict_in = [\"staging\", \"production\"]` (only a registry with `extends = \"none\"` and no `weak_patterns` may check none)"
                ),
            );
        }
        for pattern in policy.weak_patterns {
            // As secrets are compared with it: `_`, `-` and spaces left out.
            if crate::lexical::fold(pattern).is_empty() {
                self.problem(
                    Place::Secrets {
                        key: "weak_patterns",
                    },
                    format!(
                        "the weak pattern {pattern:?} is empty once `_`, `-` and spaces are left out, and so every secret contains it: remove it"
                    ),
                );
            }
        }
    }

    fn environments(&mut self) {
        let named = self.registry.environments();
        for (index, env) in named.iter().enumerate() {
            let place = Place::Environment { index };
            if let Ok(builtin) = env.name.parse::<Environment>() {
                self.problem(
                    place,
                    format!(
                        "`{}` already means {builtin}; name the organisation's own environments differently",
                        env.name
                    ),
                );
            } else if !is_environment_name(env.name) {
                self.problem(
                    place,
                    format!(
                        "`{}` is not an environment name; use lower-case letters, digits, `-` and `_`, starting with a letter",
                        env.name
                    ),
                );
            }
            if named[..index]
                .iter()
                .any(|first| first.name.eq_ignore_ascii_case(env.name))
            {
                self.problem(place, format!("`{}` is named twice", env.name));
            }
        }
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`, as shells and `.env` files accept.
pub(crate) fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_environment_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvSet;
    use crate::registry::{
        Alias, DefaultValue, Kind, Role, Rule, Scope, SecretPolicy, Setting, Unit,
    };

    const fn setting(name: &'static str, kind: Kind) -> Setting {
        Setting {
            name,
            aliases: &[],
            kind,
            default: DefaultValue::None,
            required_in: EnvSet::NONE,
            scope: Scope::PerService,
            category: None,
            role: None,
            encoding: crate::registry::Encoding::Text,
            description: "A setting.",
        }
    }

    const POLICY: SecretPolicy = SecretPolicy {
        min_bytes: [8, 8, 32, 64],
        strict_in: EnvSet::DEPLOYED,
        weak_patterns: &["changeme"],
    };

    static BROKEN: &[Setting] = &[
        Setting {
            aliases: &[Alias::new("TTL"), Alias::new("OTHER")],
            default: DefaultValue::ByEnvironment([Some("0"), Some("15"), Some("x"), None]),
            ..setting(
                "TTL_MINUTES",
                Kind::Duration {
                    unit: Unit::Minutes,
                    min: 1,
                    max: Some(60),
                },
            )
        },
        Setting {
            default: DefaultValue::Always("hunter2"),
            scope: Scope::Shared,
            role: Some(Role::Issuer),
            ..setting("SECRET", Kind::Secret)
        },
        setting("OTHER", Kind::Text),
    ];

    static RULES: &[Rule] = &[Rule::LongerThan {
        longer: "TTL_MINUTES",
        shorter: "NOPE",
        across_services: false,
    }];

    #[test]
    fn a_weak_pattern_of_separators_alone_is_refused() {
        for pattern in ["", " ", "-_ -"] {
            let patterns: &'static [&'static str] = vec![pattern].leak();
            let policy = SecretPolicy {
                weak_patterns: patterns,
                ..POLICY
            };
            let registry = Registry::new(&[], &[], policy);
            let found = validate(&registry);
            assert!(
                matches!(
                    &found[..],
                    [problem] if problem.place == Place::Secrets { key: "weak_patterns" }
                ),
                "{pattern:?}: {found:#?}"
            );
        }
        let registry = Registry::new(&[], &[], POLICY);
        assert!(validate(&registry).is_empty());
    }

    #[test]
    fn every_problem_is_found_and_placed() {
        let registry = Registry::new(BROKEN, RULES, POLICY);
        let found: Vec<(Place, String)> = validate(&registry)
            .into_iter()
            .map(|p| (p.place, p.message))
            .collect();
        let places: Vec<Place> = found.iter().map(|(place, _)| *place).collect();
        assert_eq!(
            places,
            [
                Place::Setting {
                    index: 2,
                    key: "name"
                },
                Place::Default {
                    index: 0,
                    env: Environment::Development
                },
                Place::Default {
                    index: 0,
                    env: Environment::Staging
                },
                Place::Setting {
                    index: 1,
                    key: "default"
                },
                Place::Setting {
                    index: 1,
                    key: "category"
                },
                Place::Setting {
                    index: 1,
                    key: "role"
                },
                Place::Rule {
                    index: 0,
                    key: "than"
                },
            ],
            "{found:#?}"
        );
        let text: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert!(text[0].contains("`OTHER` is already an alias of `TTL_MINUTES`"));
        assert!(text[1].contains("development default `0` of `TTL_MINUTES` is outside 1..=60"));
        assert!(text[2].contains("staging default `x`"));
        assert!(text[3].contains("a secret never has a default"));
        assert!(!text.iter().any(|m| m.contains("hunter2")), "{text:?}");
        assert!(text[5].contains("cannot play the role `issuer`"));
        assert!(text[6].contains("`NOPE`, which is not a setting"));
    }

    #[test]
    fn names_are_variable_names() {
        assert!(is_variable_name("JWT_SECRET"));
        assert!(is_variable_name("_x1"));
        assert!(!is_variable_name("1X"));
        assert!(!is_variable_name("A-B"));
        assert!(!is_variable_name(""));
    }
}
