//! The code scan of [jwt-config](https://docs.rs/jwt-config): the
//! environment variables a service's code reads, and the values its code
//! falls back to, checked against the registry. The `jwt-config scan`
//! command prints what [`scan`] returns.
//!
//! Python (`.py`), TypeScript/JavaScript (`.ts`, `.tsx`, `.js`, `.jsx`,
//! `.mjs`, `.cjs`), Go (`.go`, without the `_test.go` files no build
//! holds) and Rust (`.rs`, without `#[cfg(test)]` and `#[test]` items) are
//! parsed with their tree-sitter grammars. The scan finds
//! - Python: `os.getenv("X", d)`, `os.environ.get("X", d)`,
//!   `os.environ["X"]`, and any call whose first argument is a string naming
//!   a registry setting or alias (`get_env().get("X", d)`,
//!   `config("X", default=d)`), and each field of a pydantic-settings
//!   `BaseSettings` class, under the name pydantic-settings reads
//!   (`env_prefix` and the field's name, or its alias);
//! - TypeScript/JavaScript: `process.env.X`, `process.env["X"]`, with a
//!   default after `??` or `||`, the same wrapper rule, and the upper-case
//!   keys of a schema in a file that hands `process.env` whole to a call
//!   (Joi, zod, envalid), with `.default(d)` or `{ default: d }`;
//! - Go: `os.Getenv("X")`, `os.LookupEnv("X")`, with a default from
//!   `cmp.Or(…, d)` or the `if` after the read that fills it, the same
//!   wrapper rule (`getEnv("X", "15")`), and struct tags
//!   (`env:"X" envDefault:"15"`, `envconfig:"X" default:"15"`);
//! - Rust: `std::env::var("X")`, `env::var_os("X")`, `dotenvy::var("X")`,
//!   `env!("X")`, `option_env!("X")`, with a default from
//!   `.unwrap_or(d)` / `.unwrap_or_else(|_| d)` on the read, and the same
//!   wrapper rule; a struct deriving `JwtSettings` is checked at compile
//!   time and not read;
//! - hard-coded values: a constant, annotated assignment, parameter or
//!   field default whose name, in upper snake case and without a `DEFAULT_`
//!   prefix, is a setting's name or alias, with or without `JWT_`
//!   (`access_token_expire_minutes: int = 30`,
//!   `DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30`; Go's `const`/`var`, Rust's
//!   `const`/`static`), a duration (`15 * time.Minute`,
//!   `Duration::from_secs(900)`) counted in the setting's unit. A
//!   module-level constant that a read of the same file falls back to
//!   (`os.getenv("X", DEFAULT_X)`) is that read's default instead.
//!
//! Each is judged by the registry: a legacy alias read, an unknown name
//! that looks like a setting, a default in code that is not the registry's
//! default in every environment (the code holds it in all four), a value hard-coded, a secret with a default (by
//! its fingerprint only), a setting a declared service reads but its
//! `reads` does not list. A file's service is the `[[service]]` whose
//! `sources` hold it, else its top-level directory; a declared service's
//! own variables are read as the settings they hold, in their units. Then
//! the services are compared: two services whose code falls back to
//! different values for one shared setting are drift, named by the
//! setting's category (`EXPIRY_MISMATCH`).
//!
//! ```
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scan/drifted");
//! let report = jwt_config_scan::scan(dir).unwrap();
//! assert!(!report.is_clean());
//! assert!(report.to_string().contains("EXPIRY_MISMATCH"));
//! ```

#![warn(missing_docs)]

mod judge;
mod lang;
mod names;
mod pool;
mod prefilter;
mod report;
mod walk;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use jwt_config_core::registry::{self, Registry};

pub use report::{Finding, FindingKind, Report, SCHEMA_VERSION, SarifLog, Skipped};
pub use walk::SKIPPED_DIRS;

/// Scans the code in `dir` against the registry the command would follow:
/// the one `JWT_CONFIG_REGISTRY` names, else the nearest `jwt-config.toml`
/// in or above `dir`, else the built-in table.
///
/// # Errors
///
/// `dir` is not a directory, a file or directory under it cannot be read,
/// or the registry file cannot be used ([`Error`]). Findings are not
/// errors: they are in the [`Report`].
pub fn scan(dir: impl AsRef<Path>) -> Result<Report, Error> {
    Scan::new(dir).run()
}

/// A scan with what the command's flags set: the registry, the cap on a
/// file's size.
///
/// ```
/// use jwt_config_scan::Scan;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scan/consistent");
/// let report = Scan::new(dir).run().unwrap();
/// assert!(report.is_clean(), "{report}");
/// ```
#[derive(Debug, Clone)]
#[must_use = "a scan does nothing until `run`"]
pub struct Scan {
    dir: PathBuf,
    registry: registry::Choice,
    max_file_size: u64,
}

impl Scan {
    /// The most a source file may hold to be read unless told otherwise:
    /// 8 MiB. A larger one is skipped (generated code, bundles).
    pub const MAX_FILE_SIZE: u64 = 8 << 20;

    /// A scan of the code in `dir`, against the registry found as
    /// [`scan`] finds it.
    pub fn new(dir: impl AsRef<Path>) -> Scan {
        Scan {
            dir: dir.as_ref().to_owned(),
            registry: registry::Choice::Found,
            max_file_size: Scan::MAX_FILE_SIZE,
        }
    }

    /// Follows the registry file at `path` (`builtin` for the built-in
    /// table), as `--registry` does, rather than the one found.
    pub fn registry_file(mut self, path: impl AsRef<Path>) -> Scan {
        self.registry = registry::Choice::File(path.as_ref().to_owned());
        self
    }

    /// Checks the code against `registry`, rather than the one found.
    pub fn registry(mut self, registry: &'static Registry) -> Scan {
        self.registry = registry::Choice::Given(registry);
        self
    }

    /// Skips a source file larger than `bytes`.
    pub fn max_file_size(mut self, bytes: u64) -> Scan {
        self.max_file_size = bytes;
        self
    }

    /// Walks the directory, parses every source file and judges what it
    /// holds.
    ///
    /// # Errors
    ///
    /// As [`scan`].
    pub fn run(&self) -> Result<Report, Error> {
        if !self.dir.is_dir() {
            return Err(Error(format!(
                "{} is not a directory: give the directory holding the services' code",
                self.dir.display()
            )));
        }
        let registry = self.registry.registry(&self.dir).map_err(Error::registry)?;
        let (sources, passed) = walk::sources(&self.dir, self.max_file_size).map_err(Error)?;
        self.report(registry, &sources, &passed)
    }

    /// The report of `sources`, the files the walk found: each read and
    /// parsed on every core, then judged in the walk's order (sorted by
    /// path), so that the report is the one a file-by-file scan makes.
    /// The walk and this are apart so that a test can change the tree
    /// between them, as a race would.
    fn report(
        &self,
        registry: &'static Registry,
        sources: &[walk::SourceFile],
        passed: &[walk::Passed],
    ) -> Result<Report, Error> {
        // Parsing is nearly all of a scan's time and each file is parsed
        // alone, so the files are shared out between threads; the walk
        // before (a sorted list) and the judging after (drift compares the
        // services) stay on one.
        let read = pool::map_in_order(sources, pool::threads(), |source| {
            let Some(text) = walk::read(&source.path, self.max_file_size).map_err(Error)? else {
                return Ok(None);
            };
            if let Some(reason) = lang::unparsable(source.language, &text) {
                return Ok(Some(Err(reason)));
            }
            let found = lang::read(source.language, &text, registry).ok_or_else(|| {
                Error(format!(
                    "cannot parse {}: the grammar cannot be loaded",
                    source.path.display()
                ))
            })?;
            Ok(Some(Ok(found)))
        })?;
        let mut files = Vec::new();
        // A set: a tree of many top-level directories must not search a
        // list of them for every file.
        let mut services = BTreeSet::new();
        // `sources` are written from the registry file's directory (a
        // registry at a repository's root names `services/auth` whichever
        // directory is scanned), and else from the scanned one.
        let registry_dir = match registry.source() {
            registry::RegistrySource::File(path) => {
                let parent = Path::new(path).parent().unwrap_or(Path::new(""));
                let parent = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
                std::path::absolute(parent).ok()
            }
            registry::RegistrySource::BuiltIn => None,
        };
        let mut skipped: Vec<Skipped> = passed
            .iter()
            .map(|passed| Skipped {
                file: slashed(&passed.relative),
                reason: passed.reason.clone(),
            })
            .collect();
        for (source, found) in sources.iter().zip(read) {
            let found = match found {
                None => continue,
                Some(Ok(found)) => found,
                Some(Err(reason)) => {
                    skipped.push(Skipped {
                        file: slashed(&source.relative),
                        reason,
                    });
                    continue;
                }
            };
            let file = slashed(&source.relative);
            let from_registry = registry_dir.as_deref().and_then(|base| {
                let path = std::path::absolute(self.dir.join(&source.relative)).ok()?;
                Some(slashed(path.strip_prefix(base).ok()?))
            });
            let service = service_of(registry, from_registry.as_deref(), &file);
            services.insert(service.clone());
            files.push(judge::FileFound {
                file,
                service,
                found,
            });
        }
        let findings = judge::run(registry, &files);
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            directory: self.dir.display().to_string(),
            registry: format!(
                "{} ({})",
                registry.source().described(),
                registry.fingerprint()
            ),
            ok: findings.is_empty(),
            files: files.len(),
            services: services.into_iter().collect(),
            findings,
            skipped: {
                skipped.sort_by(|a, b| a.file.cmp(&b.file));
                skipped
            },
        })
    }
}

/// The service of `file` (relative to the scanned directory,
/// `/`-separated; `from_registry`, the same file relative to the registry
/// file's directory when it is under it): the declared service whose
/// `sources` hold it, else its top-level directory under the scanned one
/// (`.` for a file directly in it).
fn service_of(registry: &Registry, from_registry: Option<&str>, file: &str) -> String {
    if let Some(service) = from_registry
        .and_then(|path| registry.service_of_file(path))
        .or_else(|| registry.service_of_file(file))
    {
        return service.name.to_owned();
    }
    match file.split_once('/') {
        Some((top, _)) => top.to_owned(),
        None => ".".to_owned(),
    }
}

/// `path` with `/` between its components, on every platform.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What stops a scan: the directory or a file under it cannot be read
/// (what the command exits 2 on).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A registry file that cannot be used, with every problem.
    fn registry(err: registry::FileError) -> Error {
        Error(format!("{}:\n{err}", err.summary()))
    }
}

/// What the project's own tests reach inside: outside semver, out of the
/// documentation.
#[doc(hidden)]
pub mod __private {
    pub use crate::lang::{Found, Literal, Via};

    /// Everything found in `source`, a file named `file_name` (its
    /// extension says the language), with `registry` deciding the wrapper
    /// rule and the names of hard-coded values. `None` for a file of no
    /// language the scan reads.
    pub fn found_in(
        file_name: &str,
        source: &str,
        registry: &jwt_config_core::registry::Registry,
    ) -> Option<Vec<Found>> {
        crate::lang::read(crate::lang::Language::of(file_name)?, source, registry)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::{Scan, walk};

    /// A fresh directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "jwt-config-scan-unit-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_swapped_for_a_link_after_the_walk_is_never_read() {
        let outside = scratch("swap-outside");
        // What must not reach the report: a legacy name read, a secret
        // default, a hard-coded value.
        fs::write(
            outside.join("secret.py"),
            "import os\nkey = os.getenv(\"JWT_SECRET\", \"outside-secret-value\")\nJWT_ALGORITHM = \"HS512\"\n",
        )
        .unwrap();
        let dir = scratch("swap-inside");
        fs::create_dir_all(dir.join("svc")).unwrap();
        fs::write(dir.join("svc/app.py"), "x = 1\n").unwrap();
        fs::write(dir.join("svc/config.py"), "y = 2\n").unwrap();
        let scan = Scan::new(&dir);
        let (sources, _) = walk::sources(&dir, Scan::MAX_FILE_SIZE).unwrap();
        assert_eq!(sources.len(), 2);
        // Between the walk and the read, as a race would.
        fs::remove_file(dir.join("svc/config.py")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.py"), dir.join("svc/config.py")).unwrap();
        let report = scan
            .report(jwt_config_core::registry::standard(), &sources, &[])
            .unwrap();
        assert!(report.is_clean(), "{report}");
        assert_eq!(report.files, 1, "only svc/app.py is read");
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("JWT_SECRET") && !json.contains("config.py"));
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn a_file_swapped_for_a_fifo_after_the_walk_is_skipped_without_waiting() {
        let dir = scratch("swap-fifo");
        fs::write(dir.join("app.py"), "x = 1\n").unwrap();
        fs::write(dir.join("pipe.py"), "y = 2\n").unwrap();
        let (sources, _) = walk::sources(&dir, Scan::MAX_FILE_SIZE).unwrap();
        fs::remove_file(dir.join("pipe.py")).unwrap();
        let path =
            std::ffi::CString::new(dir.join("pipe.py").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `path` is a NUL-terminated string that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        // Opening a FIFO with no writer would wait forever without
        // O_NONBLOCK; the test finishing is what it holds.
        let report = Scan::new(&dir)
            .report(jwt_config_core::registry::standard(), &sources, &[])
            .unwrap();
        assert_eq!(report.files, 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
