//! The deployment environments and sets of them.

use std::fmt;
use std::str::FromStr;

/// A deployment environment.
///
/// The environment decides which settings are required, which defaults apply
/// and how strict the secret rules are. It is read from the `ENVIRONMENT`
/// variable: unset means [`Environment::Development`], and any spelling that
/// is not listed in [`FromStr`](#impl-FromStr-for-Environment) is an error,
/// never a silent fallback.
///
/// ```
/// use jwt_config::Environment;
///
/// assert_eq!("PROD".parse::<Environment>(), Ok(Environment::Production));
/// assert_eq!("local".parse::<Environment>(), Ok(Environment::Development));
/// assert!("prodution".parse::<Environment>().is_err());
/// assert_eq!(Environment::Staging.to_string(), "staging");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "runtime",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Environment {
    /// A developer's machine: `development`, `dev` or `local`.
    Development,
    /// Automated tests: `test` or `testing`.
    Test,
    /// Pre-production: `staging` or `stage`.
    Staging,
    /// Production: `production` or `prod`.
    Production,
}

impl Environment {
    /// Every environment, from the most to the least permissive.
    pub const ALL: [Environment; 4] = [
        Environment::Development,
        Environment::Test,
        Environment::Staging,
        Environment::Production,
    ];

    /// The canonical lower-case name, as written in `ENVIRONMENT` and in
    /// `required_in(...)`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Staging => "staging",
            Environment::Production => "production",
        }
    }

    /// The spellings `ENVIRONMENT` accepts for this environment (any case).
    pub const fn spellings(self) -> &'static [&'static str] {
        match self {
            Environment::Development => &["development", "dev", "local"],
            Environment::Test => &["test", "testing"],
            Environment::Staging => &["staging", "stage"],
            Environment::Production => &["production", "prod"],
        }
    }

    /// The canonical names of every environment, comma-separated, as error
    /// messages list them.
    pub fn names() -> String {
        Environment::ALL.map(Environment::as_str).join(", ")
    }

    /// This environment's position in [`Environment::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environment {
    type Err = ParseEnvironmentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        Environment::ALL
            .into_iter()
            .find(|env| {
                env.spellings()
                    .iter()
                    .any(|spelling| spelling.eq_ignore_ascii_case(trimmed))
            })
            .ok_or_else(|| ParseEnvironmentError {
                input: s.to_owned(),
            })
    }
}

/// An environment as an organisation names it: one of the four, or one of
/// the registry's own (such as `qa`) following the defaults, requirements,
/// secret floors and rules of one of the four.
///
/// Loads, problems, snapshots and reports carry it, so that they say `qa`
/// where the deployment says `qa`; the rules only ever look at
/// [`follows`](NamedEnvironment::follows). Each of the four converts into the
/// environment that follows itself, so an [`Environment`] is accepted
/// wherever one of these is asked for.
///
/// ```
/// use jwt_config::{registry, Environment, NamedEnvironment};
///
/// let staging = NamedEnvironment::from(Environment::Staging);
/// assert_eq!((staging.name, staging.follows), ("staging", Environment::Staging));
/// assert_eq!(staging, Environment::Staging);
/// let qa = NamedEnvironment { name: "qa", follows: Environment::Staging };
/// assert_ne!(qa, Environment::Staging);
/// assert_eq!(registry::standard().environment("prod").unwrap().to_string(), "production");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NamedEnvironment {
    /// The name, as written in the environment variable and as reports show it.
    pub name: &'static str,
    /// The environment whose rules it follows.
    pub follows: Environment,
}

impl From<Environment> for NamedEnvironment {
    fn from(env: Environment) -> NamedEnvironment {
        NamedEnvironment {
            name: env.as_str(),
            follows: env,
        }
    }
}

impl fmt::Display for NamedEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Whether it is that environment itself (`qa` is not staging, though it
/// follows staging's rules).
impl PartialEq<Environment> for NamedEnvironment {
    fn eq(&self, other: &Environment) -> bool {
        self.follows == *other && self.name == other.as_str()
    }
}

impl PartialEq<NamedEnvironment> for Environment {
    fn eq(&self, other: &NamedEnvironment) -> bool {
        other == self
    }
}

/// From the most to the least permissive rules, then by name: `qa`
/// (following staging) sorts beside staging.
impl Ord for NamedEnvironment {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.follows, self.name).cmp(&(other.follows, other.name))
    }
}

impl PartialOrd for NamedEnvironment {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The error of parsing an [`Environment`] from a spelling it does not accept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseEnvironmentError {
    input: String,
}

impl ParseEnvironmentError {
    /// What was given.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseEnvironmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown environment `{}`, expected one of ", self.input)?;
        for (i, env) in Environment::ALL.into_iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let [name, others @ ..] = env.spellings() else {
                continue;
            };
            write!(f, "{sep}{name}")?;
            if !others.is_empty() {
                write!(f, " ({})", others.join(", "))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ParseEnvironmentError {}

/// A set of [`Environment`]s, such as the environments that require a setting.
///
/// ```
/// use jwt_config::{EnvSet, Environment};
///
/// let strict = EnvSet::of(&[Environment::Staging, Environment::Production]);
/// assert!(strict.contains(Environment::Production));
/// assert!(!strict.contains(Environment::Test));
/// assert_eq!(strict.to_string(), "staging, production");
/// assert_eq!(EnvSet::ALL.to_string(), "all");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EnvSet(u8);

impl EnvSet {
    /// No environment.
    pub const NONE: EnvSet = EnvSet(0);
    /// Every environment.
    pub const ALL: EnvSet = EnvSet(0b1111);
    /// Staging and production.
    pub const DEPLOYED: EnvSet = EnvSet::of(&[Environment::Staging, Environment::Production]);

    /// The set of the given environments.
    pub const fn of(envs: &[Environment]) -> EnvSet {
        let mut bits = 0;
        let mut i = 0;
        while i < envs.len() {
            bits |= 1 << envs[i] as u8;
            i += 1;
        }
        EnvSet(bits)
    }

    /// Whether `env` is in the set.
    pub const fn contains(self, env: Environment) -> bool {
        self.0 & (1 << env as u8) != 0
    }

    /// The set with `env` added.
    #[must_use]
    pub const fn with(self, env: Environment) -> EnvSet {
        EnvSet(self.0 | 1 << env as u8)
    }

    /// Every environment in either set.
    #[must_use]
    pub const fn union(self, other: EnvSet) -> EnvSet {
        EnvSet(self.0 | other.0)
    }

    /// The set as bits, one per environment in [`Environment::ALL`] order.
    pub(crate) const fn bits(self) -> u8 {
        self.0
    }

    /// The set of `bits` (as [`EnvSet::bits`] gives them); bits beyond the
    /// four environments are dropped.
    pub(crate) const fn from_bits(bits: u8) -> EnvSet {
        EnvSet(bits & EnvSet::ALL.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The environments in the set, in [`Environment::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Environment> {
        Environment::ALL
            .into_iter()
            .filter(move |env| self.contains(*env))
    }
}

impl fmt::Display for EnvSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == EnvSet::ALL {
            return f.write_str("all");
        }
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, env) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(env.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_spelling_parses_in_any_case() {
        for env in Environment::ALL {
            for spelling in env.spellings() {
                assert_eq!(spelling.parse::<Environment>(), Ok(env));
                assert_eq!(spelling.to_uppercase().parse::<Environment>(), Ok(env));
            }
            assert_eq!(env.as_str().parse::<Environment>(), Ok(env));
        }
    }

    #[test]
    fn unknown_spellings_are_errors_not_development() {
        for bad in ["", "prodution", "develop", "qa", "live"] {
            let err = bad.parse::<Environment>().unwrap_err();
            assert_eq!(err.input(), bad);
            assert!(err.to_string().contains("expected one of"), "{err}");
        }
    }

    #[test]
    fn env_sets_hold_what_they_are_given() {
        let set = EnvSet::NONE.with(Environment::Test);
        assert!(set.contains(Environment::Test));
        assert!(!set.contains(Environment::Development));
        assert_eq!(set.union(EnvSet::DEPLOYED).iter().count(), 3);
        assert_eq!(EnvSet::of(&Environment::ALL), EnvSet::ALL);
        assert_eq!(EnvSet::NONE.to_string(), "none");
    }
}
