//! The deployment check of [jwt-config](https://docs.rs/jwt-config): a
//! deployment's services read as their runtimes read them, each judged by
//! the registry, then compared with one another for drift. The
//! `jwt-config check` command prints what [`check`] returns; a test can
//! assert it.
//!
//! A deployment is a directory holding one directory per environment, each
//! with `<service>.env` files, a Compose file (`compose.yaml`,
//! `docker-compose.yml`, ...) or Kubernetes manifests (at any depth, as
//! `kubectl apply -R` finds them); or one Compose file with its
//! environment named ([`Check::environment`]). Each input is read as its
//! runtime reads it: compose-go for Compose, the API server and the kubelet
//! for manifests, and the loader a service declares for its own `.env`.
//!
//! The registry is found as the command finds it: the file given
//! ([`Check::registry_file`]), else the one `JWT_CONFIG_REGISTRY` names,
//! else the nearest `jwt-config.toml` in or above the deployment, else the
//! built-in table.
//!
//! # A test that holds a deployment consistent
//!
//! Depend on `jwt-config` with its `deployment` feature (this crate is
//! re-exported as `jwt_config::deployment`), then:
//!
//! ```no_run
//! # use jwt_config_deployment as deployment;
//! #[test]
//! fn services_agree_on_their_jwt_settings() {
//!     let report = deployment::check("deploy").expect("the deployment can be read");
//!     assert!(report.is_consistent(), "{report}");
//! }
//! ```
//!
//! The report's `Display` is the command's text report, without colour;
//! its `Serialize` is the command's `--format json` document, and
//! [`Report::sarif`] its `--format sarif` log.

#![warn(missing_docs)]

mod compose;
mod judge;
mod kube;
mod layout;
mod loader;
mod report;
mod sandbox;
mod unseen;
mod vars;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use jwt_config_core::registry::{self, Registry};

pub use report::{
    AbsentService, EnvironmentReport, Located, RegistryUsed, Report, SCHEMA_VERSION, ServiceReport,
    Summary, UnknownName,
};
pub use sandbox::parse_size;

/// Checks the deployment in `dir` against the registry found for it, as
/// `jwt-config check DIR` does (a registry file read here is kept for the
/// life of the process, as the command keeps it).
///
/// # Errors
///
/// What the command exits 2 on: the registry file cannot be used, or the
/// deployment cannot be read (no environment found, a file refused).
/// Problems and drift are not errors: they are in the [`Report`].
///
/// ```
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/deploy/drifted");
/// let report = jwt_config_deployment::check(dir).unwrap();
/// assert!(!report.is_consistent());
/// assert!(report.to_string().contains("drift"));
/// ```
pub fn check(dir: impl AsRef<Path>) -> Result<Report, Error> {
    Check::new(dir).run()
}

/// The registry a check of `start` follows given the file `file` names
/// (`builtin` for the built-in table): that file, else the one
/// `JWT_CONFIG_REGISTRY` names, else the nearest `jwt-config.toml` in or
/// above `start`, else the built-in table.
///
/// # Errors
///
/// The file cannot be read, or has problems ([`Error::Registry`]).
pub fn find_registry(file: Option<&Path>, start: &Path) -> Result<&'static Registry, Error> {
    registry::find(file, start).map_err(registry_error)
}

/// A registry file that cannot be used, with every problem.
fn registry_error(err: registry::FileError) -> Error {
    Error::Registry(format!("{}:\n{err}", err.summary()))
}

/// A check with what the command's flags set: the registry, one
/// environment, the cap on a file's size.
///
/// ```
/// use jwt_config_deployment::Check;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/deploy/consistent");
/// let report = Check::new(dir).environment("staging").run().unwrap();
/// assert!(report.is_consistent(), "{report}");
/// assert_eq!(report.environments.len(), 1);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a check does nothing until `run`"]
pub struct Check {
    dir: PathBuf,
    registry: registry::Choice,
    environment: Option<String>,
    env_file: Option<PathBuf>,
    max_file_size: u64,
}

impl Check {
    /// The most a file of the deployment may hold unless told otherwise:
    /// 64 MiB (`--max-file-size`).
    pub const MAX_FILE_SIZE: u64 = 64 << 20;

    /// A check of the deployment in `dir` (or of one Compose file, with
    /// [`Check::environment`]).
    pub fn new(dir: impl AsRef<Path>) -> Check {
        Check {
            dir: dir.as_ref().to_owned(),
            registry: registry::Choice::Found,
            environment: None,
            env_file: None,
            max_file_size: Check::MAX_FILE_SIZE,
        }
    }

    /// Follows the registry file at `path` (`builtin` for the built-in
    /// table), as `--registry` does, rather than the one found.
    pub fn registry_file(mut self, path: impl AsRef<Path>) -> Check {
        self.registry = registry::Choice::File(path.as_ref().to_owned());
        self
    }

    /// Follows `registry`, rather than the one found.
    pub fn registry(mut self, registry: &'static Registry) -> Check {
        self.registry = registry::Choice::Given(registry);
        self
    }

    /// Checks the environment `name` only (`--env`); for one Compose file,
    /// the environment it is.
    pub fn environment(mut self, name: impl Into<String>) -> Check {
        self.environment = Some(name.into());
        self
    }

    /// For one Compose file: the file `${VAR}` is filled from, instead of
    /// the `.env` beside it (`--env-file`).
    pub fn env_file(mut self, path: impl AsRef<Path>) -> Check {
        self.env_file = Some(path.as_ref().to_owned());
        self
    }

    /// Refuses a file of the deployment larger than `bytes`, naming it and
    /// the cap (`--max-file-size`; see [`parse_size`]).
    pub fn max_file_size(mut self, bytes: u64) -> Check {
        self.max_file_size = bytes;
        self
    }

    /// Reads the deployment and judges it.
    ///
    /// # Errors
    ///
    /// As [`check`]; also a Compose file given with no environment, or an
    /// env file given for a directory.
    pub fn run(&self) -> Result<Report, Error> {
        // `Found` follows `JWT_CONFIG_REGISTRY` as the command's
        // `--registry` defaults to it, and as cargo passes a
        // `.cargo/config.toml`'s `[env]` to a test.
        let registry = self.registry.registry(&self.dir).map_err(registry_error)?;
        let environments = if self.dir.is_file() {
            let Some(name) = self.environment.as_deref() else {
                return Err(Error::FileWithoutEnvironment(self.dir.clone()));
            };
            layout::read_compose_file(
                registry,
                &self.dir,
                name,
                self.env_file.as_deref(),
                self.max_file_size,
            )
        } else if self.env_file.is_some() {
            return Err(Error::EnvFileWithoutFile);
        } else {
            layout::read(
                registry,
                &self.dir,
                self.environment.as_deref(),
                self.max_file_size,
            )
        }
        .map_err(|failure| Error::Read(ReadError(failure)))?;
        Ok(judge::run(registry, &self.dir, &environments))
    }
}

/// What stops a check before any service is judged: what the command exits
/// 2 on.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The registry file cannot be used: every problem, each at its line.
    Registry(String),
    /// The deployment cannot be read.
    Read(ReadError),
    /// One Compose file was given without the environment it is.
    FileWithoutEnvironment(PathBuf),
    /// An env file was given for a directory, not for one Compose file.
    EnvFileWithoutFile,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Registry(message) => f.write_str(message),
            Error::Read(err) => err.fmt(f),
            Error::FileWithoutEnvironment(path) => write!(
                f,
                "{} is a file: say which environment it is with --env NAME",
                path.display()
            ),
            Error::EnvFileWithoutFile => f.write_str(
                "--env-file goes with a Compose file given directly: jwt-config check --env NAME FILE --env-file FILE",
            ),
        }
    }
}

/// The deployment cannot be read: a directory or file missing, no
/// environment or service found, a file its runtime would refuse (named,
/// with the line where it has one).
#[derive(Debug)]
pub struct ReadError(layout::ReadFailure);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ReadError {}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read(err) => Some(err),
            _ => None,
        }
    }
}

/// What the fuzz targets, benchmarks and the project's own tests reach
/// inside: outside semver, out of the documentation.
#[doc(hidden)]
pub mod __private {
    pub use crate::judge::run as judge;
    pub use crate::kube::Manifests;
    pub use crate::layout::{EnvironmentDir, ServiceFile};
    pub use crate::sandbox::Root;
    pub use crate::vars::ServiceVars;

    /// Compose: its files, `.env` grammar, interpolation and YAML typing.
    pub mod compose {
        pub use crate::compose::{dotenv, interpolate, read, scalar};
    }

    /// The `.env` loaders a service may declare.
    pub mod loader {
        pub use crate::loader::{Reading, read};
    }

    /// The YAML reader of Compose files and manifests.
    pub mod yaml {
        pub use crate::yaml::parse;
    }
}
