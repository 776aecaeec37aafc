//! Where variables are read from: the process environment, a map, a `.env` file.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::io;
use std::path::{Path, PathBuf};

/// A set of variables to resolve settings from.
///
/// Implemented for [`ProcessEnv`], [`DotenvFile`], `HashMap<String, String>`
/// and `BTreeMap<String, String>`, and for references to any of them.
///
/// ```
/// use jwt_config_core::Source;
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
}

impl<T: Source + ?Sized> Source for &T {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        (**self).var(name)
    }
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
/// use jwt_config_core::{vars, Source};
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
/// use jwt_config_core::{ProcessEnv, Source};
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

/// The variables of a `.env` file, parsed with [`dotenvy`], kept apart from
/// the process environment (which is never written).
///
/// Values are read as `dotenvy` reads them, with one exception: a `$` that
/// dotenvy would expand (outside single quotes, not escaped as `\$`) is an
/// error. dotenvy fills `$NAME` from the process environment first, so the
/// same file would read differently on every machine; a file here means
/// what it says. Single-quote a value that holds a literal `$`, as a secret
/// may.
///
/// ```
/// use jwt_config_core::{DotenvFile, Source};
///
/// let file = DotenvFile::parse("inline.env", "# comment\nJWT_ISSUER=https://auth.example\n").unwrap();
/// assert_eq!(file.var("JWT_ISSUER").unwrap().as_deref(), Some("https://auth.example"));
/// ```
#[derive(Clone)]
pub struct DotenvFile {
    path: PathBuf,
    vars: BTreeMap<String, String>,
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
        let content = String::from_utf8(bytes).map_err(|err| {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            DotenvError {
                path: path.to_owned(),
                line: Some(line_of(valid.iter().filter(|b| **b == b'\n').count())),
                kind: DotenvErrorKind::NotUnicode,
            }
        })?;
        DotenvFile::parse(path, &content)
    }

    /// Parses `content` as the text of a `.env` file; `path` only names it in errors.
    pub fn parse(path: impl AsRef<Path>, content: &str) -> Result<DotenvFile, DotenvError> {
        let path = path.as_ref();
        if let Some((line, name)) = first_substitution(content) {
            return Err(DotenvError {
                path: path.to_owned(),
                line: Some(line),
                kind: DotenvErrorKind::Substitution(name),
            });
        }
        let mut vars = BTreeMap::new();
        for item in dotenvy::from_read_iter(content.as_bytes()) {
            match item {
                Ok((name, value)) => {
                    vars.insert(name, value);
                }
                Err(err) => {
                    let line = match &err {
                        dotenvy::Error::LineParse(text, _) => line_of_text(content, text),
                        _ => None,
                    };
                    return Err(DotenvError {
                        path: path.to_owned(),
                        line,
                        kind: DotenvErrorKind::Syntax,
                    });
                }
            }
        }
        Ok(DotenvFile {
            path: path.to_owned(),
            vars,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The names the file sets, in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }
}

/// One-based line number from a count of newlines before it.
fn line_of(newlines_before: usize) -> usize {
    newlines_before + 1
}

/// The line where `text`, the part of a line dotenvy could not parse,
/// stands: the first line that is `text` whole (a line before it cannot be
/// the same text, since that one would have failed first), else the first
/// that holds it (dotenvy reports only the value of a bad value).
fn line_of_text(content: &str, text: &str) -> Option<usize> {
    let text = text.trim_end_matches(['\n', '\r']);
    let lines: Vec<&str> = content.lines().collect();
    let whole = (0..lines.len()).find(|&index| {
        let rest = lines[index..].join("\n");
        rest.strip_prefix(text)
            .is_some_and(|after| after.is_empty() || after.starts_with('\n'))
    });
    let first_line = text.lines().next().unwrap_or_default();
    whole
        .or_else(|| lines.iter().position(|line| line.contains(first_line)))
        .map(line_of)
}

/// The first unescaped `$` outside single quotes and comments, by its
/// one-based line and the variable that line sets.
///
/// dotenvy reads every such `$` as the start of a substitution, filled from
/// the process environment first: a file holding one reads differently on
/// every machine (and a secret with a `$` in it is quietly cut short).
fn first_substitution(content: &str) -> Option<(usize, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut quote = Quote::None;
    let mut line = 1;
    let mut line_start = 0;
    let mut after_space = true;
    let mut chars = content.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (_, '\n') => {
                line += 1;
                if quote == Quote::None {
                    line_start = at + 1;
                }
            }
            (Quote::None, '#') if after_space => {
                while chars.next_if(|(_, c)| *c != '\n').is_some() {}
            }
            // An escaped character, outside single quotes where a backslash
            // is literal: skipped, counted if it is a newline.
            (Quote::None | Quote::Double, '\\') => {
                line += usize::from(chars.next().is_some_and(|(_, c)| c == '\n'));
            }
            (Quote::None, '\'') => quote = Quote::Single,
            (Quote::Single, '\'') => quote = Quote::None,
            (Quote::None, '"') => quote = Quote::Double,
            (Quote::Double, '"') => quote = Quote::None,
            (Quote::None | Quote::Double, '$') => {
                let assignment = &content[line_start..at];
                let key = assignment.split('=').next().unwrap_or_default().trim();
                let key = key.strip_prefix("export ").unwrap_or(key).trim();
                return Some((line, key.to_owned()));
            }
            _ => {}
        }
        // dotenvy starts a comment at a `#` after whitespace or right after `=`.
        after_space = c.is_whitespace() || c == '=';
    }
    None
}

impl Source for DotenvFile {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        self.vars.var(name)
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
    /// A `$` that dotenvy would substitute, by the variable whose value holds it.
    Substitution(String),
}

impl DotenvError {
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
            DotenvErrorKind::Substitution(var) => write!(
                f,
                ": the value of {var} holds a `$`, which dotenvy would fill in from the environment \
                 of whoever reads the file; single-quote the value, or write `\\$` for a literal `$`"
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
    fn every_dollar_dotenvy_would_expand_is_refused_naming_the_variable_not_the_value() {
        let file = DotenvFile::parse(
            "x.env",
            "A=one\nB='${A}$x'\nC=a\\$b # $HOME\n# $PATH\nD=#$HOME\n",
        )
        .unwrap();
        assert_eq!(file.var("B").unwrap().as_deref(), Some("${A}$x"));
        assert_eq!(file.var("C").unwrap().as_deref(), Some("a$b"));
        for (content, line, var) in [
            ("A=1\nB=\"${HOME}\"\n", 2, "B"),
            ("A='x\ny'\nexport B=$PATH\n", 3, "B"),
            ("SECRET=abc$\n", 1, "SECRET"),
            ("SECRET=abc$-x\n", 1, "SECRET"),
            ("SECRET=a$\u{e9}\n", 1, "SECRET"),
            ("SECRET='x\\'$HOME'\n", 1, "SECRET"),
            ("A=\"multi\nline\"\nB=\"p$q\"\n", 3, "B"),
        ] {
            let err = DotenvFile::parse("x.env", content).unwrap_err();
            assert_eq!(err.line(), Some(line), "{content:?}");
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("the value of {var} holds a `$`")),
                "{shown}"
            );
            for fragment in ["HOME", "PATH", "-x", "q\""] {
                assert!(
                    !shown.contains(fragment),
                    "{fragment} from the value shown: {shown}"
                );
            }
        }
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
