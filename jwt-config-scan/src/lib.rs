//! The code scan of [jwt-config](https://docs.rs/jwt-config): the
//! environment variables a service's code reads, and the values its code
//! falls back to, checked against the registry. The `jwt-config scan`
//! command prints what [`scan`] returns.
//!
//! Python (`.py`) and TypeScript/JavaScript (`.ts`, `.tsx`, `.js`, `.jsx`,
//! `.mjs`, `.cjs`) are parsed with their tree-sitter grammars. The scan
//! finds
//! - Python: `os.getenv("X", d)`, `os.environ.get("X", d)`,
//!   `os.environ["X"]`, and any call whose first argument is a string naming
//!   a registry setting or alias (`get_env().get("X", d)`,
//!   `config("X", default=d)`);
//! - TypeScript/JavaScript: `process.env.X`, `process.env["X"]`, with a
//!   default after `??` or `||`, and the same wrapper rule;
//! - hard-coded values: a constant, annotated assignment, parameter or
//!   field default whose name, in upper snake case and without a `DEFAULT_`
//!   prefix, is a setting's name or alias, with or without `JWT_`
//!   (`access_token_expire_minutes: int = 30`,
//!   `DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30`).
//!
//! Each is judged by the registry: a legacy alias read, an unknown name
//! that looks like a setting, a default that differs from the registry's
//! default in development, a value hard-coded, a secret with a default (by
//! its fingerprint only); then the services (each the top-level directory
//! of its files) are compared: two services whose code falls back to
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
use std::path::{Component, Path, PathBuf};

use jwt_config_core::registry::{self, Registry};

pub use report::{Finding, FindingKind, Report, SCHEMA_VERSION};
pub use walk::SKIPPED_DIRS;

/// Scans the code in `dir` against the built-in registry.
///
/// # Errors
///
/// `dir` is not a directory, or a file or directory under it cannot be
/// read ([`Error`]). Findings are not errors: they are in the [`Report`].
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
    registry: Option<&'static Registry>,
    max_file_size: u64,
}

impl Scan {
    /// The most a source file may hold to be read unless told otherwise:
    /// 8 MiB. A larger one is skipped (generated code, bundles).
    pub const MAX_FILE_SIZE: u64 = 8 << 20;

    /// A scan of the code in `dir`, against the built-in registry.
    pub fn new(dir: impl AsRef<Path>) -> Scan {
        Scan {
            dir: dir.as_ref().to_owned(),
            registry: None,
            max_file_size: Scan::MAX_FILE_SIZE,
        }
    }

    /// Checks the code against `registry` rather than the built-in table.
    pub fn registry(mut self, registry: &'static Registry) -> Scan {
        self.registry = Some(registry);
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
        let registry = self.registry.unwrap_or_else(registry::standard);
        if !self.dir.is_dir() {
            return Err(Error(format!(
                "{} is not a directory: give the directory holding the services' code",
                self.dir.display()
            )));
        }
        let sources = walk::sources(&self.dir, self.max_file_size).map_err(Error)?;
        self.report(registry, &sources)
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
    ) -> Result<Report, Error> {
        // Parsing is nearly all of a scan's time and each file is parsed
        // alone, so the files are shared out between threads; the walk
        // before (a sorted list) and the judging after (drift compares the
        // services) stay on one.
        let read = pool::map_in_order(sources, pool::threads(), |source| {
            let Some(text) = walk::read(&source.path, self.max_file_size).map_err(Error)? else {
                return Ok(None);
            };
            let found = lang::read(source.language, &text, registry).ok_or_else(|| {
                Error(format!(
                    "cannot parse {}: the grammar cannot be loaded",
                    source.path.display()
                ))
            })?;
            Ok(Some(found))
        })?;
        let mut files = Vec::new();
        // A set: a tree of many top-level directories must not search a
        // list of them for every file.
        let mut services = BTreeSet::new();
        for (source, found) in sources.iter().zip(read) {
            let Some(found) = found else {
                continue;
            };
            let service = service_of(&source.relative);
            services.insert(service.clone());
            files.push(judge::FileFound {
                file: slashed(&source.relative),
                service,
                found,
            });
        }
        let findings = judge::run(registry, &files);
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            directory: self.dir.display().to_string(),
            registry: registry.source().described(),
            ok: findings.is_empty(),
            files: files.len(),
            services: services.into_iter().collect(),
            findings,
        })
    }
}

/// The service of a file: its top-level directory under the scanned one
/// (`.` for a file directly in it).
fn service_of(relative: &Path) -> String {
    let mut components = relative.components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(first)), Some(_)) => first.to_string_lossy().into_owned(),
        _ => ".".to_owned(),
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
        let sources = walk::sources(&dir, Scan::MAX_FILE_SIZE).unwrap();
        assert_eq!(sources.len(), 2);
        // Between the walk and the read, as a race would.
        fs::remove_file(dir.join("svc/config.py")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.py"), dir.join("svc/config.py")).unwrap();
        let report = scan
            .report(jwt_config_core::registry::standard(), &sources)
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
        let sources = walk::sources(&dir, Scan::MAX_FILE_SIZE).unwrap();
        fs::remove_file(dir.join("pipe.py")).unwrap();
        let path =
            std::ffi::CString::new(dir.join("pipe.py").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `path` is a NUL-terminated string that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        // Opening a FIFO with no writer would wait forever without
        // O_NONBLOCK; the test finishing is what it holds.
        let report = Scan::new(&dir)
            .report(jwt_config_core::registry::standard(), &sources)
            .unwrap();
        assert_eq!(report.files, 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
