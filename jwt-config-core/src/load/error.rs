//! What can be wrong with a load: every problem, with its variable, its
//! environment and its fix.

use std::fmt;
use std::sync::Arc;

use crate::environment::NamedEnvironment;
use crate::load::source::{DotenvError, Outside};
use crate::registry::{Loader, Rule};
use crate::value::Range;
use crate::words::count;

/// The error of a load: every problem found, never only the first.
///
/// Its `Display` names the service and environment, then lists each problem
/// on its own line. No secret value ever appears in it.
///
/// ```
/// use jwt_config::{registry, resolve, Environment};
/// use std::collections::HashMap;
///
/// let vars: HashMap<String, String> = HashMap::new();
/// let fields = [resolve::FieldSpec::new("JWT_SECRET_KEY")];
/// let err = resolve::resolve(registry::standard(), &vars, Environment::Staging, "auth", &fields)
///     .unwrap_err();
/// assert_eq!(err.problems()[0].var(), "JWT_SECRET_KEY");
/// assert!(err.to_string().contains("staging"));
/// ```
///
/// Its `Debug` is its `Display`, so that `fn main() -> Result<(), LoadError>`
/// prints the list of problems rather than a dump of the structure.
#[derive(Clone)]
pub struct LoadError {
    service: Option<String>,
    environment: Option<NamedEnvironment>,
    problems: Vec<Problem>,
    /// The `.env` file that could not be read, for a load that never began.
    file: Option<Arc<DotenvError>>,
}

impl From<DotenvError> for LoadError {
    /// A `.env` file that cannot be read, so that
    /// `T::from_source(&DotenvFile::open(".env")?)` works in a function
    /// returning `Result<_, LoadError>`.
    fn from(err: DotenvError) -> LoadError {
        LoadError {
            service: None,
            environment: None,
            problems: Vec::new(),
            file: Some(Arc::new(err)),
        }
    }
}

impl fmt::Debug for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl LoadError {
    pub(crate) fn new(
        service: Option<&str>,
        environment: Option<NamedEnvironment>,
        problems: Vec<Problem>,
    ) -> LoadError {
        LoadError {
            service: service.map(str::to_owned),
            environment,
            problems,
            file: None,
        }
    }

    /// The `.env` file that could not be read, when that is why the load
    /// failed (then [`problems`](LoadError::problems) is empty).
    pub fn file_error(&self) -> Option<&DotenvError> {
        self.file.as_deref()
    }

    /// The environment the load was for; `None` when `ENVIRONMENT` itself
    /// could not be read.
    pub fn environment(&self) -> Option<NamedEnvironment> {
        self.environment
    }

    /// The service whose settings were loaded, if known.
    pub fn service(&self) -> Option<&str> {
        self.service.as_deref()
    }

    pub(crate) fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// Every problem, in field order, then the rules between fields.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            return write!(f, "cannot read the JWT settings from {file}");
        }
        f.write_str("invalid JWT settings")?;
        if let Some(service) = &self.service {
            write!(f, " for {service}")?;
        }
        if let Some(env) = self.environment {
            write!(f, " in {env}")?;
        }
        let count = self.problems.len();
        write!(
            f,
            " ({count} problem{}):",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.file
            .as_deref()
            .map(|err| err as &(dyn std::error::Error + 'static))
    }
}

/// One thing wrong with one variable.
///
/// `Display` reads `VAR (environment): what is wrong; what to do`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    var: String,
    /// The canonical name of the setting `var` stands for, when it is one.
    pub(crate) setting: Option<&'static str>,
    environment: Option<NamedEnvironment>,
    kind: ProblemKind,
    fix: String,
}

impl Problem {
    /// The problem without the value it quotes: for a value that holds a
    /// secret (one interpolated into a lifetime by mistake, say).
    pub(crate) fn without_value(mut self) -> Problem {
        if let ProblemKind::Invalid { value, expected } = &mut self.kind {
            *value = None;
            // A fix may show the value reworked (a list's items): it says
            // what is expected instead.
            self.fix = format!("set {} to {expected}", self.var);
        }
        self
    }

    pub(crate) fn new(
        var: impl Into<String>,
        environment: Option<NamedEnvironment>,
        kind: ProblemKind,
        fix: impl Into<String>,
    ) -> Problem {
        Problem {
            var: var.into(),
            setting: None,
            environment,
            kind,
            fix: fix.into(),
        }
    }

    pub(crate) fn in_environment(self, env: NamedEnvironment) -> Problem {
        Problem {
            environment: Some(env),
            ..self
        }
    }

    /// The variable the user must fix.
    pub fn var(&self) -> &str {
        &self.var
    }

    /// The canonical name of the setting the variable stands for (itself,
    /// the setting a legacy alias stands for, or the one a declared
    /// service's own variable such as `GOTRUE_JWT_EXP` stands for); `None`
    /// outside a load.
    pub fn setting(&self) -> Option<&'static str> {
        self.setting
    }

    /// The environment the problem was found in; `None` only when
    /// `ENVIRONMENT` itself could not be read.
    pub fn environment(&self) -> Option<NamedEnvironment> {
        self.environment
    }

    /// What is wrong.
    pub fn kind(&self) -> &ProblemKind {
        &self.kind
    }

    /// What to do about it.
    pub fn fix(&self) -> &str {
        &self.fix
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.var)?;
        if let Some(env) = self.environment {
            write!(f, " ({env})")?;
        }
        write!(f, ": {}; {}", self.kind, self.fix)
    }
}

/// What is wrong with a variable. Values appear only for settings that are
/// not secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The setting has no value and no default, and the environment requires it.
    Missing,
    /// The variable and `other` (a canonical name and an alias of it) are
    /// both set, to different values.
    Conflict {
        /// The other variable.
        other: String,
        /// This variable's and the other's values; `None` for a secret.
        values: Option<(String, String)>,
    },
    /// The value cannot be read as the setting's kind.
    Invalid {
        /// The value as given; `None` for a secret.
        value: Option<String>,
        /// What was expected instead.
        expected: String,
    },
    /// The number is outside the setting's bounds.
    OutOfRange {
        /// The value as written (`7d`, `90000`).
        value: String,
        /// The value, counted in the setting's unit.
        amount: u64,
        /// The bounds, in the setting's unit, and how the value is written:
        /// the message speaks of the value as written.
        range: Range,
    },
    /// The secret is too weak for the environment.
    WeakSecret(WeakSecret),
    /// A rule between settings is broken.
    Rule(Rule),
    /// The value was read through a legacy alias the registry retires in
    /// this environment.
    DeniedAlias {
        /// The canonical name to use instead.
        setting: String,
    },
    /// `ENVIRONMENT` names another environment than the one being loaded.
    WrongEnvironment {
        /// The environment `ENVIRONMENT` names.
        found: NamedEnvironment,
    },
    /// The value is not valid UTF-8.
    NotUnicode,
    /// The value starts or ends with whitespace (a trailing line break,
    /// say), which services read as part of it.
    Untrimmed,
    /// The file sets the variable on several lines with different values;
    /// the first is read, as `dotenvy::dotenv()` reads it.
    Redefined {
        /// Every line that sets it, in order.
        lines: Vec<usize>,
    },
    /// The value refers to `$reference`, which the file does not define
    /// above it: dotenvy would fill it in from the environment of whoever
    /// reads the file. The empty name is a `$` with no name, which dotenvy
    /// drops.
    Unresolved {
        /// The name referred to; `None` in a secret's value, where the name
        /// is part of the secret's text and is never shown.
        reference: Option<String>,
        /// The line of the assignment.
        line: usize,
    },
    /// The value refers to `$reference`, which the source does not set:
    /// whoever reads the source would take it from outside it, as the
    /// source words it ([`Defect::FromOutside`](crate::Defect::FromOutside)).
    FromOutside {
        /// The name referred to; `None` in a secret's value.
        reference: Option<String>,
        /// The line of the entry.
        line: usize,
        /// The source's words.
        outside: Outside,
    },
    /// The field's type cannot hold the resolved value: a number above the
    /// type's range. The derive rules out a field written `u16` or `u32`
    /// for a setting allowed beyond it; what is left is a type alias of a
    /// narrow number, and hand-written loaders. Every such field of a load
    /// is reported together (see
    /// [`Resolution::take`](crate::__private::Resolution::take)).
    FieldType {
        /// The field type's name, as [`std::any::type_name`] gives it (with
        /// its path, which may change between compilers).
        ty: &'static str,
    },
    /// The loaders a service may use read the variable's line differently,
    /// and the registry does not say which one the service uses.
    LoadersDisagree {
        /// The line of the assignment.
        line: usize,
        /// Each loader, and what it reads as shown: a secret as its
        /// fingerprint, other text quoted, `nothing` where it sets none.
        readings: Vec<(Loader, String)>,
    },
    /// A field that is not an `Option` has no value: the source sets it
    /// where it cannot be read (a Kubernetes Secret the manifests do not
    /// hold, or a value quoting one). The derive rules out a setting that
    /// may be unset; this is what is left.
    NoValue {
        /// The field type's name, as a user writes it (`String`).
        ty: String,
    },
    /// The variable is set, and so is `file_var`, its `NAME_FILE`, which
    /// names a file to read its value from: services disagree on which one
    /// counts (Docker's official images refuse both), so neither is read.
    FileConflict {
        /// The `NAME_FILE` variable.
        file_var: String,
    },
    /// The variable, a `NAME_FILE`, names a file that cannot be read as
    /// text: missing, not allowed, not UTF-8.
    UnreadableFile {
        /// The path the variable names; `None` when its value does not look
        /// like a path (a key or a secret set there by mistake), and so is
        /// never shown.
        path: Option<String>,
        /// Why it cannot be read, as the operating system says it (or that
        /// the content is not UTF-8); never any of the content.
        reason: String,
    },
}

impl ProblemKind {
    /// A stable name for the kind, as in JSON reports: `missing`, `conflict`, ...
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::Missing => "missing",
            ProblemKind::Conflict { .. } => "conflict",
            ProblemKind::Invalid { .. } => "invalid",
            ProblemKind::OutOfRange { .. } => "out_of_range",
            ProblemKind::WeakSecret(_) => "weak_secret",
            ProblemKind::Rule(_) => "rule",
            ProblemKind::DeniedAlias { .. } => "denied_alias",
            ProblemKind::WrongEnvironment { .. } => "wrong_environment",
            ProblemKind::NotUnicode => "not_unicode",
            ProblemKind::Untrimmed => "untrimmed",
            ProblemKind::Redefined { .. } => "redefined",
            ProblemKind::Unresolved { .. } => "unresolved_reference",
            ProblemKind::FromOutside { outside, .. } => outside.code,
            ProblemKind::FieldType { .. } => "field_type",
            ProblemKind::NoValue { .. } => "no_value",
            ProblemKind::LoadersDisagree { .. } => "loaders_disagree",
            ProblemKind::FileConflict { .. } => "file_conflict",
            ProblemKind::UnreadableFile { .. } => "unreadable_file",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Missing => f.write_str("not set, but required in this environment"),
            ProblemKind::Conflict {
                other,
                values: Some((mine, theirs)),
            } => write!(
                f,
                "set to `{mine}` while {other} is set to `{theirs}`, so which one applies is unclear"
            ),
            ProblemKind::Conflict {
                other,
                values: None,
            } => write!(
                f,
                "set to a different secret than {other}, so which one applies is unclear"
            ),
            ProblemKind::Invalid {
                value: Some(value),
                expected,
            } => write!(f, "`{value}` is not {expected}"),
            ProblemKind::Invalid {
                value: None,
                expected,
            } => write!(f, "the value is not {expected}"),
            ProblemKind::OutOfRange {
                value,
                amount,
                range,
            } => f.write_str(&range.refusal(value, *amount)),
            ProblemKind::WeakSecret(weak) => weak.fmt(f),
            ProblemKind::Rule(rule) => write!(f, "breaks the rule {rule}"),
            ProblemKind::DeniedAlias { setting } => write!(
                f,
                "a legacy name of {setting} that the registry retires in this environment"
            ),
            ProblemKind::WrongEnvironment { found } => {
                write!(
                    f,
                    "names {found}, but the settings are loaded for another environment"
                )
            }
            ProblemKind::NotUnicode => f.write_str("the value is not valid UTF-8"),
            ProblemKind::FileConflict { file_var } => write!(
                f,
                "set while {file_var} names a file to read it from, so which one applies is unclear"
            ),
            ProblemKind::UnreadableFile {
                path: Some(path),
                reason,
            } => write!(
                f,
                "names the file `{}`, which cannot be read: {reason}",
                path.escape_debug()
            ),
            ProblemKind::UnreadableFile { path: None, reason } => write!(
                f,
                "names a file that cannot be read: {reason}; its value, which does not look like a path (is the key itself there?), is not shown"
            ),
            ProblemKind::Untrimmed => f.write_str(
                "the value starts or ends with whitespace (a line break, say), which services read as part of it",
            ),
            ProblemKind::Redefined { lines } => {
                let [first, .., last] = &lines[..] else {
                    return f.write_str("set more than once, to different values");
                };
                let others: Vec<String> = lines[1..].iter().map(usize::to_string).collect();
                let again = match &others[..] {
                    [one] => format!("line {one}, with a different value"),
                    _ => format!(
                        "lines {}, with different values",
                        crate::words::and_list(
                            &others.iter().map(String::as_str).collect::<Vec<_>>()
                        )
                    ),
                };
                write!(
                    f,
                    "set on line {first} and again on {again}: dotenvy reads the first (line {first}), Docker Compose and python-dotenv the last (line {last})"
                )
            }
            ProblemKind::FromOutside {
                reference: Some(reference),
                line,
                outside,
            } => write!(
                f,
                "its value on line {line} comes from ${reference}, which {}: {}",
                outside.unset_in, outside.filled_by
            ),
            ProblemKind::FromOutside {
                reference: None,
                line,
                outside,
            } => write!(
                f,
                "its value on line {line} refers to a variable {}: {} (the name is part of the secret, so it is not shown)",
                outside.unset_in, outside.filled_by
            ),
            ProblemKind::Unresolved {
                reference: None,
                line,
            } => write!(
                f,
                "its value on line {line} holds a `$` that names nothing the file defines above it: the service's loader (dotenvy, unless the registry says another) would fill it in from the environment of whoever reads the file (the name is part of the secret, so it is not shown)"
            ),
            ProblemKind::Unresolved {
                reference: Some(reference),
                line,
            } if reference.is_empty() => write!(
                f,
                "its value on line {line} holds a `$` with no name after it, which dotenvy drops"
            ),
            ProblemKind::Unresolved {
                reference: Some(reference),
                line,
            } => write!(
                f,
                "its value on line {line} refers to ${reference}, which the file does not define above it: the service's loader (dotenvy, unless the registry says another) would take it from the environment of whoever reads the file"
            ),
            ProblemKind::FieldType { ty } => {
                write!(
                    f,
                    "a field of type `{}` cannot hold the value",
                    unqualified(ty)
                )
            }
            ProblemKind::NoValue { ty } => write!(
                f,
                "it has no value this source can show, and a field of type `{ty}` needs one"
            ),
            ProblemKind::LoadersDisagree { line, readings } => {
                let readings: Vec<String> = readings
                    .iter()
                    .map(|(loader, shown)| format!("{loader} {shown}"))
                    .collect();
                write!(
                    f,
                    "loaders read line {line} differently ({}), and the registry does not say which one this service uses",
                    readings.join(", ")
                )
            }
        }
    }
}

/// A type's name as a user writes it: `Option<Vec<String>>`, not
/// `core::option::Option<alloc::vec::Vec<alloc::string::String>>` as
/// [`std::any::type_name`] gives it, and `SecretString`, not
/// `secrecy::SecretBox<str>`.
pub(crate) fn unqualified(ty: &str) -> String {
    let mut out = String::with_capacity(ty.len());
    // Where the path being written started in `out`.
    let mut path = 0;
    for c in ty.chars() {
        match c {
            ':' => out.truncate(path),
            c if c.is_alphanumeric() || c == '_' => out.push(c),
            c => {
                out.push(c);
                path = out.len();
            }
        }
    }
    // `SecretString` is an alias, which `type_name` cannot tell.
    out.replace("SecretBox<str>", "SecretString")
}

/// Why a secret is too weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WeakSecret {
    /// Shorter than the environment's floor.
    TooShort {
        /// The secret's length in bytes.
        bytes: usize,
        /// The floor.
        min: usize,
    },
    /// Contains a known placeholder fragment.
    ///
    /// The message names the fragment as the registry writes it: that text
    /// is the registry's, not the secret's (which is compared with it
    /// whatever its case and separators), so nothing of the secret shows.
    Placeholder {
        /// The fragment's position in the registry's `weak_patterns`.
        index: usize,
        /// The fragment, as the registry's `weak_patterns` writes it.
        pattern: &'static str,
    },
    /// Starts or ends with whitespace, a sign of a copy-paste accident.
    Whitespace,
}

impl fmt::Display for WeakSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeakSecret::TooShort { bytes, min } => write!(
                f,
                "the secret is {} long, shorter than the {} required",
                count(*bytes as u64, "byte"),
                count(*min as u64, "byte")
            ),
            WeakSecret::Placeholder { pattern, .. } => write!(
                f,
                "the secret contains the weak pattern `{pattern}` (compared whatever the case and the `_`, `-` or spaces between words)"
            ),
            WeakSecret::Whitespace => f.write_str("the secret starts or ends with whitespace"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{WeakSecret, unqualified};

    #[test]
    fn a_count_of_one_is_singular() {
        let short = |bytes, min| WeakSecret::TooShort { bytes, min }.to_string();
        assert_eq!(
            short(1, 2),
            "the secret is 1 byte long, shorter than the 2 bytes required"
        );
        assert_eq!(
            short(0, 1),
            "the secret is 0 bytes long, shorter than the 1 byte required"
        );
    }

    #[test]
    fn a_placeholder_is_named_by_the_registry_text() {
        let weak = WeakSecret::Placeholder {
            index: 4,
            pattern: "changeme",
        };
        assert!(
            weak.to_string()
                .starts_with("the secret contains the weak pattern `changeme` ("),
            "{weak}"
        );
    }

    #[test]
    fn type_names_lose_their_paths() {
        let names = [
            std::any::type_name::<Option<Vec<String>>>(),
            std::any::type_name::<secrecy::SecretString>(),
            std::any::type_name::<(u16, std::time::Duration)>(),
        ];
        assert_eq!(
            names.map(unqualified),
            ["Option<Vec<String>>", "SecretString", "(u16, Duration)"]
        );
    }
}
