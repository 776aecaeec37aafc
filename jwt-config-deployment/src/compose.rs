//! A Compose file's services and the variables each gets, as Compose
//! (compose-go 2.5 and later, the loader `docker compose` embeds) gives
//! them: `env_file`s in order (relative to the Compose file, later ones
//! replacing earlier ones), then `environment:` (map or list) over both;
//! `${}` filled from the project's `.env` beside the Compose file, never
//! from the environment of the process that checks. Every YAML document of
//! the file, then an override file beside it (`compose.override.yaml`), is
//! merged over what comes before, as Compose merges them, `!reset` and
//! `!override` included. Profiles are ignored: every service is checked.
//!
//! The `.env` grammar ([`dotenv`]) and the interpolation ([`mod@interpolate`])
//! are compose-go's, held to it by the golden corpus in
//! `tests/golden/compose`.

use std::fmt;
use std::path::{Path, PathBuf};

use std::collections::{BTreeMap, HashMap, HashSet, hash_map};
use std::sync::Arc;

use jwt_config_core::Defect;
use zeroize::Zeroizing;

pub mod dotenv;
pub mod interpolate;
pub mod mounts;
pub mod scalar;

use crate::sandbox::{self, Refused, Root};
use crate::vars::{ServiceVars, VarTable};
use crate::yaml::{self, Node, Tag};
use dotenv::{Bare, ParseError};
use interpolate::{Budget, interpolate};
use mounts::Mounts;

mod environment;

use environment::{
    Asked, Entry, MAX_VARIANTS, env_files, environment_entries, table_of, template_message,
};

/// The names Compose looks for, in its order of preference.
pub const FILE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// The override files Compose merges over the file it finds, when present.
pub const OVERRIDE_NAMES: [&str; 4] = [
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yaml",
    "docker-compose.override.yml",
];

/// One service of a Compose file.
pub struct ComposeService {
    pub name: String,
    pub vars: ServiceVars,
}

/// Why a Compose file could not be read.
#[derive(Debug)]
pub enum ComposeError {
    Refused(Refused),
    Yaml(PathBuf, yaml::YamlError),
    /// An `env_file` or the project's `.env` Compose refuses.
    Dotenv(PathBuf, ParseError),
    /// A file the Compose file needs, described.
    Invalid(PathBuf, usize, String),
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComposeError::Refused(refused) => refused.fmt(f),
            ComposeError::Yaml(path, err) => write!(
                f,
                "{}:{}: not a Compose file Compose can read: {}",
                sandbox::shown(path),
                err.line,
                err.message
            ),
            ComposeError::Dotenv(path, err) => {
                write!(f, "{}:{}: {err}", sandbox::shown(path), err.line)
            }
            ComposeError::Invalid(path, line, message) => {
                write!(f, "{}:{line}: {message}", sandbox::shown(path))
            }
        }
    }
}

/// The Compose file among `dir`'s entries, if any, by Compose's preference.
pub fn find(dir: &Path) -> Option<PathBuf> {
    first_of(dir, &FILE_NAMES)
}

/// The first of `names` that exists in `dir`.
fn first_of(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.exists())
}

/// Every service of the Compose file at `path`, merged with its override
/// file beside it (`compose.override.yaml` and the like) as Compose merges
/// them, with its variables, `${VAR}` filled from the `.env` beside it.
/// Each of `key_vars` a service sets is followed to the file it mounts at
/// that path ([`ServiceVars::follow_files`]).
pub fn read(
    root: &Root,
    path: &Path,
    key_vars: &[&str],
) -> Result<Vec<ComposeService>, ComposeError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let override_file = first_of(dir, &OVERRIDE_NAMES);
    let mut files = vec![path];
    files.extend(override_file.as_deref());
    read_files(root, &files, None, key_vars)
}

/// The Compose file at `path` alone (as `docker compose -f` reads it: no
/// override file), with `${VAR}` filled from `env_file` (a file the user
/// named, read wherever it is) instead of the `.env` beside it.
pub fn read_with(
    root: &Root,
    path: &Path,
    env_file: Option<&Path>,
    key_vars: &[&str],
) -> Result<Vec<ComposeService>, ComposeError> {
    read_files(root, &[path], env_file, key_vars)
}

/// One YAML document of a Compose file: Compose merges every document of
/// every file in order, as it merges an override file over the one it
/// finds.
struct Layer<'p> {
    path: &'p Path,
    shown: Arc<str>,
    document: Node,
}

impl Layer<'_> {
    fn services(&self) -> Option<&Node> {
        self.document.get("services")
    }

    fn service(&self, name: &str) -> Option<&Node> {
        self.services()?.get(name)
    }
}

/// Of `found` (one attribute as each layer sets it, in order), those that
/// count in Compose's merge: the ones after the last `!reset`, and from the
/// last `!override` on.
fn counting<T>(mut found: Vec<(T, &Node)>) -> Vec<(T, &Node)> {
    let mut start = 0;
    for (i, (_, node)) in found.iter().enumerate() {
        match node.tag {
            Some(Tag::Reset) => start = i + 1,
            Some(Tag::Override) => start = i,
            None => {}
        }
    }
    found.split_off(start)
}

/// The project's variables: its `.env` as Compose reads it.
#[derive(Default)]
struct Project {
    vars: HashMap<String, Zeroizing<String>>,
}

impl Project {
    /// The project's `.env` at `path`, read from `bytes`.
    fn read(path: &Path, bytes: Vec<u8>, budget: &mut Budget) -> Result<Project, ComposeError> {
        let text = sandbox::utf8(path, bytes).map_err(ComposeError::Refused)?;
        let none = |_: &str| None;
        let assignments = dotenv::parse(&text, &none, &none, Bare::LookupThenFile, budget)
            .map_err(|err| ComposeError::Dotenv(path.to_path_buf(), err))?;
        let mut project = Project::default();
        for assignment in assignments {
            if let Some(value) = assignment.value {
                project.vars.insert(assignment.key, value);
            }
        }
        Ok(project)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|value| value.as_str())
    }
}

/// One `environment:` entry of a service, interpolated.
struct EnvironmentEntry<'l> {
    /// `None` for `KEY` alone that the project does not set.
    value: Option<Zeroizing<String>>,
    unresolved: Vec<String>,
    shown: &'l str,
    line: usize,
}

/// The services of `files` (a Compose file, then files that override it),
/// merged: each service's `env_file`s of every file in order, then its
/// `environment` entries of every file in order, later ones winning.
///
/// `${}` follows compose-go 2.5 and later: in `environment:` it is looked
/// up in the project's `.env`; in an `env_file`, in the project's `.env`,
/// then the service's `environment:`, then what the `env_file`s read so far
/// set. (compose-go before 2.5 looked in earlier `env_file`s first.)
fn read_files(
    root: &Root,
    files: &[&Path],
    env_file: Option<&Path>,
    key_vars: &[&str],
) -> Result<Vec<ComposeService>, ComposeError> {
    let Some(path) = files.first() else {
        return Ok(Vec::new());
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    // What interpolation may add in all: sixteen times the files read (1
    // MiB at least), as the other readers allow, and never more than one
    // file may hold.
    let cap = usize::try_from(root.cap()).unwrap_or(usize::MAX);
    let mut budget = Budget::growing(1 << 20, cap);
    let grant = |budget: &mut Budget, bytes: usize| budget.grant(bytes.saturating_mul(16));
    // The project's `.env`: what `${VAR}` is filled from.
    // A file the user names is read wherever it is; the `.env` beside the
    // Compose file only within the checked directory, and only if it exists.
    let beside = dir.join(".env");
    let read = match env_file {
        Some(given) => Some((given, root.read_given(given))),
        None => beside.exists().then(|| (&*beside, root.read(&beside))),
    };
    let project = match read {
        Some((path, bytes)) => {
            let bytes = bytes.map_err(ComposeError::Refused)?;
            grant(&mut budget, bytes.len());
            Project::read(path, bytes, &mut budget)?
        }
        None => Project::default(),
    };
    let lookup = |name: &str| -> Option<&str> { project.get(name) };
    let mut layers = Vec::new();
    for path in files {
        let text = root.read_text(path).map_err(ComposeError::Refused)?;
        grant(&mut budget, text.len());
        let documents =
            yaml::parse(&text).map_err(|err| ComposeError::Yaml(path.to_path_buf(), err))?;
        let shown: Arc<str> = Arc::from(sandbox::shown(path));
        for document in documents {
            layers.push(Layer {
                path,
                shown: Arc::clone(&shown),
                document,
            });
        }
    }
    // A Compose file that declares no service would check nothing, and
    // say nothing of it: that is an error, not a clean deployment.
    if layers.iter().all(|layer| {
        layer
            .services()
            .is_none_or(|declared| declared.entries().is_empty())
    }) {
        return Err(ComposeError::Invalid(
            path.to_path_buf(),
            layers.first().map_or(1, |layer| layer.document.line),
            "declares no services (a `services:` mapping of service names); a Compose file without them is not a deployment to check".to_owned(),
        ));
    }
    // What the check does not read yet is refused, never passed over: the
    // services would be judged without what it brings them.
    for layer in &layers {
        let not_read = |node: &Node, what: &str| {
            ComposeError::Invalid(
                layer.path.to_path_buf(),
                node.line,
                format!(
                    "{what}, which the check does not read yet (Compose would bring in what it names); write it out in this file to check it"
                ),
            )
        };
        if let Some((key, _)) = layer
            .document
            .entries()
            .iter()
            .find(|(k, _)| k.text() == Some("include"))
        {
            return Err(not_read(key, "`include:`"));
        }
        for (name, service) in layer.services().map_or(&[][..], Node::entries) {
            if let Some((key, _)) = service
                .entries()
                .iter()
                .find(|(k, _)| k.text() == Some("extends"))
            {
                let service = sandbox::text(name.text().unwrap_or(""));
                return Err(not_read(
                    key,
                    &format!("service `{service}` uses `extends:`"),
                ));
            }
        }
    }
    // Every service name, in the order the files declare them.
    let mut names: Vec<&str> = Vec::new();
    let mut named: HashSet<&str> = HashSet::new();
    for layer in &layers {
        for (name, _) in layer.services().map_or(&[][..], Node::entries) {
            if let Some(name) = name.text()
                && named.insert(name)
            {
                names.push(name);
            }
        }
    }
    // Each `env_file` is read once, however many services name it, and
    // parsed once for all the services whose lookups answer it alike (all
    // of them, when it refers to no variable): one table they share.
    let mut texts: HashMap<PathBuf, Zeroizing<String>> = HashMap::new();
    let mut tables: HashMap<PathBuf, Vec<(Asked, Arc<VarTable>)>> = HashMap::new();
    let mut services = Vec::new();
    for name in names {
        let declared = counting(
            layers
                .iter()
                .filter_map(|layer| Some((layer, layer.service(name)?)))
                .collect(),
        );
        // `!reset` in the last file that names it: no such service.
        if declared.is_empty() {
            continue;
        }
        // `environment:` first: `env_file`s may refer to it.
        let mut environment: BTreeMap<String, EnvironmentEntry<'_>> = BTreeMap::new();
        let environments = counting(
            declared
                .iter()
                .filter_map(|&(layer, service)| Some((layer, service.get("environment")?)))
                .collect(),
        );
        for (layer, entries) in environments {
            for (key, value, line) in environment_entries(layer, name, entries)? {
                let entry = match value {
                    // `KEY: !reset`: what earlier files set for it goes.
                    Entry::Reset => {
                        environment.remove(&key);
                        continue;
                    }
                    // `KEY` or `KEY:` alone: the value Compose interpolates
                    // with (the project's `.env`), else the shell's, if any.
                    Entry::Bare => {
                        let value = lookup(&key).map(|value| Zeroizing::new(value.to_owned()));
                        EnvironmentEntry {
                            unresolved: if value.is_none() {
                                vec![key.clone()]
                            } else {
                                Vec::new()
                            },
                            value,
                            shown: &layer.shown,
                            line,
                        }
                    }
                    Entry::Value(text) => {
                        let done = interpolate(&text, &lookup, &mut budget).map_err(|err| {
                            ComposeError::Invalid(
                                layer.path.to_path_buf(),
                                line,
                                template_message(&key, name, &err),
                            )
                        })?;
                        EnvironmentEntry {
                            value: Some(done.value),
                            unresolved: done.unresolved,
                            shown: &layer.shown,
                            line,
                        }
                    }
                };
                environment.insert(key, entry);
            }
        }
        let mut vars = ServiceVars::default();
        let env_file_lists = counting(
            declared
                .iter()
                .filter_map(|&(layer, service)| Some((layer, service.get("env_file")?)))
                .collect(),
        );
        // Paths interpolated, then each once, where it is first named
        // (compose-go's `EnforceUnicity`).
        let mut listed: Vec<(&Layer<'_>, String, bool, usize)> = Vec::new();
        let mut named: HashSet<String> = HashSet::new();
        for (layer, list) in env_file_lists {
            for (file, required, line) in env_files(list) {
                let file = interpolate(&file, &lookup, &mut budget)
                    .map_err(|err| {
                        ComposeError::Invalid(
                            layer.path.to_path_buf(),
                            line,
                            template_message("env_file", name, &err),
                        )
                    })?
                    .value;
                if !named.contains(&*file) {
                    named.insert(file.to_string());
                    listed.push((layer, file.to_string(), required, line));
                }
            }
        }
        for (layer, file, required, line) in listed {
            let file_path = dir.join(&file);
            if !file_path.exists() {
                if required {
                    return Err(ComposeError::Invalid(
                        layer.path.to_path_buf(),
                        line,
                        format!(
                            "service `{}` names the env_file `{}`, which does not exist; Compose would refuse to start it",
                            sandbox::text(name),
                            sandbox::text(&file)
                        ),
                    ));
                }
                continue;
            }
            let in_environment = |name: &str| -> Option<&str> {
                environment.get(name)?.value.as_deref().map(String::as_str)
            };
            let find = |name: &str| lookup(name).or_else(|| in_environment(name));
            let earlier = |name: &str| vars.text(name);
            // A reading of the file this service's lookups would give
            // alike: the same table.
            let variants = tables.entry(file_path.clone()).or_default();
            if let Some((_, table)) = variants
                .iter()
                .find(|(asked, _)| asked.answered_alike(&find, &earlier))
            {
                vars.add_shared(table);
                continue;
            }
            let text = match texts.entry(file_path.clone()) {
                hash_map::Entry::Occupied(text) => text.into_mut(),
                hash_map::Entry::Vacant(slot) => {
                    let text = root.read_text(&file_path).map_err(ComposeError::Refused)?;
                    grant(&mut budget, text.len());
                    slot.insert(text)
                }
            };
            let asked = Asked::default();
            let find = |name: &str| asked.find(name, find(name));
            let earlier = |name: &str| asked.earlier(name, earlier(name));
            let assignments = dotenv::parse(text, &find, &earlier, Bare::LookupOnly, &mut budget)
                .map_err(|err| ComposeError::Dotenv(file_path.clone(), err))?;
            let shown: Arc<str> = Arc::from(sandbox::shown(&file_path));
            let table = Arc::new(table_of(assignments, &shown));
            vars.add_shared(&table);
            // Kept for the services after this one, up to a bound on the
            // readings compared for each.
            if variants.len() < MAX_VARIANTS {
                variants.push((asked, table));
            }
        }
        for (key, entry) in environment {
            // `KEY` alone that nothing sets takes back what an `env_file`
            // set: Compose passes no value for it unless the shell has one.
            match entry.value {
                Some(value) => vars.set(&key, value, entry.shown, entry.line),
                None => vars.unset(&key, entry.shown, entry.line),
            }
            for reference in entry.unresolved {
                vars.defect(
                    &key,
                    Defect::FromOutside {
                        reference,
                        line: entry.line,
                        outside: crate::unseen::FROM_SHELL,
                    },
                );
            }
        }
        // `NAME_FILE` variables, followed to what the service mounts.
        let tops: Vec<&Node> = layers.iter().map(|layer| &layer.document).collect();
        let nodes: Vec<&Node> = declared.iter().map(|&(_, service)| service).collect();
        let expand = |text: &str| match interpolate(text, &lookup, &mut Budget::new(1 << 20)) {
            Ok(done) => done.value.to_string(),
            Err(_) => text.to_owned(),
        };
        let mounts = Mounts::of(&nodes, &tops, dir, &expand);
        vars.follow_files(|path| mounts.provide(root, path), key_vars);
        services.push(ComposeService {
            // Printed in every report: never a line break or an escape.
            name: sandbox::text(name),
            vars,
        });
    }
    Ok(services)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory, removed when dropped.
    struct Scratch(PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The services of a Compose project made of `files` (`compose.yaml`
    /// among them) in a scratch directory named after `name`.
    fn project(name: &str, files: &[(&str, &str)]) -> Vec<ComposeService> {
        let dir = std::env::temp_dir().join(format!("jwt-config-{name}-{}", std::process::id()));
        let scratch = Scratch(dir);
        for (path, text) in files {
            let path = scratch.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let root = Root::new(&scratch.0, 1 << 20).unwrap();
        read(&root, &scratch.0.join("compose.yaml"), &[]).unwrap()
    }

    #[test]
    fn an_env_file_many_services_name_is_read_once_and_shared() {
        let mut yaml = String::from("services:\n");
        for i in 0..3 {
            yaml.push_str(&format!(
                "  svc-{i}:\n    env_file: [shared.env, own.env, shared.env]\n"
            ));
        }
        yaml.push_str(
            "  odd:\n    env_file: [shared.env, own.env]\n    environment:\n      LEVEL: warn\n",
        );
        let services = project(
            "shared",
            &[
                ("shared.env", "JWT_ISSUER=https://auth\nLOG=info\n"),
                // Refers to a variable every service answers alike, but one.
                ("own.env", "LOG=${LEVEL:-debug}\n"),
                ("compose.yaml", &yaml),
            ],
        );
        let tables: Vec<Vec<*const VarTable>> = services
            .iter()
            .map(|service| service.vars.layers().1.map(Arc::as_ptr).collect())
            .collect();
        // Named twice, held once, at its first place (compose-go's order):
        // shared.env, then own.env, whose LOG wins.
        assert_eq!(tables[0].len(), 2);
        assert!(tables[..3].iter().all(|t| *t == tables[0]));
        assert_eq!(services[0].vars.text("LOG"), Some("debug"));
        assert_eq!(services[0].vars.text("JWT_ISSUER"), Some("https://auth"));
        // `odd` answers LEVEL otherwise: its own reading of own.env.
        assert_eq!(tables[3][0], tables[0][0]);
        assert_ne!(tables[3][1], tables[0][1]);
        assert_eq!(services[3].vars.text("LOG"), Some("warn"));
    }

    #[test]
    fn a_file_variable_of_an_env_file_that_refers_to_a_variable_is_followed() {
        let services = project(
            "own-file",
            &[
                ("secrets/jwt.txt", "from-the-file\n"),
                // It refers to a variable: read for this service alone.
                (
                    "api.env",
                    "JWT_SECRET_KEY_FILE=/run/secrets/jwt\nJWT_ISSUER=https://${HOST:-auth}\n",
                ),
                (
                    "compose.yaml",
                    "services:\n  api:\n    env_file: api.env\n    secrets: [jwt]\nsecrets:\n  jwt:\n    file: ./secrets/jwt.txt\n",
                ),
            ],
        );
        let vars = &services[0].vars;
        assert_eq!(vars.text("JWT_SECRET_KEY"), Some("from-the-file"));
        assert!(vars.followed("JWT_SECRET_KEY_FILE"));
        assert_eq!(vars.text("JWT_ISSUER"), Some("https://auth"));
    }

    #[test]
    fn an_unquoted_value_is_typed_by_yaml_and_written_back_as_compose_does() {
        let services = project(
            "typed",
            &[(
                "compose.yaml",
                "services:\n  api:\n    environment:\n      A: 015\n      B: \"015\"\n      C: 30.0\n      D: !!str 1_0\n      E: True\n    labels: [x]\n  web:\n    environment: [F=015, !reset G=1]\n",
            )],
        );
        let api = &services[0].vars;
        let got: Vec<Option<&str>> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|n| api.text(n))
            .collect();
        assert_eq!(
            got,
            [
                Some("13"),
                Some("015"),
                Some("30"),
                Some("1_0"),
                Some("true")
            ]
        );
        // The list form is text, `=` and all; an item tagged `!reset` goes.
        assert_eq!(services[1].vars.text("F"), Some("015"));
        assert_eq!(services[1].vars.text("G"), None);
    }
}
