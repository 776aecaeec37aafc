//! The files a Compose service finds inside its container, for the
//! `NAME_FILE` variables that name them ([`ServiceVars::follow_files`]):
//! as Compose mounts them (compose-go's loader; the Compose specification's
//! `secrets`, `configs` and `volumes`):
//! - a secret the service lists (`secrets: [jwt]`, or `{source: jwt,
//!   target: ...}`) whose top-level entry has a `file:` is that file, at
//!   `/run/secrets/<name>`, or at `target` (absolute, else under
//!   `/run/secrets/`);
//! - a config likewise, at `/<name>` or `target` (absolute, else under `/`);
//! - a bind mount (`./keys:/etc/keys:ro`, or `{type: bind, source, target}`)
//!   provides every file under its host path at the same place under its
//!   target; a named volume provides nothing the check can read.
//!
//! Host paths are relative to the Compose file. A file is read only inside
//! the checked directory and under the cap, as every file of a deployment;
//! a path no mount provides, a secret kept outside (`external`,
//! `environment:`), or a file that is not text is "not provided": the
//! variable is set to a value the check cannot see.
//!
//! [`ServiceVars::follow_files`]: crate::vars::ServiceVars::follow_files

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::sandbox::{self, Root};
use crate::yaml::{Node, Value};

/// What a service's container holds, by path inside it.
#[derive(Default)]
pub struct Mounts {
    /// A file at a path: its host path, or `None` when it is kept where the
    /// check cannot read it.
    files: Vec<(String, Option<PathBuf>)>,
    /// A directory at a path: its host directory.
    dirs: Vec<(String, PathBuf)>,
}

impl Mounts {
    /// The mounts of `service` (merged from every file and document, in
    /// order), with `top` the top-level mappings (`secrets`, `configs`) of
    /// every file and document, `dir` the Compose file's directory, and
    /// `expand` the project's interpolation of a path (Compose interpolates
    /// every string of the file).
    pub fn of<'n>(
        services: &[&'n Node],
        top: &[&'n Node],
        dir: &Path,
        expand: &dyn Fn(&str) -> String,
    ) -> Mounts {
        let mut mounts = Mounts::default();
        let declared = |kind: &str, name: &str| -> Option<&'n Node> {
            top.iter().rev().find_map(|doc| doc.get(kind)?.get(name))
        };
        for service in services {
            for (kind, base) in [("secrets", "/run/secrets/"), ("configs", "/")] {
                for item in items(service.get(kind)) {
                    let (source, target) = match &item.value {
                        Value::Scalar(Some(name)) => (name.as_str(), None),
                        Value::Mapping(_) => match item.get("source").and_then(Node::text) {
                            Some(source) => (source, item.get("target").and_then(Node::text)),
                            None => continue,
                        },
                        _ => continue,
                    };
                    let at = match target.map(expand) {
                        Some(target) if target.starts_with('/') => target,
                        Some(target) => format!("{base}{target}"),
                        None => format!("{base}{source}"),
                    };
                    let host = declared(kind, source)
                        .and_then(|entry| entry.get("file"))
                        .and_then(Node::text)
                        .map(|file| dir.join(expand(file)));
                    mounts.files.push((at, host));
                }
            }
            for volume in items(service.get("volumes")) {
                let (source, target) = match &volume.value {
                    Value::Scalar(Some(spec)) => {
                        let spec = expand(spec);
                        let mut parts = spec.splitn(3, ':');
                        match (parts.next(), parts.next()) {
                            (Some(source), Some(target)) => (source.to_owned(), target.to_owned()),
                            _ => continue,
                        }
                    }
                    Value::Mapping(_)
                        if volume.get("type").and_then(Node::text) == Some("bind") =>
                    {
                        match (
                            volume.get("source").and_then(Node::text),
                            volume.get("target").and_then(Node::text),
                        ) {
                            (Some(source), Some(target)) => (expand(source), expand(target)),
                            _ => continue,
                        }
                    }
                    _ => continue,
                };
                // A named volume (`data:/var/lib`) holds nothing to read.
                if !(source.starts_with('.') || source.starts_with('/')) {
                    continue;
                }
                mounts
                    .dirs
                    .push((target.trim_end_matches('/').to_owned(), dir.join(source)));
            }
        }
        mounts
    }

    /// The text at `path` inside the container, the file shown for it and
    /// its first line, when the deployment provides it and the check can
    /// read it as text.
    pub fn provide(&self, root: &Root, path: &str) -> Option<(Zeroizing<String>, String, usize)> {
        // A later mount of one path wins, as Compose merges them.
        let host = match self.files.iter().rev().find(|(at, _)| at == path) {
            Some((_, host)) => host.clone()?,
            None => {
                let (at, host) = self
                    .dirs
                    .iter()
                    .rev()
                    .filter(|(at, _)| {
                        path.strip_prefix(at.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                    })
                    .max_by_key(|(at, _)| at.len())?;
                let rest = path[at.len()..].trim_start_matches('/');
                // `..` would leave the mount.
                if rest.split('/').any(|part| part == "..") {
                    return None;
                }
                host.join(rest)
            }
        };
        let text = root.read_text(&host).ok()?;
        Some((text, sandbox::shown(&host), 1))
    }
}

/// The items of a list (none for anything else).
fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|node| &node.value) {
        Some(Value::Sequence(items)) => items,
        _ => &[],
    }
}
