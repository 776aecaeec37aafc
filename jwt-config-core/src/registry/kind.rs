//! What a setting's value is ([`Kind`]) and how strong a secret must be
//! ([`SecretPolicy`]).

use std::fmt;

use super::unit::Unit;
use crate::environment::{EnvSet, Environment};

/// The kind of a setting's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A deployment environment, parsed as [`Environment`].
    Environment,
    /// A secret: never trimmed, never printed, checked against the [`SecretPolicy`].
    Secret,
    /// A signing algorithm, parsed as [`Algorithm`](crate::Algorithm); `none` is never accepted.
    Algorithm,
    /// A whole number of `unit`s (a span such as `15m` for [`Unit::Span`])
    /// of at least `min` and, when there is a `max`, at most `max`.
    Duration {
        /// The unit the number counts.
        unit: Unit,
        /// The smallest accepted number of `unit`s (seconds for a span); 0
        /// is no lower bound.
        min: u64,
        /// The largest accepted number of `unit`s (seconds for a span);
        /// `None`: no upper bound.
        max: Option<u64>,
    },
    /// Free text, trimmed.
    Text,
    /// A comma-separated list of text items, each trimmed; empty items are dropped.
    TextList,
    /// A boolean: `true|false|1|0|yes|no|on|off`, any case.
    Flag,
    /// A whole number of at least `min` and, when there is a `max`, at most
    /// `max`, such as a port.
    Integer {
        /// The smallest accepted number; 0 is no lower bound.
        min: u64,
        /// The largest accepted number; `None`: no upper bound.
        max: Option<u64>,
    },
    /// An absolute URL (`scheme://host...`), such as a JWKS endpoint, trimmed.
    Url,
}

impl Kind {
    /// The name of every kind, as a registry file writes it.
    pub const NAMES: [&'static str; 9] = [
        "secret",
        "duration",
        "text",
        "text_list",
        "flag",
        "algorithm",
        "environment",
        "integer",
        "url",
    ];

    /// The kind's name in a registry file, such as `duration`.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Environment => "environment",
            Kind::Secret => "secret",
            Kind::Algorithm => "algorithm",
            Kind::Duration { .. } => "duration",
            Kind::Text => "text",
            Kind::TextList => "text_list",
            Kind::Flag => "flag",
            Kind::Integer { .. } => "integer",
            Kind::Url => "url",
        }
    }

    /// The bounds of a duration or an integer: the least number (0 for no
    /// lower bound) and the most, if any.
    pub const fn bounds(self) -> Option<(u64, Option<u64>)> {
        match self {
            Kind::Duration { min, max, .. } | Kind::Integer { min, max } => Some((min, max)),
            _ => None,
        }
    }
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
            Kind::Duration {
                unit: Unit::Span,
                min,
                max,
            } => match (min, max) {
                (0, None) => f.write_str("span (such as 15m)"),
                (0, Some(max)) => write!(f, "span, at most {}", Unit::Span.show(*max)),
                (min, None) => write!(f, "span, at least {}", Unit::Span.show(*min)),
                (min, Some(max)) => write!(
                    f,
                    "span, {} to {}",
                    Unit::Span.show(*min),
                    Unit::Span.show(*max)
                ),
            },
            Kind::Duration { unit, min, max } => {
                f.write_str(unit.plural())?;
                write_bounds(f, *min, *max)
            }
            Kind::Text => f.write_str("text"),
            Kind::TextList => f.write_str("text list (comma-separated)"),
            Kind::Flag => f.write_str("flag"),
            Kind::Integer { min, max } => {
                f.write_str("integer")?;
                write_bounds(f, *min, *max)
            }
            Kind::Url => f.write_str("url"),
        }
    }
}

/// `, min..=max`, `, at least min`, `, at most max` or nothing.
fn write_bounds(f: &mut fmt::Formatter<'_>, min: u64, max: Option<u64>) -> fmt::Result {
    match (min, max) {
        (0, None) => Ok(()),
        (min, None) => write!(f, ", at least {min}"),
        (min, Some(max)) => write!(f, ", {min}..={max}"),
    }
}

/// How strong a secret must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
