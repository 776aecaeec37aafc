//! The `.env` grammar of Docker Compose: the project's `.env` and every
//! `env_file` of a service, read as compose-go's `dotenv` package reads
//! them (its parser is the same from v2.4 to v2.10).
//!
//! Reference: compose-spec/compose-go `dotenv/parser.go`, held by the golden
//! corpus in `tests/golden/compose` (inputs and the oracle's answers). The
//! grammar, which is not dotenvy's:
//! - blank lines and lines whose first non-blank is `#` are skipped;
//!   `export` and blanks may come before a key;
//! - a key holds letters, digits, `_`, `.`, `-`, `[` and `]`, and ends at
//!   `=` or `:` (`KEY: value` is read); a key alone on its line (`KEY`)
//!   takes its value from the lookup, and is not set without one;
//! - an unquoted value runs to the end of its line; a space then `#` starts
//!   a comment (a tab then `#`, or `#` after `=`, does not); trailing blanks
//!   go; backslashes stay as written (`a\nb` is four characters);
//! - `'...'` and `"..."` may span lines; in both, a backslash before the
//!   quote keeps the quote, and text after the closing quote is read as the
//!   start of another line; `"..."` then reads the escapes `\a \b \f \n \r
//!   \t \v \" \\ \$` and `\0` with three octal digits;
//! - outside single quotes, values are interpolated as Compose does
//!   ([`mod@super::interpolate`]): the caller's lookup first, then the values
//!   the file (and the files before it) set above.
//!
//! One difference: compose-go tells letters by Unicode's general category,
//! this by the Alphabetic property (which adds combining marks) in keys.
//! Time is linear in the text; the bytes interpolation adds are taken from
//! a [`Budget`].

use std::collections::HashMap;
use std::fmt;

use zeroize::Zeroizing;

use super::interpolate::{Budget, TemplateError, interpolate};

/// What a bare key (`KEY` alone on a line) is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bare {
    /// The lookup, then what the file set above: the project's `.env`.
    LookupThenFile,
    /// The lookup only: an `env_file`.
    LookupOnly,
}

/// One statement of the file.
pub struct Assignment {
    /// The key, as written (blanks at its end removed).
    pub key: String,
    /// The value; `None` for a bare key the lookup does not know.
    pub value: Option<Zeroizing<String>>,
    /// The one-based line the statement starts on.
    pub line: usize,
    /// Names its value refers to that nothing known sets: Compose would
    /// take them from the shell of whoever deploys.
    pub unresolved: Vec<String>,
}

/// The key and line only: the value may be a secret.
impl fmt::Debug for Assignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Assignment")
            .field("key", &self.key)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// A file Compose refuses, or that the check stops reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The one-based line of the statement.
    pub line: usize,
    /// The key of the statement, once read.
    pub key: Option<String>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong at [`ParseError::line`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A character a key cannot hold.
    KeyCharacter,
    /// A space inside a key.
    KeySpace,
    /// `export` and blanks, then the end of the file.
    ExportAlone,
    /// A quote never closed.
    Unterminated,
    /// Interpolation refused the value.
    Template(TemplateError),
}

impl fmt::Display for ParseError {
    /// Never quotes the line: it may hold a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self
            .key
            .as_deref()
            .map(crate::sandbox::text)
            .unwrap_or_default();
        match &self.kind {
            ErrorKind::KeyCharacter => f.write_str(
                "a character a variable name cannot hold (Compose's names hold letters, digits, `_`, `.`, `-`, `[` and `]`, and end at `=` or `:`); Compose refuses the file",
            ),
            // The name is not shown: without `=`, it may be a secret's text.
            ErrorKind::KeySpace => f.write_str(
                "a variable name with a space in it (or a value without `NAME=` before it); Compose refuses the file",
            ),
            ErrorKind::ExportAlone => f.write_str(
                "`export` with no name after it, at the end of the file; Compose refuses the file",
            ),
            ErrorKind::Unterminated => write!(
                f,
                "the value of {key} opens a quote it never closes; Compose refuses the file"
            ),
            ErrorKind::Template(TemplateError::Invalid) => write!(
                f,
                "the value of {key} has a `${{` Compose cannot read; close it, or write `$$` for a literal `$`"
            ),
            ErrorKind::Template(TemplateError::Required { name }) => write!(
                f,
                "the value of {key} requires {} (`${{{}?...}}`), which nothing here sets; Compose refuses the file without it",
                crate::sandbox::text(name),
                crate::sandbox::text(name),
            ),
            ErrorKind::Template(TemplateError::TooLarge) => write!(
                f,
                "the value of {key} expands past what interpolation may add (sixteen times the files read, 1 MiB at least, --max-file-size at most), as each `$NAME` copies a value; no deployment needs that"
            ),
            ErrorKind::Template(TemplateError::TooDeep) => write!(
                f,
                "the value of {key} nests defaults (`${{A:-${{B:-..}}}}`) more than {} deep",
                super::interpolate::MAX_NESTING
            ),
        }
    }
}

/// Every statement of `text` in order, as compose-go reads it. `$NAME` is
/// looked up in `lookup`, then in what `text` set above, then in `earlier`
/// (the files read before it); `bare` says where a bare key is looked up.
pub fn parse<'v>(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
    earlier: &dyn Fn(&str) -> Option<&'v str>,
    bare: Bare,
    budget: &mut Budget,
) -> Result<Vec<Assignment>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        text,
        pos: 0,
        lines: Lines::default(),
    };
    let mut assignments: Vec<Assignment> = Vec::new();
    // Each key's latest value in this file, by position in `assignments`.
    let mut defined: HashMap<String, usize> = HashMap::new();
    while let Some(start) = parser.statement_start() {
        let line = parser.lines.line_at(text, start);
        let error = |key: Option<&str>, kind| ParseError {
            line,
            key: key.map(str::to_owned),
            kind,
        };
        let (key, inherited) = parser.key().map_err(|kind| error(None, kind))?;
        let in_file = |name: &str| -> Option<&str> {
            let index = *defined.get(name)?;
            assignments[index].value.as_deref().map(String::as_str)
        };
        let find = |name: &str| {
            lookup(name)
                .or_else(|| in_file(name))
                .or_else(|| earlier(name))
        };
        let assignment = if inherited {
            let value = match bare {
                Bare::LookupThenFile => find(&key),
                Bare::LookupOnly => lookup(&key),
            };
            let value = match value {
                Some(value) => {
                    budget
                        .take(value.len())
                        .map_err(|err| error(Some(&key), ErrorKind::Template(err)))?;
                    Some(Zeroizing::new(value.to_owned()))
                }
                None => None,
            };
            Assignment {
                unresolved: if value.is_none() {
                    vec![key.clone()]
                } else {
                    Vec::new()
                },
                key,
                value,
                line,
            }
        } else {
            let (value, unresolved) = parser
                .value(&find, budget)
                .map_err(|kind| error(Some(&key), kind))?;
            Assignment {
                key,
                value: Some(value),
                line,
                unresolved,
            }
        };
        if assignment.value.is_some() {
            defined.insert(assignment.key.clone(), assignments.len());
        }
        assignments.push(assignment);
    }
    Ok(assignments)
}

struct Parser<'t> {
    text: &'t str,
    pos: usize,
    lines: Lines,
}

/// compose-go's `isSpace`: blanks that are not a line break.
fn is_blank(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

impl Parser<'_> {
    /// Skips blanks, line breaks and comment lines: where the next statement
    /// starts, if any.
    fn statement_start(&mut self) -> Option<usize> {
        loop {
            let rest = &self.text[self.pos..];
            let skipped = rest.find(|c: char| !c.is_whitespace())?;
            self.pos += skipped;
            if !self.text[self.pos..].starts_with('#') {
                return Some(self.pos);
            }
            self.pos += self.text[self.pos..].find('\n')?;
        }
    }

    /// The key at `pos`, and whether it stands alone on its line; `pos`
    /// moves past its `=`, `:` or line break, and the blanks after it.
    fn key(&mut self) -> Result<(String, bool), ErrorKind> {
        let mut src = &self.text[self.pos..];
        if let Some(after) = src.strip_prefix("export")
            && after.starts_with(['\t', '\n', '\u{c}', '\r', ' '])
        {
            src = after.trim_start_matches(is_blank);
            // compose-go: "zero length string".
            if src.is_empty() {
                return Err(ErrorKind::ExportAlone);
            }
        }
        let mut end = None;
        for (i, c) in src.char_indices() {
            if is_blank(c) {
                continue;
            }
            match c {
                '=' | ':' | '\n' => {
                    end = Some((i, c));
                    break;
                }
                '_' | '.' | '-' | '[' | ']' => {}
                c if c.is_alphabetic() || c.is_numeric() => {}
                _ => return Err(ErrorKind::KeyCharacter),
            }
        }
        // No `=`, `:` or line break before the end of the text: compose-go
        // reads the whole rest as the value of an empty key.
        let (key, offset, inherited) = match end {
            Some((i, c)) => (&src[..i], i + 1, c == '\n'),
            None => ("", 0, false),
        };
        let key = key.trim_end();
        if key.contains(' ') {
            return Err(ErrorKind::KeySpace);
        }
        let rest = src[offset..].trim_start_matches(is_blank);
        self.pos = self.text.len() - rest.len();
        Ok((key.to_owned(), inherited))
    }

    /// The value at `pos`, interpolated with `find`; `pos` moves past it.
    fn value<'v>(
        &mut self,
        find: &dyn Fn(&str) -> Option<&'v str>,
        budget: &mut Budget,
    ) -> Result<(Zeroizing<String>, Vec<String>), ErrorKind> {
        let src = &self.text[self.pos..];
        let quote = match src.as_bytes().first() {
            Some(&quote @ (b'"' | b'\'')) => quote,
            _ => {
                let (line, next) = match src.find('\n') {
                    Some(i) => (&src[..i], self.pos + i + 1),
                    None => (src, self.text.len()),
                };
                self.pos = next;
                let line = line.split_once(" #").map_or(line, |(value, _)| value);
                let done =
                    interpolate(line.trim_end(), find, budget).map_err(ErrorKind::Template)?;
                return Ok((done.value, done.unresolved));
            }
        };
        let bytes = src.as_bytes();
        let mut chars = Zeroizing::new(Vec::with_capacity(bytes.len().min(256)));
        let mut escaped = false;
        for (i, &byte) in bytes.iter().enumerate().skip(1) {
            if byte != quote || escaped {
                if !escaped && byte == b'\\' {
                    escaped = true;
                    continue;
                }
                // A backslash before the quote goes; before anything else it stays.
                if escaped && byte != quote {
                    chars.push(b'\\');
                }
                escaped = false;
                chars.push(byte);
                continue;
            }
            self.pos += i + 1;
            // Only ASCII quotes and backslashes were taken out: still UTF-8.
            let inner = std::str::from_utf8(&chars).map_err(|_| ErrorKind::Unterminated)?;
            if quote == b'\'' {
                return Ok((Zeroizing::new(inner.to_owned()), Vec::new()));
            }
            let unescaped = unescape(inner);
            let done = interpolate(&unescaped, find, budget).map_err(ErrorKind::Template)?;
            return Ok((done.value, done.unresolved));
        }
        Err(ErrorKind::Unterminated)
    }
}

/// compose-go's `expandEscapes`: `\a \b \f \n \r \t \v \" \\`, `\$` (kept as
/// `$$` for interpolation to read as a `$`) and `\0` with three octal
/// digits up to `\0377`; anything else it matches stays as written (`\c`),
/// or loses its `0` (`\0`, `\012`, `\0777` read as `\`, `\12`, `\777`).
fn unescape(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let simple = match after.as_bytes().first() {
            Some(b'a') => Some("\u{7}"),
            Some(b'b') => Some("\u{8}"),
            Some(b'f') => Some("\u{c}"),
            Some(b'n') => Some("\n"),
            Some(b'r') => Some("\r"),
            Some(b't') => Some("\t"),
            Some(b'v') => Some("\u{b}"),
            Some(b'"') => Some("\""),
            Some(b'\\') => Some("\\"),
            Some(b'$') => Some("$$"),
            Some(b'c') => Some("\\c"),
            _ => None,
        };
        if let Some(simple) = simple {
            out.push_str(simple);
            rest = &after[1..];
            continue;
        }
        if let Some(zero) = after.strip_prefix('0') {
            // The regular expression takes `0` and up to three digits.
            let digits = zero.bytes().take(3).take_while(u8::is_ascii_digit).count();
            let octal = &zero[..digits];
            let value = (digits == 3 && octal.bytes().all(|b| b <= b'7'))
                .then(|| u32::from_str_radix(octal, 8).ok())
                .flatten()
                .filter(|&value| value <= 255)
                .and_then(char::from_u32);
            match value {
                Some(c) => out.push(c),
                // compose-go rewrites `\0` to `\` before it decodes, and
                // keeps the rewritten text when decoding fails.
                None => {
                    out.push('\\');
                    out.push_str(octal);
                }
            }
            rest = &zero[digits..];
            continue;
        }
        out.push('\\');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Line numbers of positions asked for in increasing order, counted once.
#[derive(Default)]
struct Lines {
    pos: usize,
    line: usize,
}

impl Lines {
    fn line_at(&mut self, text: &str, pos: usize) -> usize {
        if self.line == 0 {
            self.line = 1;
        }
        self.line += text.as_bytes()[self.pos..pos]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count();
        self.pos = pos;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<(String, Option<String>)>, ParseError> {
        let none = |_: &str| None;
        Ok(parse(
            text,
            &none,
            &none,
            Bare::LookupThenFile,
            &mut Budget::new(1 << 20),
        )?
        .into_iter()
        .map(|a| (a.key, a.value.map(|v| v.to_string())))
        .collect())
    }

    fn one(text: &str) -> String {
        let read = read(text).unwrap();
        read.last().unwrap().1.clone().unwrap()
    }

    #[test]
    fn reads_what_compose_reads() {
        assert_eq!(one("K=Default Organization\n"), "Default Organization");
        assert_eq!(one("K=%Y-%m-%d %H:%M:%S"), "%Y-%m-%d %H:%M:%S");
        assert_eq!(one("K=a\\nb"), "a\\nb");
        assert_eq!(one("K=value\t# comment"), "value\t# comment");
        assert_eq!(one("K=#x"), "#x");
        assert_eq!(one("K= #x"), "#x");
        assert_eq!(one("K=v # x"), "v");
        assert_eq!(one("K=\"a\"#c"), "a");
        assert_eq!(one("K=a\\ b"), "a\\ b");
        assert_eq!(one("K=\"a\\tb\""), "a\tb");
        assert_eq!(one("K=\"\\0101\""), "A");
        assert_eq!(one("K='a\\'b'"), "a'b");
        assert_eq!(one("K=C:\\path"), "C:\\path");
        assert_eq!(one("K=a\"b"), "a\"b");
        assert_eq!(one("K={\"a\": 1}"), "{\"a\": 1}");
        assert_eq!(one("K: v"), "v");
        assert_eq!(one("MY-KEY=v"), "v");
        assert_eq!(one("export K=v"), "v");
        assert_eq!(one("A=1\nK=${A:-d}${B-e}${A:+x}$$y cost$5"), "1ex$y cost$5");
    }

    #[test]
    fn text_after_a_closing_quote_starts_another_statement() {
        assert_eq!(
            read("A=\"x\" B=y\n").unwrap(),
            [
                ("A".into(), Some("x".into())),
                ("B".into(), Some("y".into()))
            ]
        );
    }

    #[test]
    fn a_bare_key_takes_its_value_from_the_lookup_or_is_not_set() {
        let read = read("A=1\nA\nB\n").unwrap();
        assert_eq!(read[1].1.as_deref(), Some("1"));
        assert_eq!(read[2].1, None);
    }

    #[test]
    fn refusals_name_the_line() {
        let err = |text: &str| read(text).unwrap_err();
        assert_eq!(err("A=1\n\nB C=2").kind, ErrorKind::KeySpace);
        assert_eq!(err("A=1\n\nB C=2").line, 3);
        assert_eq!(err("A=1\nB=\"open\n").kind, ErrorKind::Unterminated);
        assert_eq!(err("A=1\nB=\"open\n").line, 2);
        assert_eq!(err("K#=1").kind, ErrorKind::KeyCharacter);
        assert_eq!(
            err("K=${A").kind,
            ErrorKind::Template(TemplateError::Invalid)
        );
    }

    #[test]
    fn doubling_stops_at_the_budget() {
        let mut text = String::from("A0=0123456789abcdef\n");
        for i in 1..=28 {
            text.push_str(&format!("A{i}=$A{}$A{}\n", i - 1, i - 1));
        }
        let none = |_: &str| None;
        let err = parse(
            &text,
            &none,
            &none,
            Bare::LookupOnly,
            &mut Budget::new(1 << 20),
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Template(TemplateError::TooLarge));
        assert_eq!(err.key.as_deref(), Some("A16"));
    }
}
