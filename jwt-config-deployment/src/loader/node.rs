//! A `.env` file as Node's `dotenv` 16 reads it (`dotenv.parse`,
//! `dotenv.config`): one regular expression run over the whole text, held
//! to `dotenv` itself by the golden corpus in `tests/golden/loaders`.
//!
//! - `\r\n` and `\r` are line breaks; a line the expression does not match
//!   is skipped, never an error;
//! - `export` may come first; a key is letters, digits, `_`, `.` and `-`,
//!   then `=`, or `:` and a blank;
//! - an unquoted value runs to `#` (no blank needed before it) or the end
//!   of its line, blanks around it dropped; `'...'`, `"..."` and `` `...` ``
//!   may span lines and lose their quotes; in `"..."`, `\n` and `\r` become
//!   line breaks; no other escape is read;
//! - nothing is interpolated (`$NAME` stays as written: that is
//!   `dotenv-expand`, another package); a key set again takes its last value.
//!
//! The expression is `dotenv`'s `LINE`, written for the `regex` crate, whose
//! leftmost-first matching gives the match JavaScript's backtracking gives;
//! JavaScript's `\s` and `.` are spelled out. One difference: U+2028 and
//! U+2029 end a line for JavaScript's `^` and `$`, not here.

use std::sync::OnceLock;

use regex::Regex;
use zeroize::Zeroizing;

use super::Reading;

/// JavaScript's `\s`.
const SPACE: &str = r"[\t\n\x0B\x0C\r \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}]";

fn line() -> &'static Regex {
    static LINE: OnceLock<Regex> = OnceLock::new();
    LINE.get_or_init(|| {
        let s = SPACE;
        // JavaScript's `.`: anything but a line terminator.
        let dot = r"[^\n\r\u{2028}\u{2029}]";
        let pattern = format!(
            r#"(?m)^{s}*(?:export{s}+)?([A-Za-z0-9_.-]+)(?:{s}*={s}*?|:{s}+?)({s}*'(?:\\'|[^'])*'|{s}*"(?:\\"|[^"])*"|{s}*`(?:\\`|[^`])*`|[^#\r\n]+)?{s}*(?:#{dot}*)?$"#
        );
        Regex::new(&pattern).expect("dotenv's LINE is a valid expression")
    })
}

/// JavaScript's `String.prototype.trim`: its `\s`.
fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Every key `dotenv.parse` finds in `text`, in order.
pub fn read(text: &str) -> Vec<Reading> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut readings = Vec::new();
    let mut lines_before = 0;
    let mut counted = 0;
    for captures in line().captures_iter(&text) {
        let Some(key) = captures.get(1) else { continue };
        lines_before += text.as_bytes()[counted..key.start()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = key.start();
        let raw = captures.get(2).map_or("", |value| value.as_str());
        let trimmed = raw.trim_matches(js_space);
        let quote = trimmed.chars().next();
        // `/^(['"`])([\s\S]*)\1$/`: surrounding quotes go.
        let unquoted = match quote {
            Some(q @ ('\'' | '"' | '`')) if trimmed.len() >= 2 && trimmed.ends_with(q) => {
                &trimmed[1..trimmed.len() - 1]
            }
            _ => trimmed,
        };
        let value = if quote == Some('"') {
            unquoted.replace("\\n", "\n").replace("\\r", "\r")
        } else {
            unquoted.to_owned()
        };
        readings.push(Reading {
            key: key.as_str().to_owned(),
            value: Some(Zeroizing::new(value)),
            line: lines_before + 1,
            unresolved: Vec::new(),
        });
    }
    readings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_left_open_line_after_line_are_read_in_linear_time() {
        for quote in ['\'', '"', '`'] {
            let text = format!("K={quote}x\nL=y\n").repeat(10_000);
            let found = read(&text);
            assert_eq!(found.last().unwrap().line, 20_000, "{quote}");
        }
        // One quote opened early, never closed, and many lines after it.
        let text = format!("K='x\n{}", "A=1\n".repeat(20_000));
        assert_eq!(read(&text).len(), 20_001);
    }
}
