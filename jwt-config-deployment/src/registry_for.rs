//! Which registry a check follows: the file it is given (the command's
//! `--registry`, or `JWT_CONFIG_REGISTRY`), else the nearest
//! `jwt-config.toml` in or above the directory being checked, else the
//! built-in table.

use std::path::{Path, PathBuf};

use jwt_config_core::registry::{self, BUILT_IN, Registry};

/// The registry to follow given the file `flag` names (`builtin` for the
/// built-in table), working from `start`: the command's choice.
///
/// # Errors
///
/// The file cannot be read or has problems: every one, each at its line.
pub(crate) fn registry_for(flag: Option<&Path>, start: &Path) -> Result<&'static Registry, String> {
    let file = match flag {
        Some(path) if path == Path::new(BUILT_IN) => return Ok(registry::standard()),
        Some(path) => path.to_owned(),
        None => match nearest(start) {
            Some(found) => found,
            None => return Ok(registry::standard()),
        },
    };
    Registry::from_file(&file).map_err(|err| {
        let count = err.problems().len();
        format!(
            "the registry file {} cannot be used ({count} problem{}):\n{err}",
            file.display(),
            if count == 1 { "" } else { "s" }
        )
    })
}

/// The nearest `jwt-config.toml` in `start` or a directory above it,
/// relative to the current directory when it is below it.
fn nearest(start: &Path) -> Option<PathBuf> {
    let found = registry::find_file(&std::path::absolute(start).ok()?)?;
    let cwd = std::env::current_dir().ok();
    Some(
        cwd.and_then(|cwd| found.strip_prefix(cwd).ok().map(Path::to_owned))
            .unwrap_or(found),
    )
}
