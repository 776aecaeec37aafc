//! A Compose file's services and the variables each gets, as Compose gives
//! them: `env_file`s in order (relative to the Compose file, later ones
//! replacing earlier ones), then `environment:` (map or list) over both,
//! interpolated from the project's `.env` beside the Compose file, never
//! from the environment of the process that checks. An override file
//! beside it (`compose.override.yaml`) is merged over it, as Compose merges
//! it. Profiles are ignored: every service is checked.

use std::fmt;
use std::path::{Path, PathBuf};

use jwt_config::{Defect, DotenvFile, Repeated};
use zeroize::Zeroizing;

use crate::files::{self, Refused, Root};
use crate::interpolate::{Invalid, interpolate};
use crate::vars::ServiceVars;
use crate::yaml::{self, Node, Value};

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
    Dotenv(jwt_config::DotenvError),
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
                files::shown(path),
                err.line,
                err.message
            ),
            ComposeError::Dotenv(err) => err.fmt(f),
            ComposeError::Invalid(path, line, message) => {
                write!(f, "{}:{line}: {message}", files::shown(path))
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
pub fn read(root: &Root, path: &Path) -> Result<Vec<ComposeService>, ComposeError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let override_file = first_of(dir, &OVERRIDE_NAMES);
    let mut files = vec![path];
    files.extend(override_file.as_deref());
    read_files(root, &files, None)
}

/// The Compose file at `path` alone (as `docker compose -f` reads it: no
/// override file), with `${VAR}` filled from `env_file` (a file the user
/// named, read wherever it is) instead of the `.env` beside it.
pub fn read_with(
    root: &Root,
    path: &Path,
    env_file: Option<&Path>,
) -> Result<Vec<ComposeService>, ComposeError> {
    read_files(root, &[path], env_file)
}

/// One Compose file's parsed text.
struct Layer<'p> {
    path: &'p Path,
    shown: String,
    documents: Vec<Node>,
}

impl Layer<'_> {
    fn services(&self) -> Option<&Node> {
        self.documents.first()?.get("services")
    }

    fn service(&self, name: &str) -> Option<&Node> {
        self.services()?.get(name)
    }
}

/// The services of `files` (a Compose file, then files that override it),
/// merged: each service's `env_file`s of every file in order, then its
/// `environment` entries of every file in order, later ones winning.
fn read_files(
    root: &Root,
    files: &[&Path],
    env_file: Option<&Path>,
) -> Result<Vec<ComposeService>, ComposeError> {
    let Some(path) = files.first() else {
        return Ok(Vec::new());
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    // The project's `.env`: what `${VAR}` is filled from.
    // A file the user names is read wherever it is; the `.env` beside the
    // Compose file only within the checked directory, and only if it exists.
    let beside = dir.join(".env");
    let read = match env_file {
        Some(given) => Some((given, root.read_given(given))),
        None => beside.exists().then(|| (&*beside, root.read(&beside))),
    };
    let project = match read {
        Some((path, bytes)) => Some(
            DotenvFile::from_bytes_taking(
                path,
                bytes.map_err(ComposeError::Refused)?,
                Repeated::Last,
            )
            .map_err(ComposeError::Dotenv)?,
        ),
        None => None,
    };
    let lookup = |name: &str| -> Option<&str> { file_value(project.as_ref()?, name) };
    let mut layers = Vec::new();
    for path in files {
        let text = root.read_text(path).map_err(ComposeError::Refused)?;
        let documents =
            yaml::parse(&text).map_err(|err| ComposeError::Yaml(path.to_path_buf(), err))?;
        layers.push(Layer {
            path,
            shown: files::shown(path),
            documents,
        });
    }
    // A Compose file that declares no service would check nothing, and
    // say nothing of it: that is an error, not a clean deployment.
    let base = &layers[0];
    if base
        .services()
        .is_none_or(|declared| declared.entries().is_empty())
    {
        return Err(ComposeError::Invalid(
            path.to_path_buf(),
            base.documents.first().map_or(1, |document| document.line),
            "declares no services (a `services:` mapping of service names); a Compose file without them is not a deployment to check".to_owned(),
        ));
    }
    // Every service name, in the order the files declare them.
    let mut names: Vec<&str> = Vec::new();
    for layer in &layers {
        for (name, _) in layer.services().map_or(&[][..], Node::entries) {
            if let Some(name) = name.text()
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    }
    let mut services = Vec::new();
    for name in names {
        let mut vars = ServiceVars::default();
        for layer in &layers {
            let Some(service) = layer.service(name) else {
                continue;
            };
            for (file, required, line) in env_files(service) {
                let file_path = dir.join(&file);
                if !file_path.exists() {
                    if required {
                        return Err(ComposeError::Invalid(
                            layer.path.to_path_buf(),
                            line,
                            format!(
                                "service `{name}` names the env_file `{file}`, which does not exist; Compose would refuse to start it"
                            ),
                        ));
                    }
                    continue;
                }
                let bytes = root.read(&file_path).map_err(ComposeError::Refused)?;
                // Compose takes a repeated key's last value.
                let parsed = DotenvFile::from_bytes_taking(&file_path, bytes, Repeated::Last)
                    .map_err(ComposeError::Dotenv)?;
                vars.add_dotenv(parsed, &files::shown(&file_path));
            }
        }
        for layer in &layers {
            let Some(environment) = layer
                .service(name)
                .and_then(|service| service.get("environment"))
            else {
                continue;
            };
            for (key, value, line) in environment_entries(environment) {
                match value {
                    // `KEY` or `KEY:` alone: the value Compose interpolates
                    // with (the project's `.env`), else the shell's, if any.
                    None if let Some(value) = lookup(&key) => {
                        vars.set(&key, Zeroizing::new(value.to_owned()), &layer.shown, line);
                    }
                    None => vars.defect(
                        &key,
                        Defect::FromShell {
                            reference: key.clone(),
                            line,
                        },
                    ),
                    Some(text) => {
                        let done = interpolate(&text, &lookup).map_err(|Invalid| {
                            ComposeError::Invalid(
                                layer.path.to_path_buf(),
                                line,
                                format!("the value of {key} in service `{name}` has a `${{` Compose cannot read; close it, or write `$$` for a literal `$`"),
                            )
                        })?;
                        vars.set(&key, done.value, &layer.shown, line);
                        for reference in done.unresolved {
                            vars.defect(&key, Defect::FromShell { reference, line });
                        }
                    }
                }
            }
        }
        services.push(ComposeService {
            name: name.to_owned(),
            vars,
        });
    }
    Ok(services)
}

fn file_value<'f>(file: &'f DotenvFile, name: &str) -> Option<&'f str> {
    use jwt_config::Source;
    match file.var(name) {
        Ok(Some(std::borrow::Cow::Borrowed(value))) => Some(value),
        _ => None,
    }
}

/// A service's `env_file`s: each path, whether it is required, its line.
fn env_files(service: &Node) -> Vec<(String, bool, usize)> {
    let Some(node) = service.get("env_file") else {
        return Vec::new();
    };
    let one = |item: &Node| match &item.value {
        Value::Scalar(Some(path)) => Some((path.as_str().to_owned(), true, item.line)),
        Value::Mapping(_) => {
            let path = item.get("path")?.text()?.to_owned();
            let required = item.get("required").and_then(Node::text) != Some("false");
            Some((path, required, item.line))
        }
        _ => None,
    };
    match &node.value {
        Value::Sequence(items) => items.iter().filter_map(one).collect(),
        _ => one(node).into_iter().collect(),
    }
}

/// `environment:` as `(KEY, value or None for the shell's, line)`, from the
/// map form (`KEY: value`) or the list form (`- KEY=value`, `- KEY`).
fn environment_entries(environment: &Node) -> Vec<(String, Option<String>, usize)> {
    match &environment.value {
        Value::Mapping(entries) => entries
            .iter()
            .filter_map(|(key, value)| {
                Some((
                    key.text()?.to_owned(),
                    value.text().map(str::to_owned),
                    key.line,
                ))
            })
            .collect(),
        Value::Sequence(items) => items
            .iter()
            .filter_map(|item| {
                let text = item.text()?;
                Some(match text.split_once('=') {
                    Some((key, value)) => (key.to_owned(), Some(value.to_owned()), item.line),
                    None => (text.to_owned(), None, item.line),
                })
            })
            .collect(),
        Value::Scalar(_) => Vec::new(),
    }
}
