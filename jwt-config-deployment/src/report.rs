//! What a check found, in one shape for every form it is written in: the
//! text an operator reads ([`text`], and `Display`), the JSON document tools
//! read (`Serialize`, [`SCHEMA_VERSION`]) and the SARIF log of code
//! scanning ([`sarif`]).

use std::collections::BTreeMap;
use std::fmt;

use jwt_config_core::drift::{DriftReport, EnvironmentDifference};
use jwt_config_core::{Environment, NamedEnvironment, Problem, Snapshot, Warning};
use serde::Serialize;

pub(crate) mod sarif;
pub(crate) mod text;

/// The version of the JSON report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `check` found, as printed (text) or serialized (JSON).
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The version of this shape: raised when a field changes meaning or
    /// goes away (new fields may come without it).
    pub schema_version: u32,
    /// The deployment checked, as given (escaped as every name printed).
    pub directory: String,
    /// The registry the deployment was checked against.
    pub registry: RegistryUsed,
    /// Whether every service checked is valid and the services of each
    /// environment agree ([`Report::is_consistent`]).
    pub ok: bool,
    /// Each environment checked, in the order found.
    pub environments: Vec<EnvironmentReport>,
    /// Settings that differ between environments: information, not drift.
    pub across_environments: Vec<EnvironmentDifference>,
    /// The counts of the text report's last line.
    pub summary: Summary,
}

impl Report {
    /// Whether every service checked is valid and the services of each
    /// environment agree: what the command exits 0 on.
    pub fn is_consistent(&self) -> bool {
        self.ok
    }

    /// Writes the text report to `out`, as the command prints it: in
    /// colour when `colour` (the command strips it off a terminal); when
    /// `quiet`, only what needs fixing (problems and drift) and the summary.
    ///
    /// # Errors
    ///
    /// Writing to `out` fails.
    pub fn write_text(
        &self,
        out: &mut dyn std::io::Write,
        quiet: bool,
        colour: bool,
    ) -> std::io::Result<()> {
        let palette = if colour {
            text::Palette::COLOURED
        } else {
            text::Palette::PLAIN
        };
        text::write(out, self, quiet, palette)
    }

    /// The report as a SARIF 2.1.0 log, the format code-scanning services
    /// read: one result per finding, located at the file and line that set
    /// it.
    pub fn sarif(&self) -> serde_json::Value {
        sarif::log(self)
    }
}

/// The text report, whole and without colour, as `jwt-config check`
/// prints it to a file.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = Vec::new();
        self.write_text(&mut text, false, false)
            .map_err(|_| fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&text))
    }
}

/// The registry a deployment was checked against.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct RegistryUsed {
    /// The file's path, or `built-in`.
    pub source: String,
    /// [`Registry::fingerprint`](jwt_config_core::registry::Registry::fingerprint):
    /// equal for equal tables.
    pub fingerprint: String,
}

/// What one environment's check found.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct EnvironmentReport {
    /// The environment's name (`qa`).
    pub name: NamedEnvironment,
    /// The environment whose rules it follows (`staging` for `qa`).
    pub environment: Environment,
    /// Each service found, judged or not.
    pub services: Vec<ServiceReport>,
    /// Services the registry declares that match none of the environment's.
    pub absent: Vec<AbsentService>,
    /// Where the environment's services disagree.
    pub drift: DriftReport,
}

/// A service the registry declares (`[[service]]`) that the deployment of
/// an environment does not hold under that name, where it holds others: a
/// warning, since a declaration that matches nothing judges nothing.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct AbsentService {
    /// The declared name.
    pub service: String,
    /// The environment.
    pub environment: NamedEnvironment,
    /// When the name is a workload's whose containers are the services
    /// (`api/app`, `api/proxy`): their names.
    pub containers: Vec<String>,
}

impl fmt::Display for AbsentService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

/// What one service's check found.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct ServiceReport {
    /// The service's name: its `.env` file's stem, its Compose service, or
    /// its workload (`<workload>/<container>` for one of several).
    pub service: String,
    /// Whether the service was judged: `false` for a service the registry
    /// does not declare, when it declares services (`[[service]]`).
    pub checked: bool,
    /// The file that declares the service.
    pub file: String,
    /// What makes the service's settings invalid.
    pub problems: Vec<Located<Problem>>,
    /// What is suspect but valid.
    pub warnings: Vec<Located<Warning>>,
    /// Names in the file that look like settings but are not in the registry.
    pub unknown: Vec<Located<UnknownName>>,
    /// The service's settings as resolved, secrets as fingerprints.
    pub snapshot: Snapshot,
    /// The file and line that set each registered name the service sets,
    /// its own names included (for SARIF).
    #[serde(skip)]
    pub(crate) locations: BTreeMap<&'static str, (String, usize)>,
}

/// A problem or a warning with where its variable is set: the file, and
/// the line when the file sets it.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Located<T> {
    /// The problem, warning or unknown name.
    #[serde(flatten)]
    pub finding: T,
    /// The file that sets the variable (or declares the service).
    pub file: String,
    /// The line that sets it, when the file does.
    pub line: Option<usize>,
}

impl<T: fmt::Display> fmt::Display for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.finding.fmt(f)
    }
}

/// A variable a service sets that is no setting but looks like one (see
/// [`NameIndex::looks_like`](jwt_config_core::registry::NameIndex::looks_like)):
/// nothing reads it.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct UnknownName {
    /// The variable's name, escaped as every name printed.
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

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The counts of a check, as the text report's last line says them.
#[derive(Debug, Serialize, Default)]
#[non_exhaustive]
pub struct Summary {
    /// Environments checked.
    pub environments: usize,
    /// Services found.
    pub services: usize,
    /// Services found but not judged: the registry declares services, and
    /// not these.
    pub unchecked: usize,
    /// Problems of every service.
    pub problems: usize,
    /// Warnings of every service.
    pub warnings: usize,
    /// Drift findings of every environment.
    pub drift: usize,
    /// Values of shared settings that could not be compared (held outside
    /// the deployment, say).
    pub not_compared: usize,
}
