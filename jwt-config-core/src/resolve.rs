//! The resolver: reads each field's variables from a source, applies the
//! registry's defaults and rules, and collects every problem of the load.
//!
//! `#[derive(JwtSettings)]` generates a call to [`resolve`]; it is public so
//! that tools (and hand-written loaders) can resolve without a derive.

use std::borrow::Cow;

use secrecy::SecretString;

use crate::environment::{EnvSet, Environment};
use crate::error::{LoadError, Problem, ProblemKind};
use crate::field::FieldType;
use crate::loaded::{Loaded, Origin, Warning, WarningKind};
use crate::registry::{Kind, Registry, Rule, Setting};
use crate::source::Source;
use crate::value::{self, Value};

/// The name of the variable that selects the environment.
pub const ENVIRONMENT_VAR: &str = "ENVIRONMENT";

/// What a service reads for one setting: the canonical name, the legacy
/// aliases it still accepts, and the environments it adds to the registry's
/// required ones.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The setting's canonical name.
    pub setting: &'static str,
    /// Legacy aliases the service still reads, in order of preference.
    pub aliases: &'static [&'static str],
    /// Environments where the service requires the setting beyond the registry's.
    pub required_in: EnvSet,
}

impl FieldSpec {
    /// A field reading `setting` by its canonical name only.
    pub const fn new(setting: &'static str) -> FieldSpec {
        FieldSpec {
            setting,
            aliases: &[],
            required_in: EnvSet::NONE,
        }
    }

    /// The field also reads these legacy aliases.
    pub const fn with_aliases(self, aliases: &'static [&'static str]) -> FieldSpec {
        FieldSpec { aliases, ..self }
    }

    /// The field is also required in these environments.
    pub const fn required_in(self, required_in: EnvSet) -> FieldSpec {
        FieldSpec {
            required_in,
            ..self
        }
    }
}

/// The environment a source names in `ENVIRONMENT`: development when unset,
/// an error (never a fallback) when it names no environment.
///
/// ```
/// use jwt_config_core::{resolve::environment_of, Environment};
/// use std::collections::HashMap;
///
/// let vars = HashMap::from([("ENVIRONMENT".to_owned(), "prod".to_owned())]);
/// assert_eq!(environment_of(&vars).unwrap(), Environment::Production);
/// let typo = HashMap::from([("ENVIRONMENT".to_owned(), "prodution".to_owned())]);
/// assert_eq!(environment_of(&typo).unwrap_err().problems()[0].var(), "ENVIRONMENT");
/// assert_eq!(environment_of(&HashMap::<String, String>::new()).unwrap(), Environment::Development);
/// ```
pub fn environment_of<S: Source + ?Sized>(source: &S) -> Result<Environment, LoadError> {
    match read(source, ENVIRONMENT_VAR) {
        Read::Unset => Ok(Environment::Development),
        Read::Set(value) => value.parse().map_err(|_| {
            LoadError::new(
                None,
                None,
                vec![Problem::new(
                    ENVIRONMENT_VAR,
                    None,
                    ProblemKind::Invalid {
                        value: Some(value.trim().to_owned()),
                        expected: "an environment".to_owned(),
                    },
                    "set ENVIRONMENT to one of development, test, staging, production (or unset it for development)",
                )],
            )
        }),
        Read::NotUnicode => Err(LoadError::new(
            None,
            None,
            vec![Problem::new(
                ENVIRONMENT_VAR,
                None,
                ProblemKind::NotUnicode,
                "set ENVIRONMENT to one of development, test, staging, production",
            )],
        )),
    }
}

/// Resolves `fields` of `service` from `source` for `env`, following the
/// registry. Returns every problem of the load at once.
///
/// On success, take each field's value in order with [`Resolution::take`],
/// then wrap the settings with [`Resolution::finish`].
pub fn resolve<S: Source + ?Sized>(
    registry: &Registry,
    source: &S,
    env: Environment,
    service: &str,
    fields: &[FieldSpec],
) -> Result<Resolution, LoadError> {
    let mut load = Load {
        registry,
        env,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    load.check_environment_var(source);
    let slots: Vec<Slot> = fields
        .iter()
        .map(|field| load.field(source, field))
        .collect();
    load.check_rules(&slots);
    if load.problems.is_empty() {
        Ok(Resolution {
            service: service.to_owned(),
            env,
            slots,
            warnings: load.warnings,
        })
    } else {
        Err(LoadError::new(Some(service), Some(env), load.problems))
    }
}

/// The resolved fields of a load with no problem.
#[derive(Debug)]
pub struct Resolution {
    service: String,
    env: Environment,
    slots: Vec<Slot>,
    warnings: Vec<Warning>,
}

impl Resolution {
    /// Takes the value of field `index` (in the order given to [`resolve`])
    /// as `T`. A second take of one field finds it empty.
    pub fn take<T: FieldType>(&mut self, index: usize) -> Result<T, LoadError> {
        let slot = self.slots.get_mut(index);
        let setting = slot.as_ref().map_or("?", |slot| slot.setting.name);
        let value = slot.and_then(|slot| slot.value.take());
        T::from_value(value).ok_or_else(|| {
            LoadError::new(
                Some(&self.service),
                Some(self.env),
                vec![Problem::new(
                    setting,
                    Some(self.env),
                    ProblemKind::FieldType {
                        ty: std::any::type_name::<T>(),
                    },
                    "declare the field with a type that holds the setting's kind",
                )],
            )
        })
    }

    /// Wraps the settings built from the taken values with their origins and warnings.
    pub fn finish<T>(self, value: T) -> Loaded<T> {
        let origins = self
            .slots
            .iter()
            .filter_map(|slot| slot.origin.map(|origin| (slot.setting.name, origin)))
            .collect();
        Loaded::new(value, self.env, origins, self.warnings)
    }
}

#[derive(Debug)]
struct Slot {
    setting: &'static Setting,
    /// The variable the value was read from (the canonical name for a default).
    var: &'static str,
    origin: Option<Origin>,
    value: Option<Value>,
}

enum Read<'a> {
    Unset,
    Set(Cow<'a, str>),
    NotUnicode,
}

/// Reads `name`; empty or whitespace-only counts as unset.
fn read<'a, S: Source + ?Sized>(source: &'a S, name: &str) -> Read<'a> {
    match source.var(name) {
        Ok(Some(value)) if !value.trim().is_empty() => Read::Set(value),
        Ok(_) => Read::Unset,
        Err(_) => Read::NotUnicode,
    }
}

struct Load<'r> {
    registry: &'r Registry,
    env: Environment,
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
}

impl Load<'_> {
    fn problem(&mut self, var: &str, kind: ProblemKind, fix: impl Into<String>) {
        self.problems
            .push(Problem::new(var, Some(self.env), kind, fix));
    }

    /// `ENVIRONMENT`, when set, must name the environment being loaded.
    fn check_environment_var<S: Source + ?Sized>(&mut self, source: &S) {
        let env = self.env;
        match environment_of(source) {
            Ok(found) if found != env && matches!(read(source, ENVIRONMENT_VAR), Read::Set(_)) => {
                self.problem(
                    ENVIRONMENT_VAR,
                    ProblemKind::WrongEnvironment { found },
                    format!("set ENVIRONMENT to {env}, or load the settings for {found}"),
                );
            }
            Ok(_) => {}
            Err(err) => self.problems.extend(
                err.into_problems()
                    .into_iter()
                    .map(|problem| problem.in_environment(env)),
            ),
        }
    }

    fn field<S: Source + ?Sized>(&mut self, source: &S, field: &FieldSpec) -> Slot {
        let Some(setting) = self.registry.get(field.setting) else {
            self.problem(
                field.setting,
                ProblemKind::Invalid {
                    value: None,
                    expected: "a setting of the registry".to_owned(),
                },
                "read a canonical setting name; `jwt-config registry` lists them",
            );
            return Slot {
                setting: &UNKNOWN,
                var: field.setting,
                origin: None,
                value: None,
            };
        };
        let mut slot = Slot {
            setting,
            var: setting.name,
            origin: None,
            value: None,
        };
        if setting.kind == Kind::Environment {
            // The environment was chosen before the load, from this variable
            // or by the caller; check_environment_var holds the two equal.
            slot.origin = Some(match read(source, setting.name) {
                Read::Set(_) => Origin::Canonical,
                _ => Origin::Default,
            });
            slot.value = Some(Value::Environment(self.env));
            return slot;
        }

        self.warn_ignored_aliases(source, setting, field);
        let names = std::iter::once(setting.name).chain(field.aliases.iter().copied());
        let mut chosen: Option<(&'static str, Cow<'_, str>)> = None;
        for name in names {
            let value = match read(source, name) {
                Read::Unset => continue,
                Read::NotUnicode => {
                    self.problem(
                        name,
                        ProblemKind::NotUnicode,
                        format!("set {name} to valid UTF-8 text"),
                    );
                    continue;
                }
                Read::Set(value) => value,
            };
            match &chosen {
                None => chosen = Some((name, value)),
                Some((first, first_value)) => {
                    self.compare_alias(setting, first, first_value, name, &value)
                }
            }
        }

        let raw: Cow<'_, str> = match chosen {
            Some((name, value)) => {
                slot.var = name;
                slot.origin = Some(if name == setting.name {
                    Origin::Canonical
                } else {
                    self.warn(name, setting, WarningKind::DeprecatedAlias);
                    Origin::Alias(name)
                });
                value
            }
            None => match setting.default_for(self.env) {
                Some(default) => {
                    slot.origin = Some(Origin::Default);
                    Cow::Borrowed(default)
                }
                None => {
                    if setting
                        .required_in
                        .union(field.required_in)
                        .contains(self.env)
                    {
                        self.missing(source, setting, field);
                    }
                    return slot;
                }
            },
        };
        match value::parse(
            setting,
            slot.var,
            &raw,
            self.env,
            self.registry.secret_policy(),
        ) {
            Ok(value) => slot.value = Some(value),
            Err(problems) => self.problems.extend(problems),
        }
        slot
    }

    /// `name` is set beside `first`, which was read: equal is a warning,
    /// different a conflict.
    fn compare_alias(
        &mut self,
        setting: &'static Setting,
        first: &str,
        first_value: &str,
        name: &'static str,
        value: &str,
    ) {
        let equal = if setting.is_secret() {
            value::same_secret(&SecretString::from(first_value), &SecretString::from(value))
        } else {
            first_value.trim() == value.trim()
        };
        if equal {
            self.warn(name, setting, WarningKind::AliasAlsoSet);
            return;
        }
        let values = (!setting.is_secret())
            .then(|| (value.trim().to_owned(), first_value.trim().to_owned()));
        self.problem(
            name,
            ProblemKind::Conflict {
                other: first.to_owned(),
                values,
            },
            if first == setting.name {
                format!("remove {name} and keep {first}")
            } else {
                format!("remove {name}, then rename {first} to {}", setting.name)
            },
        );
    }

    fn warn_ignored_aliases<S: Source + ?Sized>(
        &mut self,
        source: &S,
        setting: &'static Setting,
        field: &FieldSpec,
    ) {
        for alias in setting.aliases {
            if !field.aliases.contains(alias) && matches!(read(source, alias), Read::Set(_)) {
                self.warn(alias, setting, WarningKind::IgnoredAlias);
            }
        }
    }

    fn warn(&mut self, var: &'static str, setting: &'static Setting, kind: WarningKind) {
        self.warnings
            .push(Warning::new(var, setting.name, self.env, kind));
    }

    fn missing<S: Source + ?Sized>(&mut self, source: &S, setting: &Setting, field: &FieldSpec) {
        let name = setting.name;
        let env = self.env;
        let who = if setting.required_in.contains(env) {
            "the registry"
        } else {
            "this service"
        };
        let mut fix = if setting.is_secret() {
            let min = self.registry.secret_policy().min_bytes(env);
            format!(
                "set {name} to a random secret of at least {min} bytes; {who} requires it in {env}"
            )
        } else {
            format!("set {name}; {who} requires it in {env}")
        };
        let ignored: Vec<&str> = setting
            .aliases
            .iter()
            .copied()
            .filter(|alias| {
                !field.aliases.contains(alias) && matches!(read(source, alias), Read::Set(_))
            })
            .collect();
        if let Some(alias) = ignored.first() {
            fix.push_str(&format!(
                "; {alias} is set but this service does not read it: rename it to {name}"
            ));
        }
        self.problem(name, ProblemKind::Missing, fix);
    }

    /// Checks every rule whose settings all have a value in this load.
    fn check_rules(&mut self, slots: &[Slot]) {
        let find = |name: &str| {
            slots
                .iter()
                .find(|slot| slot.setting.name == name)
                .and_then(|slot| slot.value.as_ref().map(|value| (slot.var, value)))
        };
        for rule in self.registry.rules() {
            let [first, second] = rule.settings();
            let (Some((var, value)), Some((other_var, other))) = (find(first), find(second)) else {
                continue;
            };
            let broken = match *rule {
                Rule::LongerThan { .. } => match (value.as_duration(), other.as_duration()) {
                    (Some(longer), Some(shorter)) => longer <= shorter,
                    _ => false,
                },
                Rule::Distinct { in_envs, .. } => match (value, other) {
                    (Value::Secret(a), Value::Secret(b)) => {
                        in_envs.contains(self.env) && value::same_secret(a, b)
                    }
                    _ => false,
                },
                Rule::TrueOnlyIn { allowed_in, .. } => {
                    matches!(value, Value::Flag(true)) && !allowed_in.contains(self.env)
                }
            };
            if broken {
                let fix = match *rule {
                    Rule::LongerThan { .. } => {
                        format!("raise {var} or lower {other_var}")
                    }
                    Rule::Distinct { .. } => {
                        format!("give {var} its own random value, different from {other_var}")
                    }
                    Rule::TrueOnlyIn { .. } => format!("set {var} to false or unset it"),
                };
                self.problem(var, ProblemKind::Rule(*rule), fix);
            }
        }
    }
}

/// Stands in for a field whose setting the registry does not know, so that
/// the load can go on collecting problems.
static UNKNOWN: Setting = Setting {
    name: "?",
    aliases: &[],
    kind: Kind::Text,
    default: crate::registry::DefaultValue::None,
    required_in: EnvSet::NONE,
    scope: crate::registry::Scope::PerService,
    description: "a setting the registry does not know",
};
