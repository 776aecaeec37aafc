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

use jwt_config::registry::{Loader, Registry};
use jwt_config::{Defect, DotenvError, DotenvFile, Repeated, Source};

use crate::vars::{ServiceVars, VarTable};

pub mod node;
pub mod python;

/// One key a loader reads from a file.
pub struct Reading {
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
        Loader::PythonDotenv => python::read(text),
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
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) if declared.is_none() => Some(Zeroizing::new(text.to_owned())),
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
    }
    let mut vars = ServiceVars::default();
    vars.add_own(table);
    Ok(vars)
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
    let others: Vec<(Loader, BTreeMap<String, Reading>)> = Loader::ALL
        .into_iter()
        .filter(|&loader| loader != Loader::Dotenvy)
        .map(|loader| {
            let readings = read(loader, text).unwrap_or_default();
            let by_key = readings
                .into_iter()
                .filter(|reading| relevant(&reading.key))
                .map(|reading| (reading.key.clone(), reading))
                .collect();
            (loader, by_key)
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
        found.push((name.to_owned(), Defect::LoadersDisagree { line, readings }));
    }
    found
}
