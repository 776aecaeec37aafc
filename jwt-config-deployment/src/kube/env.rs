//! A container's environment as the kubelet builds it: `envFrom` and `env`
//! in order, `valueFrom` references, `$(NAME)` expansion, and the files
//! its volumes mount.

use std::collections::HashMap;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::vars::ServiceVars;
use crate::yaml::{Node, Value};
use crate::{sandbox, unseen};

use super::expansion::{Budget, Expansion, expand};
use super::{
    ConfigMapsAndSecrets, Container, Data, Held, ManifestError, Tables, field, refuse, string, what,
};

/// The variables of one container, built in the kubelet's order.
pub(super) struct ContainerEnv<'m> {
    pub(super) vars: ServiceVars,
    /// The names (as [`sandbox::text`] shows them) set to bytes that are not
    /// UTF-8, unseen in `vars`, each with where its bytes come from.
    pub(super) binary: HashMap<String, String>,
    /// Whether a service may read a variable.
    pub(super) reads: &'m dyn Fn(&str) -> bool,
    /// The manifest that declares the container.
    pub(super) file: &'m str,
    pub(super) namespace: &'m str,
    pub(super) objects: &'m ConfigMapsAndSecrets,
    pub(super) tables: &'m mut Tables,
    pub(super) container: Container<'m>,
}

impl ContainerEnv<'_> {
    /// An entry of `envFrom`: every key of a ConfigMap or Secret, each
    /// with the prefix.
    pub(super) fn env_from(&mut self, source: &Node) -> Result<(), ManifestError> {
        let prefix = source.get("prefix").and_then(Node::text).unwrap_or("");
        let (reference, secret) = if let Some(r) = source.get("configMapRef") {
            (r, false)
        } else if let Some(r) = source.get("secretRef") {
            (r, true)
        } else {
            return Ok(());
        };
        let Some(map_name) = reference.get("name").and_then(Node::text) else {
            return Ok(());
        };
        let objects = self.objects;
        match objects[usize::from(secret)].get(self.namespace, map_name) {
            // A ConfigMap of text: one table for every container taking it
            // with this prefix (a Secret's values are never shared, so that
            // none is copied where values are shown).
            Some(data) if !secret => {
                let id = (std::ptr::from_ref(data) as usize, prefix.to_owned());
                let table = match self.tables.get(&id) {
                    Some(table) => Some(Arc::clone(table)),
                    None => data.table(prefix).map(|table| {
                        let table = Arc::new(table);
                        self.tables.insert(id, Arc::clone(&table));
                        table
                    }),
                };
                match table {
                    Some(table) => {
                        if !self.binary.is_empty() {
                            for name in table.names() {
                                self.binary.remove(name);
                            }
                        }
                        self.vars.add_shared(&table);
                    }
                    None => self.take_all(data, prefix, secret, source.line)?,
                }
            }
            Some(data) => self.take_all(data, prefix, secret, source.line)?,
            // An object held elsewhere: its keys are unknown, so a required
            // name it may set is not missing.
            None => self.vars.set_opaque(prefix, self.file, source.line),
        }
        Ok(())
    }

    /// Every key of `data`, one by one, each with `prefix`.
    pub(super) fn take_all(
        &mut self,
        data: &Data,
        prefix: &str,
        secret: bool,
        taken: usize,
    ) -> Result<(), ManifestError> {
        for (key, (_, line)) in &data.entries {
            let name = format!("{prefix}{key}");
            // Set where the value is written (the key's line), and taken on
            // the line of the `envFrom` entry.
            let at = (data.file.as_str(), *line);
            self.take(&name, data, key, secret, at, taken)?;
        }
        Ok(())
    }

    /// An entry of `env`: a `value`, expanded, or a `valueFrom`.
    pub(super) fn env(&mut self, entry: &Node, budget: &mut Budget) -> Result<(), ManifestError> {
        let Some(var) = entry.get("name").and_then(Node::text) else {
            return Ok(());
        };
        let (file, container) = (self.file, &self.container);
        let text = match field(entry, "value") {
            None => "",
            Some((key, value)) => string(value).ok_or_else(|| {
                refuse(
                    file,
                    key.line,
                    format!(
                        "the `value` of `{}` in {container} is {}, which the API server refuses (a variable's value is a string); write it as one quoted string, or take it with `valueFrom`",
                        sandbox::text(var),
                        what(value)
                    ),
                )
            })?,
        };
        // `valueFrom: null` is no source, as Go decodes it.
        let from = field(entry, "valueFrom").filter(|(_, from)| from.value != Value::Scalar(None));
        if !text.is_empty() {
            if let Some((key, _)) = from {
                return Err(refuse(
                    file,
                    key.line,
                    format!(
                        "`{}` in {container} has both a `value` and a `valueFrom`, which the API server refuses; keep one",
                        sandbox::text(var)
                    ),
                ));
            }
            let expanded = expand(text, &self.vars, &self.binary, budget);
            self.binary.remove(&sandbox::text(var));
            match expanded {
                Expansion::Text(expanded) => self.vars.set(var, expanded, file, entry.line),
                // It takes a value the check cannot see.
                Expansion::Unseen(why) => self.vars.set_unseen(var, why, file, entry.line),
                Expansion::QuotesSecret => {
                    self.vars
                        .set_unseen(var, unseen::quotes_secret(var), file, entry.line)
                }
                Expansion::Binary(origin) => {
                    self.binary(var, origin, (file, entry.line), entry.line)?
                }
                Expansion::Past => {
                    return Err(refuse(
                        file,
                        entry.line,
                        format!(
                            "the value of `{}` in {container} grows past what `$(NAME)` references may add to the manifests ({} bytes in all: sixteen times their size, 1 MiB at least), as the kubelet copies the value each names; name a value fewer times",
                            sandbox::text(var),
                            budget.limit
                        ),
                    ));
                }
            }
            return Ok(());
        }
        self.binary.remove(&sandbox::text(var));
        let Some((from_key, from)) = from else {
            self.vars
                .set(var, Zeroizing::new(String::new()), file, entry.line);
            return Ok(());
        };
        let sources = from
            .entries()
            .iter()
            .filter(|(_, source)| source.value != Value::Scalar(None))
            .count();
        if sources > 1 {
            return Err(refuse(
                file,
                from_key.line,
                format!(
                    "the `valueFrom` of `{}` in {container} names {sources} sources, which the API server refuses; keep one",
                    sandbox::text(var)
                ),
            ));
        }
        let (reference, secret) = if let Some(r) = from.get("configMapKeyRef") {
            (r, false)
        } else if let Some(r) = from.get("secretKeyRef") {
            (r, true)
        } else {
            // fieldRef, resourceFieldRef: the pod's own fields, which only
            // the cluster knows; what was set before is replaced.
            self.vars.unset(var, self.file, entry.line);
            return Ok(());
        };
        let map_name = reference.get("name").and_then(Node::text).unwrap_or("");
        let key = reference.get("key").and_then(Node::text).unwrap_or("");
        let objects = self.objects;
        let found = objects[usize::from(secret)]
            .get(self.namespace, map_name)
            .filter(|data| data.entries.contains_key(key));
        match found {
            Some(data) => self.take(var, data, key, secret, (file, entry.line), entry.line),
            None => {
                self.vars
                    .set_unseen(var, unseen::secret_not_held(), file, entry.line);
                Ok(())
            }
        }
    }

    /// Sets `var` to `key` of `data` (a Secret's when `secret`): set at
    /// `at`, and taken on line `taken` of the container's manifest.
    pub(super) fn take(
        &mut self,
        var: &str,
        data: &Data,
        key: &str,
        secret: bool,
        at: (&str, usize),
        taken: usize,
    ) -> Result<(), ManifestError> {
        let (file, line) = at;
        let Some((held, key_line)) = data.entries.get(key) else {
            return Ok(());
        };
        self.binary.remove(&sandbox::text(var));
        match held {
            Held::Text(value) if secret => {
                self.vars.set_from_secret(var, value.clone(), file, line)
            }
            Held::Text(value) => self.vars.set(var, value.clone(), file, line),
            Held::NotUnicode => {
                let origin = format!(
                    "the key `{}` of {} ({}:{key_line})",
                    sandbox::text(key),
                    data.shown,
                    data.file
                );
                self.binary(var, origin, at, taken)?;
            }
        }
        Ok(())
    }

    /// `var`, set at `at` to bytes that are not UTF-8 from `origin`, taken
    /// on line `taken` of the container's manifest: an error there when a
    /// service may read it, else a value the check cannot see.
    pub(super) fn binary(
        &mut self,
        var: &str,
        origin: String,
        (file, line): (&str, usize),
        taken: usize,
    ) -> Result<(), ManifestError> {
        if (self.reads)(var) {
            // A problem of the variable, at the line that takes it: the
            // rest of the deployment is still checked.
            self.vars.set_not_unicode(var, self.file, taken);
            self.binary.insert(sandbox::text(var), origin);
            return Ok(());
        }
        self.vars
            .set_unseen(var, unseen::secret_not_held(), file, line);
        self.binary.insert(sandbox::text(var), origin);
        Ok(())
    }
}

/// The files a container finds at each path from the Secrets and
/// ConfigMaps it mounts, as the kubelet lays them out: every key of the
/// object (or the `items` listed, each at its `path`) under the
/// `mountPath`; with a `subPath`, the one file (or directory) of the volume
/// it names, at the `mountPath`. Projected volumes, and objects the
/// manifests do not hold, provide nothing the check can read.
pub(super) fn mounted_files<'o>(
    pod: &Node,
    container: &Node,
    objects: &'o ConfigMapsAndSecrets,
    namespace: &str,
) -> HashMap<String, (&'o Data, &'o str)> {
    let mut files = HashMap::new();
    pub(super) fn sequence(node: Option<&Node>) -> &[Node] {
        match node.map(|node| &node.value) {
            Some(Value::Sequence(items)) => items,
            _ => &[],
        }
    }
    let volumes = sequence(pod.get("volumes"));
    for mount in sequence(container.get("volumeMounts")) {
        let (Some(volume_name), Some(mount_path)) = (
            mount.get("name").and_then(Node::text),
            mount.get("mountPath").and_then(Node::text),
        ) else {
            continue;
        };
        let Some(volume) = volumes
            .iter()
            .find(|volume| volume.get("name").and_then(Node::text) == Some(volume_name))
        else {
            continue;
        };
        let (source, object_name, secret) = if let Some(source) = volume.get("secret") {
            (source, source.get("secretName").and_then(Node::text), true)
        } else if let Some(source) = volume.get("configMap") {
            (source, source.get("name").and_then(Node::text), false)
        } else {
            continue;
        };
        let Some(data) =
            object_name.and_then(|name| objects[usize::from(secret)].get(namespace, name))
        else {
            continue;
        };
        // Each key at its path inside the volume.
        let items = sequence(source.get("items"));
        let laid_out: Vec<(String, &'o str)> = if items.is_empty() {
            data.entries
                .keys()
                .map(|key| (key.clone(), key.as_str()))
                .collect()
        } else {
            items
                .iter()
                .filter_map(|item| {
                    let key = item.get("key").and_then(Node::text)?;
                    let path = item.get("path").and_then(Node::text)?;
                    let (key, _) = data.entries.get_key_value(key)?;
                    Some((path.to_owned(), key.as_str()))
                })
                .collect()
        };
        let mount_path = mount_path.trim_end_matches('/');
        let sub_path = mount
            .get("subPath")
            .and_then(Node::text)
            .map(|sub| sub.trim_matches('/'))
            .filter(|sub| !sub.is_empty());
        for (path, key) in laid_out {
            let at = match sub_path {
                None => format!("{mount_path}/{path}"),
                Some(sub) if path == sub => mount_path.to_owned(),
                Some(sub) => match path
                    .strip_prefix(sub)
                    .and_then(|rest| rest.strip_prefix('/'))
                {
                    Some(rest) => format!("{mount_path}/{rest}"),
                    None => continue,
                },
            };
            files.insert(at, (data, key));
        }
    }
    files
}
