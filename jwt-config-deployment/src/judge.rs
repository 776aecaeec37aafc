//! The judgement: every service of every environment resolved against the
//! registry (its own declaration, when the registry declares it), then the
//! services of each environment compared.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use jwt_config_core::drift;
use jwt_config_core::registry::{LooksLike, NameIndex, Registry, Service};
use jwt_config_core::{NamedEnvironment, Snapshot, resolve};

use crate::layout::{EnvironmentDir, ServiceFile};
use crate::report::{
    AbsentService, EnvironmentReport, Located, RegistryUsed, Report, SCHEMA_VERSION, ServiceReport,
    Summary, UnknownName,
};
use crate::vars::{ServiceVars, VarTable};

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
                                None => resolve::ServiceCheck {
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
