//! One setting of the registry: its names (canonical and legacy), default,
//! scope, drift category and encoding; [`Kind`] and [`Role`] have files of
//! their own.

use std::fmt;

use super::kind::Kind;
use super::role::Role;
use crate::environment::{EnvSet, Environment};

/// One setting of the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The canonical variable name, the only one a service may declare with `var`.
    pub name: &'static str,
    /// Legacy names still found in deployments; a service reads one only when
    /// it declares it with `alias`.
    pub aliases: &'static [Alias],
    /// What the value is and how it is parsed.
    pub kind: Kind,
    /// The value used when the variable is unset. Never set for a secret.
    pub default: DefaultValue,
    /// The environments in which the variable must be set.
    pub required_in: EnvSet,
    /// Whether every service of an environment must agree on the value.
    pub scope: Scope,
    /// What a disagreement between services on the value is called; `None`
    /// for the settings services are not compared on: their own identity
    /// ([`Scope::PerService`]) and the environment itself.
    pub category: Option<Category>,
    /// What the setting is for, so that code needing "the signing secret"
    /// finds it whatever the registry calls it.
    pub role: Option<Role>,
    /// How the variable gives a key: the text itself, base64, or a path.
    pub encoding: Encoding,
    /// One line saying what the setting is for.
    pub description: &'static str,
}

impl Setting {
    /// Whether the value is secret: never printed, only fingerprinted.
    pub const fn is_secret(&self) -> bool {
        matches!(self.kind, Kind::Secret)
    }

    /// The default in `env`, as it would be written in the variable.
    pub const fn default_for(&self, env: Environment) -> Option<&'static str> {
        self.default.for_env(env)
    }

    /// Whether the setting is required in `env` by the registry.
    pub const fn is_required_in(&self, env: Environment) -> bool {
        self.required_in.contains(env)
    }

    /// The environments where a load may leave the setting without a value:
    /// no default there, and required neither by the registry nor by
    /// `also_required_in` (the service's own requirements). A field for a
    /// setting absent anywhere must be an `Option`.
    pub fn absent_in(&self, also_required_in: EnvSet) -> EnvSet {
        let required = self.required_in.union(also_required_in);
        Environment::ALL
            .into_iter()
            .filter(|env| !required.contains(*env) && self.default_for(*env).is_none())
            .fold(EnvSet::NONE, EnvSet::with)
    }
}

/// How a key setting's variable gives its key (`encoding` in a registry
/// file): the built-in table reads every key as its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// The value is the key, as written: a secret's bytes, a PEM's text.
    #[default]
    Text,
    /// A secret written in base64 (standard alphabet, padded): the key is
    /// the decoded bytes, and a value that does not decode is a problem of
    /// the load. For a secret only.
    Base64,
    /// The path of a PEM file, read when the settings load: a file that
    /// cannot be read is a problem of the load, naming the variable and
    /// the path. For a setting of role `private_key` or `public_key` only.
    Path,
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 3] = [Encoding::Text, Encoding::Base64, Encoding::Path];

    /// The encoding's name in a registry file: `text`, `base64`, `path`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Text => "text",
            Encoding::Base64 => "base64",
            Encoding::Path => "path",
        }
    }

    /// The encoding a registry file names `name`.
    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL
            .into_iter()
            .find(|encoding| encoding.as_str() == name)
    }
}

/// A legacy name of a setting, still read by the services that declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The variable name.
    pub name: &'static str,
    /// Where reading it is a problem rather than a warning: the alias is
    /// being retired there.
    pub denied_in: EnvSet,
}

impl Alias {
    /// An alias allowed everywhere (with a warning).
    pub const fn new(name: &'static str) -> Alias {
        Alias {
            name,
            denied_in: EnvSet::NONE,
        }
    }

    /// The alias, denied in `envs`.
    #[must_use]
    pub const fn denied_in(self, envs: EnvSet) -> Alias {
        Alias {
            denied_in: envs,
            ..self
        }
    }

    /// Whether reading the alias is a problem in `env`.
    pub const fn is_denied_in(&self, env: Environment) -> bool {
        self.denied_in.contains(env)
    }
}

impl fmt::Display for Alias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A setting's default value, written as it would be in the variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// No default: unset means absent (or missing, where required).
    None,
    /// The same default in every environment.
    Always(&'static str),
    /// A default per environment, in [`Environment::ALL`] order.
    ByEnvironment([Option<&'static str>; 4]),
}

impl DefaultValue {
    /// The default in `env`.
    pub const fn for_env(&self, env: Environment) -> Option<&'static str> {
        match self {
            DefaultValue::None => None,
            DefaultValue::Always(value) => Some(value),
            DefaultValue::ByEnvironment(values) => values[env.index()],
        }
    }
}

impl fmt::Display for DefaultValue {
    /// How the default reads in the settings table, e.g. `development 60, staging 30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::None => f.write_str("—"),
            DefaultValue::Always(value) => f.write_str(value),
            DefaultValue::ByEnvironment(values) => {
                for (i, env) in Environment::ALL.into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match values[env.index()] {
                        Some(value) => write!(f, "{env} {value}")?,
                        None => write!(f, "{env} —")?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// Whether services must agree on a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every service of one environment must have the same value: a
    /// difference is drift.
    Shared,
    /// Each service has its own value by design (such as its own id).
    PerService,
}

/// The name a drift report gives a disagreement between services on a
/// setting, such as `EXPIRY_MISMATCH`.
///
/// The built-in table uses the constants below; an organisation's file may
/// name its own (upper-case letters, digits and `_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category(&'static str);

impl Category {
    /// Secrets differ.
    pub const SECRET: Category = Category("SECRET_MISMATCH");
    /// Signing algorithms differ.
    pub const ALGORITHM: Category = Category("ALGORITHM_MISMATCH");
    /// Token lifetimes differ.
    pub const EXPIRY: Category = Category("EXPIRY_MISMATCH");
    /// Issuers differ.
    pub const ISSUER: Category = Category("ISSUER_MISMATCH");
    /// Audiences differ.
    pub const AUDIENCE: Category = Category("AUDIENCE_MISMATCH");
    /// Clock skew tolerances differ.
    pub const LEEWAY: Category = Category("LEEWAY_MISMATCH");
    /// Switches that turn token checks off differ.
    pub const VERIFICATION: Category = Category("VERIFICATION_MISMATCH");
    /// The key pair's keys differ.
    pub const KEY: Category = Category("KEY_MISMATCH");
    /// The categories drift reports use for findings that are not about one
    /// shared setting's value; no setting may use them.
    pub const RESERVED: [&'static str; 2] = ["SERVICE_AUTH_ERROR", "LEGACY_NAME"];

    /// A category of this name. [`validate`](fn@super::validate) checks its spelling.
    pub const fn new(code: &'static str) -> Category {
        Category(code)
    }

    /// The drift report's name for a disagreement, such as `EXPIRY_MISMATCH`.
    pub const fn mismatch_code(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::environment::{EnvSet, Environment};
    use crate::registry::standard;

    #[test]
    fn absent_in_follows_defaults_and_required_environments() {
        let registry = standard();
        let issuer = registry.get("JWT_ISSUER").unwrap();
        assert_eq!(
            issuer.absent_in(EnvSet::NONE),
            EnvSet::of(&[Environment::Development, Environment::Test])
        );
        assert!(
            issuer
                .absent_in(EnvSet::of(&[Environment::Development, Environment::Test]))
                .is_empty()
        );
        let secret = registry.get("JWT_SECRET_KEY").unwrap();
        assert!(secret.absent_in(EnvSet::NONE).is_empty());
        let access = registry.get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert!(access.absent_in(EnvSet::NONE).is_empty());
    }

    #[test]
    fn defaults_read_per_environment() {
        let access = standard().get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert_eq!(access.default_for(Environment::Development), Some("60"));
        assert_eq!(access.default_for(Environment::Staging), Some("30"));
        assert_eq!(access.default_for(Environment::Production), Some("15"));
        assert_eq!(
            access.default.to_string(),
            "development 60, test 15, staging 30, production 15"
        );
    }
}
