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
//! JavaScript's `\s` and `.` are spelled out. JavaScript's line terminators
//! are `\n`, `\r`, U+2028 and U+2029: under the `m` flag `^` and `$` match
//! beside each of them, and `.` matches none of them, so in `dotenv` a
//! U+2028 or U+2029 ends a comment, and a line after a closing quote
//! (`A='a'<U+2028>b` reads `a`), while a quoted value holds it and an
//! unquoted value runs on past it (`[^#\r\n]`: `A=1<U+2028>B=2` reads one
//! key). The `regex` crate's multi-line anchors know one terminator byte,
//! so the text is searched as bytes with `0xFF` (never in UTF-8) as that
//! byte, each terminator written `0xFF`, terminator, `0xFF`: `$` matches
//! before the first marker, `^` after the second, and every class that
//! takes a terminator takes the three together (no match can start or end
//! inside them). Markers are dropped from the value taken.
//!
//! Quotes go with `value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')`, also
//! multi-line: in an unquoted value that holds a U+2028 or U+2029, a part
//! that starts after one with a quote loses that quote and the last one
//! before a terminator or the end (`A=a<U+2028>'b'` reads `a<U+2028>b`).
//! `unquote` does that in one pass.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};
use zeroize::Zeroizing;

use super::Reading;

/// Written around each line terminator of the text searched.
const MARK: u8 = 0xFF;

/// JavaScript's line terminators (the text searched has no `\r` left).
fn terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn line() -> &'static Regex {
    static LINE: OnceLock<Regex> = OnceLock::new();
    LINE.get_or_init(|| {
        // A terminator as it stands in the text searched.
        let t = r"(?-u:\xFF)[\n\u{2028}\u{2029}](?-u:\xFF)";
        // JavaScript's `\s`.
        let s = format!(
            r"(?:[\t\x0B\x0C \u{{a0}}\u{{1680}}\u{{2000}}-\u{{200a}}\u{{202f}}\u{{205f}}\u{{3000}}\u{{feff}}]|{t})"
        );
        // `[^']` and its like: anything but the quote, terminators too.
        let not = |q: &str| format!(r"(?:[^{q}\n\u{{2028}}\u{{2029}}]|{t})");
        let (single, double, back) = (not("'"), not("\""), not("`"));
        // `[^#\r\n]`: U+2028 and U+2029 too.
        let bare = r"(?:[^#\n\u{2028}\u{2029}]|(?-u:\xFF)[\u{2028}\u{2029}](?-u:\xFF))";
        // JavaScript's `.`: anything but a terminator (or a marker).
        let dot = r"[^\n\u{2028}\u{2029}]";
        let pattern = format!(
            r#"(?m)^{s}*(?:export{s}+)?([A-Za-z0-9_.-]+)(?:{s}*={s}*?|:{s}+?)({s}*'(?:\\'|{single})*'|{s}*"(?:\\"|{double})*"|{s}*`(?:\\`|{back})*`|{bare}+)?{s}*(?:#{dot}*)?$"#
        );
        RegexBuilder::new(&pattern)
            .line_terminator(MARK)
            .build()
            .expect("dotenv's LINE is a valid expression")
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

/// `value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')`: at each line start
/// (the start, or after a terminator) holding a quote, that quote goes
/// with the last same quote after it that ends the text or a line (greedy
/// `[\s\S]*`), and the search goes on after it. Past that last one no
/// match of that quote is left, so one pass does it.
fn unquote(value: &str) -> String {
    const QUOTES: [char; 3] = ['\'', '"', '`'];
    // For each quote, the last place it stands before a terminator or the end.
    let mut last = [None::<usize>; 3];
    let mut chars = value.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if let Some(q) = QUOTES.iter().position(|&q| q == c)
            && chars.peek().is_none_or(|&(_, next)| terminator(next))
        {
            last[q] = Some(at);
        }
    }
    let mut out = String::with_capacity(value.len());
    // Copied up to here; no match starts before it.
    let mut from = 0;
    let mut line_start = true;
    for (at, c) in value.char_indices() {
        if line_start
            && at >= from
            && let Some(q) = QUOTES.iter().position(|&q| q == c)
            && let Some(end) = last[q].filter(|&end| end > at)
        {
            out.push_str(&value[from..at]);
            out.push_str(&value[at + 1..end]);
            // A quote is one byte.
            from = end + 1;
        }
        line_start = terminator(c);
    }
    out.push_str(&value[from..]);
    out
}

/// Every key `dotenv.parse` finds in `text`, in order.
pub fn read(text: &str) -> Vec<Reading> {
    let text = Zeroizing::new(text.replace("\r\n", "\n").replace('\r', "\n"));
    // Each terminator between two markers, for `^` and `$`.
    let mut marked = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut buf = [0; 4];
    for c in text.chars() {
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        if terminator(c) {
            marked.push(MARK);
            marked.extend_from_slice(bytes);
            marked.push(MARK);
        } else {
            marked.extend_from_slice(bytes);
        }
    }
    let mut readings = Vec::new();
    let mut lines_before = 0;
    let mut counted = 0;
    for captures in line().captures_iter(&marked) {
        let Some(key) = captures.get(1) else { continue };
        lines_before += marked[counted..key.start()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = key.start();
        let raw: Zeroizing<Vec<u8>> = Zeroizing::new(
            captures
                .get(2)
                .map_or(&[][..], |value| value.as_bytes())
                .iter()
                .copied()
                .filter(|&b| b != MARK)
                .collect(),
        );
        // Markers stand between whole characters: what is left is UTF-8.
        let raw = String::from_utf8_lossy(&raw);
        let trimmed = raw.trim_matches(js_space);
        let unquoted = Zeroizing::new(unquote(trimmed));
        let value = if trimmed.starts_with('"') {
            unquoted.replace("\\n", "\n").replace("\\r", "\r")
        } else {
            unquoted.to_string()
        };
        readings.push(Reading {
            key: String::from_utf8_lossy(key.as_bytes()).into_owned(),
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

    fn values(text: &str) -> Vec<(String, String)> {
        read(text)
            .into_iter()
            .map(|r| (r.key, r.value.unwrap().to_string()))
            .collect()
    }

    fn pairs(found: &[(&str, &str)]) -> Vec<(String, String)> {
        found
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// Each as `dotenv` 16.6.1 `parse` reads it.
    #[test]
    fn u2028_and_u2029_end_lines_as_in_javascript() {
        let cases: [(&str, &[(&str, &str)]); 9] = [
            // A comment ends at one; an unquoted value runs past it.
            (
                "A=x\u{2028}y#c\u{2028}B=2\n",
                &[("A", "x\u{2028}y"), ("B", "2")],
            ),
            (
                "A=1\u{2028}B=2\u{2029}C=3",
                &[("A", "1\u{2028}B=2\u{2029}C=3")],
            ),
            // A quoted value ends at one.
            ("A='a'\u{2028}b\n", &[("A", "a")]),
            (
                "A=\"q\u{2028}r\"\u{2028}B=2\n",
                &[("A", "q\u{2028}r"), ("B", "2")],
            ),
            ("#c\u{2028}A=1\n", &[("A", "1")]),
            ("\u{2028}\u{2028}A=1\u{2029}", &[("A", "1")]),
            // Quotes go from a line of the value that starts with one.
            ("A=a\u{2028}'b'\n", &[("A", "a\u{2028}b")]),
            (
                "A=x\u{2028}'y'\u{2028}'z'",
                &[("A", "x\u{2028}y'\u{2028}'z")],
            ),
            ("A=x\u{2028}\"y\\n\"", &[("A", "x\u{2028}y\\n")]),
        ];
        for (text, found) in cases {
            assert_eq!(values(text), pairs(found), "{text:?}");
        }
    }

    #[test]
    fn runs_of_u2028_are_read_in_linear_time() {
        let run = "\u{2028}".repeat(200_000);
        // Blank lines before a key, and no key at all.
        assert_eq!(values(&format!("{run}A=1")), pairs(&[("A", "1")]));
        assert!(read(&run).is_empty());
        // 200,000 lines of one key each.
        let found = read(&"A='1'\u{2028}".repeat(200_000));
        assert_eq!(found.len(), 200_000);
        assert!(
            found
                .iter()
                .all(|r| r.value.as_deref().map(String::as_str) == Some("1"))
        );
        // One unquoted value over 200,000 lines, each quoted: the quote
        // opening the first goes with the one closing the last.
        let text = format!("A=x{}", "\u{2028}'y'".repeat(200_000));
        let value = &values(&text)[0].1;
        assert!(value.starts_with("x\u{2028}y'\u{2028}'y"));
        assert!(value.ends_with("y'\u{2028}'y"));
        assert_eq!(value.chars().filter(|&c| c == '\'').count(), 399_998);
    }
}
