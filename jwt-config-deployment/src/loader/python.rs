//! A `.env` file as python-dotenv 1.x reads it (`dotenv_values`,
//! `load_dotenv`): its parser (`dotenv/parser.py`) and its interpolation
//! (`dotenv/variables.py`), ported rule by rule and held to python-dotenv
//! itself by the golden corpus in `tests/golden/loaders`.
//!
//! - the file is read in text mode: `\r\n` and `\r` are line breaks;
//! - a line python-dotenv cannot read is skipped (it warns), never an error;
//! - `export` may come first; a key is `'quoted'` or any run of characters
//!   but `=`, `#` and blanks; `KEY` alone sets nothing;
//! - an unquoted value runs to the end of its line, a blank then `#` ending
//!   it; `'...'` reads `\\` and `\'`, `"..."` also `\"`, `\a \b \f \n \r \t
//!   \v`; both may span lines; only a comment may follow the closing quote;
//! - `${NAME}` and `${NAME:-default}` (only these; `$NAME` stays as written)
//!   are looked up in what the file set above, in every kind of value, quoted
//!   or not; a name it does not set is the environment's, else the default.

use std::collections::HashMap;

use zeroize::Zeroizing;

use super::Reading;

/// Python's `\s` (`str.isspace`): Rust's whitespace and the separators
/// U+001C to U+001F.
fn space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `[^\S\r\n]`: a blank that is not a line break.
fn blank(c: char) -> bool {
    space(c) && c != '\n' && c != '\r'
}

/// Every binding of `text` with a key, in order, interpolated; or the line
/// whose interpolation goes past the bound (see `interpolate`).
pub fn read(text: &str) -> Result<Vec<Reading>, usize> {
    // Text mode: universal newlines.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = Reader {
        text: &text,
        pos: 0,
        unclosed_from: [usize::MAX; 2],
        last_escaped: [None; 2],
    };
    let mut raw: Vec<(String, Option<Zeroizing<String>>, usize)> = Vec::new();
    // Lines counted once, as the bindings come in order.
    let (mut counted, mut line) = (0, 1);
    while reader.pos < text.len() {
        let start = reader.pos;
        match reader.binding() {
            Ok(Some((key, value, at))) => {
                line += text.as_bytes()[counted..at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted = at;
                raw.push((key, value, line));
            }
            Ok(None) => {}
            Err(Skip) => {
                // `_rest_of_line`: what is left of the line where it failed.
                reader.pos = text[reader.pos..]
                    .find('\n')
                    .map_or(text.len(), |i| reader.pos + i + 1);
            }
        }
        if reader.pos == start {
            // Never reached: every binding reads something.
            reader.pos = text.len();
        }
    }
    interpolate(raw, text.len())
}

/// A line python-dotenv skips.
struct Skip;

struct Reader<'t> {
    text: &'t str,
    pos: usize,
    /// For `'` and `"`: the first position from which no unescaped quote
    /// follows (none from there on, either), so that many quotes left open
    /// cost one scan, not one each.
    unclosed_from: [usize; 2],
    /// For `'` and `"`: where the text's last quote with a backslash before
    /// it is, once looked for.
    last_escaped: [Option<Option<usize>>; 2],
}

impl<'t> Reader<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn skip_while(&mut self, keep: impl Fn(char) -> bool) {
        let rest = self.rest();
        self.pos += rest.find(|c| !keep(c)).unwrap_or(rest.len());
    }

    /// `parse_binding`: the key, its value (`None` without `=`), and where
    /// the key starts; `None` for a blank or comment.
    #[allow(clippy::type_complexity)]
    fn binding(&mut self) -> Result<Option<(String, Option<Zeroizing<String>>, usize)>, Skip> {
        self.skip_while(space);
        if self.pos >= self.text.len() {
            return Ok(None);
        }
        if let Some(after) = self.rest().strip_prefix("export")
            && after.starts_with(blank)
        {
            self.pos += "export".len();
            self.skip_while(blank);
        }
        let at = self.pos;
        let key = match self.rest().chars().next() {
            Some('#') => None,
            Some('\'') => {
                let inner = &self.rest()[1..];
                let end = inner.find('\'').filter(|&end| end > 0).ok_or(Skip)?;
                let key = inner[..end].to_owned();
                self.pos += end + 2;
                Some(key)
            }
            _ => {
                let rest = self.rest();
                let len = rest
                    .find(|c: char| c == '=' || c == '#' || space(c))
                    .unwrap_or(rest.len());
                if len == 0 {
                    return Err(Skip);
                }
                self.pos += len;
                Some(rest[..len].to_owned())
            }
        };
        self.skip_while(blank);
        let value = if self.rest().starts_with('=') {
            self.pos += 1;
            self.skip_while(blank);
            Some(self.value()?)
        } else {
            None
        };
        // `_comment`: blanks then `#` and the rest of the line, or nothing.
        let rest = self.rest();
        let blanks = rest.find(|c| !blank(c)).unwrap_or(rest.len());
        if rest[blanks..].starts_with('#') {
            self.pos += blanks;
            self.skip_while(|c| c != '\n');
        }
        // `_end_of_line`: blanks, then a line break or the end.
        self.skip_while(blank);
        match self.rest().chars().next() {
            None => {}
            Some('\n') => self.pos += 1,
            Some(_) => return Err(Skip),
        }
        Ok(key.map(|key| (key, value, at)))
    }

    fn value(&mut self) -> Result<Zeroizing<String>, Skip> {
        let rest = self.rest();
        match rest.chars().next() {
            Some(quote @ ('\'' | '"')) => {
                let (inner, len) = self.quoted(quote).ok_or(Skip)?;
                self.pos += len;
                Ok(unescape(inner, quote == '"'))
            }
            None | Some('\n') => Ok(Zeroizing::new(String::new())),
            Some(_) => {
                let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                self.pos += line.len();
                // `re.sub(r"\s+#.*", "", part).rstrip()`.
                let cut = line
                    .char_indices()
                    .filter(|&(i, c)| c == '#' && line[..i].ends_with(space))
                    .map(|(i, _)| line[..i].trim_end_matches(space).len())
                    .next()
                    .unwrap_or(line.len());
                Ok(Zeroizing::new(
                    line[..cut].trim_end_matches(space).to_owned(),
                ))
            }
        }
    }
}

impl<'t> Reader<'t> {
    /// `'((?:\\'|[^'])*)'` (or with `"`) at `pos`: the inside and the
    /// length of the match. The regular expression ends at the first quote
    /// no backslash stands before; without one, Python's engine backtracks
    /// to the last quote a backslash stands before (the backslash then read
    /// as text), if any.
    fn quoted(&mut self, quote: char) -> Option<(&'t str, usize)> {
        let text = self.text;
        let body_start = self.pos + 1;
        let which = usize::from(quote == '"');
        if body_start < self.unclosed_from[which] {
            let bytes = text.as_bytes();
            let mut from = body_start;
            while let Some(i) = text[from..].find(quote) {
                let at = from + i;
                if bytes[at - 1] != b'\\' {
                    return Some((&text[body_start..at], at + 1 - self.pos));
                }
                from = at + 1;
            }
            self.unclosed_from[which] = body_start;
        }
        let escaped = [b'\\', quote as u8];
        let last = *self.last_escaped[which].get_or_insert_with(|| {
            let found = text.as_bytes().windows(2).rposition(|pair| pair == escaped);
            found.map(|i| i + 1)
        });
        let last = last?;
        (last > body_start).then(|| (&text[body_start..last], last + 1 - self.pos))
    }
}

/// `decode_escapes`: `\\` and `\'` in single quotes; also `\"` and `\a \b
/// \f \n \r \t \v` in double quotes. Any other backslash stays.
fn unescape(text: &str, double: bool) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.peek() {
            Some('\\') => Some('\\'),
            Some('\'') => Some('\''),
            Some('"') if double => Some('"'),
            Some('a') if double => Some('\u{7}'),
            Some('b') if double => Some('\u{8}'),
            Some('f') if double => Some('\u{c}'),
            Some('n') if double => Some('\n'),
            Some('r') if double => Some('\r'),
            Some('t') if double => Some('\t'),
            Some('v') if double => Some('\u{b}'),
            _ => None,
        };
        match decoded {
            Some(decoded) => {
                chars.next();
                out.push(decoded);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `resolve_variables`: each value in order, `${NAME}` and
/// `${NAME:-default}` looked up in the values resolved above it. What the
/// lookups add is bounded (python-dotenv has no bound: a few lines that
/// each name the one above twice fill memory): past sixteen times the
/// text, 1 MiB at least, the line of the value that goes past is returned.
fn interpolate(
    raw: Vec<(String, Option<Zeroizing<String>>, usize)>,
    text_len: usize,
) -> Result<Vec<Reading>, usize> {
    let mut budget = text_len.saturating_mul(16).max(1 << 20);
    let mut resolved: HashMap<String, Option<usize>> = HashMap::new();
    let mut readings: Vec<Reading> = Vec::with_capacity(raw.len());
    for (key, value, line) in raw {
        let mut unresolved = Vec::new();
        let value = match value {
            None => None,
            Some(value) => {
                let mut out = Zeroizing::new(String::with_capacity(value.len()));
                let mut scan = References::new(&value);
                let mut done = 0;
                while let Some((at, name, default, end)) = scan.next() {
                    out.push_str(&value[done..at]);
                    let found = match resolved.get(name) {
                        Some(index) => index
                            .and_then(|i| readings[i].value.as_deref())
                            .map_or("", String::as_str),
                        None => {
                            // The environment's, else the default.
                            if !unresolved.iter().any(|known| known == name) {
                                unresolved.push(name.to_owned());
                            }
                            default.unwrap_or("")
                        }
                    };
                    budget = budget.checked_sub(found.len()).ok_or(line)?;
                    out.push_str(found);
                    done = end;
                }
                out.push_str(&value[done..]);
                Some(out)
            }
        };
        let index = readings.len();
        resolved.insert(key.clone(), value.is_some().then_some(index));
        readings.push(Reading {
            key,
            value,
            line,
            unresolved,
        });
    }
    Ok(readings)
}

/// The matches of `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}` in a
/// value, left to right, as `finditer` finds them: each `(start, name,
/// default, end)`. Linear: where no `}` (or no `}` and no `:`) is left, it
/// is not looked for again.
struct References<'v> {
    value: &'v str,
    pos: usize,
    /// No `}` at or after this position.
    no_brace_from: usize,
    /// No `}` and no `:` at or after this position.
    no_stop_from: usize,
}

impl<'v> References<'v> {
    fn new(value: &'v str) -> References<'v> {
        References {
            value,
            pos: 0,
            no_brace_from: usize::MAX,
            no_stop_from: usize::MAX,
        }
    }

    /// The first of `pattern` at or after `from`, remembering where none is.
    fn find(&self, from: usize, pattern: &[char], none_from: usize) -> Option<usize> {
        if from >= none_from {
            return None;
        }
        self.value[from..].find(pattern).map(|i| from + i)
    }

    fn next(&mut self) -> Option<(usize, &'v str, Option<&'v str>, usize)> {
        let value = self.value;
        loop {
            let at = self.pos + value[self.pos..].find("${")?;
            let body = at + 2;
            let Some(stop) = self.find(body, &['}', ':'], self.no_stop_from) else {
                self.no_stop_from = self.no_stop_from.min(body);
                self.pos = at + 2;
                continue;
            };
            let name = &value[body..stop];
            if value[stop..].starts_with('}') {
                self.pos = stop + 1;
                return Some((at, name, None, stop + 1));
            }
            if value[stop..].starts_with(":-") {
                let default_start = stop + 2;
                match self.find(default_start, &['}'], self.no_brace_from) {
                    Some(close) => {
                        self.pos = close + 1;
                        return Some((at, name, Some(&value[default_start..close]), close + 1));
                    }
                    None => self.no_brace_from = self.no_brace_from.min(default_start),
                }
            }
            self.pos = at + 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_left_open_line_after_line_are_read_in_linear_time() {
        // 50,000 lines, each opening a quote it never closes: python-dotenv
        // skips each; one scan for the closing quote, not one per line.
        for quote in ['\'', '"'] {
            let text = format!("K={quote}x\n").repeat(50_000);
            assert!(read(&text).unwrap().is_empty());
            // Each line's opening quote closes the line before's value, and
            // the line fails; the last line's value backtracks to its
            // escaped quote (`a\`), as python-dotenv reads it.
            let text = format!("K={quote}a\\{quote}\n").repeat(20_001);
            let found = read(&text).unwrap();
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].value.as_deref().map(String::as_str), Some("a\\"));
        }
        // 100,000 lines read, their lines counted once.
        let text = "A=1\n".repeat(100_000);
        assert_eq!(read(&text).unwrap().last().unwrap().line, 100_000);
    }

    #[test]
    fn references_are_bounded_and_found_in_linear_time() {
        // Forty lines, each naming the one above twice: python-dotenv would
        // build a 16 GiB value; refused at the line that goes past 1 MiB.
        let mut text = String::from("A0='0123456789abcdef'\n");
        for i in 1..=40 {
            text.push_str(&format!("A{i}='${{A{}}}${{A{}}}'\n", i - 1, i - 1));
        }
        assert_eq!(read(&text).err(), Some(17));
        // 100,000 `${` with no `}` after them: one scan, not one each.
        let text = format!("A='{}'\n", "${".repeat(100_000));
        let found = read(&text).unwrap();
        assert_eq!(found[0].value.as_deref().map(String::len), Some(200_000));
        // `${A:-{}` and `${A}` keep python-dotenv's reading.
        let found = read("A=1\nB=${A:-x}${U:-d}${A}${A:x}\n").unwrap();
        assert_eq!(
            found[1].value.as_deref().map(String::as_str),
            Some("1d1${A:x}")
        );
    }
}
