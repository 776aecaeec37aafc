//! The services an organisation declares (`[[service]]` in its registry
//! file): which settings each reads, under which of its own variable names,
//! and in which unit or format when it is not the setting's.

use std::fmt;

use super::unit::VarFormat;
use crate::environment::EnvSet;

/// A service the registry declares.
///
/// ```
/// use jwt_config::registry::{Loader, Service, ServiceRequirement, ServiceVar, VarFormat};
/// use jwt_config::{EnvSet, Environment};
///
/// let gotrue = Service {
///     name: "gotrue",
///     reads: &["JWT_SECRET_KEY", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"],
///     vars: &[ServiceVar {
///         var: "GOTRUE_JWT_EXP",
///         setting: "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
///         format: Some(VarFormat::Seconds),
///     }],
///     loader: Some(Loader::Dotenvy),
///     required_in: &[ServiceRequirement {
///         setting: "JWT_SECRET_KEY",
///         required_in: EnvSet::ALL,
///     }],
///     ignore: &["MINIO_SECRET_KEY", "S3_*"],
///     sources: &["auth/gotrue", "auth/shared"],
/// };
/// assert_eq!(gotrue.var_name("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"), "GOTRUE_JWT_EXP");
/// assert_eq!(gotrue.var_name("JWT_SECRET_KEY"), "JWT_SECRET_KEY");
/// assert!(!gotrue.reads_setting("JWT_ISSUER"));
/// assert!(gotrue.required_in("JWT_SECRET_KEY").contains(Environment::Development));
/// assert!(gotrue.ignores("S3_BUCKET") && gotrue.ignores("MINIO_SECRET_KEY"));
/// assert!(!gotrue.ignores("MINIO_ROOT_USER"));
/// assert_eq!(gotrue.source_depth("auth/gotrue/api/token.go"), Some(2));
/// assert_eq!(gotrue.source_depth("auth/gotrue-admin/main.go"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The name: the Compose service, Kubernetes workload or `.env` file
    /// stem it stands for.
    pub name: &'static str,
    /// The canonical names of the settings it reads.
    pub reads: &'static [&'static str],
    /// Its own variable names, where they differ from the canonical ones.
    pub vars: &'static [ServiceVar],
    /// The library it reads its own `.env` file with, when the registry
    /// says; `None`: not declared (the check reads it as dotenvy does, and
    /// says where other loaders would read a setting otherwise).
    pub loader: Option<Loader>,
    /// Environments where the service requires a setting it reads beyond
    /// the environments where the registry requires it
    /// (`required_in = { SERVICE_SECRET = ["development", ...] }`).
    pub required_in: &'static [ServiceRequirement],
    /// Other variables of the service's environment that are none of the
    /// check's business (`ignore = ["MINIO_SECRET_KEY", "S3_*"]`): never
    /// listed as unknown names that look like settings. Each is a variable
    /// name, or a prefix followed by one `*` at the end. The settings the
    /// service reads are judged whatever it says.
    pub ignore: &'static [&'static str],
    /// The directories that hold the service's code, relative to the
    /// registry file's directory (or, for code outside it, to the directory
    /// `jwt-config scan` is given), `/`-separated (`sources =
    /// ["services/auth", "libs/auth-client"]`). A file under none of any
    /// service's is the service of its top-level directory.
    pub sources: &'static [&'static str],
}

/// The environments where a declared service requires one of the settings
/// it reads, beyond the registry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRequirement {
    /// The canonical name of the setting.
    pub setting: &'static str,
    /// The environments (of the four; an organisation's environment follows
    /// its tier's) where the service requires it.
    pub required_in: EnvSet,
}

/// A library that loads a service's `.env` file: they read some lines
/// differently (a `#` after a value, a backslash, a quote left open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loader {
    /// Rust's `dotenvy` 0.15 (`loader = "dotenvy"`).
    Dotenvy,
    /// Python's `python-dotenv` 1.x (`loader = "python-dotenv"`).
    PythonDotenv,
    /// Node's `dotenv` 16 (`loader = "node-dotenv"`).
    NodeDotenv,
    /// Docker Compose's `env_file` grammar (`loader = "compose"`).
    Compose,
}

impl Loader {
    /// Every loader, in the order reports name them.
    pub const ALL: [Loader; 4] = [
        Loader::Dotenvy,
        Loader::PythonDotenv,
        Loader::NodeDotenv,
        Loader::Compose,
    ];

    /// The name a registry file writes.
    pub fn name(self) -> &'static str {
        match self {
            Loader::Dotenvy => "dotenvy",
            Loader::PythonDotenv => "python-dotenv",
            Loader::NodeDotenv => "node-dotenv",
            Loader::Compose => "compose",
        }
    }

    /// The loader a registry file names `name`.
    pub fn from_name(name: &str) -> Option<Loader> {
        Loader::ALL.into_iter().find(|loader| loader.name() == name)
    }
}

impl fmt::Display for Loader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Service {
    /// Whether the service reads the setting named `setting`.
    pub fn reads_setting(&self, setting: &str) -> bool {
        self.reads.contains(&setting)
    }

    /// The service's own variable for `setting`, if it names it differently.
    pub fn var_for(&self, setting: &str) -> Option<&'static ServiceVar> {
        self.vars.iter().find(|var| var.setting == setting)
    }

    /// The service's own variable named `var`, if it has one.
    pub fn var_named(&self, var: &str) -> Option<&'static ServiceVar> {
        self.vars.iter().find(|own| own.var == var)
    }

    /// The environments where the service requires `setting` beyond the
    /// registry (empty when its declaration says nothing of it).
    pub fn required_in(&self, setting: &str) -> EnvSet {
        self.required_in
            .iter()
            .filter(|requirement| requirement.setting == setting)
            .fold(EnvSet::NONE, |set, requirement| {
                set.union(requirement.required_in)
            })
    }

    /// Whether `var` is one of the variables the declaration says are none
    /// of the check's business: named in `ignore`, or starting with the
    /// prefix of an entry that ends in `*`.
    pub fn ignores(&self, var: &str) -> bool {
        self.ignore
            .iter()
            .any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => var.starts_with(prefix),
                None => *pattern == var,
            })
    }

    /// How deep the source directory of the service that holds `file` is
    /// (its number of components), when one does: `file` is relative to the
    /// scanned directory and `/`-separated. The deepest holding directory
    /// of all services says whose a file is.
    pub fn source_depth(&self, file: &str) -> Option<usize> {
        self.sources
            .iter()
            .filter_map(|source| {
                let source = source.trim_end_matches('/');
                if source == "." {
                    return Some(0);
                }
                let rest = file.strip_prefix(source)?;
                rest.starts_with('/').then(|| source.split('/').count())
            })
            .max()
    }

    /// The variable the service reads `setting` from: its own name, or the
    /// canonical one.
    pub fn var_name(&self, setting: &'static str) -> &'static str {
        self.var_for(setting).map_or(setting, |var| var.var)
    }
}

/// A service's own variable for a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceVar {
    /// The variable's name, as the service reads it (`GOTRUE_JWT_EXP`).
    pub var: &'static str,
    /// The canonical name of the setting it holds.
    pub setting: &'static str,
    /// Its unit or format, where it is not the setting's.
    pub format: Option<VarFormat>,
}
