//! A setting's value, parsed by its kind, and the bounds of a number.

use std::time::Duration;

use secrecy::SecretString;

use crate::algorithm::Algorithm;
use crate::environment::NamedEnvironment;
use crate::registry::{Setting, Unit, VarFormat};

/// A setting's value, parsed by its kind.
///
/// `Debug` never shows a secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Value {
    /// A [`Kind::Environment`](crate::registry::Kind::Environment) value.
    Environment(NamedEnvironment),
    /// A [`Kind::Secret`](crate::registry::Kind::Secret) value.
    Secret(SecretString),
    /// A [`Kind::Algorithm`](crate::registry::Kind::Algorithm) value.
    Algorithm(Algorithm),
    /// A [`Kind::Duration`](crate::registry::Kind::Duration) value: `amount` `unit`s.
    Duration {
        /// How many units.
        amount: u64,
        /// Of what.
        unit: Unit,
    },
    /// A [`Kind::Text`](crate::registry::Kind::Text) value, trimmed.
    Text(String),
    /// A [`Kind::TextList`](crate::registry::Kind::TextList) value, each item trimmed.
    TextList(Vec<String>),
    /// A [`Kind::Flag`](crate::registry::Kind::Flag) value.
    Flag(bool),
    /// A [`Kind::Integer`](crate::registry::Kind::Integer) value.
    Integer(u64),
    /// A [`Kind::Url`](crate::registry::Kind::Url) value, trimmed.
    Url(String),
}

impl Value {
    /// The secret `text` of `setting` as a value holds it: a PEM private
    /// key without the whitespace around it (it ends with a line break as
    /// written, and every PEM reader takes it so), any other secret as
    /// written. Every secret value is made here, so that one key compares
    /// and fingerprints alike wherever it came from.
    pub(crate) fn secret(setting: &Setting, text: &str) -> Value {
        Value::Secret(SecretString::from(held_secret(setting, text)))
    }

    /// The value as a [`Duration`], for a duration setting.
    pub fn as_duration(&self) -> Option<Duration> {
        match *self {
            Value::Duration { amount, unit } => {
                amount.checked_mul(unit.seconds()).map(Duration::from_secs)
            }
            _ => None,
        }
    }
}

/// The secret `text` of `setting` as [`Value::secret`] holds it.
pub(crate) fn held_secret<'t>(setting: &Setting, text: &'t str) -> &'t str {
    if setting.role == Some(crate::registry::Role::PrivateKey) {
        text.trim()
    } else {
        text
    }
}

/// The bounds of a number setting, and how its values are written: what a
/// problem about one says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The least number of the setting's unit; 0 is no lower bound.
    pub min: u64,
    /// The most; `None`: no upper bound.
    pub max: Option<u64>,
    /// The setting's unit; `None` for an integer.
    pub unit: Option<Unit>,
    /// How the value is written: the setting's own unit or span, or a
    /// service's own format; `None` for an integer.
    pub written: Option<VarFormat>,
}

impl Range {
    /// Whether `amount` (of the setting's unit) is within the bounds.
    pub fn contains(&self, amount: u64) -> bool {
        amount >= self.min && self.max.is_none_or(|max| amount <= max)
    }

    /// `bound` (of the setting's unit) as a whole number of the written
    /// unit; `None` when it is not one, or when values are written as spans.
    fn written_number(&self, bound: u64) -> Option<u64> {
        let (Some(unit), Some(written)) = (self.unit, self.written) else {
            return Some(bound);
        };
        let per = written.millis()?;
        let millis = bound.checked_mul(unit.seconds())?.checked_mul(1_000)?;
        (millis % per == 0).then_some(millis / per)
    }

    /// `bound` as a message shows it, with its unit: `60 seconds`, `1d`,
    /// with `detail` `1d (1440 minutes)` for a span of a setting counting
    /// minutes; a bound the written unit cannot count whole is shown in the
    /// setting's unit (`1 minute`).
    fn show(&self, bound: u64, detail: bool) -> String {
        let (Some(unit), Some(written)) = (self.unit, self.written) else {
            return bound.to_string();
        };
        if written == VarFormat::Span {
            let span = Unit::Span.show(bound.saturating_mul(unit.seconds()));
            return if detail && unit != Unit::Span {
                format!("{span} ({})", unit.show(bound))
            } else {
                span
            };
        }
        match self.written_number(bound) {
            Some(number) => crate::words::count(number, written.name().trim_end_matches('s')),
            None => unit.show(bound),
        }
    }

    /// Both bounds as whole numbers of the written unit, when there are two
    /// and they are (`1..=1440`).
    fn numbers(&self) -> Option<(u64, u64)> {
        if self.min == 0 || self.written == Some(VarFormat::Span) {
            return None;
        }
        Some((
            self.written_number(self.min)?,
            self.written_number(self.max?)?,
        ))
    }

    /// What a value of the range is, as a fix says it: `a number of
    /// minutes in 1..=1440`, `a span of at most 1d`, `a whole number`.
    pub fn wanted(&self) -> String {
        let what = match self.written {
            Some(VarFormat::Span) => "a span",
            Some(written) => written.described(),
            None => "a whole number",
        };
        // After "a number of minutes", a bound it counts whole is a number.
        let bound = |bound: u64| match self.written {
            Some(VarFormat::Span) => self.show(bound, false),
            _ => self
                .written_number(bound)
                .map_or_else(|| self.show(bound, false), |number| number.to_string()),
        };
        let bounds = match (self.numbers(), self.min, self.max) {
            (Some((min, max)), _, _) => format!(" in {min}..={max}"),
            (None, 0, None) => {
                return match self.written {
                    Some(written) => written.described().to_owned(),
                    None => what.to_owned(),
                };
            }
            (None, 0, Some(max)) => format!(" of at most {}", bound(max)),
            (None, min, None) => format!(" of at least {}", bound(min)),
            (None, min, Some(max)) => format!(" from {} to {}", bound(min), bound(max)),
        };
        format!("{what}{bounds}")
    }

    /// Why `value` (as written, `amount` of the setting's unit) is out of
    /// the range: `90000 seconds is outside 60..=86400 seconds`, ``\`7d\` is
    /// longer than the most the registry allows, 1d (1440 minutes)``.
    pub fn refusal(&self, value: &str, amount: u64) -> String {
        let too_small = amount < self.min;
        let shown = match self.written {
            Some(VarFormat::Span) => format!("`{value}`"),
            Some(written) => match value.parse::<u64>() {
                Ok(number) => crate::words::count(number, written.name().trim_end_matches('s')),
                Err(_) => format!("`{value}`"),
            },
            None => value.to_owned(),
        };
        if self.written == Some(VarFormat::Span) {
            return match (too_small, self.max) {
                (false, Some(max)) => format!(
                    "{shown} is longer than the most the registry allows, {}",
                    self.show(max, true)
                ),
                _ => format!(
                    "{shown} is shorter than the least the registry allows, {}",
                    self.show(self.min, true)
                ),
            };
        }
        if let Some((min, max)) = self.numbers() {
            let counts = match self.written {
                Some(written) => format!(" {}", written.name()),
                None => String::new(),
            };
            return format!("{shown} is outside {min}..={max}{counts}");
        }
        match (too_small, self.max) {
            (false, Some(max)) => format!(
                "{shown} is more than the most the registry allows, {}",
                self.show(max, true)
            ),
            _ => format!(
                "{shown} is less than the least the registry allows, {}",
                self.show(self.min, true)
            ),
        }
    }
}
