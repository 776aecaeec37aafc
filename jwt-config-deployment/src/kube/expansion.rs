//! `$(NAME)` in a value, expanded once as the kubelet expands it, each
//! substitution taken from a budget.

use std::collections::HashMap;

use jwt_config_core::{Source, Unseen};
use zeroize::Zeroizing;

use crate::vars::ServiceVars;
use crate::{sandbox, unseen};

/// What `$(NAME)` substitutions may still add, over every container of
/// the manifests.
pub(super) struct Budget {
    pub(super) left: usize,
    /// What they may add in all: sixteen times the manifests' bytes, 1 MiB
    /// at least.
    pub(super) limit: usize,
}

impl Budget {
    pub(super) fn new(bytes: usize) -> Budget {
        let limit = bytes.saturating_mul(16).max(1 << 20);
        Budget { left: limit, limit }
    }
}

/// What [`expand`] makes of a value. No `Debug` outside the tests: the
/// text may be a secret.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) enum Expansion {
    Text(Zeroizing<String>),
    /// It refers to a value the check cannot see, for that value's reason.
    Unseen(Unseen),
    /// It refers to a Secret's value.
    QuotesSecret,
    /// It refers to a variable set to bytes that are not UTF-8: where they
    /// come from.
    Binary(String),
    /// Its substitutions would go past the budget.
    Past,
}

/// `text` with each `$(NAME)` replaced by the value of `NAME` as set
/// before it in the container (by `envFrom` or an earlier `env` entry), as
/// the kubelet expands it (see the module's rules), each substitution
/// taken from `budget`.
///
/// Unseen when it refers to a value the check cannot see, or to a
/// Secret's: copied in, a Secret's text would show as this variable's
/// value wherever the check shows values.
pub(super) fn expand(
    text: &str,
    vars: &ServiceVars,
    binary: &HashMap<String, String>,
    budget: &mut Budget,
) -> Expansion {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    // Once no `)` is left, no `$(` can close: not looked for again, so
    // that `$($($(...` takes linear time (the kubelet's takes quadratic).
    let mut closable = true;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(after_escape) = after.strip_prefix('$') {
            out.push('$');
            rest = after_escape;
            continue;
        }
        let reference = match after.strip_prefix('(') {
            Some(inner) if closable => inner.split_once(')'),
            _ => None,
        };
        closable &= reference.is_some() || !after.starts_with('(');
        let Some((name, after_reference)) = reference else {
            // A `$` before anything else, at the end, or before a `(` that
            // is never closed: kept, and the text after it read on.
            out.push('$');
            rest = after;
            continue;
        };
        rest = after_reference;
        // Names are kept as `sandbox::text` shows them.
        let key = sandbox::text(name);
        if let Some(origin) = binary.get(&key) {
            return Expansion::Binary(format!("`$({key})`, set from {origin}"));
        }
        if vars.from_secret(&key) {
            return Expansion::QuotesSecret;
        }
        // A value the manifests cannot see (or that may be set there)
        // makes this one unseen too, for the same reason.
        if let Some(why) = vars.held_outside(&key) {
            return Expansion::Unseen(why);
        }
        if vars.maybe_held_outside(&key).is_some() {
            return Expansion::Unseen(unseen::secret_not_held());
        }
        match vars.var(&key) {
            Ok(Some(value)) => {
                if value.len() > budget.left {
                    return Expansion::Past;
                }
                budget.left -= value.len();
                out.push_str(&value);
            }
            // Not defined before it: as written.
            _ => {
                out.push_str("$(");
                out.push_str(name);
                out.push(')');
            }
        }
    }
    out.push_str(rest);
    Expansion::Text(out)
}
