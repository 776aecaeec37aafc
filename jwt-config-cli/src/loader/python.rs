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

/// Every binding of `text` with a key, in order, interpolated.
pub fn read(text: &str) -> Vec<Reading> {
    // Text mode: universal newlines.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = Reader {
        text: &text,
        pos: 0,
    };
    let mut raw: Vec<(String, Option<Zeroizing<String>>, usize)> = Vec::new();
    while reader.pos < text.len() {
        let start = reader.pos;
        match reader.binding() {
            Ok(Some((key, value, at))) => raw.push((key, value, line_of(&text, at))),
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
    interpolate(raw)
}

fn line_of(text: &str, at: usize) -> usize {
    1 + text[..at].bytes().filter(|&b| b == b'\n').count()
}

/// A line python-dotenv skips.
struct Skip;

struct Reader<'t> {
    text: &'t str,
    pos: usize,
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
                let (inner, len) = quoted(rest, quote).ok_or(Skip)?;
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

/// `'((?:\\'|[^'])*)'` (or with `"`) at the start of `text`: the inside
/// and the length of the match. Greedy, then backtracking as Python's
/// engine does: without an unescaped closing quote, the match ends at the
/// last escaped one.
fn quoted(text: &str, quote: char) -> Option<(&str, usize)> {
    let body = &text[1..];
    let mut last_escaped = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|&(_, next)| next == quote) {
            let (j, _) = chars.next()?;
            last_escaped = Some(j);
            continue;
        }
        if c == quote {
            return Some((&body[..i], i + 2));
        }
    }
    let j = last_escaped?;
    Some((&body[..j], j + 2))
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
/// `${NAME:-default}` looked up in the values resolved above it.
fn interpolate(raw: Vec<(String, Option<Zeroizing<String>>, usize)>) -> Vec<Reading> {
    let mut resolved: HashMap<String, Option<usize>> = HashMap::new();
    let mut readings: Vec<Reading> = Vec::with_capacity(raw.len());
    for (key, value, line) in raw {
        let mut unresolved = Vec::new();
        let value = value.map(|value| {
            let mut out = Zeroizing::new(String::with_capacity(value.len()));
            let mut rest = value.as_str();
            while let Some(at) = rest.find("${") {
                let Some((name, default, len)) = reference(&rest[at..]) else {
                    out.push_str(&rest[..at + 2]);
                    rest = &rest[at + 2..];
                    continue;
                };
                out.push_str(&rest[..at]);
                match resolved.get(name) {
                    Some(index) => {
                        let found = index.and_then(|i| readings[i].value.as_deref());
                        out.push_str(found.map_or("", String::as_str));
                    }
                    None => {
                        // The environment's, else the default.
                        out.push_str(default.unwrap_or(""));
                        if !unresolved.iter().any(|known| known == name) {
                            unresolved.push(name.to_owned());
                        }
                    }
                }
                rest = &rest[at + len..];
            }
            out.push_str(rest);
            out
        });
        let index = readings.len();
        resolved.insert(key.clone(), value.is_some().then_some(index));
        readings.push(Reading {
            key,
            value,
            line,
            unresolved,
        });
    }
    readings
}

/// `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}` at the start of
/// `text`: the name, the default, the length.
fn reference(text: &str) -> Option<(&str, Option<&str>, usize)> {
    let body = &text[2..];
    let name_len = body.find(['}', ':']).unwrap_or(body.len());
    let name = &body[..name_len];
    let after = &body[name_len..];
    if after.starts_with('}') {
        return Some((name, None, 2 + name_len + 1));
    }
    let default_text = after.strip_prefix(":-")?;
    let end = default_text.find('}')?;
    Some((name, Some(&default_text[..end]), 2 + name_len + 2 + end + 1))
}
