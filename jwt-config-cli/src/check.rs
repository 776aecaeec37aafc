//! `jwt-config check`: every service of every environment resolved against
//! the registry, then compared.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use jwt_config::drift::{self, DriftReport, EnvironmentDifference};
use jwt_config::registry::{LooksLike, NameIndex, Registry, Service};
use jwt_config::{Environment, NamedEnvironment, Problem, Snapshot, Warning, resolve};

use crate::vars::{ServiceVars, VarTable};
use serde::Serialize;

use crate::deployment::{EnvironmentDir, ServiceFile};

/// The version of the JSON report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `check` found, as printed (text) or serialized (JSON).
#[derive(Serialize)]
pub struct Report {
    /// The version of this shape: raised when a field changes meaning or
    /// goes away (new fields may come without it).
    pub schema_version: u32,
    pub directory: String,
    /// The registry the deployment was checked against.
    pub registry: RegistryUsed,
    pub ok: bool,
    pub environments: Vec<EnvironmentReport>,
    /// Settings that differ between environments: information, not drift.
    pub across_environments: Vec<EnvironmentDifference>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct RegistryUsed {
    /// The file's path, or `built-in`.
    pub source: String,
    /// [`Registry::fingerprint`]: equal for equal tables.
    pub fingerprint: String,
}

#[derive(Serialize)]
pub struct EnvironmentReport {
    /// The environment's name (`qa`).
    pub name: NamedEnvironment,
    /// The environment whose rules it follows (`staging` for `qa`).
    pub environment: Environment,
    pub services: Vec<ServiceReport>,
    /// Services the registry declares that match none of the environment's.
    pub absent: Vec<AbsentService>,
    pub drift: DriftReport,
}

/// A service the registry declares (`[[service]]`) that the deployment of
/// an environment does not hold under that name, where it holds others: a
/// warning, since a declaration that matches nothing judges nothing.
#[derive(Serialize)]
pub struct AbsentService {
    /// The declared name.
    pub service: String,
    /// The environment.
    pub environment: NamedEnvironment,
    /// When the name is a workload's whose containers are the services
    /// (`api/app`, `api/proxy`): their names.
    pub containers: Vec<String>,
}

impl std::fmt::Display for AbsentService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let AbsentService {
            service,
            environment,
            containers,
        } = self;
        match &containers[..] {
            [] => write!(
                f,
                "the registry declares a service `{service}`, but {environment} has no service of that name, so none is judged as it; name it as the deployment does (the Compose service, the workload, or the `.env` file's stem), or add it to {environment}"
            ),
            [first, ..] => write!(
                f,
                "the registry declares a service `{service}`, but in {environment} `{service}` is a workload of several containers, each checked as a service of its own ({}): declare the container that reads the settings (`name = \"{first}\"`), one [[service]] a container",
                containers
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The services `registry` declares that `dir` does not hold, when it holds
/// any.
fn absent(registry: &Registry, dir: &EnvironmentDir) -> Vec<AbsentService> {
    if dir.services.is_empty() {
        return Vec::new();
    }
    registry
        .services()
        .iter()
        .filter(|declared| {
            !dir.services
                .iter()
                .any(|found| found.service == declared.name)
        })
        .map(|declared| {
            let prefix = format!("{}/", declared.name);
            AbsentService {
                service: declared.name.to_owned(),
                environment: dir.environment,
                containers: dir
                    .services
                    .iter()
                    .filter(|found| found.service.starts_with(&prefix))
                    .map(|found| found.service.clone())
                    .collect(),
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct ServiceReport {
    pub service: String,
    /// Whether the service was judged: `false` for a service the registry
    /// does not declare, when it declares services (`[[service]]`).
    pub checked: bool,
    pub file: String,
    pub problems: Vec<Located<Problem>>,
    pub warnings: Vec<Located<Warning>>,
    /// Names in the file that look like settings but are not in the registry.
    pub unknown: Vec<Located<UnknownName>>,
    pub snapshot: Snapshot,
    /// The file and line that set each registered name the service sets,
    /// its own names included (for SARIF).
    #[serde(skip)]
    pub locations: BTreeMap<&'static str, (String, usize)>,
}

/// A problem or a warning with where its variable is set: the file, and
/// the line when the file sets it.
#[derive(Serialize)]
pub struct Located<T> {
    #[serde(flatten)]
    pub finding: T,
    pub file: String,
    pub line: Option<usize>,
}

impl<T: std::fmt::Display> std::fmt::Display for Located<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.finding.fmt(f)
    }
}

/// A variable a service sets that is no setting but looks like one (see
/// [`NameIndex::looks_like`]): nothing reads it.
#[derive(Serialize)]
pub struct UnknownName {
    pub var: String,
    /// The settings it most likely means, in table order: several when they
    /// are as near, none when none is near.
    pub suggestions: Vec<&'static str>,
    /// The one suggestion when there is exactly one, else `null`: the field
    /// of schema 1, kept beside `suggestions`, which lists them all.
    pub suggestion: Option<&'static str>,
    /// The environment a setting's name with an environment's name in it
    /// is meant for (`staging` for `JWT_SECRET_STAGING`).
    pub environment: Option<&'static str>,
    /// What is wrong and what to do, as the text report prints it.
    pub message: String,
}

impl UnknownName {
    /// `var`, which looks like `looks` says, set in `here` for `declared`
    /// (when the registry declares the service).
    fn new(
        var: String,
        looks: &LooksLike,
        declared: Option<&Service>,
        here: NamedEnvironment,
    ) -> UnknownName {
        match looks {
            LooksLike::ForEnvironment {
                setting,
                environment,
                ..
            } => {
                let read = declared.map_or(setting.name, |service| service.var_name(setting.name));
                // In the deployment it names, the fix is a rename.
                let fix = if environment.name == here.name {
                    format!("rename it to {read}")
                } else {
                    format!("set {read} in the {} deployment instead", environment.name)
                };
                UnknownName {
                    message: format!(
                        "{var} looks like {} for {}, but nothing reads it: {fix}",
                        setting.name, environment.name
                    ),
                    var,
                    suggestions: vec![setting.name],
                    suggestion: Some(setting.name),
                    environment: Some(environment.name),
                }
            }
            LooksLike::Setting { suggestions } => {
                let names: Vec<&'static str> = suggestions.iter().map(|s| s.name).collect();
                let message = match names.split_last() {
                    Some((last, [])) => {
                        format!("{var} is not a setting and is ignored; did you mean {last}?")
                    }
                    Some((last, others)) => format!(
                        "{var} is not a setting and is ignored; did you mean {} or {last}?",
                        others.join(", ")
                    ),
                    None => format!(
                        "{var} looks like a setting but is none of the registry's, so nothing reads it: rename it to the setting it stands for (`jwt-config registry` lists them){}",
                        declared.map_or(String::new(), |service| format!(
                            ", or add it to the `ignore` of the [[service]] `{}`",
                            service.name
                        ))
                    ),
                };
                UnknownName {
                    suggestion: match names[..] {
                        [one] => Some(one),
                        _ => None,
                    },
                    var,
                    suggestions: names,
                    environment: None,
                    message,
                }
            }
        }
    }
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Each of `findings` with where the variable `var` names is set: the file
/// and line that set it, or the service's file.
fn located<T>(
    service: &ServiceFile,
    findings: Vec<T>,
    var: impl Fn(&T) -> &str,
) -> Vec<Located<T>> {
    findings
        .into_iter()
        .map(|finding| {
            let (file, line) = match service.vars.location(var(&finding)) {
                Some((file, line)) => (file.to_owned(), Some(line)),
                None => (service.file.clone(), None),
            };
            Located {
                finding,
                file,
                line,
            }
        })
        .collect()
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub environments: usize,
    pub services: usize,
    /// Services found but not judged: the registry declares services, and
    /// not these.
    pub unchecked: usize,
    pub problems: usize,
    pub warnings: usize,
    pub drift: usize,
    /// Values of shared settings that could not be compared (held outside
    /// the deployment, say).
    pub not_compared: usize,
}

/// Checks every service of `environments` against `registry`.
pub fn run(
    registry: &'static Registry,
    directory: &Path,
    environments: &[EnvironmentDir],
) -> Report {
    let mut summary = Summary {
        environments: environments.len(),
        ..Summary::default()
    };
    // Every variable of every service is looked up in it.
    let index = registry.name_index();
    // A table many services take whole is looked up once.
    let mut tables = UnknownByTable::default();
    let reports: Vec<EnvironmentReport> =
        environments
            .iter()
            .map(|dir| {
                let services: Vec<ServiceReport> =
                    dir.services
                        .iter()
                        .map(|service| {
                            let declared = registry.service(&service.service);
                            let checked = registry.services().is_empty() || declared.is_some();
                            let check = match declared {
                                Some(declared) => resolve::check_service(
                                    registry,
                                    &service.vars,
                                    dir.environment,
                                    declared,
                                ),
                                None if checked => resolve::check(
                                    registry,
                                    &service.vars,
                                    dir.environment,
                                    &service.service,
                                ),
                                None => resolve::Check {
                                    snapshot: Snapshot::new(
                                        registry,
                                        service.service.clone(),
                                        Some(dir.environment),
                                        Vec::new(),
                                    ),
                                    problems: Vec::new(),
                                    warnings: Vec::new(),
                                },
                            };
                            ServiceReport {
                                service: service.service.clone(),
                                checked,
                                problems: located(service, check.problems, |problem| problem.var()),
                                warnings: located(service, check.warnings, |warning| warning.var()),
                                file: service.file.clone(),
                                unknown: if checked {
                                    located(
                                        service,
                                        unknown_names(
                                            &index,
                                            &mut tables,
                                            &service.vars,
                                            declared,
                                            dir.environment,
                                        ),
                                        |unknown| &unknown.var,
                                    )
                                } else {
                                    Vec::new()
                                },
                                snapshot: check.snapshot,
                                locations: registry
                                    .iter()
                                    .flat_map(|setting| {
                                        std::iter::once(setting.name)
                                            .chain(setting.aliases.iter().map(|alias| alias.name))
                                    })
                                    .chain(declared.into_iter().flat_map(|declared| {
                                        declared.vars.iter().map(|own| own.var)
                                    }))
                                    .filter_map(|name| {
                                        let (file, line) = service.vars.location(name)?;
                                        Some((name, (file.to_owned(), line)))
                                    })
                                    .collect(),
                            }
                        })
                        .collect();
                let snapshots: Vec<(&str, &Snapshot)> = services
                    .iter()
                    .filter(|s| s.checked)
                    .map(|s| (s.service.as_str(), &s.snapshot))
                    .collect();
                let drift = drift::compare(dir.environment, &snapshots)
                    .expect("one registry checks every service");
                let absent = absent(registry, dir);
                summary.services += services.len();
                summary.unchecked += services.iter().filter(|s| !s.checked).count();
                summary.problems += services.iter().map(|s| s.problems.len()).sum::<usize>();
                summary.warnings += services
                    .iter()
                    .map(|s| s.warnings.len() + s.unknown.len())
                    .sum::<usize>()
                    + absent.len();
                summary.drift += drift.mismatches().len();
                summary.not_compared += drift.not_compared().len();
                EnvironmentReport {
                    name: dir.environment,
                    environment: dir.environment.follows,
                    services,
                    absent,
                    drift,
                }
            })
            .collect();
    let all: Vec<(NamedEnvironment, &Snapshot)> = reports
        .iter()
        .flat_map(|env| {
            env.services
                .iter()
                .filter(|s| s.checked)
                .map(move |s| (env.name, &s.snapshot))
        })
        .collect();
    let across_environments =
        drift::across_environments(&all).expect("one registry checks every service");
    Report {
        schema_version: SCHEMA_VERSION,
        directory: directory.display().to_string(),
        registry: RegistryUsed {
            source: registry.source().to_string(),
            fingerprint: registry.fingerprint(),
        },
        ok: summary.problems == 0 && summary.drift == 0,
        environments: reports,
        across_environments,
        summary,
    }
}

/// The names of each shared table that look like settings, with what
/// they look like, found once for every service that takes the table: by
/// the table's address, the table held here so that the address stays its
/// own.
#[derive(Default)]
struct UnknownByTable(HashMap<usize, (Arc<VarTable>, Suggested)>);

/// Names, each with what it looks like.
type Suggested = Vec<(String, LooksLike)>;

/// Names that are not settings but look like one ([`NameIndex::looks_like`]:
/// a setting's name with an environment's name in it, a distinctive word of
/// the registry's names, a typo of one). Other variables of a service's
/// environment (`DATABASE_URL`, `MINIO_SECRET_KEY`) are none of our
/// business, and neither are those a declared service's `ignore` names.
fn unknown_names(
    index: &NameIndex<'_>,
    tables: &mut UnknownByTable,
    file: &ServiceVars,
    declared: Option<&Service>,
    here: NamedEnvironment,
) -> Vec<UnknownName> {
    // A declared service's own names are its settings, not typos; what it
    // ignores is none of ours.
    let skipped =
        |name: &str| declared.is_some_and(|d| d.var_named(name).is_some() || d.ignores(name));
    let (own_names, shared) = file.layers();
    let mut found: BTreeMap<String, LooksLike> = own_names
        .filter_map(|name| Some((name.to_owned(), index.looks_like(name)?)))
        .collect();
    for table in shared {
        let (_, cached) = tables
            .0
            .entry(Arc::as_ptr(table) as usize)
            .or_insert_with(|| {
                let found = table
                    .names()
                    .filter_map(|name| Some((name.to_owned(), index.looks_like(name)?)))
                    .collect();
                (Arc::clone(table), found)
            });
        for (name, looks) in cached.iter() {
            found.insert(name.clone(), looks.clone());
        }
    }
    found
        .into_iter()
        .filter(|(name, _)| !skipped(name) && file.sets(name) && !file.followed(name))
        .map(|(var, looks)| UnknownName::new(var, &looks, declared, here))
        .collect()
}
