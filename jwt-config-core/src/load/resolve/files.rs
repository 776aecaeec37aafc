//! Values held in files: a `NAME_FILE` variable followed to the file it
//! names, and a key named by its path.

use std::borrow::Cow;
use std::path::Path;

use crate::load::error::ProblemKind;
use crate::load::loaded::WarningKind;
use crate::load::source::{Source, Unreadable};
use crate::registry::Setting;

use super::engine::Load;
use super::reads::{FILE_SUFFIX, Read, file_var, read};

/// What a field's name gave through its `NAME_FILE`.
pub(super) enum FromFile {
    /// `NAME_FILE` is unset (or the source follows its files itself).
    Unset,
    /// The file's text, its final line breaks dropped.
    Read {
        /// The `NAME_FILE` variable.
        var: &'static str,
        /// The path it names.
        path: String,
        /// The text.
        text: String,
    },
    /// A problem of the load: the file cannot be read, or `NAME` is set too.
    Failed,
}

/// A value a field read, wiped from memory when dropped if it is owned
/// (a file's text: the source's own values are the source's to keep).
pub(super) struct Wiped<'a>(pub(super) Cow<'a, str>);

impl std::ops::Deref for Wiped<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Drop for Wiped<'_> {
    fn drop(&mut self) {
        if let Cow::Owned(text) = &mut self.0 {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

/// `path`, a value that names a file, as a problem may quote it: only when
/// it looks like a path (absolute, or from `./` or `../`, on one line, no
/// PEM block in it). A key or a secret set where a path belongs is never
/// shown; nor is a bare name, which a secret may look like too.
pub(super) fn shown_path(path: &str) -> Option<String> {
    let rooted = ["/", "./", "../"]
        .iter()
        .any(|start| path.starts_with(start));
    let path_like =
        rooted && !path.contains(|c: char| c.is_control()) && !path.contains("-----BEGIN ");
    path_like.then(|| path.to_owned())
}

impl<'s, 'f, S: Source + ?Sized> Load<'_, 's, 'f, S> {
    /// What `name` gives through `NAME_FILE` (`set` when `name` itself is
    /// set): the text of the file it names, its line breaks at the end
    /// dropped (`\n`, `\r\n`, all of them, as the shell's `$(< file)` of
    /// the official Docker images' `file_env` drops them); a problem when
    /// the file cannot be read or `name` is set too. An empty file reads as
    /// unset, as an empty variable does.
    ///
    /// Reads nothing else when `NAME_FILE` is unset: a load does one read
    /// more for each name (`NAME_FILE` is read even when `NAME` is set, to
    /// refuse both), and one allocation in all.
    pub(super) fn read_file_var(&mut self, name: &'static str, set: bool) -> FromFile {
        let mut spelled = std::mem::take(&mut self.file_var);
        spelled.clear();
        spelled.push_str(name);
        spelled.push_str(FILE_SUFFIX);
        let path = match read(self.source, &spelled) {
            Read::Unset => None,
            Read::NotUnicode => Some(None),
            Read::Set(path) => Some(Some(path.into_owned())),
        };
        self.file_var = spelled;
        let Some(path) = path else {
            return FromFile::Unset;
        };
        let var = file_var(name);
        self.defects(var);
        let Some(path) = path else {
            self.problem(
                var,
                ProblemKind::NotUnicode,
                format!("set {var} to the path, in UTF-8, of the file that holds {name}"),
            );
            return FromFile::Failed;
        };
        if set {
            self.problem(
                name,
                ProblemKind::FileConflict {
                    file_var: var.to_owned(),
                },
                format!("keep one of {name} and {var}"),
            );
            return FromFile::Failed;
        }
        match self.source.file(Path::new(&path)) {
            Ok(mut text) => {
                let kept = text.trim_end_matches(['\n', '\r']).len();
                text.truncate(kept);
                if crate::lexical::blank(&text) {
                    return FromFile::Unset;
                }
                FromFile::Read {
                    var,
                    path,
                    text: std::mem::take(&mut *text),
                }
            }
            Err(why) => {
                let fix = match why {
                    Unreadable::NotUnicode => {
                        format!("write the value of {name} in the file as UTF-8 text")
                    }
                    _ => format!(
                        "make the file readable by the service, or set {var} to the path of the file that holds {name}"
                    ),
                };
                self.problem(
                    var,
                    ProblemKind::UnreadableFile {
                        path: shown_path(&path),
                        reason: why.to_string(),
                    },
                    fix,
                );
                FromFile::Failed
            }
        }
    }

    /// The text of the key file `path` names, for a setting the registry
    /// says is named by its path, read through the source ([`Source::file`]):
    /// a file the source does not provide (a deployment check that finds
    /// nothing mounted there) leaves the key unseen, a warning in the
    /// source's words; a file that cannot be read is a problem naming `var`
    /// and the path.
    pub(super) fn key_file(
        &mut self,
        setting: &'static Setting,
        var: &'static str,
        path: &str,
    ) -> Option<zeroize::Zeroizing<String>> {
        let path = path.trim();
        match self.source.file(std::path::Path::new(path)) {
            Ok(text) => Some(text),
            Err(Unreadable::NotProvided(unseen)) => {
                self.warn_unseen(var, setting, WarningKind::KeyFile, unseen);
                None
            }
            Err(why) => {
                self.problem(
                    var,
                    ProblemKind::UnreadableFile {
                        path: shown_path(path),
                        reason: why.to_string(),
                    },
                    format!(
                        "set {var} to the path of the PEM file, as the registry says the variable names it, and make it readable by the service"
                    ),
                );
                None
            }
        }
    }
}
