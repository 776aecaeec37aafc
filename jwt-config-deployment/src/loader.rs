//! A service's own `.env` file as each loader a service may use reads it:
//! dotenvy (Rust), python-dotenv, Node's `dotenv`, and Compose's grammar
//! (an `env_file`). They differ (a `#` after a value, a backslash, a
//! quote left open), and a file means what its service's loader reads.
//! Each is held to the loader itself by a golden corpus
//! (`tests/golden/loaders`; dotenvy by a differential test in the core).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use zeroize::Zeroizing;

use jwt_config_core::registry::{Loader, Registry};
use jwt_config_core::{Defect, DotenvError, DotenvFile, Repeated, Source};

use crate::vars::{ServiceVars, VarTable};

pub mod node;
pub mod python;

/// One key a loader reads from a file.
pub struct Reading {
    /// The key.
    pub key: String,
    /// `None`: named without a value it sets.
    pub value: Option<Zeroizing<String>>,
    /// The one-based line of the key.
    pub line: usize,
    /// Names its value refers to that the file does not set: the loader
    /// would take them from the environment of the process.
    pub unresolved: Vec<String>,
}

/// What `loader` reads from `text`, in order, or the line where the loader
/// refuses the file (dotenvy and Compose refuse lines they cannot read;
/// python-dotenv and Node's `dotenv` skip them).
pub fn read(loader: Loader, text: &str) -> Result<Vec<Reading>, Option<usize>> {
    Ok(match loader {
        Loader::Dotenvy => {
            let file =
                DotenvFile::parse_taking("-", text, Repeated::First).map_err(|err| err.line())?;
            file.into_vars()
                .map(|var| Reading {
                    key: var.name,
                    value: Some(var.value),
                    line: var.line,
                    unresolved: Vec::new(),
                })
                .collect()
        }
        Loader::PythonDotenv => python::read(text).map_err(Some)?,
        Loader::NodeDotenv => node::read(text),
        Loader::Compose => {
            use crate::compose::dotenv::{Bare, parse};
            use crate::compose::interpolate::Budget;
            let none = |_: &str| None;
            let budget = &mut Budget::new(text.len().saturating_mul(16).max(1 << 20));
            parse(text, &none, &none, Bare::LookupThenFile, budget)
                .map_err(|err| Some(err.line))?
                .into_iter()
                .map(|a| Reading {
                    key: a.key,
                    value: a.value,
                    line: a.line,
                    unresolved: a.unresolved,
                })
                .collect()
        }
    })
}

/// The variables of a service's own `.env` file (its `bytes`, from `path`,
/// shown as `shown`), read with the loader the registry declares for the
/// service. Without one, it is read as dotenvy reads it (the loader of the
/// Rust services this project serves), and each setting whose line another
/// loader would read otherwise says so ([`Defect::LoadersDisagree`]): a
/// finding, never a silent pick.
pub fn service_vars(
    registry: &Registry,
    service: &str,
    path: &Path,
    bytes: Vec<u8>,
    shown: &str,
) -> Result<ServiceVars, DotenvError> {
    let declared = registry.service(service).and_then(|service| service.loader);
    let loader = declared.unwrap_or(Loader::Dotenvy);
    if loader == Loader::Dotenvy {
        // Only a file some loader could read otherwise is read by all.
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) if declared.is_none() && !read_alike(text) => {
                Some(Zeroizing::new(text.to_owned()))
            }
            _ => None,
        };
        let parsed = DotenvFile::from_bytes(path, bytes)?;
        let disagreements = match &text {
            Some(text) => disagreements(registry, service, &parsed, text),
            None => Vec::new(),
        };
        let mut vars = ServiceVars::from_dotenv(parsed, shown);
        for (name, defect) in disagreements {
            vars.defect(&name, defect);
        }
        return Ok(vars);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => Zeroizing::new(text),
        // The file names the line that is not UTF-8.
        Err(err) => {
            return Err(DotenvFile::from_bytes(path, err.into_bytes())
                .err()
                .unwrap_or_else(|| DotenvError::refused_by(path, None, loader)));
        }
    };
    let readings =
        read(loader, &text).map_err(|line| DotenvError::refused_by(path, line, loader))?;
    let shown: Arc<str> = Arc::from(shown);
    let mut table = VarTable::default();
    for reading in readings {
        if let Some(value) = reading.value {
            table.set_in(&reading.key, value, &shown, reading.line);
        }
        // The loader would take these from the process's environment.
        for reference in reading.unresolved {
            let line = reading.line;
            table.defect(&reading.key, Defect::Unresolved { reference, line });
        }
    }
    let mut vars = ServiceVars::default();
    vars.add_own(table);
    Ok(vars)
}

/// Whether every loader reads `text` as dotenvy does, whatever it holds,
/// for the text alone: ASCII with no quote, backslash, `#`, `$`, carriage
/// return or control character but tab and line feed, and no `:` before a
/// line's first `=` (where Node's `dotenv` and Compose read `KEY: value`;
/// a URL's `:` in a value is read alike). What dotenvy refuses in such a
/// text (a blank inside a value, say) never gets this far. Most files are
/// such; a property test holds the claim.
fn read_alike(text: &str) -> bool {
    let plain = !text.bytes().any(|b| {
        matches!(b, b'\'' | b'"' | b'`' | b'\\' | b'#' | b'$' | 0x7f)
            || !b.is_ascii()
            || (b < 0x20 && b != b'\n' && b != b'\t')
    });
    plain
        && text
            .lines()
            .all(|line| !line.split('=').next().unwrap_or(line).contains(':'))
}

/// The settings of `parsed` (dotenvy's reading of `text`) whose line the
/// other loaders read otherwise, each with what every loader reads.
fn disagreements(
    registry: &Registry,
    service: &str,
    parsed: &DotenvFile,
    text: &str,
) -> Vec<(String, Defect)> {
    let declared = registry.service(service);
    let relevant = |name: &str| {
        registry.setting_for(name).is_some()
            || declared.is_some_and(|service| service.var_named(name).is_some())
    };
    // A loader that refuses the text (Compose, or python-dotenv past its
    // bound) is left out of the comparison: the service uses dotenvy, or
    // the registry would say.
    let others: Vec<(Loader, BTreeMap<String, Reading>)> = Loader::ALL
        .into_iter()
        .filter(|&loader| loader != Loader::Dotenvy)
        .filter_map(|loader| {
            let readings = read(loader, text).ok()?;
            let by_key = readings
                .into_iter()
                .filter(|reading| relevant(&reading.key))
                .map(|reading| (reading.key.clone(), reading))
                .collect();
            Some((loader, by_key))
        })
        .collect();
    let mut names: Vec<&str> = parsed.names().filter(|name| relevant(name)).collect();
    for (_, by_key) in &others {
        names.extend(by_key.keys().map(String::as_str));
    }
    names.sort_unstable();
    names.dedup();
    let mut found = Vec::new();
    for name in names {
        // A key set twice is its own problem (`Redefined`), which says
        // which loader reads which line.
        if parsed
            .defects(name)
            .iter()
            .any(|defect| matches!(defect, Defect::Redefined { .. }))
        {
            continue;
        }
        let ours = parsed.var(name).ok().flatten();
        let mut readings = vec![(
            Loader::Dotenvy,
            ours.as_deref()
                .map(|value| Zeroizing::new(value.to_owned())),
        )];
        for (loader, by_key) in &others {
            let value = by_key.get(name).and_then(|reading| reading.value.clone());
            readings.push((*loader, value));
        }
        if readings.iter().all(|(_, value)| *value == readings[0].1) {
            continue;
        }
        let line = parsed.line(name).unwrap_or_else(|| {
            others
                .iter()
                .find_map(|(_, by_key)| Some(by_key.get(name)?.line))
                .unwrap_or(1)
        });
        // Every reading is of the assignment's own line when each loader
        // reads the line alone as it reads it in the file.
        let own_line = text.lines().nth(line - 1).unwrap_or("");
        let within_line = readings.iter().all(|(loader, value)| {
            let alone = read(*loader, own_line).ok().and_then(|readings| {
                readings
                    .into_iter()
                    .rev()
                    .find(|reading| reading.key == name)
                    .and_then(|reading| reading.value)
            });
            alone == *value
        });
        found.push((
            name.to_owned(),
            Defect::LoadersDisagree {
                line,
                readings,
                within_line,
            },
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Whether `name` is written as registries write names (the only ones
    /// the comparison of loaders looks at).
    fn setting_like(name: &str) -> bool {
        name.chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    }

    /// Each setting-like key's last value, as a loader reads `text`.
    fn values(loader: Loader, text: &str) -> Option<BTreeMap<String, String>> {
        let readings = read(loader, text).ok()?;
        Some(
            readings
                .into_iter()
                .filter(|r| setting_like(&r.key))
                .filter_map(|r| Some((r.key, r.value?.to_string())))
                .collect(),
        )
    }

    /// Texts of what `read_alike` lets through (and lines dotenvy reads).
    fn env_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "A", "B", "k.x", "_K", "export ", "=", "==", " ", "\t", "\n", "x", "1", "-", "/", "@",
            ",", "%", "{", "}", "(", "*", "~", "!", "=\n", "\n\n", "=u://h:1",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// What `read_alike` lets through, every loader reads as dotenvy
        /// does, for every name a setting may have (where dotenvy reads it
        /// at all; last values compared, as a key set twice is its own
        /// finding).
        #[test]
        fn a_text_read_alike_is_read_alike(text in env_text()) {
            prop_assume!(read_alike(&text));
            let Some(dotenvy) = values(Loader::Dotenvy, &text) else {
                return Ok(());
            };
            let last = DotenvFile::parse_taking("-", &text, Repeated::Last).unwrap();
            let dotenvy_last: BTreeMap<String, String> = dotenvy
                .keys()
                .map(|k| (k.clone(), last.var(k).unwrap().unwrap().into_owned()))
                .collect();
            for loader in [Loader::PythonDotenv, Loader::NodeDotenv, Loader::Compose] {
                let theirs = values(loader, &text);
                prop_assert_eq!(
                    theirs.as_ref(),
                    Some(&dotenvy_last),
                    "{} on {:?}",
                    loader,
                    text
                );
            }
        }
    }
}
