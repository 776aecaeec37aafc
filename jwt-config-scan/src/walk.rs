//! The source files of the scanned directory: `.gitignore` honoured inside
//! a git repository or not, vendored and generated trees skipped, links not
//! followed (a file reached through a link is never read, nor one swapped
//! for a link after the walk), each file read up to the size cap.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::lang::Language;

/// Directories never scanned: dependencies and build output.
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "vendor",
    "third_party",
    ".venv",
    "venv",
    "site-packages",
    "__pycache__",
    "dist",
    "build",
    "target",
    ".next",
];

/// A source file found, with its language.
pub(crate) struct SourceFile {
    /// Its path relative to the scanned directory.
    pub(crate) relative: PathBuf,
    /// Its full path.
    pub(crate) path: PathBuf,
    pub(crate) language: Language,
}

/// A source file not read, and why (larger than the cap).
pub(crate) struct Passed {
    /// Its path relative to the scanned directory.
    pub(crate) relative: PathBuf,
    pub(crate) reason: String,
}

/// Whether the file at `relative` is test code: what a test sets or reads
/// never reaches a running service (`conftest.py`'s
/// `os.environ.setdefault("JWT_ISSUER", "test-issuer")` is no default of
/// the service). Go's `_test.go` files are not Go the build reads
/// ([`Language::of`]), and Rust's `#[cfg(test)]` items are left by its
/// reader.
fn is_test_code(relative: &Path) -> bool {
    let mut components = relative.components().peekable();
    while let Some(component) = components.next() {
        let name = component.as_os_str().to_string_lossy();
        if components.peek().is_some() {
            if matches!(
                name.as_ref(),
                "tests" | "test" | "__tests__" | "testdata" | "fixtures"
            ) {
                return true;
            }
            continue;
        }
        let stem = name.split('.').next().unwrap_or_default();
        return name == "conftest.py"
            || (name.ends_with(".py") && (stem.starts_with("test_") || stem.ends_with("_test")))
            || name.split('.').any(|part| part == "test" || part == "spec");
    }
    false
}

/// Every source file under `dir`, sorted by path, and those passed over
/// for their size. `Err` names the entry the walk could not read.
pub(crate) fn sources(
    dir: &Path,
    max_file_size: u64,
) -> Result<(Vec<SourceFile>, Vec<Passed>), String> {
    let walk = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .follow_links(false)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| SKIPPED_DIRS.contains(&name)))
        })
        .build();
    let mut files = Vec::new();
    let mut passed = Vec::new();
    for entry in walk {
        let entry = entry.map_err(|err| format!("cannot walk {}: {err}", dir.display()))?;
        // A link is never a regular file here: links are not followed.
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(language) = entry.file_name().to_str().and_then(Language::of) else {
            continue;
        };
        let relative = entry
            .path()
            .strip_prefix(dir)
            .map_err(|_| format!("{} is outside {}", entry.path().display(), dir.display()))?
            .to_owned();
        if is_test_code(&relative) {
            continue;
        }
        let size = entry.metadata().map_or(0, |metadata| metadata.len());
        if size > max_file_size {
            passed.push(Passed {
                relative,
                reason: format!(
                    "{size} bytes, over the {max_file_size}-byte cap (generated code or a bundle?)"
                ),
            });
            continue;
        }
        files.push(SourceFile {
            relative,
            path: entry.path().to_owned(),
            language,
        });
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    passed.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok((files, passed))
}

/// The text of `path`, read up to `max` bytes (bytes that are not UTF-8
/// replaced); `None` for a file that is no longer a regular file when
/// opened.
///
/// The walk saw a regular file, but it can be swapped for a link (or a
/// FIFO) before it is opened. On unix it is opened without following a
/// link (`O_NOFOLLOW`) and without waiting on a FIFO (`O_NONBLOCK`), and
/// judged by what was opened: a link or anything but a regular file is
/// skipped, as the walk skips it, so the report is the one the walk would
/// have made had the swap come first, and a link's target is never read.
/// (`check` refuses a link leading out as an error because it follows the
/// links inside; the scan follows none, so a link is not a failure here.)
pub(crate) fn read(path: &Path, max: u64) -> Result<Option<String>, String> {
    let cannot = |err: std::io::Error| format!("cannot read {}: {err}", path.display());
    let file = match open(path) {
        Ok(file) => file,
        Err(_) if is_link(path) => return Ok(None),
        Err(err) => return Err(cannot(err)),
    };
    if !file.metadata().map_err(cannot)?.is_file() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "{} is larger than {max} bytes: raise --max-file-size or add it to .gitignore",
            path.display()
        ));
    }
    // Source code that is not UTF-8 (a Latin-1 comment) is read with the
    // bytes replaced: what is found is in its ASCII.
    Ok(Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }))
}

/// `path` opened for reading, without following a link at its end and
/// without waiting for a FIFO's writer.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// `path` opened for reading (no `O_NOFOLLOW` off unix: the walk's check
/// that it is no link is all there is).
#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Whether opening `path` failed because it is a link: `O_NOFOLLOW`
/// refuses one with an error that differs between systems (`ELOOP` on
/// Linux and macOS, `EMLINK` on FreeBSD), so the path is looked at again.
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink())
}
