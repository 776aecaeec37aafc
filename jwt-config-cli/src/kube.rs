//! Kubernetes manifests (the output of `helm template` or `kustomize build`
//! included): each workload's containers and the variables they get from
//! `env` (`value`, `valueFrom.configMapKeyRef`, `valueFrom.secretKeyRef`)
//! and `envFrom` (ConfigMaps and Secrets, with `prefix`), resolved against
//! the ConfigMaps (`data`) and Secrets (`data` in base64, `stringData`) of
//! the same manifests. A key of a Secret the manifests do not hold is set,
//! but its value is unknown: reported as such, never as drift.

use std::collections::BTreeMap;
use std::path::Path;

use jwt_config::Unseen;
use zeroize::Zeroizing;

use crate::files;
use crate::vars::ServiceVars;
use crate::yaml::{Node, Value};

/// One container of a workload: a service of the deployment.
pub struct Workload {
    /// The workload's name, or `workload/container` when it has several.
    pub name: String,
    /// The manifest that declares it.
    pub file: String,
    pub vars: ServiceVars,
}

/// The documents of every manifest file of one environment, each with the
/// file it came from.
#[derive(Default)]
pub struct Manifests {
    documents: Vec<(String, Node)>,
}

/// A ConfigMap or Secret's keys, each with its value and line.
struct Data {
    file: String,
    entries: BTreeMap<String, (Zeroizing<String>, usize)>,
}

/// The ConfigMaps or Secrets of the manifests, by namespace (empty where
/// `metadata.namespace` is not written) and name.
struct Objects(BTreeMap<(String, String), Data>);

impl Objects {
    /// The object `name` a workload of `namespace` refers to: the one of its
    /// namespace, else the only one of that name where either leaves its
    /// namespace unwritten (to be applied with `kubectl -n`).
    fn get(&self, namespace: &str, name: &str) -> Option<&Data> {
        if let Some(data) = self.0.get(&(namespace.to_owned(), name.to_owned())) {
            return Some(data);
        }
        let mut candidates = self.0.iter().filter(|((theirs, their_name), _)| {
            their_name == name && (theirs.is_empty() || namespace.is_empty())
        });
        let (_, data) = candidates.next()?;
        candidates.next().is_none().then_some(data)
    }
}

/// A document's `metadata.<field>`, such as its name.
fn metadata<'d>(doc: &'d Node, field: &str) -> Option<&'d str> {
    doc.get("metadata")
        .and_then(|m| m.get(field))
        .and_then(Node::text)
}

/// A document's `metadata.namespace`, or empty.
fn namespace(doc: &Node) -> &str {
    metadata(doc, "namespace").unwrap_or("")
}

impl Manifests {
    /// Adds the documents of the manifest file at `path`.
    pub fn add(&mut self, path: &Path, documents: Vec<Node>) {
        let shown = files::shown(path);
        self.documents
            .extend(documents.into_iter().map(|doc| (shown.clone(), doc)));
    }

    /// Whether any document is a Kubernetes object.
    pub fn is_empty(&self) -> bool {
        !self
            .documents
            .iter()
            .any(|(_, doc)| doc.get("kind").is_some())
    }

    /// Every container of every workload, with its variables.
    pub fn workloads(&self) -> Vec<Workload> {
        let config_maps = self.data_of("ConfigMap");
        let secrets = self.data_of("Secret");
        let mut workloads = Vec::new();
        for (file, doc) in &self.documents {
            let Some(kind) = doc.get("kind").and_then(Node::text) else {
                continue;
            };
            let Some(name) = metadata(doc, "name") else {
                continue;
            };
            let Some(pod) = pod_spec(kind, doc) else {
                continue;
            };
            let namespace = namespace(doc);
            let containers = match pod.get("containers").map(|c| &c.value) {
                Some(Value::Sequence(items)) => items.as_slice(),
                _ => &[],
            };
            for container in containers {
                let mut vars = ServiceVars::default();
                // envFrom first: `env` wins over it, as in Kubernetes.
                if let Some(Value::Sequence(sources)) = container.get("envFrom").map(|e| &e.value) {
                    for source in sources {
                        let prefix = source.get("prefix").and_then(Node::text).unwrap_or("");
                        let (map, found, set) = if let Some(r) = source.get("configMapRef") {
                            (r, &config_maps, ServiceVars::set as Set)
                        } else if let Some(r) = source.get("secretRef") {
                            (r, &secrets, ServiceVars::set_from_secret as Set)
                        } else {
                            continue;
                        };
                        let Some(map_name) = map.get("name").and_then(Node::text) else {
                            continue;
                        };
                        match found.get(namespace, map_name) {
                            Some(data) => {
                                for (key, (value, line)) in &data.entries {
                                    let name = format!("{prefix}{key}");
                                    set(&mut vars, &name, value.clone(), &data.file, *line);
                                }
                            }
                            // An object held elsewhere: its keys are unknown,
                            // so a required name it may set is not missing.
                            None => vars.set_opaque(prefix, file, source.line),
                        }
                    }
                }
                if let Some(Value::Sequence(entries)) = container.get("env").map(|e| &e.value) {
                    for entry in entries {
                        let Some(var) = entry.get("name").and_then(Node::text) else {
                            continue;
                        };
                        if let Some(value) = entry.get("value") {
                            let text = value.text().unwrap_or("");
                            match expand(text, &vars) {
                                Ok(expanded) => vars.set(var, expanded, file, entry.line),
                                // It takes a value the check cannot see.
                                Err(why) => vars.set_unseen(var, why, file, entry.line),
                            }
                            continue;
                        }
                        let Some(from) = entry.get("valueFrom") else {
                            vars.set(var, Zeroizing::new(String::new()), file, entry.line);
                            continue;
                        };
                        let (reference, found, set) = if let Some(r) = from.get("configMapKeyRef") {
                            (r, &config_maps, ServiceVars::set as Set)
                        } else if let Some(r) = from.get("secretKeyRef") {
                            (r, &secrets, ServiceVars::set_from_secret as Set)
                        } else {
                            // fieldRef, resourceFieldRef: not a setting's value.
                            continue;
                        };
                        let map_name = reference.get("name").and_then(Node::text).unwrap_or("");
                        let key = reference.get("key").and_then(Node::text).unwrap_or("");
                        match found
                            .get(namespace, map_name)
                            .and_then(|data| data.entries.get(key))
                        {
                            Some((value, _)) => {
                                set(&mut vars, var, value.clone(), file, entry.line)
                            }
                            None => vars.set_unseen(var, Unseen::HeldOutside, file, entry.line),
                        }
                    }
                }
                let container_name = container.get("name").and_then(Node::text).unwrap_or("");
                workloads.push(Workload {
                    // Printed in every report: never a line break or an escape.
                    name: files::text(&if containers.len() > 1 {
                        format!("{name}/{container_name}")
                    } else {
                        name.to_owned()
                    }),
                    file: file.clone(),
                    vars,
                });
            }
        }
        workloads
    }

    /// Every object of `kind` (ConfigMap or Secret), with its keys.
    fn data_of(&self, kind: &str) -> Objects {
        let mut found = BTreeMap::new();
        for (file, doc) in &self.documents {
            if doc.get("kind").and_then(Node::text) != Some(kind) {
                continue;
            }
            let Some(name) = metadata(doc, "name") else {
                continue;
            };
            let mut entries = BTreeMap::new();
            // A Secret's `data` is base64; its `stringData` is plain and wins.
            if let Some(data) = doc.get("data") {
                for (key, node) in data.entries() {
                    let (Some(key), Some(text)) = (key.text(), node.text()) else {
                        continue;
                    };
                    let value = if kind == "Secret" {
                        match base64(text) {
                            Some(value) => value,
                            None => continue,
                        }
                    } else {
                        Zeroizing::new(text.to_owned())
                    };
                    entries.insert(key.to_owned(), (value, node.line));
                }
            }
            if let Some(data) = doc.get("stringData") {
                for (key, value) in data.entries() {
                    if let (Some(key), Some(text)) = (key.text(), value.text()) {
                        entries.insert(
                            key.to_owned(),
                            (Zeroizing::new(text.to_owned()), value.line),
                        );
                    }
                }
            }
            found.insert(
                (namespace(doc).to_owned(), name.to_owned()),
                Data {
                    file: file.clone(),
                    entries,
                },
            );
        }
        Objects(found)
    }
}

/// The pod spec of a workload of `kind`, if it is one.
fn pod_spec<'n>(kind: &str, doc: &'n Node) -> Option<&'n Node> {
    let spec = doc.get("spec")?;
    match kind {
        "Pod" => Some(spec),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            spec.get("template")?.get("spec")
        }
        "CronJob" => spec
            .get("jobTemplate")?
            .get("spec")?
            .get("template")?
            .get("spec"),
        _ => None,
    }
}

/// How a ConfigMap's value ([`ServiceVars::set`]) or a Secret's
/// ([`ServiceVars::set_from_secret`]) is set.
type Set = fn(&mut ServiceVars, &str, Zeroizing<String>, &str, usize);

/// `text` with each `$(NAME)` replaced by the value of `NAME` as set
/// before it in the container (by `envFrom` or an earlier `env` entry), as
/// the kubelet expands it: `$$` is a `$`, and a reference to a name not set
/// stays as written.
///
/// Unseen when it refers to a value the check cannot see, or to a
/// Secret's: copied in, a Secret's text would show as this variable's
/// value wherever the check shows values.
fn expand(text: &str, vars: &ServiceVars) -> Result<Zeroizing<String>, Unseen> {
    use jwt_config::Source;
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(after_escape) = after.strip_prefix('$') {
            out.push('$');
            rest = after_escape;
            continue;
        }
        let reference = after
            .strip_prefix('(')
            .and_then(|inner| Some((inner, inner.find(')')?)));
        match reference {
            Some((inner, end)) => {
                let name = &inner[..end];
                if vars.from_secret(name) {
                    return Err(Unseen::QuotesSecret);
                }
                // A value the manifests cannot see (or that may be set
                // there) makes this one unseen too, for the same reason.
                if let Some(why) = vars.held_outside(name) {
                    return Err(why);
                }
                if vars.maybe_held_outside(name) {
                    return Err(Unseen::HeldOutside);
                }
                match vars.var(name) {
                    Ok(Some(value)) => out.push_str(&value),
                    _ => {
                        out.push_str("$(");
                        out.push_str(name);
                        out.push(')');
                    }
                }
                rest = &inner[end + 1..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The bytes base64 `text` encodes, as UTF-8 text; `None` for anything
/// else (a Secret's binary value is no setting's). Line breaks and spaces
/// are skipped, as in a long value written as a YAML block over lines.
fn base64(text: &str) -> Option<Zeroizing<String>> {
    use base64::Engine as _;
    let packed: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.bytes()
            .filter(|byte| !byte.is_ascii_whitespace())
            .collect(),
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&*packed)
        .ok()?;
    String::from_utf8(bytes)
        .map(Zeroizing::new)
        .map_err(|err| drop(Zeroizing::new(err.into_bytes())))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workload_reads_the_objects_of_its_own_namespace() {
        let text = "
kind: Secret
metadata: {name: jwt, namespace: team-b}
stringData: {JWT_SECRET_KEY: secret-of-team-b}
---
kind: Secret
metadata: {name: jwt, namespace: team-a}
stringData: {JWT_SECRET_KEY: secret-of-team-a}
---
kind: ConfigMap
metadata: {name: shared}
data: {JWT_ISSUER: https://auth.example}
---
kind: Pod
metadata: {name: api, namespace: team-b}
spec:
  containers:
    - name: api
      envFrom: [{secretRef: {name: jwt}}, {configMapRef: {name: shared}}]
";
        let mut manifests = Manifests::default();
        manifests.add(Path::new("all.yaml"), crate::yaml::parse(text).unwrap());
        let workloads = manifests.workloads();
        let vars = &workloads[0].vars;
        use jwt_config::Source;
        assert_eq!(
            vars.var("JWT_SECRET_KEY").unwrap().as_deref(),
            Some("secret-of-team-b")
        );
        // An object whose namespace is left to `kubectl -n` is found too.
        assert_eq!(
            vars.var("JWT_ISSUER").unwrap().as_deref(),
            Some("https://auth.example")
        );
    }

    #[test]
    fn references_expand_as_the_kubelet_expands_them() {
        /// What `expand` makes of `text`: the expansion, or why there is none.
        fn expand(text: &str, vars: &ServiceVars) -> Result<String, Unseen> {
            super::expand(text, vars).map(|value| value.to_string())
        }
        let mut vars = ServiceVars::default();
        vars.set("USER", Zeroizing::new("api".to_owned()), "a.yaml", 1);
        vars.set_unseen("PASS", Unseen::HeldOutside, "a.yaml", 2);
        assert_eq!(expand("u=$(USER)!", &vars), Ok("u=api!".to_owned()));
        assert_eq!(
            expand("$$(USER) $(NOPE) $ $(", &vars),
            Ok("$(USER) $(NOPE) $ $(".to_owned())
        );
        assert_eq!(expand("héllo $(USER)", &vars), Ok("héllo api".to_owned()));
        assert_eq!(expand("p=$(PASS)", &vars), Err(Unseen::HeldOutside));
        // A Secret's value is not copied into another variable, nor is a
        // value that quotes one.
        vars.set_from_secret("TOKEN", Zeroizing::new("s3cr3t".to_owned()), "a.yaml", 4);
        assert_eq!(expand("bearer $(TOKEN)", &vars), Err(Unseen::QuotesSecret));
        vars.set_unseen("HEADER", Unseen::QuotesSecret, "a.yaml", 5);
        assert_eq!(expand("h=$(HEADER)", &vars), Err(Unseen::QuotesSecret));
        // A name an envFrom of an unseen Secret may set is unknown as well.
        vars.set_opaque("DB_", "a.yaml", 3);
        assert_eq!(expand("p=$(DB_PASSWORD)", &vars), Err(Unseen::HeldOutside));
        assert_eq!(expand("u=$(USER)", &vars), Ok("u=api".to_owned()));
    }

    #[test]
    fn base64_decodes_as_kubernetes_writes_it() {
        assert_eq!(base64("aGVsbG8=").unwrap().as_str(), "hello");
        // A block scalar keeps its line breaks (CRLF too) and indentation.
        assert_eq!(
            base64("aGVs\r\n  bG8g\nd29y bGQ=\n").unwrap().as_str(),
            "hello world"
        );
        assert!(base64("not base64!").is_none());
    }
}
