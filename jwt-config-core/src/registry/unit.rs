//! Durations: the [`Unit`] a setting counts, the [`VarFormat`] a service
//! writes one in, and spans such as `1h30m`.

use std::fmt;

/// The unit of a [`Kind::Duration`](super::Kind::Duration) setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// A span such as `7d`, `15m` or `1h30m` (see
    /// [`VarFormat::Span`]): the value, the default and the bounds are
    /// written so, and a value counts whole seconds.
    Span,
}

impl Unit {
    /// How many seconds one unit lasts (one for a span, which counts seconds).
    pub const fn seconds(self) -> u64 {
        match self {
            Unit::Seconds | Unit::Span => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3_600,
            Unit::Days => 86_400,
        }
    }

    /// The plural name of what the unit counts, as in "minutes" (a span
    /// counts seconds).
    pub const fn plural(self) -> &'static str {
        match self {
            Unit::Seconds | Unit::Span => "seconds",
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
        }
    }

    /// The unit's name in a registry file: `seconds`, ..., `days`, `span`.
    pub const fn name(self) -> &'static str {
        match self {
            Unit::Span => "span",
            unit => unit.plural(),
        }
    }

    /// How a value of the unit is written: a number of the unit, or a span.
    pub const fn format(self) -> VarFormat {
        match self {
            Unit::Seconds => VarFormat::Seconds,
            Unit::Minutes => VarFormat::Minutes,
            Unit::Hours => VarFormat::Hours,
            Unit::Days => VarFormat::Days,
            Unit::Span => VarFormat::Span,
        }
    }

    /// `amount` units as a message shows them: `1 minute`, `15 minutes`,
    /// or a span in its canonical form (`1h30m`, `7d`).
    ///
    /// ```
    /// use jwt_config::registry::Unit;
    ///
    /// assert_eq!(Unit::Minutes.show(1), "1 minute");
    /// assert_eq!(Unit::Days.show(7), "7 days");
    /// assert_eq!(Unit::Span.show(5_400), "1h30m");
    /// ```
    pub fn show(self, amount: u64) -> String {
        match self {
            Unit::Span => span_text(amount),
            unit => crate::words::count(amount, unit.plural().trim_end_matches('s')),
        }
    }

    /// Every unit, shortest first, then the span.
    pub const ALL: [Unit; 5] = [
        Unit::Seconds,
        Unit::Minutes,
        Unit::Hours,
        Unit::Days,
        Unit::Span,
    ];

    /// The unit a registry file names `name`.
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|unit| unit.name() == name)
    }
}

/// The unit or format a service writes a duration in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarFormat {
    /// A whole number of milliseconds.
    Milliseconds,
    /// A whole number of seconds.
    Seconds,
    /// A whole number of minutes.
    Minutes,
    /// A whole number of hours.
    Hours,
    /// A whole number of days.
    Days,
    /// A span such as `7d`, `15m`, `1h30m` or `500ms`: whole numbers, each
    /// followed by `ms`, `s`, `m`, `h`, `d` or `w`, in the spirit of Node's
    /// `ms` package (its fractions, spaces and long unit names are not read).
    Span,
}

impl VarFormat {
    /// Every format, as registry files name them.
    pub const ALL: [VarFormat; 6] = [
        VarFormat::Milliseconds,
        VarFormat::Seconds,
        VarFormat::Minutes,
        VarFormat::Hours,
        VarFormat::Days,
        VarFormat::Span,
    ];

    /// The name in a registry file: `seconds`, ..., `span`.
    pub const fn name(self) -> &'static str {
        match self {
            VarFormat::Milliseconds => "milliseconds",
            VarFormat::Seconds => "seconds",
            VarFormat::Minutes => "minutes",
            VarFormat::Hours => "hours",
            VarFormat::Days => "days",
            VarFormat::Span => "span",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<VarFormat> {
        VarFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
    }

    /// How many milliseconds one of this unit lasts; `None` for a span.
    pub(crate) const fn millis(self) -> Option<u64> {
        let unit = match self {
            VarFormat::Milliseconds => return Some(1),
            VarFormat::Span => return None,
            VarFormat::Seconds => Unit::Seconds,
            VarFormat::Minutes => Unit::Minutes,
            VarFormat::Hours => Unit::Hours,
            VarFormat::Days => Unit::Days,
        };
        Some(unit.seconds() * 1_000)
    }

    /// What a value written in this format is, as a message says it: "a
    /// number of seconds", "a span such as 15m".
    ///
    /// ```
    /// use jwt_config::registry::VarFormat;
    ///
    /// assert_eq!(VarFormat::Seconds.described(), "a number of seconds");
    /// assert_eq!(VarFormat::Span.described(), "a span such as 15m");
    /// ```
    pub const fn described(self) -> &'static str {
        match self {
            VarFormat::Milliseconds => "a number of milliseconds",
            VarFormat::Seconds => "a number of seconds",
            VarFormat::Minutes => "a number of minutes",
            VarFormat::Hours => "a number of hours",
            VarFormat::Days => "a number of days",
            VarFormat::Span => "a span such as 15m",
        }
    }

    /// `text`, written in this format, as a whole number of `unit`s: the
    /// form a setting of that unit is compared in (900 seconds are 15
    /// minutes). `Err` says why it cannot be: not a number, or not a whole
    /// number of `unit`s.
    ///
    /// ```
    /// use jwt_config::registry::{Unit, VarFormat};
    ///
    /// assert_eq!(VarFormat::Seconds.to_unit("900", Unit::Minutes), Ok(15));
    /// assert_eq!(VarFormat::Span.to_unit("7d", Unit::Days), Ok(7));
    /// assert_eq!(VarFormat::Span.to_unit("1h30m", Unit::Minutes), Ok(90));
    /// assert!(VarFormat::Seconds.to_unit("90", Unit::Minutes).is_err());
    /// ```
    pub fn to_unit(self, text: &str, unit: Unit) -> Result<u64, String> {
        let millis = self.to_millis(text)?;
        let per = unit.seconds() * 1_000;
        if millis % per == 0 {
            Ok(millis / per)
        } else {
            Err(format!("a whole number of {}", unit.plural()))
        }
    }
}

impl VarFormat {
    /// `text`, written in this format, in milliseconds; `Err` says what the
    /// format reads.
    pub(crate) fn to_millis(self, text: &str) -> Result<u64, String> {
        let text = text.trim();
        match self.millis() {
            Some(per) => text
                .parse::<u64>()
                .ok()
                .and_then(|n| n.checked_mul(per))
                .ok_or_else(|| format!("a whole number of {}", self.name())),
            None => span_millis(text),
        }
    }
}

impl fmt::Display for VarFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `seconds` as a span in its canonical form: days, hours, minutes and
/// seconds, largest first, each only when not zero (`7d`, `1h30m`, `0s`).
pub(crate) fn span_text(seconds: u64) -> String {
    if seconds == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    let mut rest = seconds;
    for (per, letter) in [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')] {
        if rest >= per {
            out.push_str(&(rest / per).to_string());
            out.push(letter);
            rest %= per;
        }
    }
    out
}

/// The milliseconds of a span such as `1h30m`; `Err` names what a span is.
fn span_millis(text: &str) -> Result<u64, String> {
    const WHAT: &str = "a span such as 7d, 15m or 1h30m";
    let mut total: u64 = 0;
    let mut rest = text;
    if rest.is_empty() {
        return Err(WHAT.to_owned());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let amount: u64 = rest[..digits].parse().map_err(|_| WHAT.to_owned())?;
        rest = &rest[digits..];
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let per: u64 = match &rest[..letters] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            _ => return Err(WHAT.to_owned()),
        };
        rest = &rest[letters..];
        total = amount
            .checked_mul(per)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| WHAT.to_owned())?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_convert_between_units_when_whole() {
        assert_eq!(
            VarFormat::Milliseconds.to_unit("604800000", Unit::Days),
            Ok(7)
        );
        assert_eq!(VarFormat::Hours.to_unit("2", Unit::Minutes), Ok(120));
        assert_eq!(VarFormat::Span.to_unit("2w", Unit::Days), Ok(14));
        assert_eq!(
            VarFormat::Span.to_unit("500ms", Unit::Seconds).unwrap_err(),
            "a whole number of seconds"
        );
        for bad in ["", "7", "7x", "d7", "1.5h", "99999999999999999999d"] {
            assert!(
                VarFormat::Span.to_unit(bad, Unit::Seconds).is_err(),
                "{bad}"
            );
        }
        assert!(VarFormat::Seconds.to_unit("abc", Unit::Seconds).is_err());
        // A span setting counts seconds.
        assert_eq!(VarFormat::Span.to_unit("1h30m", Unit::Span), Ok(5_400));
        assert_eq!(VarFormat::Minutes.to_unit("15", Unit::Span), Ok(900));
    }

    #[test]
    fn spans_are_written_in_one_canonical_form() {
        for (seconds, text) in [
            (0, "0s"),
            (45, "45s"),
            (900, "15m"),
            (5_400, "1h30m"),
            (604_800, "7d"),
            (90_061, "1d1h1m1s"),
        ] {
            assert_eq!(span_text(seconds), text);
            assert_eq!(VarFormat::Span.to_unit(text, Unit::Span), Ok(seconds));
        }
    }
}
