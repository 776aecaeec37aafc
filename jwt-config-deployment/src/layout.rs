//! Finding and reading a deployment: `DIR/<environment>/` holding
//! `<service>.env` files, a Compose file, or Kubernetes manifests (at any
//! depth, as `kubectl apply -R -f DIR/<environment>` finds them).

use std::fmt;
use std::path::{Path, PathBuf};

use jwt_config_core::registry::{Encoding, Registry, Setting};
use jwt_config_core::{DotenvError, NamedEnvironment};

use crate::compose::{self, ComposeError};
use crate::sandbox::{self, Refused, Root};
use crate::vars::ServiceVars;
use crate::{kube, loader, yaml};

/// The services of one environment, each with its parsed `.env` file.
pub struct EnvironmentDir {
    /// The environment, as the directory names it (`qa`, following staging).
    pub environment: NamedEnvironment,
    /// Each service found.
    pub services: Vec<ServiceFile>,
}

/// One service, with the variables it receives.
pub struct ServiceFile {
    /// Its name.
    pub service: String,
    /// The file that declares the service (its `.env`, or the Compose file).
    pub file: String,
    /// What it receives, and where each comes from.
    pub vars: ServiceVars,
}

/// Why a deployment could not be read: a usage or I/O error, exit 2.
#[derive(Debug)]
pub(crate) enum ReadFailure {
    NotADirectory(PathBuf),
    Io(PathBuf, std::io::Error),
    NotAnEnvironment(PathBuf, String),
    UnknownEnvironment(String, String),
    SameEnvironment(PathBuf, PathBuf, &'static str),
    NoEnvironment(PathBuf, &'static str),
    NoService(PathBuf),
    Dotenv(DotenvError),
    Compose(ComposeError),
    /// A Kubernetes manifest that is not YAML kubectl reads.
    Manifest(PathBuf, yaml::YamlError),
    /// A Kubernetes manifest the API server would refuse, or a variable the
    /// check will not build.
    Kube(kube::ManifestError),
    Refused(Refused),
    /// No service anywhere; the environment directories that hold YAML
    /// files but no Kubernetes object, with how many.
    Empty(PathBuf, Vec<(PathBuf, usize)>),
}

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadFailure::NotADirectory(path) => write!(
                f,
                "{}: no such directory; expected DIR/<environment>/<service>.env",
                path.display()
            ),
            ReadFailure::Io(path, err) => write!(f, "{}: {err}", path.display()),
            ReadFailure::UnknownEnvironment(name, names) => {
                write!(f, "unknown environment `{name}`, expected one of {names}")
            }
            ReadFailure::NotAnEnvironment(path, names) => write!(
                f,
                "{}: not an environment; name environment directories {names}",
                path.display(),
            ),
            ReadFailure::SameEnvironment(first, second, env) => write!(
                f,
                "{} and {} both name {env}; keep one directory per environment",
                first.display(),
                second.display()
            ),
            ReadFailure::NoEnvironment(path, env) => {
                write!(f, "{}: no directory for {env}", path.display())
            }
            ReadFailure::NoService(path) => write!(
                f,
                "{}: names no service; name it <service>.env",
                path.display()
            ),
            ReadFailure::Dotenv(err) => err.fmt(f),
            ReadFailure::Refused(refused) => refused.fmt(f),
            ReadFailure::Compose(err) => err.fmt(f),
            ReadFailure::Manifest(path, err) => write!(
                f,
                "{}:{}: not a Kubernetes manifest kubectl can read: {}",
                sandbox::shown(path),
                err.line,
                err.message
            ),
            ReadFailure::Kube(err) => err.fmt(f),
            ReadFailure::Empty(path, unread) => {
                write!(
                    f,
                    "{}: no <environment>/<service>.env file found",
                    path.display()
                )?;
                for (dir, count) in unread {
                    let files = if *count == 1 { "file" } else { "files" };
                    write!(
                        f,
                        "; {} holds {count} YAML {files}, none a Kubernetes object (a document with `kind:`)",
                        sandbox::shown(dir)
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// Reads every environment directory of `dir` (or only `only`), each
/// service's file sorted by name, none larger than `cap` bytes. Hidden
/// directories (`.git`) are skipped; any other directory must name an
/// environment, once. Nothing outside `dir` is read, links included.
pub fn read(
    registry: &Registry,
    dir: &Path,
    only: Option<&str>,
    cap: u64,
) -> Result<Vec<EnvironmentDir>, ReadFailure> {
    if !dir.is_dir() {
        return Err(ReadFailure::NotADirectory(dir.to_owned()));
    }
    let root = Root::new(dir, cap).map_err(ReadFailure::Refused)?;
    let only = match only {
        Some(name) => Some(registry.environment(name).ok_or_else(|| {
            ReadFailure::UnknownEnvironment(name.to_owned(), registry.environment_names())
        })?),
        None => None,
    };
    let mut found: Vec<(PathBuf, &'static str)> = Vec::new();
    let mut environments = Vec::new();
    // Environments whose YAML files hold no Kubernetes object, and how many.
    let mut unread: Vec<(PathBuf, usize)> = Vec::new();
    for path in sorted_entries(dir)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        // Files beside the environments (a README, a link to one, even a
        // dangling link) are none of the check's business; a directory
        // must be inside the deployment, links included.
        if !path.is_dir() {
            continue;
        }
        let resolved = root.contains(&path).map_err(ReadFailure::Refused)?;
        let named = registry.environment(&name).ok_or_else(|| {
            ReadFailure::NotAnEnvironment(path.clone(), registry.environment_names())
        })?;
        if let Some((first, _)) = found.iter().find(|(_, env)| *env == named.name) {
            return Err(ReadFailure::SameEnvironment(
                first.clone(),
                path,
                named.name,
            ));
        }
        found.push((path.clone(), named.name));
        if only.is_some_and(|only| only.name != named.name) {
            continue;
        }
        let mut services = Vec::new();
        // A Compose file declares the environment's services; its `.env`
        // and `env_file`s are what it reads, not services of their own.
        if let Some(compose_file) = compose::find(&path) {
            for service in compose::read(&root, &compose_file, &key_vars(registry))
                .map_err(ReadFailure::Compose)?
            {
                services.push(ServiceFile {
                    service: service.name,
                    file: sandbox::shown(&compose_file),
                    vars: service.vars,
                });
            }
            environments.push(EnvironmentDir {
                environment: named,
                services,
            });
            continue;
        }
        // Kubernetes manifests: every `.yaml`, `.yml` and `.json` file under
        // the directory, as `kubectl apply -R -f` reads them, read together
        // (a Secret may be in another file than its user).
        let mut manifests = kube::Manifests::default();
        let mut manifest_files = 0;
        for file in manifest_files_under(&path)? {
            let text = root.read_text(&file).map_err(ReadFailure::Refused)?;
            let documents =
                yaml::parse(&text).map_err(|err| ReadFailure::Manifest(file.clone(), err))?;
            manifests.add(&file, text.len(), documents);
            manifest_files += 1;
        }
        if !manifests.is_empty() {
            let reads = |name: &str| read_by_services(registry, name);
            let key_vars = key_vars(registry);
            for workload in manifests
                .workloads(&reads, &key_vars)
                .map_err(ReadFailure::Kube)?
            {
                services.push(ServiceFile {
                    service: workload.name,
                    file: workload.file,
                    vars: workload.vars,
                });
            }
            environments.push(EnvironmentDir {
                environment: named,
                services,
            });
            continue;
        }
        for file in sorted_entries(&path)? {
            // A `.env` file that cannot be opened (a dangling link, say) is an
            // error, never a service quietly left out of the comparison.
            if file.file_name().is_some_and(|name| name == ".env") {
                return Err(ReadFailure::NoService(file));
            }
            if file.extension().and_then(|e| e.to_str()) != Some("env") || file.is_dir() {
                continue;
            }
            let service = file.file_stem().map(sandbox::name).unwrap_or_default();
            let bytes = root
                .read_entry(&resolved, &file)
                .map_err(ReadFailure::Refused)?;
            let shown = sandbox::shown(&file);
            // Read as the service's loader reads it (the registry's word).
            let vars = loader::service_vars(registry, &service, &file, bytes, &shown)
                .map_err(ReadFailure::Dotenv)?;
            services.push(ServiceFile {
                service,
                vars,
                file: shown,
            });
        }
        if services.is_empty() && manifest_files > 0 {
            unread.push((path.clone(), manifest_files));
        }
        environments.push(EnvironmentDir {
            environment: named,
            services,
        });
    }
    environments.sort_by_key(|dir| dir.environment);
    if let Some(only) = only
        && environments.is_empty()
    {
        return Err(ReadFailure::NoEnvironment(dir.to_owned(), only.name));
    }
    if environments.iter().all(|env| env.services.is_empty()) {
        return Err(ReadFailure::Empty(dir.to_owned(), unread));
    }
    Ok(environments)
}

/// The services of one Compose file given directly, as environment
/// `name`, interpolated from `env_file` (else the `.env` beside it).
pub fn read_compose_file(
    registry: &Registry,
    file: &Path,
    name: &str,
    env_file: Option<&Path>,
    cap: u64,
) -> Result<Vec<EnvironmentDir>, ReadFailure> {
    let environment = registry.environment(name).ok_or_else(|| {
        ReadFailure::UnknownEnvironment(name.to_owned(), registry.environment_names())
    })?;
    let dir = file
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = Root::new(dir, cap).map_err(ReadFailure::Refused)?;
    let services = compose::read_with(&root, file, env_file, &key_vars(registry))
        .map_err(ReadFailure::Compose)?
        .into_iter()
        .map(|service| ServiceFile {
            service: service.name,
            file: sandbox::shown(file),
            vars: service.vars,
        })
        .collect();
    Ok(vec![EnvironmentDir {
        environment,
        services,
    }])
}

/// The variables that name a key file by its path: each setting of
/// `encoding = "path"`, its aliases, and every declared service's own name
/// for it. Found once per deployment, each service then asked for these
/// alone (a service may set tens of thousands of variables).
fn key_vars(registry: &Registry) -> Vec<&'static str> {
    let by_path: Vec<&'static Setting> = registry
        .iter()
        .filter(|setting| setting.encoding == Encoding::Path)
        .collect();
    let mut vars: Vec<&'static str> = by_path
        .iter()
        .flat_map(|setting| {
            std::iter::once(setting.name).chain(setting.aliases.iter().map(|alias| alias.name))
        })
        .collect();
    vars.extend(
        registry
            .services()
            .iter()
            .flat_map(|service| service.vars)
            .filter(|own| by_path.iter().any(|setting| setting.name == own.setting))
            .map(|own| own.var),
    );
    vars.sort_unstable();
    vars.dedup();
    vars
}

/// Whether a service may read the variable `name`: a setting's name or
/// alias, or a declared service's own name for a setting.
fn read_by_services(registry: &Registry, name: &str) -> bool {
    registry.iter().any(|setting| {
        setting.name == name || setting.aliases.iter().any(|alias| alias.name == name)
    }) || registry
        .services()
        .iter()
        .any(|service| service.vars.iter().any(|own| own.var == name))
}

/// The manifest files under `dir` as `kubectl apply -R -f dir` finds them:
/// every `.yaml`, `.yml` and `.json` file at any depth, in the order its
/// walk (Go's `filepath.Walk`) visits them, each directory's entries by
/// name. As that walk does, a link to a directory is not followed (nor can
/// it lead out of the deployment, or round in a loop); a link to a file is
/// read if it stays inside, as every file is ([`Root::read_text`]). Hidden
/// directories (`.git`, an editor's history) are skipped.
fn manifest_files_under(dir: &Path) -> Result<Vec<PathBuf>, ReadFailure> {
    let mut found = Vec::new();
    // Entries still to visit, the next one last.
    let mut pending: Vec<(PathBuf, bool)> = Vec::new();
    let visit = |dir: &Path, pending: &mut Vec<(PathBuf, bool)>| -> Result<(), ReadFailure> {
        let io = |err| ReadFailure::Io(dir.to_owned(), err);
        let mut entries = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|entry| {
                let entry = entry?;
                // The entry itself: a link is not a directory.
                let real_dir = entry.file_type()?.is_dir();
                Ok((entry.file_name(), entry.path(), real_dir))
            })
            .collect::<Result<Vec<_>, std::io::Error>>()
            .map_err(io)?;
        entries.sort_unstable_by(|(a, _, _), (b, _, _)| b.cmp(a));
        pending.extend(
            entries
                .into_iter()
                .map(|(_, path, real_dir)| (path, real_dir)),
        );
        Ok(())
    };
    visit(dir, &mut pending)?;
    while let Some((path, real_dir)) = pending.pop() {
        // Hidden directories too: `filepath.Walk` does not skip them, and
        // what kubectl would apply is what the check judges.
        if real_dir {
            visit(&path, &mut pending)?;
            continue;
        }
        let manifest = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        );
        // A link to a directory, named like a manifest, is none.
        if manifest && !path.is_dir() {
            found.push(path);
        }
    }
    Ok(found)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, ReadFailure> {
    let io = |err| ReadFailure::Io(dir.to_owned(), err);
    // One directory's entries differ by their names alone: sorted by them
    // as the directory gives them, not by paths compared component by
    // component.
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|entry| entry.map(|entry| (entry.file_name(), entry.path())))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    Ok(entries.into_iter().map(|(_, path)| path).collect())
}
