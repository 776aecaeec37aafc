//! Where variables are read from: the process environment, a map, a `.env` file.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::path::Path;
use std::{fmt, io};

use zeroize::Zeroizing;

mod dotenv_file;
mod provenance;

pub use dotenv_file::{DotenvError, DotenvFile, DotenvVar, Repeated};
pub use provenance::{Defect, Outside, Unseen};

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
    /// Either way, a key file a setting names by its path
    /// (`encoding = "path"`) is read with [`Source::file`].
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
    /// The source itself: the resolver reads no `NAME_FILE` for it and
    /// takes such a variable for a variable like any other. (A key file
    /// named by its path is still asked of [`Source::file`], which such a
    /// source answers from the files it provides.)
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
    /// The source does not provide the file, as it words it: a deployment
    /// check that follows a path to what the deployment mounts, and finds
    /// nothing there. For a key a setting names by its path, the key is
    /// not known: a warning, not a problem. (A `NAME_FILE` the resolver
    /// follows must name a file it can read: a problem, as any other; a
    /// source that provides files itself follows its `NAME_FILE`s itself,
    /// [`FileVars::Own`].)
    NotProvided(Unseen),
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
            Unreadable::NotProvided(unseen) => f.write_str(unseen.reason()),
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
