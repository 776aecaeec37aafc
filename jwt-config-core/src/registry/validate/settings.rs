//! Each setting judged on its own (names, bounds, defaults, categories,
//! encodings) and the roles settings play.

use std::collections::BTreeMap;

use super::{Place, Validator, is_variable_name};
use crate::environment::Environment;
use crate::registry::{
    Category, DefaultValue, Encoding, Kind, Registry, Role, Scope, Unit, VarFormat,
};

impl Validator<'_> {
    /// Every name and alias is a variable name, and appears once.
    pub(super) fn names(&mut self) {
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

    pub(super) fn setting(&mut self, index: usize) {
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
            Encoding::Base64 if setting.kind != Kind::Secret => self.problem(
                at("encoding"),
                format!(
                    "`{name}` is a {} setting: only a secret may be written in base64",
                    setting.kind.name()
                ),
            ),
            Encoding::Path if !matches!(setting.role, Some(Role::PrivateKey | Role::PublicKey)) => {
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
    pub(super) fn roles(&mut self) {
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

fn is_category_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}
