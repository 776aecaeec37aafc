//! Compose's `${}` interpolation, as compose-go's `template` package
//! (v2.4 to v2.10 alike) does it, in the project's `.env`, in every
//! `env_file` and in the values of a Compose file.
//!
//! Reference: `template.Substitute` of compose-spec/compose-go, held by the
//! golden corpus in `tests/golden/compose` (its answers, made by the
//! compose-go oracle). What it does, and so what this does:
//! - `$$` is a `$`; `$NAME` and `${NAME}` are the value of `NAME` (a name is
//!   `[_a-z][_a-z0-9]*` in any case), or nothing and a warning when unset;
//!   a `$` before anything else (`cost$5`, a final `$`) stays as it is;
//! - `${NAME:-default}` / `${NAME-default}` (unset or empty / unset),
//!   `${NAME:+other}` / `${NAME+other}` (set and not empty / set) and
//!   `${NAME:?message}` / `${NAME?message}` (refuse the file when unset or
//!   empty / unset); the default is interpolated in turn, so defaults nest;
//! - a reference with an operator ends at the `}` balancing its `${`; if
//!   none balances it on its line, the reference takes the rest of the line
//!   up to the last `}`, as compose-go's regular expression does;
//! - any other `${` (`${}`, `${ A}`, `${A:x}`, a `${` never closed) makes the
//!   whole text invalid: Compose refuses the file.
//!
//! Names are looked up in what the caller passes, never in the environment
//! of the process that checks. Two bounds that compose-go does not have,
//! so that hostile input cannot exhaust the check: the bytes that lookups
//! add are taken from a [`Budget`], and defaults nest at most
//! [`MAX_NESTING`] deep.

use zeroize::Zeroizing;

/// How deep defaults may nest (`${A:-${B:-${C}}}` nests 3 deep). Real
/// files nest two or three; compose-go has no bound.
pub const MAX_NESTING: usize = 64;

/// How many bytes interpolation may still add: the values it copies in.
/// Text written in the file costs nothing (it is bounded by the file).
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    left: usize,
    /// What [`Budget::grant`] may still add.
    grantable: usize,
}

impl Budget {
    /// A budget of `bytes`.
    pub fn new(bytes: usize) -> Budget {
        Budget {
            left: bytes,
            grantable: 0,
        }
    }

    /// A budget of `bytes` that [`Budget::grant`] may raise up to `most`
    /// bytes granted in all.
    pub fn growing(bytes: usize, most: usize) -> Budget {
        Budget {
            left: bytes.min(most),
            grantable: most.saturating_sub(bytes),
        }
    }

    /// Adds `bytes`, as far as the budget may grow.
    pub fn grant(&mut self, bytes: usize) {
        let granted = bytes.min(self.grantable);
        self.grantable -= granted;
        self.left += granted;
    }

    /// Takes `bytes` from what is left, or says there is not as much.
    pub fn take(&mut self, bytes: usize) -> Result<(), TemplateError> {
        self.left = self
            .left
            .checked_sub(bytes)
            .ok_or(TemplateError::TooLarge)?;
        Ok(())
    }
}

/// A value after interpolation, and the names it took nothing for.
pub struct Interpolated {
    /// The value, wiped when dropped.
    pub value: Zeroizing<String>,
    /// Names referred to that the lookup does not know, without an
    /// operator that gives them a value: Compose would take them from the
    /// shell of whoever deploys (it warns "variable is not set").
    pub unresolved: Vec<String>,
}

/// Why Compose refuses a text, or why the check stops reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// A `${` Compose cannot read: compose-go's "Invalid template".
    Invalid,
    /// `${NAME?message}` or `${NAME:?message}` with `NAME` unset (or
    /// empty): compose-go's "required variable NAME is missing a value".
    Required {
        /// The variable required.
        name: String,
    },
    /// The values looked up add more bytes than the budget allows.
    TooLarge,
    /// Defaults nest deeper than [`MAX_NESTING`].
    TooDeep,
}

/// `text` interpolated with `lookup`, lookups charged to `budget`.
pub fn interpolate<'v>(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
    budget: &mut Budget,
) -> Result<Interpolated, TemplateError> {
    let mut expander = Expander {
        lookup,
        budget,
        unresolved: Vec::new(),
    };
    let mut value = Zeroizing::new(String::with_capacity(text.len()));
    expander.substitute(text, &mut value, 0)?;
    Ok(Interpolated {
        value,
        unresolved: expander.unresolved,
    })
}

struct Expander<'l, 'v, 'b> {
    lookup: &'l dyn Fn(&str) -> Option<&'v str>,
    budget: &'b mut Budget,
    unresolved: Vec<String>,
}

/// The operators, as compose-go tells them apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operator {
    /// `-`: a default when unset; `:-` also when empty.
    Default,
    /// `+`: the other text when set; `:+` only when not empty.
    Alternative,
    /// `?`: refuse when unset; `:?` also when empty.
    Required,
}

impl Expander<'_, '_, '_> {
    fn substitute(
        &mut self,
        text: &str,
        out: &mut String,
        depth: usize,
    ) -> Result<(), TemplateError> {
        if depth > MAX_NESTING {
            return Err(TemplateError::TooDeep);
        }
        let mut lines = LineEnds::default();
        let mut pos = 0;
        while let Some(found) = text[pos..].find('$') {
            let at = pos + found;
            out.push_str(&text[pos..at]);
            let after = &text[at + 1..];
            if after.starts_with('$') {
                out.push('$');
                pos = at + 2;
                continue;
            }
            let named = name_len(after);
            if named > 0 {
                self.reference(&after[..named], out)?;
                pos = at + 1 + named;
                continue;
            }
            let Some(braced) = after.strip_prefix('{') else {
                // `$` before no name: kept.
                out.push('$');
                pos = at + 1;
                continue;
            };
            let named = name_len(braced);
            if named == 0 {
                return Err(TemplateError::Invalid);
            }
            let name = &braced[..named];
            let tail = &braced[named..];
            if tail.starts_with('}') {
                self.reference(name, out)?;
                pos = at + 2 + named + 1;
                continue;
            }
            let (colon, op_tail) = match tail.strip_prefix(':') {
                Some(rest) => (true, rest),
                None => (false, tail),
            };
            let operator = match op_tail.as_bytes().first() {
                Some(b'-') => Operator::Default,
                Some(b'+') => Operator::Alternative,
                Some(b'?') => Operator::Required,
                _ => return Err(TemplateError::Invalid),
            };
            // Where the operator's text starts, in `text`.
            let op_end = at + 2 + named + usize::from(colon) + 1;
            // compose-go's `(.*)}`: the match runs to the last `}` of the line.
            let Some(last) = lines.last_brace(text, op_end) else {
                return Err(TemplateError::Invalid);
            };
            // compose-go then cuts the match at the `}` balancing its `${`
            // and interpolates what follows up to `last` on its own, which
            // reads it as going on from there would. Without a balancing
            // `}`, the argument runs to `last`.
            let (argument, next) = match first_closing_brace(&text[at..=last]) {
                Some(close) => (&text[op_end..at + close], at + close + 1),
                None => (&text[op_end..last], last + 1),
            };
            self.operate(name, colon, operator, argument, out, depth)?;
            pos = next;
        }
        out.push_str(&text[pos..]);
        Ok(())
    }

    /// `$NAME` or `${NAME}`.
    fn reference(&mut self, name: &str, out: &mut String) -> Result<(), TemplateError> {
        match (self.lookup)(name) {
            Some(value) => self.push(value, out),
            None => {
                if !self.unresolved.iter().any(|known| known == name) {
                    self.unresolved.push(name.to_owned());
                }
                Ok(())
            }
        }
    }

    fn push(&mut self, value: &str, out: &mut String) -> Result<(), TemplateError> {
        self.budget.take(value.len())?;
        out.push_str(value);
        Ok(())
    }

    fn operate(
        &mut self,
        name: &str,
        colon: bool,
        operator: Operator,
        argument: &str,
        out: &mut String,
        depth: usize,
    ) -> Result<(), TemplateError> {
        let value = (self.lookup)(name);
        // Set, in the operator's sense: `:` also asks for a value not empty.
        let set = value.is_some_and(|value| !colon || !value.is_empty());
        match operator {
            Operator::Default if set => self.push(value.unwrap_or_default(), out),
            Operator::Default => self.substitute(argument, out, depth + 1),
            Operator::Alternative if set => self.substitute(argument, out, depth + 1),
            Operator::Alternative => self.push(value.unwrap_or_default(), out),
            Operator::Required if set => self.push(value.unwrap_or_default(), out),
            Operator::Required => {
                // compose-go interpolates the message first; its errors come first.
                let mut message = Zeroizing::new(String::new());
                self.substitute(argument, &mut message, depth + 1)?;
                Err(TemplateError::Required {
                    name: name.to_owned(),
                })
            }
        }
    }
}

/// Whether `c` may start a name. compose-go matches `[_a-z]` without regard
/// to case, and Go's case folding adds U+017F (ſ, folds to `s`) and U+212A
/// (the Kelvin sign, folds to `k`).
fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || c == '\u{17f}' || c == '\u{212a}'
}

/// The length in bytes of the name at the start of `text` (0: none).
fn name_len(text: &str) -> usize {
    let mut len = 0;
    for c in text.chars() {
        let ok = if len == 0 {
            is_name_start(c)
        } else {
            is_name_start(c) || c.is_ascii_digit()
        };
        if !ok {
            break;
        }
        len += c.len_utf8();
    }
    len
}

/// compose-go's `getFirstBraceClosingIndex`: where the `}` balancing the
/// first `{` is, a `{` skipping the byte after it.
fn first_closing_brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'}' {
            open = open.wrapping_sub(1);
            if open == 0 {
                return Some(i);
            }
        }
        if bytes[i] == b'{' {
            open = open.wrapping_add(1);
            i += 1;
        }
        i += 1;
    }
    None
}

/// The last `}` of each line, found once per line: a long line of
/// references costs one scan, not one per reference.
#[derive(Default)]
struct LineEnds {
    /// The line last asked about: from where, to where, and its last `}`.
    line: Option<(usize, usize, Option<usize>)>,
}

impl LineEnds {
    /// The last `}` at or after `from` on the line holding `from`.
    fn last_brace(&mut self, text: &str, from: usize) -> Option<usize> {
        let (_, _, last) = match self.line {
            Some(line @ (start, end, _)) if start <= from && from <= end => line,
            _ => {
                let end = text[from..].find('\n').map_or(text.len(), |i| from + i);
                let last = text[from..end].rfind('}').map(|i| from + i);
                *self.line.insert((from, end, last))
            }
        };
        last.filter(|&last| last >= from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<(String, Vec<String>), TemplateError> {
        let env = |name: &str| match name {
            "SET" => Some("value"),
            "EMPTY" => Some(""),
            _ => None,
        };
        interpolate(text, &env, &mut Budget::new(1 << 20))
            .map(|i| (i.value.to_string(), i.unresolved))
    }

    #[test]
    fn every_form_compose_knows() {
        let ok = |text: &str, want: &str| assert_eq!(run(text).unwrap().0, want, "{text}");
        ok("a-$SET-b", "a-value-b");
        ok("${SET}x", "valuex");
        ok("${UNSET:-dflt}", "dflt");
        ok("${EMPTY:-dflt}", "dflt");
        ok("${EMPTY-dflt}", "");
        ok("${SET:+alt}", "alt");
        ok("${UNSET:+alt}", "");
        ok("$$SET", "$SET");
        ok("${UNSET:-${SET}}", "value");
        ok("${UNSET:-${UNSET:-${SET:+deep}}}!", "deep!");
        ok("cost: $5 and $", "cost: $5 and $");
        ok("${UNSET:-a}b}", "ab}");
        // Unbalanced: the reference takes the line up to its last `}`.
        ok("${SET:-${X}", "value");
        assert_eq!(run("$UNSET and ${GONE}").unwrap().1, ["UNSET", "GONE"]);
        assert_eq!(run("${OPEN"), Err(TemplateError::Invalid));
        assert_eq!(run("${}"), Err(TemplateError::Invalid));
        assert_eq!(run("${SET:x}"), Err(TemplateError::Invalid));
        assert_eq!(run("${UNSET:-${X}"), Err(TemplateError::Invalid));
        assert_eq!(
            run("${GONE:?need it}"),
            Err(TemplateError::Required {
                name: "GONE".to_owned()
            })
        );
        assert!(run("${SET:?need it}").is_ok());
    }

    #[test]
    fn the_checkers_environment_is_never_read() {
        // HOME is set for whoever runs the tests.
        assert_eq!(
            run("$HOME").unwrap(),
            (String::new(), vec!["HOME".to_owned()])
        );
    }

    #[test]
    fn lookups_are_bounded_by_the_budget_and_nesting_by_a_depth() {
        let big = "x".repeat(1000);
        let env = |name: &str| (name == "BIG").then_some(big.as_str());
        let mut budget = Budget::new(2500);
        assert!(interpolate("$BIG$BIG", &env, &mut budget).is_ok());
        assert_eq!(
            interpolate("$BIG", &env, &mut budget).err(),
            Some(TemplateError::TooLarge)
        );
        let deep = format!(
            "{}x{}",
            "${U:-".repeat(MAX_NESTING + 2),
            "}".repeat(MAX_NESTING + 2)
        );
        assert_eq!(run(&deep).err(), Some(TemplateError::TooDeep));
    }

    #[test]
    fn a_long_line_of_references_is_read_in_linear_time() {
        // 200,000 references on one line: one scan for the line's last `}`.
        let text = "${UNSET:-x}".repeat(200_000);
        assert_eq!(run(&text).unwrap().0.len(), 200_000);
    }
}
