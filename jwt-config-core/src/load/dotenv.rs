//! The `.env` grammar as services read it with `dotenvy` 0.15, with what a
//! check needs that dotenvy does not give: the line of every assignment,
//! every definition of a key (not only one of them), and `$` references
//! resolved against the file itself, never against the environment of the
//! process that reads it.
//!
//! The grammar, learned from dotenvy's and held to it by a differential
//! test (`tests::agrees_with_dotenvy`):
//! - a *logical line* is a physical line, or several when a quote is left
//!   open; a line whose text starts with `#` is a comment; after a blank,
//!   `#` starts a comment that ends the line;
//! - `KEY=value` or `export KEY=value`; a key starts with a letter or `_`
//!   and holds letters, digits, `_` and `.`; blanks around `=` are allowed;
//! - in a value, `'...'` is literal, `"..."` allows the escapes `\\ \' \" \$
//!   \ ` (a space) and `\n`, as does a bare value; a blank after a bare value
//!   ends it (only a comment may follow);
//! - `$NAME` and `${NAME}` substitute, outside single quotes.
//!
//! The text is read in one pass: time and memory are linear in its size.
//! dotenvy copies a value each time `$NAME` names it, so a few lines that
//! each name the one above twice would grow without end (28 lines reach
//! 4 GiB); here the bytes that substitutions add are bounded (see
//! [`expansion_budget`]), and a file that goes beyond is refused, naming
//! the line and key. Values are wiped from memory when dropped.

use std::collections::HashMap;
use std::fmt;

use zeroize::Zeroizing;

/// One `KEY=value` of a file.
pub(crate) struct Assignment<'t> {
    /// The key, as written.
    pub(crate) key: &'t str,
    /// The value after quotes, escapes and substitutions.
    pub(crate) value: Zeroizing<String>,
    /// The one-based line the assignment starts on.
    pub(crate) line: usize,
    /// The names its value refers to with `$` that the file does not define
    /// above it: dotenvy takes them from the environment of the process.
    /// The empty name stands for a `$` with no name, which dotenvy drops.
    pub(crate) unresolved: Vec<String>,
}

/// The key and line only: the value may be a secret, and so may the names
/// it refers to.
impl fmt::Debug for Assignment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Assignment")
            .field("key", &self.key)
            .field("line", &self.line)
            .field("unresolved", &self.unresolved.len())
            .finish_non_exhaustive()
    }
}

/// A line dotenvy cannot read, or whose substitutions go past the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// The one-based line where the unreadable logical line starts.
    pub(crate) line: usize,
    /// The key whose value grew past [`expansion_budget`]; `None` for a
    /// line dotenvy refuses.
    pub(crate) too_large: Option<String>,
}

impl SyntaxError {
    fn at(line: usize) -> SyntaxError {
        SyntaxError {
            line,
            too_large: None,
        }
    }
}

/// How many bytes `$NAME` substitutions may add to the values of a file of
/// `len` bytes: sixteen times the file, and 1 MiB at least (a PEM key
/// named a few times in a small file fits many times over).
pub(crate) fn expansion_budget(len: usize) -> usize {
    len.saturating_mul(16).max(1 << 20)
}

/// Every assignment of `text`, in order (a key may come more than once),
/// or the first line dotenvy would refuse. A leading UTF-8 byte-order mark
/// is skipped, as `dotenvy::dotenv()` skips it.
pub(crate) fn parse(text: &str) -> Result<Vec<Assignment<'_>>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut assignments: Vec<Assignment<'_>> = Vec::new();
    // Each key's latest assignment, by position: what a `$` refers to. Kept
    // up to date only when a line holds a `$`, which most files never do.
    let mut defined: HashMap<&str, usize> = HashMap::new();
    let mut indexed = 0;
    let mut budget = expansion_budget(text.len());
    for logical in LogicalLines::new(text) {
        let (line, body) = logical?;
        if body.contains('$') {
            for (index, earlier) in assignments.iter().enumerate().skip(indexed) {
                defined.insert(earlier.key, index);
            }
            indexed = assignments.len();
        }
        let lookup = |name: &str| {
            defined
                .get(name)
                .map(|&index| assignments[index].value.as_str())
        };
        let Some(mut assignment) =
            assignment(body, lookup, &mut budget).map_err(|err| match err {
                Refused::Syntax => SyntaxError::at(line),
                Refused::TooLarge(key) => SyntaxError {
                    line,
                    too_large: Some(key.to_owned()),
                },
            })?
        else {
            continue;
        };
        assignment.line = line;
        assignments.push(assignment);
    }
    Ok(assignments)
}

/// Where a logical line stands after some of its text: a quote left open
/// carries it over to the next physical line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing open.
    Done,
    /// After a blank outside quotes: a `#` starts a comment.
    Blank,
    /// After a `\` outside quotes.
    Escape,
    /// Inside `'...'` (the flag: after a `\`).
    Single(bool),
    /// Inside `"..."` (the flag: after a `\`).
    Double(bool),
}

impl State {
    /// The state after `c`; `None` when `c` starts a comment.
    fn after(self, c: char) -> Option<State> {
        Some(match self {
            State::Blank if c == '#' => return None,
            State::Blank | State::Done => match c {
                '\\' => State::Escape,
                '"' => State::Double(false),
                '\'' => State::Single(false),
                // A line break is not a blank: it leaves the line complete.
                c if self == State::Done && c.is_whitespace() && c != '\n' && c != '\r' => {
                    State::Blank
                }
                _ => State::Done,
            },
            State::Escape => State::Done,
            State::Single(true) => State::Single(false),
            State::Single(false) => match c {
                '\\' => State::Single(true),
                '\'' => State::Done,
                _ => State::Single(false),
            },
            State::Double(true) => State::Double(false),
            State::Double(false) => match c {
                '\\' => State::Double(true),
                '"' => State::Done,
                _ => State::Double(false),
            },
        })
    }
}

/// The logical lines of a text, each with the line it starts on, as slices
/// of the text.
struct LogicalLines<'t> {
    text: &'t str,
    /// Where the next logical line starts.
    pos: usize,
    /// The one-based number of the physical line at `pos`.
    line: usize,
}

impl<'t> LogicalLines<'t> {
    fn new(text: &'t str) -> LogicalLines<'t> {
        LogicalLines {
            text,
            pos: 0,
            line: 1,
        }
    }
}

impl<'t> Iterator for LogicalLines<'t> {
    type Item = Result<(usize, &'t str), SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        if self.pos >= text.len() {
            return None;
        }
        let (start, first_line) = (self.pos, self.line);
        let mut state = State::Done;
        loop {
            if self.pos >= text.len() {
                // A quote or an escape still open at the end of the text.
                return Some(Err(SyntaxError::at(first_line)));
            }
            let segment_start = self.pos;
            let segment_end = text[segment_start..]
                .find('\n')
                .map_or(text.len(), |i| segment_start + i + 1);
            self.pos = segment_end;
            if text.as_bytes()[segment_end - 1] == b'\n' {
                self.line += 1;
            }
            if text[start..segment_end].trim_start().starts_with('#') {
                return Some(Ok((first_line, "")));
            }
            let segment = &text.as_bytes()[segment_start..segment_end];
            // Most lines hold no quote, escape or `#` and end with a line
            // break: such a line is whole and has no comment, which a scan
            // of its bytes tells faster than the state of every character.
            if state == State::Done
                && segment.last() == Some(&b'\n')
                && !segment
                    .iter()
                    .any(|byte| matches!(byte, b'\\' | b'"' | b'\'' | b'#'))
            {
                return Some(Ok((first_line, line_body(&text[start..segment_end]))));
            }
            let mut comment_at = None;
            for (offset, c) in text[segment_start..segment_end].char_indices() {
                match state.after(c) {
                    Some(next) => state = next,
                    None => {
                        comment_at = Some(segment_start + offset);
                        break;
                    }
                }
            }
            if let Some(at) = comment_at {
                return Some(Ok((first_line, &text[start..at])));
            }
            match state {
                State::Done => return Some(Ok((first_line, line_body(&text[start..segment_end])))),
                // Open: the logical line goes on.
                _ => continue,
            }
        }
    }
}

/// A logical line without its line break (LF or CRLF).
fn line_body(line: &str) -> &str {
    line.strip_suffix('\n')
        .map_or(line, |body| body.strip_suffix('\r').unwrap_or(body))
}

/// Why a logical line is not read.
enum Refused<'t> {
    /// dotenvy refuses it.
    Syntax,
    /// The substitutions in the value of this key go past the budget.
    TooLarge(&'t str),
}

/// The assignment a logical line makes; `Ok(None)` for a blank or comment
/// line, `Err` for a line dotenvy refuses or whose substitutions would add
/// more than `budget` bytes (what they add is taken from it).
fn assignment<'t, 'd>(
    body: &'t str,
    defined: impl Fn(&str) -> Option<&'d str>,
    budget: &mut usize,
) -> Result<Option<Assignment<'t>>, Refused<'t>> {
    let rest = body.trim_end().trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        return Ok(None);
    }
    let (mut key, mut rest) = key(rest).map_err(|()| Refused::Syntax)?;
    rest = rest.trim_start();
    if key == "export" && !rest.starts_with('=') {
        (key, rest) = self::key(rest).map_err(|()| Refused::Syntax)?;
        rest = rest.trim_start();
    }
    rest = rest.strip_prefix('=').ok_or(Refused::Syntax)?.trim_start();
    let mut unresolved = Vec::new();
    let value = if rest.is_empty() || rest.starts_with('#') {
        Zeroizing::new(String::new())
    } else {
        value(rest, &defined, &mut unresolved, budget).map_err(|err| match err {
            ValueError::Syntax => Refused::Syntax,
            ValueError::TooLarge => Refused::TooLarge(key),
        })?
    };
    Ok(Some(Assignment {
        key,
        value,
        line: 0,
        unresolved,
    }))
}

/// A key at the start of `text`, and the text after it.
fn key(text: &str) -> Result<(&str, &str), ()> {
    let bytes = text.as_bytes();
    if !bytes
        .first()
        .is_some_and(|&byte| byte.is_ascii_alphabetic() || byte == b'_')
    {
        return Err(());
    }
    // Every byte of a key is ASCII: the first other byte starts a character.
    let end = bytes
        .iter()
        .position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'.'))
        .unwrap_or(bytes.len());
    Ok(text.split_at(end))
}

/// Where a value's reader stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Bare,
    /// After `\`.
    Escaped,
    Single,
    Double,
    /// After `$`: reading a name.
    Name,
    /// After `${`: reading a name up to `}`.
    Braced,
    /// After a blank that ended a bare value: only a comment may follow.
    End,
}

/// Why a value is not read.
enum ValueError {
    Syntax,
    TooLarge,
}

/// A value (after `=` and blanks): quotes, escapes and substitutions
/// applied, names the file does not define collected in `unresolved`, the
/// bytes substitutions add taken from `budget`.
fn value<'d>(
    text: &str,
    defined: &impl Fn(&str) -> Option<&'d str>,
    unresolved: &mut Vec<String>,
    budget: &mut usize,
) -> Result<Zeroizing<String>, ValueError> {
    // Most values hold nothing the grammar reads (no quote, escape, `$`
    // or blank): the value is the text.
    if !text
        .bytes()
        .any(|byte| matches!(byte, b'\'' | b'"' | b'\\' | b'$' | b' ' | b'\t'))
    {
        return Ok(Zeroizing::new(text.to_owned()));
    }
    // Sized to the written value, so that it grows (leaving an unwiped
    // copy behind) only when a substitution makes it longer.
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut name = String::new();
    let mut mode = Mode::Bare;
    // Inside double quotes when the escape or the name began.
    let mut in_double = false;
    // A `$` with no name after it is dropped by dotenvy: unresolved too,
    // as the empty name, since the file surely meant the `$`.
    let mut substitute = |name: &mut String, out: &mut String| -> Result<(), ValueError> {
        match defined(name.as_str()) {
            Some(value) if !name.is_empty() => {
                *budget = budget
                    .checked_sub(value.len())
                    .ok_or(ValueError::TooLarge)?;
                out.push_str(value);
            }
            _ => {
                if !unresolved.contains(name) {
                    unresolved.push(name.clone());
                }
            }
        }
        name.clear();
        Ok(())
    };
    for c in text.chars() {
        match mode {
            Mode::End => match c {
                ' ' | '\t' => {}
                '#' => break,
                _ => return Err(ValueError::Syntax),
            },
            Mode::Escaped => {
                match c {
                    '\\' | '\'' | '"' | '$' | ' ' => out.push(c),
                    'n' => out.push('\n'),
                    _ => return Err(ValueError::Syntax),
                }
                mode = if in_double { Mode::Double } else { Mode::Bare };
            }
            Mode::Single => match c {
                '\'' => mode = Mode::Bare,
                _ => out.push(c),
            },
            Mode::Name if c.is_alphanumeric() => name.push(c),
            Mode::Name if c == '{' && name.is_empty() => mode = Mode::Braced,
            Mode::Name => {
                substitute(&mut name, &mut out)?;
                // What ends a name is kept as it is, quote or blank alike,
                // and a second `$` starts another name.
                if c == '$' {
                    mode = Mode::Name;
                } else {
                    out.push(c);
                    mode = if in_double { Mode::Double } else { Mode::Bare };
                }
            }
            Mode::Braced => match c {
                '}' => {
                    substitute(&mut name, &mut out)?;
                    mode = if in_double { Mode::Double } else { Mode::Bare };
                }
                _ => name.push(c),
            },
            Mode::Double | Mode::Bare if c == '$' => {
                in_double = mode == Mode::Double;
                mode = Mode::Name;
            }
            Mode::Double => match c {
                '"' => mode = Mode::Bare,
                '\\' => {
                    in_double = true;
                    mode = Mode::Escaped;
                }
                _ => out.push(c),
            },
            Mode::Bare => match c {
                '\'' => mode = Mode::Single,
                '"' => mode = Mode::Double,
                '\\' => {
                    in_double = false;
                    mode = Mode::Escaped;
                }
                ' ' | '\t' => mode = Mode::End,
                _ => out.push(c),
            },
        }
    }
    match mode {
        Mode::Braced | Mode::Single | Mode::Double => Err(ValueError::Syntax),
        Mode::Name if in_double => Err(ValueError::Syntax),
        Mode::Name => {
            substitute(&mut name, &mut out)?;
            Ok(out)
        }
        _ => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn pairs(text: &str) -> Result<Vec<(String, String)>, SyntaxError> {
        Ok(parse(text)?
            .into_iter()
            .map(|a| (a.key.to_owned(), a.value.to_string()))
            .collect())
    }

    fn dotenvy(text: &str) -> Result<Vec<(String, String)>, ()> {
        dotenvy::from_read_iter(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ())
    }

    #[test]
    fn reads_what_services_write() {
        let text = "\u{feff}# a comment\r\nexport A=1\r\nB = \"two words\" # note\nC='lit $A'\nD=\"multi\nline\"\nE=x\\ y\nF=$A-${B}\nG=\n";
        assert_eq!(
            pairs(text).unwrap(),
            [
                ("A", "1"),
                ("B", "two words"),
                ("C", "lit $A"),
                ("D", "multi\nline"),
                ("E", "x y"),
                ("F", "1-two words"),
                ("G", ""),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        let lines: Vec<usize> = parse(text).unwrap().iter().map(|a| a.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 7, 8, 9]);
    }

    #[test]
    fn a_name_the_file_does_not_define_is_unresolved_not_read_from_the_process() {
        // HOME is set in the process running this test; the file never sees it.
        let found = parse("K=abc=#$HOME\nL=\"$HOME/x\"\n").unwrap();
        assert_eq!(found[0].value.as_str(), "abc=#");
        assert_eq!(found[0].unresolved, ["HOME"]);
        assert_eq!(found[1].value.as_str(), "/x");
        assert_eq!(found[1].unresolved, ["HOME"]);
    }

    #[test]
    fn every_definition_of_a_key_is_kept_with_its_line() {
        let found = parse("K=1\nK=2\n\nK=1\n").unwrap();
        let seen: Vec<(usize, &str)> = found.iter().map(|a| (a.line, a.value.as_str())).collect();
        assert_eq!(seen, [(1, "1"), (2, "2"), (4, "1")]);
    }

    #[test]
    fn a_refused_line_is_named_by_the_line_it_starts_on() {
        assert_eq!(parse("A=1\nB=\"open\nstill\n").unwrap_err().line, 2);
        assert_eq!(parse("A=1\n\n=x\n").unwrap_err().line, 3);
        assert_eq!(parse("A=b c\n").unwrap_err().line, 1);
    }

    #[test]
    fn a_value_doubled_line_after_line_stops_at_the_budget() {
        // 384 bytes that dotenvy would grow to 4 GiB.
        let mut text = String::from("A0=0123456789abcdef\n");
        for i in 1..=28 {
            text.push_str(&format!("A{i}=$A{}$A{}\n", i - 1, i - 1));
        }
        let err = parse(&text).unwrap_err();
        // 16 bytes doubled: the values up to A15 add 1 MiB less 32 bytes.
        assert_eq!(
            err,
            SyntaxError {
                line: 17,
                too_large: Some("A16".to_owned())
            }
        );
    }

    #[test]
    fn time_is_linear_in_an_open_quote() {
        // One quote left open over 200,000 lines: one pass, not one per line.
        let text = format!("A=\"{}", "x\n".repeat(200_000));
        assert_eq!(parse(&text).unwrap_err().line, 1);
    }

    /// Characters that exercise every rule of the grammar; `$` names that no
    /// process defines, so that dotenvy's environment lookup finds nothing.
    fn env_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "A",
            "B",
            "K.x",
            "_k",
            "export",
            "=",
            " ",
            "\t",
            "#",
            "'",
            "\"",
            "\\",
            "\\n",
            "$",
            "${",
            "}",
            "$JWTCFG_UNSET",
            "${JWTCFG_UNSET}",
            "$A",
            "${B}",
            "\n",
            "\r\n",
            "x",
            "é",
            "1",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn agrees_with_dotenvy(text in env_text()) {
            let ours = pairs(&text).map_err(|_| ());
            prop_assert_eq!(ours, dotenvy(&text), "text: {:?}", text);
        }

        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }
    }
}
