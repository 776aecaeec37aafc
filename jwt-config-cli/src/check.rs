//! `jwt-config check`: every service of every environment resolved against
//! the registry, then compared.

use std::path::Path;

use jwt_config::drift::{self, DriftReport, EnvironmentDifference};
use jwt_config::registry::{Lookup, Registry};
use jwt_config::{Environment, NamedEnvironment, Problem, Snapshot, Warning, resolve};
use serde::Serialize;

use crate::deployment::EnvironmentDir;

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
    pub drift: DriftReport,
}

#[derive(Serialize)]
pub struct ServiceReport {
    pub service: String,
    pub file: String,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
    /// Names in the file that look like settings but are not in the registry.
    pub unknown: Vec<UnknownName>,
    pub snapshot: Snapshot,
}

#[derive(Serialize)]
pub struct UnknownName {
    pub var: String,
    pub suggestion: &'static str,
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub environments: usize,
    pub services: usize,
    pub problems: usize,
    pub warnings: usize,
    pub drift: usize,
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
    let reports: Vec<EnvironmentReport> = environments
        .iter()
        .map(|dir| {
            let services: Vec<ServiceReport> = dir
                .services
                .iter()
                .map(|service| {
                    let check =
                        resolve::check(registry, &service.file, dir.environment, &service.service);
                    ServiceReport {
                        service: service.service.clone(),
                        file: crate::files::shown(service.file.path()),
                        problems: check.problems,
                        warnings: check.warnings,
                        unknown: unknown_names(registry, service.file.names()),
                        snapshot: check.snapshot,
                    }
                })
                .collect();
            let snapshots: Vec<(&str, &Snapshot)> = services
                .iter()
                .map(|s| (s.service.as_str(), &s.snapshot))
                .collect();
            let drift = drift::compare(dir.environment, &snapshots)
                .expect("one registry checks every service");
            summary.services += services.len();
            summary.problems += services.iter().map(|s| s.problems.len()).sum::<usize>();
            summary.warnings += services
                .iter()
                .map(|s| s.warnings.len() + s.unknown.len())
                .sum::<usize>();
            summary.drift += drift.mismatches().len();
            EnvironmentReport {
                name: dir.environment,
                environment: dir.environment.follows,
                services,
                drift,
            }
        })
        .collect();
    let all: Vec<(NamedEnvironment, &Snapshot)> = reports
        .iter()
        .flat_map(|env| env.services.iter().map(move |s| (env.name, &s.snapshot)))
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

/// Names that are not settings but look meant as one: close enough to a
/// setting's name or alias for the registry to suggest it. Other variables
/// of a service's environment (`DATABASE_URL`) are none of our business.
fn unknown_names<'a>(
    registry: &Registry,
    names: impl Iterator<Item = &'a str>,
) -> Vec<UnknownName> {
    names
        .filter_map(|name| match registry.lookup(name) {
            Lookup::Unknown {
                suggestion: Some(setting),
            } => Some(UnknownName {
                var: name.to_owned(),
                suggestion: setting.name,
            }),
            _ => None,
        })
        .collect()
}
