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
/// Values are read as `dotenvy` reads them, with one exception: a `$NAME`
/// or `${NAME}` substitution is an error. dotenvy fills substitutions from
/// the process environment first, so the same file would read differently
/// on every machine; a file here means what it says. Single-quote a value
/// that holds a literal `$`, as a secret may.
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

/// The line where `text`, a whole (possibly multi-line) line that dotenvy
/// could not parse, starts. A line before it cannot be the same text, since
/// that one would have failed first.
fn line_of_text(content: &str, text: &str) -> Option<usize> {
    let text = text.trim_end_matches(['\n', '\r']);
    let mut start = 0;
    for (index, line) in content.split_inclusive('\n').enumerate() {
        let rest = &content[start..];
        if let Some(after) = rest.strip_prefix(text) {
            if after.is_empty() || after.starts_with(['\n', '\r']) {
                return Some(line_of(index));
            }
        }
        start += line.len();
    }
    None
}

/// The first `$NAME` or `${NAME}` that dotenvy would substitute (outside
/// single quotes, not escaped, not in a comment), with its one-based line.
///
/// dotenvy fills a substitution from the process environment first, so a
/// file that holds one reads differently on every machine: a deployment
/// check must not depend on the shell it runs in.
fn first_substitution(content: &str) -> Option<(usize, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut quote = Quote::None;
    let mut line = 1;
    let mut after_space = true;
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\n') => line += 1,
            (Quote::None, '#') if after_space => while chars.next_if(|c| *c != '\n').is_some() {},
            // An escaped character: skipped, counted if it is a newline.
            (_, '\\') => line += usize::from(chars.next() == Some('\n')),
            (Quote::None, '\'') => quote = Quote::Single,
            (Quote::Single, '\'') => quote = Quote::None,
            (Quote::None, '"') => quote = Quote::Double,
            (Quote::Double, '"') => quote = Quote::None,
            (Quote::None | Quote::Double, '$') => {
                let braced = chars.next_if_eq(&'{').is_some();
                let mut name = String::new();
                while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    name.push(c);
                }
                if braced || !name.is_empty() {
                    return Some((line, name));
                }
            }
            _ => {}
        }
        after_space = c.is_whitespace();
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
    /// A `$NAME` substitution, by the name it refers to.
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
            DotenvErrorKind::Substitution(name) => write!(
                f,
                ": `${name}` would be filled in from the environment of whoever reads the file; \
                 write the value itself, or single-quote the value to keep a literal `$`"
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
    fn substitutions_are_refused_and_single_quotes_keep_a_dollar_literal() {
        let file =
            DotenvFile::parse("x.env", "A=one\nB='${A}$x'\nC=a\\$b # $HOME\n# $PATH\n").unwrap();
        assert_eq!(file.var("B").unwrap().as_deref(), Some("${A}$x"));
        assert_eq!(file.var("C").unwrap().as_deref(), Some("a$b"));
        for (content, line, name) in [
            ("A=1\nB=\"${HOME}\"\n", 2, "HOME"),
            ("A='x\ny'\nB=$PATH\n", 3, "PATH"),
            ("A=${}\n", 1, ""),
        ] {
            let err = DotenvFile::parse("x.env", content).unwrap_err();
            assert_eq!(err.line(), Some(line), "{content:?}");
            assert!(
                err.to_string()
                    .contains(&format!("`${name}` would be filled in")),
                "{err}"
            );
        }
    }

    #[test]
    fn the_malformed_line_is_found_even_when_its_text_appears_earlier() {
        let err = DotenvFile::parse("x.env", "JWT_ISSUER=a\nSERVICE_ID=JWT\nJWT\n").unwrap_err();
        assert_eq!(err.line(), Some(3), "{err}");
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
