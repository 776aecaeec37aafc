//! The one judgement of a registry: the built-in table, an organisation's
//! file and the table the derive embeds all pass through [`validate`].
//!
//! Problems are located by [`Place`] (which setting, rule or section, and
//! which key), so that a file's reader can point each one at its line.

use std::collections::BTreeMap;
use std::fmt;

use super::{Category, DefaultValue, Kind, Lookup, Registry, Role, Rule, Scope, Unit, VarFormat};
use crate::environment::{EnvSet, Environment};

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

    /// Every name and alias is a variable name, and appears once.
    fn names(&mut self) {
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        for (index, setting) in self.registry.settings().iter().enumerate() {
            let place = Place::Setting { index, key: "name" };
            if !is_variable_name(setting.name) {
                self.problem(
                    place,
                    format!(
                        "`{}` is not a variable name; use letters, digits and `_`, not starting with a digit",
                        setting.name
                    ),
                );
            }
            if let Some(first) =
                seen.insert(setting.name, format!("the setting `{}`", setting.name))
            {
                self.problem(
                    place,
                    format!(
                        "`{}` is already {first}; give each setting one entry",
                        setting.name
                    ),
                );
            }
            for (alias_index, alias) in setting.aliases.iter().enumerate() {
                let place = Place::Alias {
                    setting: index,
                    alias: alias_index,
                };
                if !is_variable_name(alias.name) {
                    self.problem(
                        place,
                        format!(
                            "alias `{}` is not a variable name; use letters, digits and `_`",
                            alias.name
                        ),
                    );
                }
                let what = format!("an alias of `{}`", setting.name);
                if let Some(first) = seen.insert(alias.name, what) {
                    self.problem(
                        place,
                        format!(
                            "alias `{}` of `{}` is already {first}; a name may stand for one setting only",
                            alias.name, setting.name
                        ),
                    );
                }
            }
        }
    }

    fn setting(&mut self, index: usize) {
        let setting = &self.registry.settings()[index];
        let name = setting.name;
        let at = |key| Place::Setting { index, key };
        if let Some((min, Some(max))) = setting.kind.bounds()
            && min > max
        {
            let (min, max) = match setting.kind {
                Kind::Duration {
                    unit: Unit::Span, ..
                } => (Unit::Span.show(min), Unit::Span.show(max)),
                _ => (min.to_string(), max.to_string()),
            };
            self.problem(at("min"), format!("`{name}` has min {min} above max {max}"));
        }
        if setting.is_secret() && setting.default != DefaultValue::None {
            self.problem(
                at("default"),
                format!(
                    "`{name}` is a secret and a secret never has a default: remove `default` and set it in each deployment"
                ),
            );
        } else {
            for env in Environment::ALL {
                let Some(default) = setting.default_for(env) else {
                    continue;
                };
                if let Err(why) = check_default(self.registry, setting.kind, default) {
                    self.problem(
                        Place::Default { index, env },
                        format!("the {env} default `{default}` of `{name}` {why}"),
                    );
                }
            }
        }
        if setting.description.trim().is_empty() {
            self.problem(
                at("description"),
                format!("`{name}` has no description; say in one line what it is for"),
            );
        }
        let compared = setting.scope == Scope::Shared && setting.kind != Kind::Environment;
        match setting.category {
            None if compared => self.problem(
                at("category"),
                format!(
                    "`{name}` is shared by the services of an environment, so a disagreement on it needs a name: add `category = \"...\"` (such as `{}`) or `scope = \"per_service\"`",
                    suggested_category(setting.kind)
                ),
            ),
            Some(category) if !compared => self.problem(
                at("category"),
                format!(
                    "`{name}` is never compared between services ({}), so its category `{category}` is never used: remove it",
                    if setting.kind == Kind::Environment {
                        "it is the environment"
                    } else {
                        "its scope is per_service"
                    }
                ),
            ),
            Some(category) => {
                let code = category.mismatch_code();
                if !is_category_name(code) {
                    self.problem(
                        at("category"),
                        format!(
                            "category `{code}` of `{name}` is not a category name; write upper-case letters, digits and `_`, such as `EXPIRY_MISMATCH`"
                        ),
                    );
                } else if Category::RESERVED.contains(&code) {
                    self.problem(
                        at("category"),
                        format!(
                            "category `{code}` of `{name}` is reserved for drift reports' own findings; choose another name"
                        ),
                    );
                }
            }
            None => {}
        }
        if let Some(role) = setting.role
            && !role.fits(setting.kind)
        {
            self.problem(
                at("role"),
                format!(
                    "`{name}` is a {} setting and cannot play the role `{role}`; it needs a {} setting",
                    setting.kind.name(),
                    if role == Role::Issuer {
                        "text or text_list"
                    } else {
                        role.kind_name()
                    }
                ),
            );
        }
        match setting.encoding {
            super::Encoding::Base64 if setting.kind != Kind::Secret => self.problem(
                at("encoding"),
                format!(
                    "`{name}` is a {} setting: only a secret may be written in base64",
                    setting.kind.name()
                ),
            ),
            super::Encoding::Path
                if !matches!(setting.role, Some(Role::PrivateKey | Role::PublicKey)) =>
            {
                self.problem(
                    at("encoding"),
                    format!(
                        "`{name}` is no key setting: only the settings of roles `private_key` and `public_key` may name a PEM file by its path"
                    ),
                );
            }
            _ => {}
        }
        if setting.kind == Kind::Environment && setting.scope == Scope::PerService {
            self.problem(
                at("scope"),
                format!("`{name}` names the environment, which every service of it shares: remove `scope`"),
            );
        }
        if setting.kind == Kind::Environment && !setting.aliases.is_empty() {
            self.problem(
                Place::Alias {
                    setting: index,
                    alias: 0,
                },
                format!("`{name}` names the environment and is read before anything else; it takes no alias"),
            );
        }
    }

    /// A role is played by one setting at most; the environment setting is
    /// unique.
    fn roles(&mut self) {
        let mut by_role: BTreeMap<Role, &str> = BTreeMap::new();
        let mut environment: Option<&str> = None;
        for (index, setting) in self.registry.settings().iter().enumerate() {
            if setting.kind == Kind::Environment {
                if let Some(first) = environment {
                    self.problem(
                        Place::Setting { index, key: "kind" },
                        format!(
                            "`{}` names the environment, but `{first}` already does; keep one setting of kind environment",
                            setting.name
                        ),
                    );
                }
                environment = Some(setting.name);
            }
            let Some(role) = setting.role else {
                continue;
            };
            if let Some(first) = by_role.insert(role, setting.name) {
                self.problem(
                    Place::Setting { index, key: "role" },
                    format!(
                        "the role `{role}` is already played by `{first}`; give it to one setting"
                    ),
                );
            }
        }
    }

    fn rules(&mut self) {
        for (index, rule) in self.registry.rules().iter().enumerate() {
            match *rule {
                Rule::LongerThan {
                    longer, shorter, ..
                } => {
                    self.operand(index, "setting", longer, Operand::Duration);
                    self.operand(index, "than", shorter, Operand::Duration);
                }
                Rule::Distinct { setting, from, .. } => {
                    self.operand(index, "setting", setting, Operand::Secret);
                    self.operand(index, "from", from, Operand::Secret);
                }
                Rule::TrueOnlyIn { setting, .. } => {
                    self.operand(index, "setting", setting, Operand::Flag);
                }
            }
            if let Rule::LongerThan {
                longer: a,
                shorter: b,
                ..
            }
            | Rule::Distinct {
                setting: a,
                from: b,
                ..
            } = *rule
                && a == b
            {
                self.problem(
                    Place::Rule {
                        index,
                        key: "setting",
                    },
                    format!("the rule compares `{a}` with itself"),
                );
            }
        }
    }

    /// The setting `name` under `key` of rule `index` exists and is of the
    /// kind the rule compares.
    fn operand(&mut self, index: usize, key: &'static str, name: &str, needs: Operand) {
        let place = Place::Rule { index, key };
        match self.registry.get(name) {
            None => self.problem(
                place,
                format!("the rule names `{name}`, which is not a setting of this registry"),
            ),
            Some(setting) if !needs.fits(setting.kind) => self.problem(
                place,
                format!(
                    "the rule compares `{name}`, a {} setting; it needs {}",
                    setting.kind.name(),
                    needs.name()
                ),
            ),
            Some(_) => {}
        }
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

    /// Each declared service: a unique name, settings the registry has,
    /// its own variables for settings it reads, units on durations only.
    fn services(&mut self) {
        let registry = self.registry;
        let mut names: Vec<&str> = Vec::new();
        for (index, service) in registry.services().iter().enumerate() {
            let name = service.name;
            if name.trim().is_empty() {
                self.problem(Place::Service { index }, "a service needs a name");
            } else if names.contains(&name) {
                self.problem(
                    Place::Service { index },
                    format!("the service `{name}` is declared twice; keep one [[service]] entry"),
                );
            }
            names.push(name);
            for (read, setting) in service.reads.iter().enumerate() {
                let place = Place::ServiceRead {
                    service: index,
                    read,
                };
                match registry.lookup(setting) {
                    Lookup::Canonical(_) => {}
                    Lookup::Alias { setting: canonical, .. } => self.problem(
                        place,
                        format!(
                            "`{setting}` is a legacy alias of `{}`; list the setting by its name, and map the service's own variable in `vars`",
                            canonical.name
                        ),
                    ),
                    Lookup::Unknown { suggestion } => self.problem(
                        place,
                        format!(
                            "`{name}` reads `{setting}`, which is not a setting of this registry{}",
                            suggestion.map_or(String::new(), |s| format!("; did you mean `{}`?", s.name))
                        ),
                    ),
                }
                if service.reads[..read].contains(setting) {
                    self.problem(place, format!("`{setting}` is listed twice in `reads`"));
                }
            }
            for (position, var) in service.vars.iter().enumerate() {
                let place = Place::ServiceVar {
                    service: index,
                    var: position,
                };
                if !is_variable_name(var.var) {
                    self.problem(
                        place,
                        format!(
                            "`{}` is not a variable name; use letters, digits and `_`",
                            var.var
                        ),
                    );
                }
                let Some(setting) = registry.get(var.setting) else {
                    self.problem(
                        place,
                        format!(
                            "`{}` holds `{}`, which is not a setting of this registry",
                            var.var, var.setting
                        ),
                    );
                    continue;
                };
                if !service.reads_setting(var.setting) {
                    self.problem(
                        place,
                        format!(
                            "`{name}` names its variable for `{}` but does not read it; add `{}` to `reads`",
                            var.setting, var.setting
                        ),
                    );
                }
                if let Some(other) = registry.get(var.var)
                    && other.name != setting.name
                {
                    self.problem(
                        place,
                        format!(
                            "`{}` is the name of the setting `{}`; a service's variable for `{}` needs a name of its own",
                            var.var, other.name, setting.name
                        ),
                    );
                }
                if let Some(earlier) = service.vars[..position]
                    .iter()
                    .find(|earlier| earlier.var == var.var || earlier.setting == var.setting)
                {
                    let message = if earlier.var == var.var {
                        format!(
                            "`{name}` declares the variable `{}` twice; give it one setting",
                            var.var
                        )
                    } else {
                        format!(
                            "`{name}` maps `{}` to both `{}` and `{}`; a service reads one variable for a setting (two would be the drift this tool exists to end): keep the one the service reads",
                            var.setting, earlier.var, var.var
                        )
                    };
                    self.problem(place, message);
                }
                if var.format.is_some() && !matches!(setting.kind, Kind::Duration { .. }) {
                    self.problem(
                        place,
                        format!(
                            "`{}` holds `{}`, a {} setting: only a duration takes a `unit`",
                            var.var,
                            setting.name,
                            setting.kind.name()
                        ),
                    );
                }
            }
            self.service_requirements(index);
            self.service_ignore(index);
        }
    }

    /// The `required_in` of the service at `index`: each key a setting the
    /// service reads, by its canonical name, once, required somewhere the
    /// registry leaves it unset.
    fn service_requirements(&mut self, index: usize) {
        let registry = self.registry;
        let service = &registry.services()[index];
        let name = service.name;
        for (entry, requirement) in service.required_in.iter().enumerate() {
            let place = Place::ServiceRequirement {
                service: index,
                entry,
            };
            let key = requirement.setting;
            if let Some(own) = service.var_named(key) {
                self.problem(
                    place,
                    format!(
                        "`{key}` is `{name}`'s own variable for `{0}`; `required_in` names settings: write `{0}`",
                        own.setting
                    ),
                );
                continue;
            }
            let setting = match registry.lookup(key) {
                Lookup::Canonical(setting) => setting,
                Lookup::Alias { setting, .. } => {
                    self.problem(
                        place,
                        format!(
                            "`{key}` is a legacy alias of `{0}`; `required_in` names the setting: write `{0}`",
                            setting.name
                        ),
                    );
                    continue;
                }
                Lookup::Unknown { suggestion } => {
                    // The settings the service reads come first: it can
                    // only require one of those.
                    let nearest = service
                        .reads
                        .iter()
                        .copied()
                        .find(|read| suggestion.is_some_and(|s| s.name == *read))
                        .or_else(|| {
                            service.reads.iter().copied().find(|read| {
                                strsim::levenshtein(read, key) <= (key.len() / 3).max(1)
                            })
                        });
                    self.problem(
                        place,
                        format!(
                            "`{name}` requires `{key}`, which is not a setting of this registry{}",
                            nearest
                                .map_or(String::new(), |read| format!("; did you mean `{read}`?"))
                        ),
                    );
                    continue;
                }
            };
            if !service.reads_setting(setting.name) {
                self.problem(
                    place,
                    format!(
                        "`{name}` requires `{0}` but does not read it; add `{0}` to its `reads`, or remove it from `required_in`",
                        setting.name
                    ),
                );
            }
            if service.required_in[..entry]
                .iter()
                .any(|earlier| earlier.setting == key)
            {
                self.problem(place, format!("`{key}` is named twice in `required_in`"));
            }
            if !requirement.required_in.is_empty()
                && setting.absent_in(requirement.required_in) == setting.absent_in(EnvSet::NONE)
            {
                self.problem(
                    place,
                    format!(
                        "`{key}` already has a value wherever `{name}` requires it ({}): a registry default, or required by the registry; remove it from `required_in`",
                        requirement.required_in
                    ),
                );
            }
        }
    }

    /// The `ignore` list of the service at `index`: variable names, or
    /// prefixes ending in one `*`; never a name the check judges anyway.
    fn service_ignore(&mut self, index: usize) {
        let registry = self.registry;
        let service = &registry.services()[index];
        let name = service.name;
        for (entry, pattern) in service.ignore.iter().enumerate() {
            let place = Place::ServiceIgnore {
                service: index,
                entry,
            };
            let prefix = pattern.strip_suffix('*').unwrap_or(pattern);
            let well_formed = *pattern == "*"
                || (!prefix.is_empty()
                    && prefix
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_'));
            if !well_formed {
                self.problem(
                    place,
                    format!(
                        "`{pattern}` in `ignore` is neither a variable name nor a prefix followed by `*`; use letters, digits and `_`, with one `*` at the end for every name that starts so"
                    ),
                );
                continue;
            }
            if *pattern == prefix {
                let judged = match registry.lookup(pattern) {
                    Lookup::Canonical(setting) | Lookup::Alias { setting, .. } => {
                        Some(setting.name)
                    }
                    Lookup::Unknown { .. } => service.var_named(pattern).map(|own| own.setting),
                };
                if let Some(setting) = judged {
                    self.problem(
                        place,
                        format!(
                            "`{pattern}` is a name of the setting `{setting}`, which the check judges whatever `ignore` says; remove it from `{name}`'s `ignore`"
                        ),
                    );
                }
            }
            if service.ignore[..entry].contains(pattern) {
                self.problem(place, format!("`{pattern}` is listed twice in `ignore`"));
            }
        }
    }

    fn service_auth(&mut self) {
        if let Some(auth) = self.registry.service_auth() {
            for header in [auth.id_header, auth.secret_header] {
                let token = !header.is_empty()
                    && header
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !token {
                    self.problem(
                        Place::ServiceAuth,
                        format!("`{header}` is not an HTTP header name"),
                    );
                }
            }
            if auth.id_header.eq_ignore_ascii_case(auth.secret_header) {
                self.problem(
                    Place::ServiceAuth,
                    "the id and the secret need two different headers",
                );
            }
        }
    }
}

/// The kinds a rule compares.
#[derive(Clone, Copy)]
enum Operand {
    Duration,
    Secret,
    Flag,
}

impl Operand {
    fn fits(self, kind: Kind) -> bool {
        match self {
            Operand::Duration => matches!(kind, Kind::Duration { .. }),
            Operand::Secret => kind == Kind::Secret,
            Operand::Flag => kind == Kind::Flag,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Operand::Duration => "a duration",
            Operand::Secret => "a secret",
            Operand::Flag => "a flag",
        }
    }
}

fn suggested_category(kind: Kind) -> &'static str {
    match kind {
        Kind::Secret => "SECRET_MISMATCH",
        Kind::Duration { .. } => "EXPIRY_MISMATCH",
        Kind::Algorithm => "ALGORITHM_MISMATCH",
        _ => "ISSUER_MISMATCH",
    }
}

/// Whether `default` is a value of `kind`: `Err` says why not.
fn check_default(registry: &Registry, kind: Kind, default: &str) -> Result<(), String> {
    let text = default.trim();
    match kind {
        Kind::Secret => Err("is a secret's".to_owned()),
        Kind::Environment => registry
            .environment(text)
            .map(|_| ())
            .ok_or_else(|| "is not an environment".to_owned()),
        Kind::Algorithm => text
            .parse::<crate::Algorithm>()
            .map(|_| ())
            .map_err(|_| format!("is not one of {}", crate::Algorithm::names())),
        Kind::Duration {
            unit: Unit::Span,
            min,
            max,
        } => match VarFormat::Span.to_unit(text, Unit::Span) {
            Ok(n) if n < min => Err(format!("is shorter than {}", Unit::Span.show(min))),
            Ok(n) if max.is_some_and(|max| n > max) => Err(format!(
                "is longer than {}",
                Unit::Span.show(max.unwrap_or_default())
            )),
            Ok(_) => Ok(()),
            Err(_) => Err(format!("is not {}", VarFormat::Span.described())),
        },
        Kind::Duration { min, max, .. } | Kind::Integer { min, max } => match text.parse::<u64>() {
            Ok(n) if n >= min && max.is_none_or(|max| n <= max) => Ok(()),
            Ok(n) => Err(match max {
                Some(max) if min > 0 => format!("is outside {min}..={max}"),
                Some(max) if n > max => format!("is more than {max}"),
                _ => format!("is less than {min}"),
            }),
            Err(_) => Err("is not a whole number".to_owned()),
        },
        Kind::Text => {
            if text.is_empty() {
                Err("is empty".to_owned())
            } else {
                Ok(())
            }
        }
        Kind::TextList => {
            if text.split(',').all(|item| item.trim().is_empty()) {
                Err("lists no item".to_owned())
            } else {
                Ok(())
            }
        }
        Kind::Flag => crate::lexical::parse_flag(text)
            .map(|_| ())
            .ok_or_else(|| "is not a flag (true or false)".to_owned()),
        Kind::Url => crate::lexical::check_url(text).map_err(|why| format!("is not a URL: {why}")),
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

fn is_category_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
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
    use crate::registry::{Alias, SecretPolicy, Setting, Unit};

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
