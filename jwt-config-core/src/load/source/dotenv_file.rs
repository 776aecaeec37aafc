//! A `.env` file as a source: every definition kept with its line, read
//! as dotenvy reads it, and its defects.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::{Path, PathBuf};
use std::{fmt, io};

use zeroize::Zeroizing;

use crate::load::dotenv;
use crate::registry::Loader;

use super::provenance::Defect;
use super::{NotUnicode, Source};

/// The variables of a `.env` file, read with the grammar of `dotenvy` 0.15
/// (which services use), kept apart from the process environment (which is
/// never read or written).
///
/// - A `$NAME` or `${NAME}` the file defines above resolves as dotenvy
///   resolves it. A `$` naming anything else is a problem of that one
///   variable (see [`Source::defects`]), never of the file: dotenvy would
///   fill it in from the environment of whoever reads the file, so the
///   file would read differently on every machine. Single-quote a value
///   that holds a literal `$`, as a secret may, or write `\$`.
/// - A leading UTF-8 byte-order mark is skipped, and CRLF line ends read as
///   LF ends, as dotenvy reads them.
/// - A key set twice takes its first value, as `dotenvy::dotenv()` does
///   (or its last, as Docker Compose does: see [`Repeated`]); either way,
///   different values are a problem of that variable.
/// - Values are wiped from memory when the file is dropped.
///
/// ```
/// use jwt_config::{DotenvFile, Source};
///
/// let file = DotenvFile::parse("inline.env", "# comment\nJWT_ISSUER=https://auth.example\n").unwrap();
/// assert_eq!(file.var("JWT_ISSUER").unwrap().as_deref(), Some("https://auth.example"));
/// ```
#[derive(Clone)]
pub struct DotenvFile {
    pub(super) path: PathBuf,
    /// Each key's value (the first or the last, see [`Repeated`]; wiped
    /// from memory when the file is dropped) and the line of that
    /// assignment.
    pub(super) vars: BTreeMap<String, (Zeroizing<String>, usize)>,
    /// What is wrong with how the file sets a key.
    pub(super) defects: BTreeMap<String, Vec<Defect>>,
}

impl DotenvFile {
    /// Reads and parses the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<DotenvFile, DotenvError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|err| DotenvError {
            path: path.to_owned(),
            line: None,
            kind: DotenvErrorKind::Io(err),
        })?;
        DotenvFile::from_bytes(path, bytes)
    }

    /// Parses `bytes`, the content of a `.env` file read by the caller (who
    /// may want to limit what it reads); `path` only names it in errors.
    /// The bytes are wiped once parsed.
    pub fn from_bytes(path: impl AsRef<Path>, bytes: Vec<u8>) -> Result<DotenvFile, DotenvError> {
        DotenvFile::from_bytes_taking(path, bytes, Repeated::First)
    }

    /// [`DotenvFile::from_bytes`], a key set more than once taking the
    /// value `repeated` says: [`Repeated::Last`] for a file Docker Compose
    /// reads (an `env_file`, the project's `.env`).
    pub fn from_bytes_taking(
        path: impl AsRef<Path>,
        bytes: Vec<u8>,
        repeated: Repeated,
    ) -> Result<DotenvFile, DotenvError> {
        let path = path.as_ref();
        let content = match String::from_utf8(bytes) {
            Ok(content) => Zeroizing::new(content),
            Err(err) => {
                let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                let line = line_of(valid.iter().filter(|b| **b == b'\n').count());
                drop(Zeroizing::new(err.into_bytes()));
                return Err(DotenvError {
                    path: path.to_owned(),
                    line: Some(line),
                    kind: DotenvErrorKind::NotUnicode,
                });
            }
        };
        DotenvFile::parse_taking(path, &content, repeated)
    }

    /// Parses `content` as the text of a `.env` file; `path` only names it in errors.
    ///
    /// A key set more than once takes its first value, as `dotenvy::dotenv()`
    /// leaves a variable it has set alone.
    pub fn parse(path: impl AsRef<Path>, content: &str) -> Result<DotenvFile, DotenvError> {
        DotenvFile::parse_taking(path, content, Repeated::First)
    }

    /// [`DotenvFile::parse`], a key set more than once taking the value
    /// `repeated` says.
    ///
    /// ```
    /// use jwt_config::{DotenvFile, Repeated, Source};
    ///
    /// let text = "JWT_ISSUER=https://old.example\nJWT_ISSUER=https://auth.example\n";
    /// let compose = DotenvFile::parse_taking("app.env", text, Repeated::Last).unwrap();
    /// assert_eq!(compose.var("JWT_ISSUER").unwrap().as_deref(), Some("https://auth.example"));
    /// assert_eq!(compose.line("JWT_ISSUER"), Some(2));
    /// // Either way, the two lines are a problem of JWT_ISSUER.
    /// assert_eq!(compose.defects("JWT_ISSUER").len(), 1);
    /// ```
    pub fn parse_taking(
        path: impl AsRef<Path>,
        content: &str,
        repeated: Repeated,
    ) -> Result<DotenvFile, DotenvError> {
        let path = path.as_ref();
        let error = |line, kind| DotenvError {
            path: path.to_owned(),
            line: Some(line),
            kind,
        };
        let assignments = dotenv::parse(content).map_err(|err| {
            let kind = match err.too_large {
                Some(key) => DotenvErrorKind::TooLarge {
                    key,
                    budget: dotenv::expansion_budget(content.len()),
                },
                None => DotenvErrorKind::Syntax,
            };
            error(err.line, kind)
        })?;
        let mut vars: BTreeMap<String, (Zeroizing<String>, usize)> = BTreeMap::new();
        let mut defects: BTreeMap<String, Vec<Defect>> = BTreeMap::new();
        // The keys set more than once: every line, and whether a value differs.
        let mut redefined: BTreeMap<String, (Vec<usize>, bool)> = BTreeMap::new();
        for assignment in assignments {
            for reference in assignment.unresolved {
                defects
                    .entry(assignment.key.to_owned())
                    .or_default()
                    .push(Defect::Unresolved {
                        reference,
                        line: assignment.line,
                    });
            }
            // One search of the map for each assignment, not two.
            match vars.entry(assignment.key.to_owned()) {
                Entry::Vacant(entry) => {
                    entry.insert((assignment.value, assignment.line));
                }
                Entry::Occupied(mut entry) => {
                    let (first, first_line) = entry.get();
                    let (lines, differs) = redefined
                        .entry(assignment.key.to_owned())
                        .or_insert_with(|| (vec![*first_line], false));
                    lines.push(assignment.line);
                    *differs |= *first != assignment.value;
                    if repeated == Repeated::Last {
                        entry.insert((assignment.value, assignment.line));
                    }
                }
            }
        }
        for (key, (lines, differs)) in redefined {
            if differs {
                defects
                    .entry(key)
                    .or_default()
                    .push(Defect::Redefined { lines });
            }
        }
        Ok(DotenvFile {
            path: path.to_owned(),
            vars,
            defects,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The one-based line that sets `name` (its first assignment, the one
    /// read), if the file sets it.
    pub fn line(&self, name: &str) -> Option<usize> {
        self.vars.get(name).map(|(_, line)| *line)
    }

    /// Every variable of the file, consumed: its name, value (wiped when
    /// dropped), line and defects, in sorted order. For readers that keep
    /// the values elsewhere without copying them.
    pub fn into_vars(self) -> impl Iterator<Item = DotenvVar> {
        let DotenvFile {
            vars, mut defects, ..
        } = self;
        vars.into_iter()
            .map(move |(name, (value, line))| DotenvVar {
                line,
                defects: defects.remove(&name).unwrap_or_default(),
                name,
                value,
            })
    }

    /// The names the file sets, in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }
}

/// Which value a key set on several lines of a `.env` file takes: readers
/// differ, and a file is read as the program that loads it reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeated {
    /// The first, as `dotenvy::dotenv()` and most libraries that load a
    /// file into the process environment (they leave a set variable alone).
    First,
    /// The last, as Docker Compose (`env_file`, the project's `.env`) and
    /// python-dotenv read it.
    Last,
}

/// One-based line number from a count of newlines before it.
pub(super) fn line_of(newlines_before: usize) -> usize {
    newlines_before + 1
}

/// One variable of a [`DotenvFile`], as [`DotenvFile::into_vars`] gives it.
pub struct DotenvVar {
    /// The name.
    pub name: String,
    /// The value, wiped when dropped.
    pub value: Zeroizing<String>,
    /// The line of its (first) assignment.
    pub line: usize,
    /// What is wrong with how the file sets it.
    pub defects: Vec<Defect>,
}

impl fmt::Debug for DotenvVar {
    /// Leaves the value out: it may be a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DotenvVar")
            .field("name", &self.name)
            .field("line", &self.line)
            .field("defects", &self.defects)
            .finish_non_exhaustive()
    }
}

impl Source for DotenvFile {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        Ok(self
            .vars
            .get(name)
            .map(|(value, _)| Cow::Borrowed(value.as_str())))
    }

    fn defects(&self, name: &str) -> Vec<Defect> {
        self.defects.get(name).cloned().unwrap_or_default()
    }
}

impl fmt::Debug for DotenvFile {
    /// Lists the names only: values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DotenvFile")
            .field("path", &self.path)
            .field("names", &self.vars.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A `.env` file that could not be read or parsed. Never quotes the file's
/// content, which may hold secrets.
#[derive(Debug)]
pub struct DotenvError {
    pub(super) path: PathBuf,
    pub(super) line: Option<usize>,
    pub(super) kind: DotenvErrorKind,
}

#[derive(Debug)]
pub(super) enum DotenvErrorKind {
    Io(io::Error),
    NotUnicode,
    Syntax,
    /// The `$NAME` substitutions of `key` add more than `budget` bytes.
    TooLarge {
        key: String,
        budget: usize,
    },
    /// The loader the service reads the file with refuses it.
    RefusedBy(Loader),
}

impl DotenvError {
    /// The file at `path` (its line `line`, when known) is one that
    /// `loader`, the loader a service reads it with, refuses.
    pub fn refused_by(path: impl AsRef<Path>, line: Option<usize>, loader: Loader) -> DotenvError {
        DotenvError {
            path: path.as_ref().to_owned(),
            line,
            kind: DotenvErrorKind::RefusedBy(loader),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The one-based line of the error, when it is about a line.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for DotenvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match &self.kind {
            DotenvErrorKind::Io(err) => write!(f, ": cannot read the file: {err}"),
            DotenvErrorKind::NotUnicode => f.write_str(": the file is not valid UTF-8"),
            DotenvErrorKind::Syntax => f.write_str(
                ": not a valid .env line; write NAME=value, quote values with spaces or `#`",
            ),
            DotenvErrorKind::RefusedBy(loader) => write!(
                f,
                ": not a line {loader} reads, and the registry says the service reads the file with {loader}"
            ),
            DotenvErrorKind::TooLarge { key, budget } => write!(
                f,
                ": the value of {key} grows past what its `$NAME` substitutions may add to this file ({budget} bytes in all), as each copies the value it names; name a value fewer times"
            ),
        }
    }
}

impl std::error::Error for DotenvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            DotenvErrorKind::Io(err) => Some(err),
            _ => None,
        }
    }
}
