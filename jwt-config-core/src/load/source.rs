//! Where variables are read from: the process environment, a map, a `.env` file.

use std::borrow::Cow;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::io;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::load::dotenv;
use crate::registry::Loader;

/// A set of variables to resolve settings from.
///
/// Implemented for [`ProcessEnv`], [`DotenvFile`], `HashMap<String, String>`
/// and `BTreeMap<String, String>`, and for references to any of them.
///
/// ```
/// use jwt_config::Source;
/// use std::collections::BTreeMap;
///
/// let vars = BTreeMap::from([("JWT_ISSUER".to_owned(), "https://auth.example".to_owned())]);
/// assert_eq!(vars.var("JWT_ISSUER").unwrap().as_deref(), Some("https://auth.example"));
/// assert_eq!(vars.var("JWT_AUDIENCE").unwrap(), None);
/// ```
pub trait Source {
    /// The value of `name`: `Ok(None)` when unset, `Err` when it is set but
    /// not valid UTF-8.
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode>;

    /// What is wrong with how the source sets `name`, whatever its value:
    /// a `.env` file that sets it twice with different values, or refers to
    /// a `$NAME` it does not define. Each becomes a problem of the load
    /// that reads `name`. None, unless the source says otherwise.
    fn defects(&self, name: &str) -> Vec<Defect> {
        let _ = name;
        Vec::new()
    }

    /// Why the source cannot show the value it sets `name` to, if it
    /// cannot, in its own words: the value is held where the source cannot
    /// see it. It is set, but nothing can be said of its value: a warning,
    /// never a problem. Never, unless the source says otherwise.
    fn held_outside(&self, name: &str) -> Option<Unseen> {
        let _ = name;
        None
    }

    /// Why `name`, which the source does not set, may be set where the
    /// source cannot see, if it may, in its own words: a setting required
    /// there is then not known to be missing (a warning). Never, unless the
    /// source says otherwise.
    fn maybe_held_outside(&self, name: &str) -> Option<Unseen> {
        let _ = name;
        None
    }

    /// Whether the value of `name` is secret material whatever the setting
    /// it lands in: the content of a file a deployment mounts for a
    /// `NAME_FILE` (a Compose secret, a Kubernetes Secret), or a Secret's
    /// key. It is then never quoted in a problem, and a snapshot shows and
    /// compares it by its fingerprint, as a secret's. Never, unless the
    /// source says otherwise.
    fn secret_material(&self, name: &str) -> bool {
        let _ = name;
        false
    }

    /// Who follows the source's `NAME_FILE` variables to the files they
    /// name: the resolver ([`FileVars::Followed`], unless the source says
    /// otherwise), which reads each file with [`Source::file`]; or the
    /// source itself ([`FileVars::Own`]), as a deployment check follows
    /// them to the files the deployment provides, never to the checker's.
    ///
    /// When the resolver follows them, a setting read as `NAME` that is
    /// unset while `NAME_FILE` is set takes the content of the file
    /// `NAME_FILE` names, its line breaks at the end (`\n`, `\r\n`, all of
    /// them) dropped; `NAME` and `NAME_FILE` both set are a problem.
    fn file_vars(&self) -> FileVars {
        FileVars::Followed
    }

    /// The content of the file at `path`, which a `NAME_FILE` variable
    /// names (see [`Source::file_vars`]); read from the filesystem unless
    /// the source says otherwise (a test, say, that holds its files in
    /// memory). The text is wiped from memory when dropped.
    ///
    /// ```
    /// use jwt_config::{ProcessEnv, Source, Unreadable};
    ///
    /// let missing = ProcessEnv.file("/nonexistent/jwt-secret".as_ref()).unwrap_err();
    /// assert!(matches!(missing, Unreadable::Io { .. }));
    /// ```
    fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
        read_text_file(path)
    }
}

/// Who follows a source's `NAME_FILE` variables (see [`Source::file_vars`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileVars {
    /// The resolver: a setting whose variable `NAME` is unset while
    /// `NAME_FILE` is set takes the content of the file `NAME_FILE` names,
    /// read with [`Source::file`].
    Followed,
    /// The source itself: the resolver reads no file for it and takes a
    /// `NAME_FILE` variable for a variable like any other.
    Own,
}

/// The file a `NAME_FILE` variable names cannot be read as text (see
/// [`Source::file`]). Never holds any part of the file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unreadable {
    /// The file cannot be read: missing, not allowed, a directory.
    Io {
        /// What kind of failure it is.
        kind: io::ErrorKind,
        /// The reason, as the operating system gives it.
        reason: String,
    },
    /// The file's content is not UTF-8.
    NotUnicode,
}

impl From<io::Error> for Unreadable {
    fn from(err: io::Error) -> Unreadable {
        Unreadable::Io {
            kind: err.kind(),
            reason: err.to_string(),
        }
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Io { reason, .. } => f.write_str(reason),
            Unreadable::NotUnicode => f.write_str("the file is not valid UTF-8"),
        }
    }
}

impl std::error::Error for Unreadable {}

/// The text of the file at `path`, wiped from memory when dropped (its
/// bytes too, when they are not UTF-8).
fn read_text_file(path: &Path) -> Result<Zeroizing<String>, Unreadable> {
    use std::io::Read as _;
    /// More than any key or secret: a file past it is no value.
    const MAX_BYTES: u64 = 1 << 20;
    let refused = |reason: &str| Unreadable::Io {
        kind: io::ErrorKind::InvalidInput,
        reason: reason.to_owned(),
    };
    // A device or a pipe is never a value (`/dev/zero` never ends, a FIFO
    // blocks its reader): asked before the file is opened.
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(refused("it is not a regular file"));
    }
    // Sized once, so that no copy of a secret is left behind by a growing
    // buffer (the buffer is wiped when dropped).
    let size = metadata.len().min(MAX_BYTES) as usize + 1;
    let mut bytes = Zeroizing::new(Vec::with_capacity(size));
    std::fs::File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(refused(
            "it is larger than 1 MiB, more than any key or secret",
        ));
    }
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(err) => {
            drop(Zeroizing::new(err.into_bytes()));
            Err(Unreadable::NotUnicode)
        }
    }
}

impl fmt::Debug for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Defect::Redefined { lines } => {
                f.debug_struct("Redefined").field("lines", lines).finish()
            }
            Defect::Unresolved { reference, line } => f
                .debug_struct("Unresolved")
                .field("reference_bytes", &reference.len())
                .field("line", line)
                .finish(),
            Defect::FromOutside {
                reference, line, ..
            } => f
                .debug_struct("FromOutside")
                .field("reference_bytes", &reference.len())
                .field("line", line)
                .finish(),
            Defect::LoadersDisagree { line, readings, .. } => f
                .debug_struct("LoadersDisagree")
                .field("line", line)
                .field(
                    "loaders",
                    &readings
                        .iter()
                        .map(|(loader, _)| *loader)
                        .collect::<Vec<_>>(),
                )
                .finish_non_exhaustive(),
        }
    }
}

impl<T: Source + ?Sized> Source for &T {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        (**self).var(name)
    }

    fn defects(&self, name: &str) -> Vec<Defect> {
        (**self).defects(name)
    }

    fn held_outside(&self, name: &str) -> Option<Unseen> {
        (**self).held_outside(name)
    }

    fn maybe_held_outside(&self, name: &str) -> Option<Unseen> {
        (**self).maybe_held_outside(name)
    }

    fn secret_material(&self, name: &str) -> bool {
        (**self).secret_material(name)
    }

    fn file_vars(&self) -> FileVars {
        (**self).file_vars()
    }

    fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
        (**self).file(path)
    }
}

/// Why a source cannot show a value it sets ([`Source::held_outside`]), or
/// why a name it does not set may be set where it cannot see
/// ([`Source::maybe_held_outside`]): in the source's own words, which the
/// load's warning prints.
///
/// ```
/// use jwt_config::Unseen;
///
/// let unseen = Unseen::new(
///     "held_outside",
///     "set from a vault the deployment does not hold",
///     "check it where it is kept",
/// );
/// assert_eq!(unseen.code(), "held_outside");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unseen {
    code: &'static str,
    reason: Cow<'static, str>,
    fix: Cow<'static, str>,
}

impl Unseen {
    /// `code`, what reports call the cause (`held_outside`, or the source's
    /// own); `reason`, why, as a clause a warning goes on from ("set from a
    /// Secret the manifests do not hold"); `fix`, what to do.
    pub fn new(
        code: &'static str,
        reason: impl Into<Cow<'static, str>>,
        fix: impl Into<Cow<'static, str>>,
    ) -> Unseen {
        Unseen {
            code,
            reason: reason.into(),
            fix: fix.into(),
        }
    }

    /// What reports call the cause: `held_outside`, `maybe_held_outside`,
    /// or the source's own (`quotes_secret`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Why the value cannot be seen, as a clause.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// What to do.
    pub fn fix(&self) -> &str {
        &self.fix
    }
}

/// A source's words for a `$reference` it leaves to whoever reads it (see
/// [`Defect::FromOutside`]): a problem says "its value on line 3 comes from
/// `$NAME`, which {unset_in}: {filled_by}", and its fix "set `NAME`
/// {set_in}, or write the value in the file".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outside {
    /// What reports call the problem (`from_shell`).
    pub code: &'static str,
    /// Where the name is not set, as a clause ("neither the Compose file
    /// nor its .env sets").
    pub unset_in: &'static str,
    /// Who would fill it in, and from where ("Compose would take it from
    /// the shell of whoever deploys").
    pub filled_by: &'static str,
    /// Where to set it ("in the project's .env beside the Compose file").
    pub set_in: &'static str,
}

/// Something wrong with how a source sets a variable, beyond its value.
///
/// `Debug` leaves out the name of an unresolved reference: in a secret's
/// value it is part of the secret.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Defect {
    /// Set on several lines with different values: loaders disagree on
    /// which one counts.
    Redefined {
        /// Every line that sets it, in order; the first is the one read.
        lines: Vec<usize>,
    },
    /// Its value refers to `$reference`, which the file does not define
    /// above it (the empty name: a `$` with no name after it). dotenvy
    /// would fill it in from the environment of whoever reads the file.
    Unresolved {
        /// The name referred to.
        reference: String,
        /// The line of the assignment.
        line: usize,
    },
    /// Its value refers to `$reference` (or is `reference` alone), which
    /// the source does not set: whoever reads the source would take it
    /// from outside it, as `outside` words.
    FromOutside {
        /// The name referred to.
        reference: String,
        /// The line of the entry.
        line: usize,
        /// The source's words for where the name is unset and who would
        /// fill it in.
        outside: Outside,
    },
    /// The loaders a service may use read its line differently (the
    /// registry does not say which one the service uses).
    LoadersDisagree {
        /// The line of the assignment.
        line: usize,
        /// What each loader reads: `None` where it sets nothing. Values
        /// are wiped when dropped, and `Debug` leaves them out.
        readings: Vec<(Loader, Option<Zeroizing<String>>)>,
        /// Whether every reading is text of the assignment's own line: a
        /// loader may read a value over several lines (an open quote), and
        /// then the others' variables, secrets among them, are part of it.
        /// Only readings of the line itself may be shown.
        within_line: bool,
    },
}

impl<S: BuildHasher> Source for HashMap<String, String, S> {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        Ok(self.get(name).map(|value| Cow::Borrowed(value.as_str())))
    }
}

impl Source for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        Ok(self.get(name).map(|value| Cow::Borrowed(value.as_str())))
    }
}

/// A [`Source`] of the given `(name, value)` pairs.
///
/// ```
/// use jwt_config::{vars, Source};
///
/// let source = vars([("JWT_ISSUER", "https://auth.example.com")]);
/// assert_eq!(source.var("JWT_ISSUER").unwrap().as_deref(), Some("https://auth.example.com"));
/// ```
pub fn vars<I, K, V>(vars: I) -> HashMap<String, String>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    vars.into_iter()
        .map(|(name, value)| (name.as_ref().to_owned(), value.as_ref().to_owned()))
        .collect()
}

/// A variable is set to bytes that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUnicode;

impl fmt::Display for NotUnicode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value is not valid UTF-8")
    }
}

impl std::error::Error for NotUnicode {}

/// The environment of the current process.
///
/// ```
/// use jwt_config::{ProcessEnv, Source};
///
/// assert!(ProcessEnv.var("JWT_CONFIG_DOC_TEST_UNSET").unwrap().is_none());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Source for ProcessEnv {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        match std::env::var_os(name) {
            None => Ok(None),
            Some(value) => value
                .into_string()
                .map(|value| Some(Cow::Owned(value)))
                .map_err(|_| NotUnicode),
        }
    }
}

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
    path: PathBuf,
    /// Each key's value (the first or the last, see [`Repeated`]; wiped
    /// from memory when the file is dropped) and the line of that
    /// assignment.
    vars: BTreeMap<String, (Zeroizing<String>, usize)>,
    /// What is wrong with how the file sets a key.
    defects: BTreeMap<String, Vec<Defect>>,
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
fn line_of(newlines_before: usize) -> usize {
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
    path: PathBuf,
    line: Option<usize>,
    kind: DotenvErrorKind,
}

#[derive(Debug)]
enum DotenvErrorKind {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_files_parse_quotes_comments_and_export() {
        let file = DotenvFile::parse(
            "x.env",
            "# a comment\nexport JWT_ISSUER=\"https://a b\"\nJWT_AUDIENCE='one,two'\n\nSERVICE_ID=auth # trailing\n",
        )
        .unwrap();
        assert_eq!(
            file.var("JWT_ISSUER").unwrap().as_deref(),
            Some("https://a b")
        );
        assert_eq!(
            file.var("JWT_AUDIENCE").unwrap().as_deref(),
            Some("one,two")
        );
        assert_eq!(file.var("SERVICE_ID").unwrap().as_deref(), Some("auth"));
        assert_eq!(file.names().count(), 3);
    }

    #[test]
    fn every_dollar_the_file_cannot_resolve_is_a_defect_of_its_variable_only() {
        let file = DotenvFile::parse(
            "x.env",
            "A=one\nB='${A}$x'\nC=a\\$b # $HOME\n# $PATH\nD=#$HOME\nMONGO_URL=mongodb://$HOST/x\n",
        )
        .unwrap();
        assert_eq!(file.var("B").unwrap().as_deref(), Some("${A}$x"));
        assert_eq!(file.var("C").unwrap().as_deref(), Some("a$b"));
        for var in ["A", "B", "C", "D"] {
            assert_eq!(file.defects(var), [], "{var}");
        }
        // An unrelated line with a `$` spoils only its own variable.
        assert_eq!(
            file.defects("MONGO_URL"),
            [Defect::Unresolved {
                reference: "HOST".to_owned(),
                line: 6
            }]
        );
        for (content, line, var, reference) in [
            ("A=1\nB=\"${HOME}\"\n", 2, "B", "HOME"),
            ("A='x\ny'\nexport B=$PATH\n", 3, "B", "PATH"),
            ("SECRET=abc$\n", 1, "SECRET", ""),
            ("SECRET=abc$-x\n", 1, "SECRET", ""),
            ("SECRET=a$\u{e9}\n", 1, "SECRET", "\u{e9}"),
            ("SECRET='x\\'$HOME'\n", 1, "SECRET", "HOME"),
            ("A=\"multi\nline\"\nB=p$q\n", 3, "B", "q"),
            // The bypasses of the former guard: `=` or `\r` before a `#`.
            ("K=abc=#$HOME\n", 1, "K", "HOME"),
            ("K=abc\r#$HOME\n", 1, "K", "HOME"),
        ] {
            let file = DotenvFile::parse("x.env", content).unwrap();
            assert_eq!(
                file.defects(var),
                [Defect::Unresolved {
                    reference: reference.to_owned(),
                    line
                }],
                "{content:?}"
            );
        }
    }

    #[test]
    fn a_reference_the_file_defines_reads_as_dotenvy_reads_it() {
        let file = DotenvFile::parse("x.env", "A=one\nB=${A}-$A\n").unwrap();
        assert_eq!(file.var("B").unwrap().as_deref(), Some("one-one"));
        // A name ending inside double quotes keeps the quote open, for
        // dotenvy as here: the line is refused.
        let err = DotenvFile::parse("x.env", "A=1\nB=\"p$A\"\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(dotenvy::from_read_iter("A=1\nB=\"p$A\"\n".as_bytes()).any(|item| item.is_err()));
    }

    #[test]
    fn a_quote_inside_a_comment_opens_nothing_and_a_colon_line_shows_no_secret() {
        // The former guard took the `'` of a comment for an open quote and
        // missed the `$HOME` below it.
        let file = DotenvFile::parse(
            "x.env",
            "JWT_ISSUER=https://a # it's the issuer\nJWT_AUDIENCE=$HOME\n",
        )
        .unwrap();
        assert_eq!(
            file.var("JWT_ISSUER").unwrap().as_deref(),
            Some("https://a")
        );
        assert_eq!(
            file.defects("JWT_AUDIENCE"),
            [Defect::Unresolved {
                reference: "HOME".to_owned(),
                line: 2
            }]
        );
        // YAML habits in a .env file: refused, the secret never quoted.
        let err = DotenvFile::parse("x.env", "A=1\nJWT_SECRET_KEY: k9Qz7wLm2Xv8$x\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("k9Qz7wLm2Xv8"), "{shown}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_a_repeated_key_takes_its_first_value() {
        let file = DotenvFile::parse("x.env", "\u{feff}A=1\r\nA=2\r\n").unwrap();
        assert_eq!(file.var("A").unwrap().as_deref(), Some("1"));
    }

    #[test]
    fn the_malformed_line_is_found_even_when_its_text_appears_earlier() {
        let err = DotenvFile::parse("x.env", "JWT_ISSUER=a\nSERVICE_ID=JWT\nJWT\n").unwrap_err();
        assert_eq!(err.line(), Some(3), "{err}");
        // dotenvy reports only the value of a bad value: its line is found too.
        for content in [
            "A=1\nJWT_AUDIENCE=a b # c\n",
            "A=1\nJWT_AUDIENCE=\"a\\qb\"\n",
        ] {
            let err = DotenvFile::parse("x.env", content).unwrap_err();
            assert_eq!(err.line(), Some(2), "{content:?}: {err}");
        }
    }

    #[test]
    fn a_malformed_line_names_the_path_and_line_but_not_the_content() {
        let err = DotenvFile::parse(
            "deploy/x.env",
            "A=1\nB=2\nSECRET_LINE=\"unterminated s3cr3t\n",
        )
        .unwrap_err();
        assert_eq!(err.line(), Some(3));
        let shown = err.to_string();
        assert!(shown.starts_with("deploy/x.env:3: "), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_an_error_with_its_line() {
        let dir = std::env::temp_dir().join(format!("jwt-config-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.env");
        std::fs::write(&path, b"A=1\nB=\xff\xfe\n").unwrap();
        let err = DotenvFile::open(&path).unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(err.to_string().contains("not valid UTF-8"));
        let missing = DotenvFile::open(dir.join("missing.env")).unwrap_err();
        assert!(
            missing.to_string().contains("cannot read the file"),
            "{missing}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_process_variable_that_is_not_utf8_is_reported_not_panicked_on() {
        use std::os::unix::ffi::OsStrExt;
        let name = "JWT_CONFIG_TEST_NOT_UNICODE";
        // SAFETY: this test is the only one touching this variable.
        unsafe { std::env::set_var(name, std::ffi::OsStr::from_bytes(b"\xff")) };
        assert_eq!(ProcessEnv.var(name), Err(NotUnicode));
        unsafe { std::env::remove_var(name) };
    }
}
