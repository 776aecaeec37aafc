//! The rules between settings ([`Rule`]).

use std::fmt;

use crate::environment::{EnvSet, Environment};

/// A rule between settings, or on a value beyond its kind, checked whenever
/// a load reads every setting the rule names; a rule between two settings
/// that holds `across_services` is also checked by a deployment check
/// between the services of an environment, one reading each setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `longer` must last longer than `shorter` (both [`Kind::Duration`](super::Kind::Duration)).
    LongerThan {
        /// The setting that must last longer.
        longer: &'static str,
        /// The setting it is compared with.
        shorter: &'static str,
        /// Whether it holds between services too: `longer` as one service
        /// reads it, `shorter` as another does.
        across_services: bool,
    },
    /// Two secrets must differ in the environments of `in_envs`.
    Distinct {
        /// The setting reported when both are equal.
        setting: &'static str,
        /// The setting it must differ from.
        from: &'static str,
        /// Where the rule applies.
        in_envs: EnvSet,
        /// Whether it holds between services too: no service's `setting`
        /// may be another's `from`.
        across_services: bool,
    },
    /// A [`Kind::Flag`](super::Kind::Flag) setting may be true only in `allowed_in`.
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
            Rule::LongerThan {
                longer, shorter, ..
            } => [longer, shorter],
            Rule::Distinct { setting, from, .. } => [setting, from],
            Rule::TrueOnlyIn { setting, .. } => [setting, setting],
        }
    }

    /// Whether the rule holds between the services of an environment too
    /// (`across_services = true` in a registry file).
    pub fn across_services(&self) -> bool {
        match *self {
            Rule::LongerThan {
                across_services, ..
            }
            | Rule::Distinct {
                across_services, ..
            } => across_services,
            Rule::TrueOnlyIn { .. } => false,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |envs: &EnvSet| {
            crate::words::and_list(&envs.iter().map(Environment::as_str).collect::<Vec<_>>())
        };
        match self {
            Rule::LongerThan {
                longer, shorter, ..
            } => {
                write!(f, "`{longer}` must last longer than `{shorter}`")?;
            }
            Rule::Distinct {
                setting,
                from,
                in_envs,
                ..
            } if in_envs.is_empty() => write!(
                f,
                "`{setting}` must differ from `{from}` in no environment (the rule is off)"
            )?,
            Rule::Distinct {
                setting,
                from,
                in_envs,
                ..
            } => write!(
                f,
                "`{setting}` must differ from `{from}` in {}",
                names(in_envs)
            )?,
            Rule::TrueOnlyIn {
                setting,
                allowed_in,
            } if allowed_in.is_empty() => write!(f, "`{setting}` may never be true")?,
            Rule::TrueOnlyIn {
                setting,
                allowed_in,
            } => write!(f, "`{setting}` may be true only in {}", names(allowed_in))?,
        }
        if self.across_services() {
            f.write_str(", in each service and between services")?;
        }
        Ok(())
    }
}
