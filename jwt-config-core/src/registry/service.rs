//! The services an organisation declares (`[[service]]` in its registry
//! file): which settings each reads, under which of its own variable names,
//! and in which unit or format when it is not the setting's.

use std::fmt;

use super::Unit;
use crate::environment::EnvSet;

/// A service the registry declares.
///
/// ```
/// use jwt_config::registry::{Loader, Service, ServiceRequirement, ServiceVar, VarFormat};
/// use jwt_config::{EnvSet, Environment};
///
/// let gotrue = Service {
///     name: "gotrue",
///     reads: &["JWT_SECRET_KEY", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"],
///     vars: &[ServiceVar {
///         var: "GOTRUE_JWT_EXP",
///         setting: "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
///         format: Some(VarFormat::Seconds),
///     }],
///     loader: Some(Loader::Dotenvy),
///     required_in: &[ServiceRequirement {
///         setting: "JWT_SECRET_KEY",
///         required_in: EnvSet::ALL,
///     }],
///     ignore: &["MINIO_SECRET_KEY", "S3_*"],
/// };
/// assert_eq!(gotrue.var_name("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"), "GOTRUE_JWT_EXP");
/// assert_eq!(gotrue.var_name("JWT_SECRET_KEY"), "JWT_SECRET_KEY");
/// assert!(!gotrue.reads_setting("JWT_ISSUER"));
/// assert!(gotrue.required_in("JWT_SECRET_KEY").contains(Environment::Development));
/// assert!(gotrue.ignores("S3_BUCKET") && gotrue.ignores("MINIO_SECRET_KEY"));
/// assert!(!gotrue.ignores("MINIO_ROOT_USER"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The name: the Compose service, Kubernetes workload or `.env` file
    /// stem it stands for.
    pub name: &'static str,
    /// The canonical names of the settings it reads.
    pub reads: &'static [&'static str],
    /// Its own variable names, where they differ from the canonical ones.
    pub vars: &'static [ServiceVar],
    /// The library it reads its own `.env` file with, when the registry
    /// says; `None`: not declared (the check reads it as dotenvy does, and
    /// says where other loaders would read a setting otherwise).
    pub loader: Option<Loader>,
    /// Environments where the service requires a setting it reads beyond
    /// the environments where the registry requires it
    /// (`required_in = { SERVICE_SECRET = ["development", ...] }`).
    pub required_in: &'static [ServiceRequirement],
    /// Other variables of the service's environment that are none of the
    /// check's business (`ignore = ["MINIO_SECRET_KEY", "S3_*"]`): never
    /// listed as unknown names that look like settings. Each is a variable
    /// name, or a prefix followed by one `*` at the end. The settings the
    /// service reads are judged whatever it says.
    pub ignore: &'static [&'static str],
}

/// The environments where a declared service requires one of the settings
/// it reads, beyond the registry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRequirement {
    /// The canonical name of the setting.
    pub setting: &'static str,
    /// The environments (of the four; an organisation's environment follows
    /// its tier's) where the service requires it.
    pub required_in: EnvSet,
}

/// A library that loads a service's `.env` file: they read some lines
/// differently (a `#` after a value, a backslash, a quote left open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loader {
    /// Rust's `dotenvy` 0.15 (`loader = "dotenvy"`).
    Dotenvy,
    /// Python's `python-dotenv` 1.x (`loader = "python-dotenv"`).
    PythonDotenv,
    /// Node's `dotenv` 16 (`loader = "node-dotenv"`).
    NodeDotenv,
    /// Docker Compose's `env_file` grammar (`loader = "compose"`).
    Compose,
}

impl Loader {
    /// Every loader, in the order reports name them.
    pub const ALL: [Loader; 4] = [
        Loader::Dotenvy,
        Loader::PythonDotenv,
        Loader::NodeDotenv,
        Loader::Compose,
    ];

    /// The name a registry file writes.
    pub fn name(self) -> &'static str {
        match self {
            Loader::Dotenvy => "dotenvy",
            Loader::PythonDotenv => "python-dotenv",
            Loader::NodeDotenv => "node-dotenv",
            Loader::Compose => "compose",
        }
    }

    /// The loader a registry file names `name`.
    pub fn from_name(name: &str) -> Option<Loader> {
        Loader::ALL.into_iter().find(|loader| loader.name() == name)
    }
}

impl fmt::Display for Loader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Service {
    /// Whether the service reads the setting named `setting`.
    pub fn reads_setting(&self, setting: &str) -> bool {
        self.reads.contains(&setting)
    }

    /// The service's own variable for `setting`, if it names it differently.
    pub fn var_for(&self, setting: &str) -> Option<&'static ServiceVar> {
        self.vars.iter().find(|var| var.setting == setting)
    }

    /// The service's own variable named `var`, if it has one.
    pub fn var_named(&self, var: &str) -> Option<&'static ServiceVar> {
        self.vars.iter().find(|own| own.var == var)
    }

    /// The environments where the service requires `setting` beyond the
    /// registry (empty when its declaration says nothing of it).
    pub fn required_in(&self, setting: &str) -> EnvSet {
        self.required_in
            .iter()
            .filter(|requirement| requirement.setting == setting)
            .fold(EnvSet::NONE, |set, requirement| {
                set.union(requirement.required_in)
            })
    }

    /// Whether `var` is one of the variables the declaration says are none
    /// of the check's business: named in `ignore`, or starting with the
    /// prefix of an entry that ends in `*`.
    pub fn ignores(&self, var: &str) -> bool {
        self.ignore
            .iter()
            .any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => var.starts_with(prefix),
                None => *pattern == var,
            })
    }

    /// The variable the service reads `setting` from: its own name, or the
    /// canonical one.
    pub fn var_name(&self, setting: &'static str) -> &'static str {
        self.var_for(setting).map_or(setting, |var| var.var)
    }
}

/// A service's own variable for a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceVar {
    /// The variable's name, as the service reads it (`GOTRUE_JWT_EXP`).
    pub var: &'static str,
    /// The canonical name of the setting it holds.
    pub setting: &'static str,
    /// Its unit or format, where it is not the setting's.
    pub format: Option<VarFormat>,
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
