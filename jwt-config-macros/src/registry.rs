//! Which registry a struct is checked against: the built-in table, the file
//! `JWT_CONFIG_REGISTRY` names, or the file of `#[jwt(registry = "...")]`.
//!
//! A file is read and validated once per content: the compiler runs every
//! derive of a crate in one process, and an editor keeps that process alive,
//! so the cache is keyed by path and checked against the file's text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use jwt_config_core::registry::{self, BUILT_IN, FILE_NAME, Registry, VARIABLE};
use proc_macro2::Span;
use syn::LitStr;

use crate::ctxt::Ctxt;

/// The registry a struct follows.
pub struct Chosen {
    pub registry: &'static Registry,
    /// The file it was read from (absolute), to make the crate rebuild
    /// when it changes, and the table as the source text of a string
    /// literal, to embed; `None` for the built-in table.
    pub file: Option<(PathBuf, &'static str)>,
}

/// What a file's content is read into, once.
#[derive(Clone, Copy)]
struct Read {
    registry: &'static Registry,
    /// The table's compact encoding as the source text of a string literal:
    /// made once per file, not once per derive (in a proc macro built
    /// without optimisation, encoding and escaping it cost more than the
    /// rest of the derive).
    literal: &'static str,
}

/// The registry for a struct with `attr` (its `registry = "..."`, if any).
/// `None` when it cannot be read: the errors are in `cx`.
pub fn choose(cx: &mut Ctxt, attr: Option<&LitStr>) -> Option<Chosen> {
    let built_in = || Chosen {
        registry: registry::standard(),
        file: None,
    };
    if let Some(lit) = attr {
        let written = lit.value();
        let base = source_dir(lit.span()).or_else(manifest_dir);
        let path = match base {
            Some(base) => base.join(&written),
            None => PathBuf::from(&written),
        };
        return read(cx, &path, &written, lit.span());
    }
    let span = Span::call_site();
    match from_variable(std::env::var(VARIABLE), unclaimed_file) {
        Ok(None) => Some(built_in()),
        Ok(Some(path)) => read(cx, &path, &shown_path(&path), span),
        Err(message) => {
            cx.syn_error(syn::Error::new(span, message));
            None
        }
    }
}

/// The file `JWT_CONFIG_REGISTRY` (`variable`) names, or `None` for the
/// built-in table; `Err` says what to set. Unset, the built-in table, unless
/// `unclaimed` finds a `jwt-config.toml` the crate would silently ignore.
fn from_variable(
    variable: Result<String, std::env::VarError>,
    unclaimed: impl FnOnce() -> Option<PathBuf>,
) -> Result<Option<PathBuf>, String> {
    match variable {
        Ok(value) if value == BUILT_IN => Ok(None),
        Ok(value) if Path::new(&value).is_absolute() => Ok(Some(PathBuf::from(value))),
        Ok(value) => Err(format!(
            "{VARIABLE} is `{value}`, which is not an absolute path; set it in .cargo/config.toml as `[env] {VARIABLE} = {{ value = \"{FILE_NAME}\", relative = true }}`, or to `{BUILT_IN}` for the built-in table"
        )),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "{VARIABLE} is not valid UTF-8; give the registry file a UTF-8 path"
        )),
        Err(std::env::VarError::NotPresent) => match unclaimed() {
            None => Ok(None),
            Some(found) => Err(format!(
                "{} exists in this crate's directory or above it, but {VARIABLE} is not set, so this struct would be checked against the built-in table instead; add `[env] {VARIABLE} = {{ value = \"{FILE_NAME}\", relative = true }}` to .cargo/config.toml next to it, or set {VARIABLE}={BUILT_IN} to use the built-in table",
                found.display()
            )),
        },
    }
}

/// Reads and validates `path` (`shown` in messages), once per content.
fn read(cx: &mut Ctxt, path: &Path, shown: &str, span: Span) -> Option<Chosen> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            cx.syn_error(syn::Error::new(
                span,
                format!("cannot read the registry file {}: {err}", path.display()),
            ));
            return None;
        }
    };
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, (String, Read)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let cached = cache.lock().ok().and_then(|cache| {
        cache
            .get(path)
            .filter(|(seen, _)| *seen == text)
            .map(|(_, r)| *r)
    });
    let read = match cached {
        Some(read) => read,
        None => match Registry::from_toml(shown, &text) {
            Ok(registry) => {
                let encoded = registry::embed::encode(registry);
                let read = Read {
                    registry,
                    literal: Box::leak(string_literal(&encoded).into_boxed_str()),
                };
                if let Ok(mut cache) = cache.lock() {
                    cache.insert(path.to_owned(), (text, read));
                }
                read
            }
            Err(err) => {
                // One error a derive, listing every problem: a crate of fifty
                // structs shows fifty errors, not fifty times each problem.
                let text = err.to_string();
                let lines: Vec<&str> = text.lines().collect();
                let message = match &lines[..] {
                    [one] => format!("the registry file has a problem: {one}"),
                    all => format!(
                        "the registry file has {} problems:\n  {}",
                        all.len(),
                        all.join("\n  ")
                    ),
                };
                cx.syn_error(syn::Error::new(span, message));
                return None;
            }
        },
    };
    Some(Chosen {
        registry: read.registry,
        file: Some((path.to_owned(), read.literal)),
    })
}

/// `text` as the source of a string literal: raw, `r#"..."#` with as many
/// `#` as it needs, which the compiler lexes faster than an escaped one
/// (fifty structs lex the table fifty times). Escaped when a raw string
/// cannot hold it: a carriage return, or a `"` followed by more `#` than
/// a raw string may have.
fn string_literal(text: &str) -> String {
    /// The most `#` the compiler takes around a raw string.
    const MAX_HASHES: usize = 255;
    let mut hashes = String::new();
    while hashes.len() <= MAX_HASHES && text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    if text.contains('\r') || hashes.len() > MAX_HASHES {
        // `Debug` writes a `str` as a valid Rust string literal.
        return format!("{text:?}");
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The directory of the source file `span` is in, as `include_str!`
/// resolves paths.
fn source_dir(span: Span) -> Option<PathBuf> {
    let file = span.unwrap().local_file()?;
    let dir = file.parent()?.to_owned();
    if dir.is_absolute() {
        Some(dir)
    } else {
        // Cargo gives the compiler paths relative to the directory it runs
        // in (the workspace's root), which is this process's too.
        std::env::current_dir().ok().map(|cwd| cwd.join(dir))
    }
}

fn manifest_dir() -> Option<PathBuf> {
    std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
}

/// A path as reports show it: relative to the crate when it is inside it,
/// so that a build machine's directories stay out of the binary.
fn shown_path(path: &Path) -> String {
    manifest_dir()
        .and_then(|root| path.strip_prefix(root).ok().map(Path::to_owned))
        .or_else(|| path.file_name().map(PathBuf::from))
        .unwrap_or_else(|| path.to_owned())
        .display()
        .to_string()
}

/// A `jwt-config.toml` in the crate's directory or above it.
///
/// Only a compile sees it: a crate already built with the built-in table is
/// not rebuilt when such a file appears (a macro cannot ask to be rerun
/// when a file that does not exist yet is created).
fn unclaimed_file() -> Option<PathBuf> {
    registry::find_file(&manifest_dir()?)
}

#[cfg(test)]
mod tests {
    use std::env::VarError;

    use super::*;

    #[test]
    fn an_unset_variable_beside_a_registry_file_is_an_error_not_the_built_in_table() {
        let found = || Some(PathBuf::from("/srv/acme/jwt-config.toml"));
        let err = from_variable(Err(VarError::NotPresent), found).unwrap_err();
        assert!(
            err.starts_with("/srv/acme/jwt-config.toml exists in this crate's directory or above it, but JWT_CONFIG_REGISTRY is not set"),
            "{err}"
        );
        assert!(err.contains("relative = true"), "{err}");
        assert_eq!(from_variable(Err(VarError::NotPresent), || None), Ok(None));
    }

    #[test]
    fn a_table_is_embedded_as_a_literal_of_exactly_its_text() {
        // A raw string needs one `#` more than its text has after a `"`.
        let many_hashes = format!("x\"{}", "#".repeat(254));
        let too_many_hashes = format!("x\"{}", "#".repeat(255));
        let cases = [
            ("", true),
            ("4:JWT_", true),
            ("a \"quote\"", true),
            ("ends with a quote\"", true),
            ("r\"#x\"##", true),
            ("back\\slash", true),
            ("nul\0and ünïcode \u{202e}", true),
            (many_hashes.as_str(), true),
            ("line\r\nbreak", false),
            (too_many_hashes.as_str(), false),
        ];
        for (text, raw) in cases {
            let literal = string_literal(text);
            let parsed: LitStr =
                syn::parse_str(&literal).unwrap_or_else(|err| panic!("{literal}: {err}"));
            assert_eq!(parsed.value(), text, "{literal}");
            assert_eq!(literal.starts_with('r'), raw, "{literal}");
        }
    }

    #[test]
    fn the_variable_names_an_absolute_file_or_the_built_in_table() {
        let none = || -> Option<PathBuf> { panic!("not searched when the variable is set") };
        assert_eq!(from_variable(Ok("builtin".to_owned()), none), Ok(None));
        assert_eq!(
            from_variable(Ok("/srv/acme/jwt-config.toml".to_owned()), none),
            Ok(Some(PathBuf::from("/srv/acme/jwt-config.toml")))
        );
        let err = from_variable(Ok("jwt-config.toml".to_owned()), none).unwrap_err();
        assert!(err.contains("not an absolute path"), "{err}");
    }
}
