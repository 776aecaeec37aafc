//! A registry's fingerprint: the same table gives the same fingerprint,
//! wherever it was read from and however its file was formatted.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::{DefaultValue, Kind, Registry, Scope};
use crate::environment::Environment;

impl Registry {
    /// A short digest of the table's content (`reg:` and 16 hex digits):
    /// reports name the registry they were made with by it, and drift
    /// comparison refuses snapshots of two different registries.
    ///
    /// Where the table was read from is not part of it: a file that says
    /// what the built-in table says has the built-in fingerprint.
    ///
    /// ```
    /// let registry = jwt_config::registry::standard();
    /// assert!(registry.fingerprint().starts_with("reg:"));
    /// assert_eq!(registry.fingerprint(), registry.fingerprint());
    /// ```
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.canonical_text().as_bytes());
        let digest = hasher.finalize();
        let mut out = String::from("reg:");
        for byte in &digest[..8] {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }

    /// Every fact of the table, one per line, in table order.
    fn canonical_text(&self) -> String {
        let mut out = String::from("jwt-config registry 1\n");
        for setting in self.settings {
            let _ = writeln!(out, "setting {}", setting.name);
            for alias in setting.aliases {
                let _ = writeln!(out, " alias {} denied {}", alias.name, alias.denied_in);
            }
            let _ = write!(out, " kind {}", setting.kind.name());
            match setting.kind {
                Kind::Duration { unit, min, max } => {
                    let _ = write!(out, " {} {min} {}", unit.name(), max_text(max));
                }
                Kind::Integer { min, max } => {
                    let _ = write!(out, " {min} {}", max_text(max));
                }
                _ => {}
            }
            out.push('\n');
            match setting.default {
                DefaultValue::None => {}
                _ => {
                    for env in Environment::ALL {
                        if let Some(value) = setting.default_for(env) {
                            let _ = writeln!(out, " default {env} {value:?}");
                        }
                    }
                }
            }
            let _ = writeln!(out, " required {}", setting.required_in);
            if setting.scope == Scope::PerService {
                out.push_str(" per_service\n");
            }
            if let Some(category) = setting.category {
                let _ = writeln!(out, " category {category}");
            }
            if let Some(role) = setting.role {
                let _ = writeln!(out, " role {role}");
            }
            if setting.encoding != super::Encoding::Text {
                let _ = writeln!(out, " encoding {}", setting.encoding.as_str());
            }
            let _ = writeln!(out, " description {:?}", setting.description);
        }
        for rule in self.rules {
            let _ = writeln!(out, "rule {rule}");
        }
        let policy = &self.secrets;
        let _ = writeln!(
            out,
            "secrets {:?} strict {} weak {:?}",
            policy.min_bytes, policy.strict_in, policy.weak_patterns
        );
        for env in self.environments {
            let _ = writeln!(out, "environment {} follows {}", env.name, env.follows);
        }
        let _ = writeln!(out, "headers {:?}", self.service_headers);
        for service in self.services {
            let _ = writeln!(
                out,
                "service {:?} reads {:?} loader {:?}",
                service.name,
                service.reads,
                service.loader.map(|loader| loader.name())
            );
            for var in service.vars {
                let format = var.format.map_or("", |format| format.name());
                let _ = writeln!(out, " var {} {} {format}", var.var, var.setting);
            }
            for requirement in service.required_in {
                let _ = writeln!(
                    out,
                    " required {} in {}",
                    requirement.setting, requirement.required_in
                );
            }
            for pattern in service.ignore {
                let _ = writeln!(out, " ignore {pattern:?}");
            }
            // `sources` is left out: where a service's code lives changes
            // no value it resolves, and moving a directory must not make
            // snapshots taken before and after incomparable.
        }
        out
    }
}

/// An upper bound as the canonical text writes it: its number, or `-`.
fn max_text(max: Option<u64>) -> String {
    max.map_or_else(|| "-".to_owned(), |max| max.to_string())
}
