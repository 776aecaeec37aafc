//! The registry: every JWT setting's one name, its legacy aliases, kind,
//! default, the environments that require it, and the rules between settings.
//!
//! The registry is the single source of truth. `#[derive(JwtSettings)]`
//! checks names against it at compile time, the resolver reads it at run time
//! and the settings table in the README is generated from it. Nothing else
//! knows a fact about a setting.
//!
//! Everything takes a [`Registry`] as a value; [`standard()`] is the table
//! this crate ships.
//!
//! ```
//! use jwt_config_core::registry::{self, Lookup};
//!
//! let registry = registry::standard();
//! for setting in registry {
//!     assert!(setting.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
//! }
//! match registry.lookup("JWT_ACCESS_EXPIRY_MINUTES") {
//!     Lookup::Alias { setting, .. } => assert_eq!(setting.name, "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
//!     other => panic!("{other:?}"),
//! }
//! ```

use std::fmt;

use crate::environment::{EnvSet, Environment};

mod standard;

pub use standard::standard;

/// A table of settings, the rules between them and the secret policy.
#[derive(Debug)]
pub struct Registry {
    settings: &'static [Setting],
    rules: &'static [Rule],
    secrets: SecretPolicy,
    service_auth: Option<ServiceAuth>,
}

impl Registry {
    /// A registry of the given settings, rules, secret policy and
    /// service-to-service credentials.
    ///
    /// Names in `rules` and `service_auth` refer to canonical names in `settings`.
    pub const fn new(
        settings: &'static [Setting],
        rules: &'static [Rule],
        secrets: SecretPolicy,
        service_auth: Option<ServiceAuth>,
    ) -> Registry {
        Registry {
            settings,
            rules,
            secrets,
            service_auth,
        }
    }

    /// The settings that make up a service's credentials for calling other
    /// services, if the registry has them.
    pub fn service_auth(&self) -> Option<&ServiceAuth> {
        self.service_auth.as_ref()
    }

    /// Every setting, in table order.
    pub fn settings(&self) -> &'static [Setting] {
        self.settings
    }

    /// Iterates over every setting, in table order.
    pub fn iter(&self) -> std::slice::Iter<'static, Setting> {
        self.settings.iter()
    }

    /// The rules that relate settings to each other.
    pub fn rules(&self) -> &'static [Rule] {
        self.rules
    }

    /// How strong a secret must be in each environment.
    pub fn secret_policy(&self) -> &SecretPolicy {
        &self.secrets
    }

    /// The setting that selects the environment (the one of
    /// [`Kind::Environment`]), if the registry has one.
    pub fn environment_setting(&self) -> Option<&'static Setting> {
        self.settings
            .iter()
            .find(|setting| setting.kind == Kind::Environment)
    }

    /// The setting whose canonical name is `name`.
    pub fn get(&self, name: &str) -> Option<&'static Setting> {
        self.settings.iter().find(|setting| setting.name == name)
    }

    /// What `name` is: a canonical name, a legacy alias of one, or unknown
    /// (with the nearest canonical name, if one is close).
    pub fn lookup(&self, name: &str) -> Lookup {
        if let Some(setting) = self.get(name) {
            return Lookup::Canonical(setting);
        }
        for setting in self.settings {
            if let Some(alias) = setting.aliases.iter().find(|alias| **alias == name) {
                return Lookup::Alias { alias, setting };
            }
        }
        Lookup::Unknown {
            suggestion: self.nearest(name),
        }
    }

    /// The setting whose name or alias is closest to `name`, if it is close
    /// enough to be a likely typo.
    fn nearest(&self, name: &str) -> Option<&'static Setting> {
        const THRESHOLD: f64 = 0.8;
        let upper = name.to_ascii_uppercase();
        let upper = upper.as_str();
        self.settings
            .iter()
            .flat_map(|setting| {
                std::iter::once(setting.name)
                    .chain(setting.aliases.iter().copied())
                    .map(move |candidate| (strsim::jaro_winkler(upper, candidate), setting))
            })
            .filter(|(score, _)| *score > THRESHOLD)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, setting)| setting)
    }
}

impl IntoIterator for &Registry {
    type Item = &'static Setting;
    type IntoIter = std::slice::Iter<'static, Setting>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The answer of [`Registry::lookup`].
#[derive(Clone, Copy, Debug)]
pub enum Lookup {
    /// The name is a setting's canonical name.
    Canonical(&'static Setting),
    /// The name is a legacy alias of `setting`.
    Alias {
        /// The alias as registered.
        alias: &'static str,
        /// The setting it is an alias of.
        setting: &'static Setting,
    },
    /// The name is not in the registry.
    Unknown {
        /// The setting whose name is closest, if any is close.
        suggestion: Option<&'static Setting>,
    },
}

/// One setting of the registry.
#[derive(Debug)]
pub struct Setting {
    /// The canonical variable name, the only one a service may declare with `var`.
    pub name: &'static str,
    /// Legacy names still found in deployments; a service reads one only when
    /// it declares it with `alias`.
    pub aliases: &'static [&'static str],
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

/// The kind of a setting's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A deployment environment, parsed as [`Environment`].
    Environment,
    /// A secret: never trimmed, never printed, checked against the [`SecretPolicy`].
    Secret,
    /// A signing algorithm, parsed as [`Algorithm`](crate::Algorithm); `none` is never accepted.
    Algorithm,
    /// A whole number of `unit`s within `min..=max`.
    Duration {
        /// The unit the number counts.
        unit: Unit,
        /// The smallest accepted number.
        min: u64,
        /// The largest accepted number.
        max: u64,
    },
    /// Free text, trimmed.
    Text,
    /// A comma-separated list of text items, each trimmed; empty items are dropped.
    TextList,
    /// A boolean: `true|false|1|0|yes|no|on|off`, any case.
    Flag,
}

impl fmt::Display for Kind {
    /// How the kind reads in the settings table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Environment => f.write_str("environment"),
            Kind::Secret => f.write_str("secret"),
            Kind::Algorithm => {
                f.write_str("algorithm: ")?;
                for (i, alg) in crate::Algorithm::ALL.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(alg.as_str())?;
                }
                f.write_str(" (never `none`)")
            }
            Kind::Duration { unit, min, max } => write!(f, "{}, {min}..={max}", unit.plural()),
            Kind::Text => f.write_str("text"),
            Kind::TextList => f.write_str("text list (comma-separated)"),
            Kind::Flag => f.write_str("flag"),
        }
    }
}

/// The unit of a [`Kind::Duration`] setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Days.
    Days,
}

impl Unit {
    /// How many seconds one unit lasts.
    pub const fn seconds(self) -> u64 {
        match self {
            Unit::Seconds => 1,
            Unit::Minutes => 60,
            Unit::Days => 86_400,
        }
    }

    /// The unit's plural name, as in "minutes".
    pub const fn plural(self) -> &'static str {
        match self {
            Unit::Seconds => "seconds",
            Unit::Minutes => "minutes",
            Unit::Days => "days",
        }
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

/// What a setting is about, which names a disagreement on it in a drift report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// A secret.
    Secret,
    /// The signing algorithm.
    Algorithm,
    /// A token lifetime.
    Expiry,
    /// The issuer.
    Issuer,
    /// The audience.
    Audience,
    /// Clock skew tolerance.
    Leeway,
    /// Switches that turn token checks off.
    Verification,
}

impl Category {
    /// The drift report's name for a disagreement, such as `EXPIRY_MISMATCH`.
    pub const fn mismatch_code(self) -> &'static str {
        match self {
            Category::Secret => "SECRET_MISMATCH",
            Category::Algorithm => "ALGORITHM_MISMATCH",
            Category::Expiry => "EXPIRY_MISMATCH",
            Category::Issuer => "ISSUER_MISMATCH",
            Category::Audience => "AUDIENCE_MISMATCH",
            Category::Leeway => "LEEWAY_MISMATCH",
            Category::Verification => "VERIFICATION_MISMATCH",
        }
    }
}

/// The settings a service calls other services with, and the headers that
/// carry them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceAuth {
    /// The setting naming the calling service.
    pub id: &'static str,
    /// The secret setting shared by the services that call each other.
    pub secret: &'static str,
    /// The header carrying the id.
    pub id_header: &'static str,
    /// The header carrying the secret.
    pub secret_header: &'static str,
}

/// A rule between settings, or on a value beyond its kind, checked whenever
/// a load resolves every setting the rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `longer` must last longer than `shorter` (both [`Kind::Duration`]).
    LongerThan {
        /// The setting that must last longer.
        longer: &'static str,
        /// The setting it is compared with.
        shorter: &'static str,
    },
    /// Two secrets must differ in the environments of `in_envs`.
    Distinct {
        /// The setting reported when both are equal.
        setting: &'static str,
        /// The setting it must differ from.
        from: &'static str,
        /// Where the rule applies.
        in_envs: EnvSet,
    },
    /// A [`Kind::Flag`] setting may be true only in `allowed_in`.
    TrueOnlyIn {
        /// The flag.
        setting: &'static str,
        /// The environments where it may be true.
        allowed_in: EnvSet,
    },
}

impl Rule {
    /// The settings the rule reads, the first being the one a problem is reported on.
    pub fn settings(&self) -> [&'static str; 2] {
        match *self {
            Rule::LongerThan { longer, shorter } => [longer, shorter],
            Rule::Distinct { setting, from, .. } => [setting, from],
            Rule::TrueOnlyIn { setting, .. } => [setting, setting],
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::LongerThan { longer, shorter } => {
                write!(f, "`{longer}` must last longer than `{shorter}`")
            }
            Rule::Distinct {
                setting,
                from,
                in_envs,
            } => write!(
                f,
                "`{setting}` must differ from `{from}` in {}",
                crate::docs::and_list(&in_envs.iter().map(Environment::as_str).collect::<Vec<_>>())
            ),
            Rule::TrueOnlyIn {
                setting,
                allowed_in,
            } => write!(
                f,
                "`{setting}` may be true only in {}",
                crate::docs::and_list(
                    &allowed_in
                        .iter()
                        .map(Environment::as_str)
                        .collect::<Vec<_>>()
                )
            ),
        }
    }
}

/// How strong a secret must be.
#[derive(Clone, Copy, Debug)]
pub struct SecretPolicy {
    /// The least number of bytes, per environment in [`Environment::ALL`] order.
    pub min_bytes: [usize; 4],
    /// Where the pattern and whitespace checks apply.
    pub strict_in: EnvSet,
    /// Fragments (compared case-insensitively) that mark a placeholder
    /// secret, refused where the policy is strict.
    pub weak_patterns: &'static [&'static str],
}

impl SecretPolicy {
    /// The least number of bytes a secret has in `env`.
    pub const fn min_bytes(&self, env: Environment) -> usize {
        self.min_bytes[env.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_tells_canonical_alias_and_unknown_apart() {
        let registry = standard();
        assert!(matches!(
            registry.lookup("JWT_SECRET_KEY"),
            Lookup::Canonical(setting) if setting.name == "JWT_SECRET_KEY"
        ));
        assert!(matches!(
            registry.lookup("JWT_SECRET"),
            Lookup::Alias { alias: "JWT_SECRET", setting } if setting.name == "JWT_SECRET_KEY"
        ));
        assert!(matches!(
            registry.lookup("JWT_SECRET_KEYY"),
            Lookup::Unknown { suggestion: Some(setting) } if setting.name == "JWT_SECRET_KEY"
        ));
        assert!(matches!(
            registry.lookup("DATABASE_URL"),
            Lookup::Unknown { suggestion: None }
        ));
    }

    #[test]
    fn a_typo_of_an_alias_suggests_the_canonical_setting() {
        let Lookup::Unknown {
            suggestion: Some(setting),
        } = standard().lookup("JWT_REFRESH_EXPIRY_DAY")
        else {
            panic!("expected a suggestion");
        };
        assert_eq!(setting.name, "JWT_REFRESH_TOKEN_EXPIRE_DAYS");
    }

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

#[cfg(test)]
mod consistency {
    use super::*;

    /// A registry whose data contradicts itself would fail at run time, far
    /// from the mistake: these checks catch it where it is made.
    #[test]
    fn the_standard_registry_is_consistent() {
        let registry = standard();
        let mut names: Vec<&str> = Vec::new();
        for setting in registry {
            names.push(setting.name);
            names.extend(setting.aliases);
            if setting.is_secret() {
                assert_eq!(
                    setting.default,
                    DefaultValue::None,
                    "{} is a secret with a default",
                    setting.name
                );
            }
            if let Kind::Duration { min, max, .. } = setting.kind {
                assert!(min <= max, "{}", setting.name);
            }
        }
        let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "a name or alias appears twice");

        let kind = |name: &str| {
            registry
                .get(name)
                .unwrap_or_else(|| panic!("rule names unknown {name}"))
                .kind
        };
        for rule in registry.rules() {
            match *rule {
                Rule::LongerThan { longer, shorter } => {
                    assert!(matches!(kind(longer), Kind::Duration { .. }));
                    assert!(matches!(kind(shorter), Kind::Duration { .. }));
                }
                Rule::Distinct { setting, from, .. } => {
                    assert_eq!(kind(setting), Kind::Secret);
                    assert_eq!(kind(from), Kind::Secret);
                }
                Rule::TrueOnlyIn { setting, .. } => assert_eq!(kind(setting), Kind::Flag),
            }
        }
        let auth = registry
            .service_auth()
            .expect("the standard registry has service auth");
        assert_eq!(kind(auth.id), Kind::Text);
        assert_eq!(kind(auth.secret), Kind::Secret);
        assert_eq!(
            registry.environment_setting().map(|s| s.name),
            Some("ENVIRONMENT")
        );
        for setting in registry {
            let compared = setting.scope == Scope::Shared && setting.kind != Kind::Environment;
            assert_eq!(
                setting.category.is_some(),
                compared,
                "{}: category and scope disagree",
                setting.name
            );
        }
    }
}
