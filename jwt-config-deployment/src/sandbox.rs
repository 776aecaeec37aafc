//! Reading the files of a checked directory without leaving it: links are
//! followed only to what lies inside, only regular files are read, and no
//! more than a cap of bytes, so that a hostile deployment cannot make the
//! check read `/proc/self/environ`, hang on a FIFO or fill memory from
//! `/dev/zero`.

use std::ffi::OsStr;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

/// The checked directory, as the files in it are judged against.
pub struct Root {
    /// Its canonical path: what every link must resolve inside.
    canonical: PathBuf,
    cap: u64,
}

/// A directory or file that resolves inside the checked directory, where
/// it resolves: made by [`Root::contains`] alone.
pub struct Inside(PathBuf);

/// Why a file of the deployment was not read.
#[derive(Debug)]
pub enum Refused {
    /// A link that leads outside the checked directory.
    Outside {
        path: PathBuf,
    },
    /// A FIFO, a device, a socket, or anything else not a regular file.
    NotRegular {
        path: PathBuf,
    },
    /// More bytes than the cap.
    TooLarge {
        path: PathBuf,
        cap: u64,
    },
    Io {
        path: PathBuf,
        err: std::io::Error,
    },
    /// A file read as text (a Compose file, a manifest) that is not UTF-8.
    NotUnicode {
        path: PathBuf,
    },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Outside { path } => write!(
                f,
                "{}: a link that leads outside the checked directory; copy the file in, or check the directory it is in",
                shown(path)
            ),
            Refused::NotRegular { path } => write!(
                f,
                "{}: not a regular file (a FIFO, a device or a socket); a deployment holds files",
                shown(path)
            ),
            Refused::TooLarge { path, cap } => write!(
                f,
                "{}: larger than {cap} bytes, the most a file may hold; raise --max-file-size if the file is meant to be that large",
                shown(path)
            ),
            Refused::Io { path, err } => write!(f, "{}: {err}", shown(path)),
            Refused::NotUnicode { path } => write!(f, "{}: not valid UTF-8", shown(path)),
        }
    }
}

impl Root {
    /// The directory `dir`, whose files hold at most `cap` bytes.
    pub fn new(dir: &Path, cap: u64) -> Result<Root, Refused> {
        let canonical = dir.canonicalize().map_err(|err| Refused::Io {
            path: dir.to_owned(),
            err,
        })?;
        Ok(Root { canonical, cap })
    }

    /// The most bytes a file may hold.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// Whether `path` (a directory or a file of the deployment) resolves
    /// inside the checked directory, links followed: where it resolves.
    pub fn contains(&self, path: &Path) -> Result<Inside, Refused> {
        let resolved = path.canonicalize().map_err(|err| Refused::Io {
            path: path.to_owned(),
            err,
        })?;
        if resolved.starts_with(&self.canonical) {
            Ok(Inside(resolved))
        } else {
            Err(Refused::Outside {
                path: path.to_owned(),
            })
        }
    }

    /// The bytes of the regular file `path`, inside the checked
    /// directory, at most the cap.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refused> {
        let resolved = self.contains(path)?;
        read_capped(&resolved.0, path, self.cap)
    }

    /// [`read`](Root::read) of `file`, an entry of the directory `dir`
    /// (shown as `file`'s parent): an entry that is not a link lies inside
    /// too, so its path is not resolved again component by component (a
    /// `readlink` for each, most of the time a check of ten thousand
    /// services took). It is opened without following a link and without
    /// waiting on a FIFO, and judged by what was opened; a link is
    /// resolved as [`read`](Root::read) resolves it.
    pub fn read_entry(&self, dir: &Inside, file: &Path) -> Result<Vec<u8>, Refused> {
        #[cfg(unix)]
        if let Some(name) = file.file_name() {
            use std::os::unix::fs::OpenOptionsExt;
            let opened = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
                .open(dir.0.join(name));
            // A link (or anything not opened so) is read the long way.
            if let Ok(opened) = opened {
                let metadata = opened.metadata().map_err(|err| Refused::Io {
                    path: file.to_owned(),
                    err,
                })?;
                regular(&metadata, file, self.cap)?;
                return read_opened(opened, &metadata, file, self.cap);
            }
        }
        self.read(file)
    }

    /// The UTF-8 text of the regular file `path`, inside the checked
    /// directory (a Compose file, an env file, a manifest), wiped when
    /// dropped: what [`read`](Root::read) reads, as text.
    pub fn read_text(&self, path: &Path) -> Result<Zeroizing<String>, Refused> {
        utf8(path, self.read(path)?)
    }

    /// The bytes of the regular file `path` that the user named on the
    /// command line, at most the cap: wherever a link leads, since the
    /// user chose the file (`--env-file ../secrets/staging.env`).
    pub fn read_given(&self, path: &Path) -> Result<Vec<u8>, Refused> {
        read_capped(path, path, self.cap)
    }
}

/// The bytes of the regular file at `resolved` (shown as `path`), at most
/// `cap`. Judged before it is opened: opening a FIFO would wait.
fn read_capped(resolved: &Path, path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let io = |err| Refused::Io {
        path: path.to_owned(),
        err,
    };
    let metadata = std::fs::metadata(resolved).map_err(io)?;
    regular(&metadata, path, cap)?;
    let opened = std::fs::File::open(resolved).map_err(io)?;
    read_opened(opened, &metadata, path, cap)
}

/// The bytes of `opened` (shown as `path`, its `metadata` at hand), which
/// [`regular`] has judged: at most `cap`.
fn read_opened(
    opened: std::fs::File,
    metadata: &std::fs::Metadata,
    path: &Path,
    cap: u64,
) -> Result<Vec<u8>, Refused> {
    // The size said is not trusted (a file may grow, a /proc file says
    // 0): read one byte past the cap at most.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    opened
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Refused::Io {
            path: path.to_owned(),
            err,
        })?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge {
            path: path.to_owned(),
            cap,
        });
    }
    Ok(bytes)
}

/// Refuses what `metadata` says is not a regular file, or is larger than `cap`.
fn regular(metadata: &std::fs::Metadata, path: &Path, cap: u64) -> Result<(), Refused> {
    if !metadata.is_file() {
        return Err(Refused::NotRegular {
            path: path.to_owned(),
        });
    }
    if metadata.len() > cap {
        return Err(Refused::TooLarge {
            path: path.to_owned(),
            cap,
        });
    }
    Ok(())
}

/// A file or directory name as shown, losslessly and inertly: bytes that
/// are not UTF-8 as `\xNN`, control characters (a line break, a terminal's
/// escape) as Rust writes them (`\n`, `\u{1b}`), and `\` itself as `\\`,
/// so that two names never show alike and none can rewrite the report.
pub fn name(name: &OsStr) -> String {
    let mut out = String::new();
    push_name(&mut out, name);
    out
}

/// [`name`], written at the end of `out`.
fn push_name(out: &mut String, name: &OsStr) {
    // Most names need nothing escaped: written as they are.
    if let Some(plain) = name
        .to_str()
        .filter(|text| !text.chars().any(|c| c == '\\' || c.is_control()))
    {
        out.push_str(plain);
        return;
    }
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' || c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
}

/// `bytes`, read from `path`, as text wiped when dropped, or `path` named
/// as not UTF-8 (the bytes wiped then).
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<Zeroizing<String>, Refused> {
    String::from_utf8(bytes).map(Zeroizing::new).map_err(|err| {
        drop(Zeroizing::new(err.into_bytes()));
        Refused::NotUnicode {
            path: path.to_owned(),
        }
    })
}

/// A name read from a file (a service, a variable) as shown: escaped as
/// [`name`] escapes a file name, so that no name can forge a report line.
pub fn text(text: &str) -> String {
    name(OsStr::new(text))
}

/// A path as shown, each component through [`name`].
pub fn shown(path: &Path) -> String {
    let mut out = String::new();
    for (i, part) in path.iter().enumerate() {
        if i > 0 && !out.ends_with('/') {
            out.push('/');
        }
        push_name(&mut out, part);
    }
    out
}

/// `64MiB`, `512k`, `1G` or a number of bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &text[digits.len()..];
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("unknown unit `{unit}`; write bytes, or K, M or G")),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("`{text}` is not a size; write bytes, or a number with K, M or G"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_the_usual_suffixes() {
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("64 parsecs").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_show_apart() {
        use std::os::unix::ffi::OsStrExt;
        let a = name(OsStr::from_bytes(b"auth\xff"));
        let b = name(OsStr::from_bytes(b"auth\xfe"));
        assert_eq!(a, "auth\\xff");
        assert_ne!(a, b);
        assert_ne!(name(OsStr::new("auth\\xff")), a);
    }

    #[test]
    fn control_characters_in_names_are_shown_escaped() {
        // A name that would start a new report line, or colour the terminal.
        let shown = name(OsStr::new("auth\nok: all good\u{1b}[2J"));
        assert_eq!(shown, "auth\\nok: all good\\u{1b}[2J");
        assert!(!shown.chars().any(char::is_control));
    }
}
