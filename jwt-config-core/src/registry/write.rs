//! Writing a registry as a registry file that reads back to the same table.

use std::fmt::Write as _;

use toml_writer::ToTomlValue;

use super::{DefaultValue, Kind, Registry, Rule, Scope, Unit};
use crate::environment::{EnvSet, Environment};

impl Registry {
    /// The table as a standalone registry file (`extends = "none"`): every
    /// setting, rule, floor and environment written out, so that reading it
    /// back gives the same table.
    ///
    /// ```
    /// use jwt_config::registry::{self, Registry};
    ///
    /// let text = registry::standard().to_toml();
    /// let read = Registry::from_toml("standard.toml", &text).unwrap();
    /// assert_eq!(read.settings(), registry::standard().settings());
    /// ```
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# A jwt-config registry: every JWT setting's one name, its aliases, kind,\n\
             # defaults, requirements, rules and role. README.md, \"The registry file\",\n\
             # documents each key.\n",
        );
        out.push_str("schema = 1\nextends = \"none\"\n");
        if !self.environments().is_empty() {
            out.push_str("\n[environments]\n");
            for env in self.environments() {
                let _ = writeln!(
                    out,
                    "{} = {}",
                    key(env.name),
                    env.follows.as_str().to_toml_value()
                );
            }
        }
        let policy = self.secret_policy();
        out.push_str("\n[secrets]\nmin_bytes = { ");
        for (i, env) in Environment::ALL.into_iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}{env} = {}", policy.min_bytes(env));
        }
        out.push_str(" }\n");
        let _ = writeln!(out, "strict_in = {}", envs(policy.strict_in));
        let _ = writeln!(
            out,
            "weak_patterns = {}",
            strings(policy.weak_patterns.iter().copied())
        );
        if let Some(auth) = self.service_auth() {
            out.push_str("\n[service_auth]\n");
            let _ = writeln!(out, "id_header = {}", auth.id_header.to_toml_value());
            let _ = writeln!(
                out,
                "secret_header = {}",
                auth.secret_header.to_toml_value()
            );
        }
        for setting in self {
            out.push_str("\n[[setting]]\n");
            let _ = writeln!(out, "name = {}", setting.name.to_toml_value());
            if !setting.aliases.is_empty() {
                let aliases: Vec<String> = setting
                    .aliases
                    .iter()
                    .map(|alias| {
                        if alias.denied_in.is_empty() {
                            alias.name.to_toml_value()
                        } else {
                            format!(
                                "{{ name = {}, deny_in = {} }}",
                                alias.name.to_toml_value(),
                                envs(alias.denied_in)
                            )
                        }
                    })
                    .collect();
                let _ = writeln!(out, "aliases = [{}]", aliases.join(", "));
            }
            let _ = writeln!(out, "kind = {}", setting.kind.name().to_toml_value());
            match setting.kind {
                Kind::Duration {
                    unit: Unit::Span,
                    min,
                    max,
                } => {
                    // A span setting's bounds are spans, as its values are.
                    let _ = writeln!(out, "unit = \"span\"");
                    let span = |seconds| Unit::Span.show(seconds).to_toml_value();
                    if min > 0 || max.is_some() {
                        let _ = writeln!(out, "min = {}", span(min));
                    }
                    if let Some(max) = max {
                        let _ = writeln!(out, "max = {}", span(max));
                    }
                }
                Kind::Duration { unit, min, max } => {
                    let _ = writeln!(out, "unit = {}", unit.name().to_toml_value());
                    bounds(&mut out, min, max);
                }
                Kind::Integer { min, max } => bounds(&mut out, min, max),
                _ => {}
            }
            match setting.default {
                DefaultValue::None => {}
                DefaultValue::Always(value) => {
                    let _ = writeln!(out, "default = {}", value.to_toml_value());
                }
                DefaultValue::ByEnvironment(values) => {
                    let parts: Vec<String> = Environment::ALL
                        .into_iter()
                        .filter_map(|env| {
                            let value = values[env.index()]?;
                            Some(format!("{env} = {}", value.to_toml_value()))
                        })
                        .collect();
                    let _ = writeln!(out, "default = {{ {} }}", parts.join(", "));
                }
            }
            if !setting.required_in.is_empty() {
                let _ = writeln!(out, "required_in = {}", envs(setting.required_in));
            }
            if setting.scope == Scope::PerService {
                out.push_str("scope = \"per_service\"\n");
            }
            if let Some(category) = setting.category {
                let _ = writeln!(
                    out,
                    "category = {}",
                    category.mismatch_code().to_toml_value()
                );
            }
            if let Some(role) = setting.role {
                let _ = writeln!(out, "role = {}", role.as_str().to_toml_value());
            }
            if setting.encoding != super::Encoding::Text {
                let _ = writeln!(
                    out,
                    "encoding = {}",
                    setting.encoding.as_str().to_toml_value()
                );
            }
            let _ = writeln!(out, "description = {}", setting.description.to_toml_value());
        }
        for rule in self.rules() {
            out.push_str("\n[[rule]]\n");
            match *rule {
                Rule::LongerThan {
                    longer, shorter, ..
                } => {
                    let _ = writeln!(
                        out,
                        "rule = \"longer_than\"\nsetting = {}\nthan = {}",
                        longer.to_toml_value(),
                        shorter.to_toml_value()
                    );
                }
                Rule::Distinct {
                    setting,
                    from,
                    in_envs,
                    ..
                } => {
                    let _ = writeln!(
                        out,
                        "rule = \"differs_from\"\nsetting = {}\nfrom = {}\nin = {}",
                        setting.to_toml_value(),
                        from.to_toml_value(),
                        envs(in_envs)
                    );
                }
                Rule::TrueOnlyIn {
                    setting,
                    allowed_in,
                } => {
                    let _ = writeln!(
                        out,
                        "rule = \"true_only_in\"\nsetting = {}\nin = {}",
                        setting.to_toml_value(),
                        envs(allowed_in)
                    );
                }
            }
            if rule.across_services() {
                out.push_str("across_services = true\n");
            }
        }
        for service in self.services() {
            out.push_str("\n[[service]]\n");
            let _ = writeln!(out, "name = {}", service.name.to_toml_value());
            let _ = writeln!(out, "reads = {}", strings(service.reads.iter().copied()));
            if let Some(loader) = service.loader {
                let _ = writeln!(out, "loader = {}", loader.name().to_toml_value());
            }
            if !service.required_in.is_empty() {
                let entries: Vec<String> = service
                    .required_in
                    .iter()
                    .map(|requirement| {
                        format!(
                            "{} = {}",
                            key(requirement.setting),
                            envs(requirement.required_in)
                        )
                    })
                    .collect();
                let _ = writeln!(out, "required_in = {{ {} }}", entries.join(", "));
            }
            if !service.ignore.is_empty() {
                let _ = writeln!(out, "ignore = {}", strings(service.ignore.iter().copied()));
            }
            if !service.sources.is_empty() {
                let _ = writeln!(
                    out,
                    "sources = {}",
                    strings(service.sources.iter().copied())
                );
            }
            if !service.vars.is_empty() {
                out.push_str("[service.vars]\n");
                for var in service.vars {
                    match var.format {
                        None => {
                            let _ =
                                writeln!(out, "{} = {}", key(var.var), var.setting.to_toml_value());
                        }
                        Some(format) => {
                            let _ = writeln!(
                                out,
                                "{} = {{ setting = {}, unit = {} }}",
                                key(var.var),
                                var.setting.to_toml_value(),
                                format.name().to_toml_value()
                            );
                        }
                    }
                }
            }
        }
        out
    }
}

/// A bare key when the name allows one, else a quoted key.
fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        name.to_owned()
    } else {
        name.to_toml_value()
    }
}

fn envs(set: EnvSet) -> String {
    strings(set.iter().map(Environment::as_str))
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|item| item.to_toml_value()).collect();
    format!("[{}]", items.join(", "))
}

/// `min` (unless it is 0, no lower bound, and there is no `max` either)
/// and `max` (when there is one).
fn bounds(out: &mut String, min: u64, max: Option<u64>) {
    if min > 0 || max.is_some() {
        let _ = writeln!(out, "min = {min}");
    }
    if let Some(max) = max {
        let _ = writeln!(out, "max = {max}");
    }
}

#[cfg(test)]
mod tests {
    use super::super::{STANDARD_TOML, standard};

    #[test]
    fn the_shipped_standard_toml_is_what_the_table_writes() {
        if std::env::var_os("JWT_CONFIG_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/registry/standard.toml");
            std::fs::write(path, standard().to_toml()).unwrap();
            return;
        }
        assert_eq!(
            STANDARD_TOML,
            standard().to_toml(),
            "run JWT_CONFIG_BLESS=1 cargo test -p jwt-config-core --all-features to rewrite standard.toml"
        );
    }
}
