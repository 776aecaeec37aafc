//! Compose's interpolation of `$VAR`, `${VAR}`, `${VAR:-default}`,
//! `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+other}`,
//! `${VAR+other}` and `$$`, from the project's `.env` only, never from the
//! environment of the process that checks.

use zeroize::Zeroizing;

/// A value after interpolation, and the names it took nothing for.
pub struct Interpolated {
    pub value: Zeroizing<String>,
    /// Names referred to that the project's `.env` does not set and that
    /// have no default: Compose would take them from the shell.
    pub unresolved: Vec<String>,
}

/// `${` never closed, or an empty name: Compose refuses the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid;

/// `text` interpolated with `lookup` (the project's `.env`).
pub fn interpolate<'a>(
    text: &str,
    lookup: &impl Fn(&str) -> Option<&'a str>,
) -> Result<Interpolated, Invalid> {
    let mut out = Interpolated {
        value: Zeroizing::new(String::with_capacity(text.len())),
        unresolved: Vec::new(),
    };
    expand(text, lookup, &mut out, 0)?;
    Ok(out)
}

fn expand<'a>(
    text: &str,
    lookup: &impl Fn(&str) -> Option<&'a str>,
    out: &mut Interpolated,
    depth: usize,
) -> Result<(), Invalid> {
    if depth > 8 {
        return Err(Invalid);
    }
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.value.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.value.push('$');
            rest = after;
        } else if let Some(braced) = rest.strip_prefix('{') {
            let end = closing(braced).ok_or(Invalid)?;
            braced_reference(&braced[..end], lookup, out, depth)?;
            rest = &braced[end + 1..];
        } else {
            let len = name_len(rest);
            if len == 0 {
                // A `$` before no name is kept, as Compose keeps it.
                out.value.push('$');
                continue;
            }
            reference(&rest[..len], lookup, out);
            rest = &rest[len..];
        }
    }
    out.value.push_str(rest);
    Ok(())
}

/// The position of the `}` closing a `${` whose text starts `text`, nested
/// braces counted.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The length of the variable name at the start of `text`.
fn name_len(text: &str) -> usize {
    let mut len = 0;
    for (i, c) in text.char_indices() {
        let ok = c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit());
        if !ok {
            break;
        }
        len = i + c.len_utf8();
    }
    len
}

fn reference<'a>(name: &str, lookup: &impl Fn(&str) -> Option<&'a str>, out: &mut Interpolated) {
    match lookup(name) {
        Some(value) => out.value.push_str(value),
        None => {
            if !out.unresolved.iter().any(|known| known == name) {
                out.unresolved.push(name.to_owned());
            }
        }
    }
}

/// `NAME`, `NAME:-default`, `NAME-default`, `NAME:?message`, `NAME?message`,
/// `NAME:+other` or `NAME+other`.
fn braced_reference<'a>(
    inner: &str,
    lookup: &impl Fn(&str) -> Option<&'a str>,
    out: &mut Interpolated,
    depth: usize,
) -> Result<(), Invalid> {
    let len = name_len(inner);
    if len == 0 {
        return Err(Invalid);
    }
    let (name, op) = inner.split_at(len);
    let value = lookup(name);
    let (colon, op) = match op.strip_prefix(':') {
        Some(op) => (true, op),
        None => (false, op),
    };
    // Whether the variable counts as set for the operator.
    let set = value.is_some_and(|value| !colon || !value.is_empty());
    match op.chars().next() {
        None if !colon => reference(name, lookup, out),
        Some('-') => {
            if set {
                out.value.push_str(value.unwrap_or_default());
            } else {
                expand(&op[1..], lookup, out, depth + 1)?;
            }
        }
        Some('+') => {
            if set {
                expand(&op[1..], lookup, out, depth + 1)?;
            }
        }
        Some('?') => {
            if set {
                out.value.push_str(value.unwrap_or_default());
            } else if !out.unresolved.iter().any(|known| known == name) {
                out.unresolved.push(name.to_owned());
            }
        }
        _ => return Err(Invalid),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<(String, Vec<String>), Invalid> {
        let env = |name: &str| match name {
            "SET" => Some("value"),
            "EMPTY" => Some(""),
            _ => None,
        };
        interpolate(text, &env).map(|i| (i.value.to_string(), i.unresolved))
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
        ok("cost: $5", "cost: $5");
        assert_eq!(
            run("$UNSET and ${GONE:?need it}").unwrap().1,
            ["UNSET", "GONE"]
        );
        assert_eq!(run("${OPEN"), Err(Invalid));
        assert_eq!(run("${}"), Err(Invalid));
    }

    #[test]
    fn the_checkers_environment_is_never_read() {
        // HOME is set for whoever runs the tests.
        assert_eq!(
            run("$HOME").unwrap(),
            (String::new(), vec!["HOME".to_owned()])
        );
    }
}
