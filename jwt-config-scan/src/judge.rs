//! Each thing found judged by the registry, then the services' code
//! compared for drift.

use std::collections::BTreeMap;

use jwt_config_core::registry::{Kind, LooksLike, Lookup, Registry, Setting, VarFormat};
use jwt_config_core::{Environment, SecretString, snapshot};

use crate::lang::{Found, Literal, Via};
use crate::report::{Finding, FindingKind};

/// A setting's registry defaults in the four environments: a default in
/// code holds in all of them, so it agrees with the registry only where
/// the registry's default is that value everywhere.
struct RegistryDefaults {
    setting: &'static Setting,
    /// Each environment's default, as the setting reads it.
    each: [(Environment, Option<Normal>); 4],
}

impl RegistryDefaults {
    fn of(setting: &'static Setting) -> RegistryDefaults {
        RegistryDefaults {
            setting,
            each: Environment::ALL.map(|env| {
                let default = setting.default_for(env).map(|text| {
                    normal(
                        setting,
                        None,
                        &Literal {
                            text: text.to_owned(),
                            quoted: true,
                        },
                    )
                });
                (env, default)
            }),
        }
    }

    /// Whether `value` is the registry's default in every environment.
    fn everywhere(&self, value: &Normal) -> bool {
        self.each
            .iter()
            .all(|(_, default)| default.as_ref().is_some_and(|d| d.key == value.key))
    }

    /// The registry's default when it is one value everywhere.
    fn same(&self) -> Option<&'static str> {
        let first = self.setting.default_for(Environment::ALL[0])?;
        Environment::ALL
            .iter()
            .all(|&env| self.setting.default_for(env) == Some(first))
            .then_some(first)
    }

    /// What the registry says of the setting's default, in words.
    fn said(&self) -> String {
        if let Some(text) = self.same() {
            return format!("the registry's default is {text} in every environment");
        }
        if self.each.iter().all(|(_, default)| default.is_none()) {
            return "the registry has no default".to_owned();
        }
        let parts: Vec<String> = self
            .each
            .iter()
            .map(|(env, _)| match self.setting.default_for(*env) {
                Some(text) => format!("{text} in {env}"),
                None => format!("none in {env}"),
            })
            .collect();
        format!("the registry's default is {}", parts.join(", "))
    }
}

/// What one file holds, located.
pub(crate) struct FileFound {
    /// Relative, `/`-separated.
    pub(crate) file: String,
    pub(crate) service: String,
    pub(crate) found: Vec<Found>,
}

/// A value code falls back to for a shared setting, for the drift check.
struct CodeValue {
    setting: &'static Setting,
    service: String,
    file: String,
    line: usize,
    /// The alias read, when it is one.
    alias: Option<String>,
    value: Normal,
}

/// A literal as the setting reads it: `key` compares, `shown` is written.
#[derive(Clone)]
struct Normal {
    key: String,
    shown: String,
}

/// Every finding of `files`: those of one place in file order, then drift.
pub(crate) fn run(registry: &Registry, files: &[FileFound]) -> Vec<Finding> {
    let index = registry.name_index();
    let mut findings = Vec::new();
    let mut values = Vec::new();
    for file in files {
        for found in &file.found {
            let at = |kind, var: &str, setting: Option<&'static Setting>, message, fix| Finding {
                file: file.file.clone(),
                line: found.line,
                service: file.service.clone(),
                var: var.to_owned(),
                setting: setting.map(|s| s.name),
                kind,
                message,
                fix,
            };
            // A declared service's own name for a setting is that setting,
            // in the unit the declaration gives.
            let declared = registry.service(&file.service);
            let own = declared.and_then(|service| service.var_named(&found.var));
            let lookup = match own.and_then(|own| registry.get(own.setting)) {
                Some(setting) => Lookup::Canonical(setting),
                None => index.lookup(&found.var),
            };
            let format = own.and_then(|own| own.format);
            let (setting, alias) = match lookup {
                Lookup::Canonical(setting) => (setting, None),
                Lookup::Alias { alias, setting } => (setting, Some(alias.name)),
                Lookup::Unknown { .. } => {
                    if found.via == Via::Env
                        && !declared.is_some_and(|service| service.ignores(&found.var))
                        && let Some(looks) = index.looks_like(&found.var)
                    {
                        let suggestions: Vec<&str> = match looks {
                            LooksLike::ForEnvironment { setting, .. } => vec![setting.name],
                            LooksLike::Setting { suggestions } => {
                                suggestions.iter().map(|s| s.name).collect()
                            }
                        };
                        let fix = if suggestions.is_empty() {
                            "read the registry's setting for it, or add the name to the registry"
                                .to_owned()
                        } else {
                            format!("read {} instead", suggestions.join(" or "))
                        };
                        findings.push(at(
                            FindingKind::UnknownName,
                            &found.var,
                            None,
                            format!(
                                "reads {}, which is no setting of the registry but looks like one",
                                found.var
                            ),
                            fix,
                        ));
                    }
                    continue;
                }
            };
            // A declared service is checked by its declaration alone: a
            // setting its code reads that `reads` does not list is never
            // judged for it in a deployment.
            if found.via != Via::HardCoded
                && let Some(service) = declared
                && !service.reads_setting(setting.name)
            {
                let read = if found.written == setting.name {
                    setting.name.to_owned()
                } else {
                    format!("{} (the setting {})", found.written, setting.name)
                };
                findings.push(at(
                    FindingKind::Undeclared,
                    &found.written,
                    Some(setting),
                    format!(
                        "{} reads {read}, which its [[service]] does not list in `reads`: `check` never judges it for {}",
                        service.name, service.name
                    ),
                    format!(
                        "add \"{}\" to the `reads` of the [[service]] named \"{}\" in {}",
                        setting.name,
                        service.name,
                        registry.source().described()
                    ),
                ));
            }
            if found.via != Via::HardCoded
                && let Some(alias) = alias
            {
                findings.push(at(
                    FindingKind::LegacyName,
                    &found.written,
                    Some(setting),
                    format!("reads {alias}, a legacy alias of {}", setting.name),
                    format!("read {} (the canonical name)", setting.name),
                ));
            }
            let Some(default) = &found.default else {
                continue;
            };
            if setting.is_secret() {
                let print = snapshot::fingerprint(&SecretString::from(default.text.as_str()));
                let how = if found.via == Via::HardCoded {
                    format!("{} holds a secret for {}", found.written, setting.name)
                } else {
                    format!("{} falls back to a secret written in code", found.written)
                };
                findings.push(at(
                    FindingKind::SecretDefault,
                    &found.written,
                    Some(setting),
                    format!("{how} ({print}): a secret has no default"),
                    format!(
                        "remove the default: read {} and fail when it is unset",
                        setting.name
                    ),
                ));
                continue;
            }
            let value = normal(setting, format, default);
            let defaults = RegistryDefaults::of(setting);
            let registry_says = defaults.said();
            if found.via == Via::HardCoded {
                findings.push(at(
                    FindingKind::HardCoded,
                    &found.written,
                    Some(setting),
                    format!(
                        "{} holds {} for {}, whatever the environment sets ({registry_says})",
                        found.written, value.shown, setting.name
                    ),
                    format!(
                        "read {} from the environment; leave its default to the registry",
                        setting.name
                    ),
                ));
            } else if !defaults.everywhere(&value) {
                findings.push(at(
                    FindingKind::DefaultDiffers,
                    &found.written,
                    Some(setting),
                    format!(
                        "{} falls back to {} in code; {registry_says}",
                        found.written, value.shown
                    ),
                    match defaults.same() {
                        Some(text) => format!("fall back to {text}, or to no default in code"),
                        None => "remove the default from the code: which default holds depends on the environment, which the code cannot know; let the deployment set the variable"
                            .to_owned(),
                    },
                ));
            }
            if setting.category.is_some() {
                values.push(CodeValue {
                    setting,
                    service: file.service.clone(),
                    file: file.file.clone(),
                    line: found.line,
                    alias: alias.map(str::to_owned),
                    value,
                });
            }
        }
    }
    findings.extend(drift(&values));
    findings
}

/// One finding per shared setting whose code values differ between
/// services.
fn drift(values: &[CodeValue]) -> Vec<Finding> {
    let mut by_setting: BTreeMap<&str, Vec<&CodeValue>> = BTreeMap::new();
    for value in values {
        by_setting
            .entry(value.setting.name)
            .or_default()
            .push(value);
    }
    let mut findings = Vec::new();
    for (name, values) in by_setting {
        let first = values[0];
        let Some(category) = first.setting.category else {
            continue;
        };
        let mut keys: Vec<&str> = values.iter().map(|v| v.value.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut services: Vec<&str> = values.iter().map(|v| v.service.as_str()).collect();
        services.sort_unstable();
        services.dedup();
        if keys.len() < 2 || services.len() < 2 {
            continue;
        }
        // Each service with each value it falls back to, in file order.
        let mut groups: Vec<(&str, &Normal, Vec<String>)> = Vec::new();
        for value in &values {
            let place = match &value.alias {
                Some(alias) => format!("{}:{}, legacy {alias}", value.file, value.line),
                None => format!("{}:{}", value.file, value.line),
            };
            match groups.iter_mut().find(|(service, normal, _)| {
                *service == value.service && normal.key == value.value.key
            }) {
                Some((_, _, places)) => places.push(place),
                None => groups.push((&value.service, &value.value, vec![place])),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .enumerate()
            .map(|(i, (service, normal, places))| {
                let verb = if i == 0 { "falls back to " } else { "to " };
                format!("{service} {verb}{} ({})", normal.shown, places.join("; "))
            })
            .collect();
        let fix = format!(
            "let every service read {name} as the deployment sets it, with no value of its own"
        );
        findings.push(Finding {
            file: first.file.clone(),
            line: first.line,
            service: first.service.clone(),
            var: name.to_owned(),
            setting: Some(first.setting.name),
            kind: FindingKind::Drift(category),
            message: format!("{name}: {}", parts.join(", ")),
            fix,
        });
    }
    findings
}

/// `literal` as `setting` reads it: a duration in the setting's unit (from
/// `format`, the unit a service's own variable is written in, when it has
/// one), a flag as true or false, anything else as its trimmed text.
fn normal(setting: &Setting, format: Option<VarFormat>, literal: &Literal) -> Normal {
    let text = literal.text.trim();
    let mut shown = text.to_owned();
    let key = match setting.kind {
        Kind::Duration { unit, .. } => {
            let written_in = format.unwrap_or(unit.format());
            // Code often writes a duration as a span (`jwtExpiresIn =
            // '15m'`, as jsonwebtoken and ms read it; Go's and Rust's
            // durations are read so) where the variable counts a unit:
            // read so when it is no number of the unit.
            let parsed = written_in
                .to_unit(text, unit)
                .map(|amount| (amount, written_in))
                .or_else(|err| {
                    VarFormat::Span
                        .to_unit(text, unit)
                        .map(|amount| (amount, VarFormat::Span))
                        .map_err(|_| err)
                });
            match parsed {
                Ok((amount, written_in)) => {
                    if written_in != unit.format() {
                        shown = format!("{text} ({})", unit.show(amount));
                    }
                    amount.to_string()
                }
                // Not a whole number of the unit: compared as written, in
                // its own unit, so it never equals another unit's text.
                Err(_) => format!("{text} {}", written_in.name()),
            }
        }
        Kind::Flag => match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => "true".to_owned(),
            "false" | "0" | "no" | "off" => "false".to_owned(),
            other => other.to_owned(),
        },
        Kind::Integer { .. } => text
            .parse::<u64>()
            .map_or_else(|_| text.to_owned(), |n| n.to_string()),
        _ => text.to_owned(),
    };
    Normal { key, shown }
}
