//! Kubernetes manifests (the output of `helm template` or `kustomize build`
//! included), read as the API server stores them and as the kubelet turns
//! them into a container's environment: each workload's containers and the
//! variables they get from `env` (`value`, `valueFrom.configMapKeyRef`,
//! `valueFrom.secretKeyRef`) and `envFrom` (ConfigMaps and Secrets, with
//! `prefix`), resolved against the ConfigMaps and Secrets of the same
//! manifests. A key of a Secret the manifests do not hold is set, but its
//! value is unknown: reported as such, never as drift.
//!
//! The reference is Kubernetes itself: the API server's decoding and
//! validation of the objects `kubectl apply` sends (a manifest is turned
//! into JSON and decoded into the typed object: `k8s.io/api/core/v1`,
//! validated by `pkg/apis/core/validation`), and the kubelet's
//! `makeEnvironmentVariables` (`pkg/kubelet/kubelet_pods.go`) with the
//! expansion of `third_party/forked/golang/expansion`. The rules followed:
//!
//! - **Files.** `deployment.rs` gathers an environment's manifests as
//!   `kubectl apply -R -f <environment>` walks them: every `.yaml`, `.yml`
//!   and `.json` file under the directory, at any depth, in walk order
//!   (each directory's entries by name); a link to a directory is not
//!   followed (`filepath.Walk` does not), hidden directories are read as
//!   it reads them (an editor's `.history` is applied too), and no file is
//!   read outside the checked directory.
//! - **A Secret's `data`** is decoded as Go decodes a `[]byte` field from
//!   JSON, with `base64.StdEncoding`: the standard alphabet, `=` padding
//!   required, line breaks (`\r`, `\n`) skipped wherever they are, any other
//!   byte (a space, a tab, `-` or `_`) refused; bits past the last whole
//!   byte are ignored. A value that is not base64 makes the API server
//!   refuse the Secret: here it is an error naming the file, the line of
//!   the key, the Secret and the key, never a key quietly left unset.
//!   ConfigMap `binaryData` is checked the same way.
//! - **`stringData`** is written into `data` by the API server, and wins
//!   over `data` for the same key.
//! - **Keys** of a Secret's or a ConfigMap's data are validated as the API
//!   server validates them (`IsConfigMapKey`): letters, digits, `-`, `_`
//!   and `.`, at most 253, neither `.` nor `..` nor starting with `..`. A
//!   ConfigMap may not hold one key in both `data` and `binaryData`.
//! - **A key whose bytes are not UTF-8** (a keystore, a DER key) is kept
//!   as such. Mounted as a file, or taken into a variable no service reads
//!   (an `envFrom` of a Secret that also holds a keystore), it is none of
//!   the check's business: the kubelet passes the bytes on, and the
//!   variable is set to a value the check cannot see. A variable a service
//!   reads (a setting's name or alias, or a declared service's own name)
//!   that takes it, by `secretKeyRef`, `envFrom` or `$(NAME)`, gets bytes
//!   the check can neither show as text nor compare: a problem of that
//!   variable (`not_unicode`, exit 1) at the line that takes the value,
//!   the rest of the deployment still checked; never "not set".
//! - **Values that are not strings.** A variable's `value` and a value of
//!   a ConfigMap's `data` or a Secret's `stringData` are Go strings: a
//!   mapping or a list there makes the API server refuse the object, and
//!   it is refused here by file and line. `null` is the empty string, as
//!   Go decodes it. (A plain number or boolean, such as `value: 8080`, is
//!   refused by the API server too; the YAML reader keeps no scalar's
//!   style, so it is read here as the text written.)
//! - **`value` and `valueFrom`**: both on one variable, or a `valueFrom`
//!   with more than one source, is refused, as the API server refuses it;
//!   a `value` that is empty gives way to `valueFrom`, as in the kubelet.
//! - **Files mounted from Secrets and ConfigMaps.** A `NAME_FILE` variable
//!   (the Docker-secrets convention) is followed to the key the container
//!   mounts at that path, as the kubelet lays a `secret` or `configMap`
//!   volume out (every key, or the `items` at their `path`, under the
//!   `mountPath`; a `subPath` mounts one of them at the `mountPath`):
//!   `NAME` takes its text; a path nothing mounts is a value the check
//!   cannot see ([`ServiceVars::follow_files`]).
//! - **Shared.** A ConfigMap of text taken whole by `envFrom` is one table
//!   every container taking it shares (with its prefix): many Pods and one
//!   large ConfigMap cost the ConfigMap once.
//! - **Order.** `envFrom` first, in order, then `env` in order; a later
//!   definition of a name replaces an earlier one.
//! - **`$(NAME)` in a `value`** is expanded once, as the kubelet expands
//!   it: `NAME` is everything up to the first `)`, and refers to a variable
//!   defined before it in the same container (by `envFrom` or an earlier
//!   `env` entry); `$$` is a `$`; a `$(NAME)` of a name not defined stays
//!   as written, as do a `$` before any other character (a multi-byte one
//!   kept whole, as the kubelet keeps it since kubernetes#136325), a `$`
//!   at the end and an unclosed `$(`; substituted text is never expanded
//!   again. Values from `valueFrom` and `envFrom` are not expanded. A
//!   reference to a value the check cannot see, or to a Secret's value,
//!   makes the variable unseen too (a Secret's text is never copied where
//!   values are shown). The variables the kubelet adds for the cluster's
//!   Services (`AUTH_SERVICE_HOST`) are the cluster's: a reference to one
//!   stays as written here.
//! - **`fieldRef` and `resourceFieldRef`** give the pod's own fields (its
//!   name, its limits), known only in the cluster: such a variable is left
//!   unset, and no value set before it for that name stays.
//! - **Bounded.** Each substitution copies the value it names, so a chain
//!   of variables that each name the one before twice doubles at every
//!   step: the kubelet would build gigabytes from a few hundred bytes.
//!   What substitutions add, in all over the containers of the manifests,
//!   is bounded by sixteen times the manifests' bytes, 1 MiB at least (the
//!   budget of the `.env` readers); past it, the variable is an error by
//!   file and line, never an abort.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::sandbox;
use crate::vars::{ServiceVars, VarTable};
use crate::yaml::{Node, Value};

mod env;
mod expansion;

use env::{ContainerEnv, mounted_files};
use expansion::Budget;

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
    /// The bytes of the files read: what bounds expansion.
    bytes: usize,
}

/// A manifest the API server would refuse, or a variable the check will
/// not build: by file and line. Never holds a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The file, as shown.
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ManifestError {}

/// A [`ManifestError`] at `file`, `line`.
fn refuse(file: &str, line: usize, message: String) -> ManifestError {
    ManifestError {
        file: file.to_owned(),
        line,
        message,
    }
}

/// What one key of a ConfigMap or Secret holds.
enum Held {
    Text(Zeroizing<String>),
    /// Bytes that are not UTF-8 (a Secret's binary key): never kept.
    NotUnicode,
}

/// A ConfigMap or Secret's keys, each with its value and line.
struct Data {
    /// `the Secret `name`` (or ConfigMap), as messages name it.
    shown: String,
    file: String,
    entries: BTreeMap<String, (Held, usize)>,
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

/// A node as the Go string the API server decodes it into: a scalar's text,
/// `null` as empty; `None` for a list or a mapping, which it refuses.
fn string(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar(text) => Some(text.as_deref().map_or("", String::as_str)),
        Value::Sequence(_) | Value::Mapping(_) => None,
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

/// The key and value of `key` in the mapping `node`: the key's line is
/// the line a message points at.
fn field<'n>(node: &'n Node, key: &str) -> Option<(&'n Node, &'n Node)> {
    node.entries()
        .iter()
        .find(|(k, _)| k.text() == Some(key))
        .map(|(k, v)| (k, v))
}

/// What a node is, for a message: never its text.
fn what(node: &Node) -> &'static str {
    match node.value {
        Value::Scalar(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
    }
}

/// A container, as messages name it.
struct Container<'a> {
    kind: &'a str,
    workload: &'a str,
    name: &'a str,
}

impl fmt::Display for Container<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the container `{}` of {} `{}`",
            sandbox::text(self.name),
            sandbox::text(self.kind),
            sandbox::text(self.workload)
        )
    }
}

impl Manifests {
    /// Adds the documents of the manifest file at `path`, of `bytes` bytes.
    pub fn add(&mut self, path: &Path, bytes: usize, documents: Vec<Node>) {
        let shown = sandbox::shown(path);
        self.bytes = self.bytes.saturating_add(bytes);
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

    /// Every container of every workload, with its variables; an error for
    /// what the API server would refuse, or for a variable the check will
    /// not build (see the module's rules). `reads` says whether a service
    /// may read a variable (a setting's name): one whose bytes are not
    /// UTF-8 is an error then, and unseen otherwise.
    pub fn workloads(
        &self,
        reads: &dyn Fn(&str) -> bool,
        key_vars: &[&str],
    ) -> Result<Vec<Workload>, ManifestError> {
        let objects = [self.data_of("ConfigMap")?, self.data_of("Secret")?];
        let mut budget = Budget::new(self.bytes);
        // A ConfigMap taken whole by many containers is held once.
        let mut tables: Tables = HashMap::new();
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
            let containers = match pod.get("containers").map(|c| &c.value) {
                Some(Value::Sequence(items)) => items.as_slice(),
                _ => &[],
            };
            for container in containers {
                let container_name = container.get("name").and_then(Node::text).unwrap_or("");
                let mut env = ContainerEnv {
                    vars: ServiceVars::default(),
                    binary: HashMap::new(),
                    reads,
                    file,
                    namespace: namespace(doc),
                    objects: &objects,
                    tables: &mut tables,
                    container: Container {
                        kind,
                        workload: name,
                        name: container_name,
                    },
                };
                // envFrom first: `env` wins over it, as in Kubernetes.
                if let Some(Value::Sequence(sources)) = container.get("envFrom").map(|e| &e.value) {
                    for source in sources {
                        env.env_from(source)?;
                    }
                }
                if let Some(Value::Sequence(entries)) = container.get("env").map(|e| &e.value) {
                    for entry in entries {
                        env.env(entry, &mut budget)?;
                    }
                }
                // `NAME_FILE`, followed to the Secret or ConfigMap key the
                // container mounts at that path.
                let mounted = mounted_files(pod, container, &objects, namespace(doc));
                let mut vars = env.vars;
                vars.follow_files(
                    |path| {
                        let (data, key) = mounted.get(path)?;
                        match data.entries.get(*key)? {
                            (Held::Text(text), line) => {
                                Some((text.clone(), data.file.clone(), *line))
                            }
                            (Held::NotUnicode, _) => None,
                        }
                    },
                    key_vars,
                );
                workloads.push(Workload {
                    // Printed in every report: never a line break or an escape.
                    name: sandbox::text(&if containers.len() > 1 {
                        format!("{name}/{container_name}")
                    } else {
                        name.to_owned()
                    }),
                    file: file.clone(),
                    vars,
                });
            }
        }
        Ok(workloads)
    }

    /// Every object of `kind` (ConfigMap or Secret), with its keys, as the
    /// API server decodes and validates them.
    fn data_of(&self, kind: &str) -> Result<Objects, ManifestError> {
        let secret = kind == "Secret";
        let mut found = BTreeMap::new();
        for (file, doc) in &self.documents {
            if doc.get("kind").and_then(Node::text) != Some(kind) {
                continue;
            }
            let Some(name) = metadata(doc, "name") else {
                continue;
            };
            let shown = format!("the {kind} `{}`", sandbox::text(name));
            let mut entries = BTreeMap::new();
            // A Secret's `data` is base64; its `stringData` is plain and
            // wins. A ConfigMap's `data` is plain; its `binaryData` is
            // base64, and never a variable's.
            let fields: &[(&str, bool)] = if secret {
                &[("data", true), ("stringData", false)]
            } else {
                &[("data", false), ("binaryData", true)]
            };
            for &(field, encoded) in fields {
                let Some(data) = doc.get(field) else {
                    continue;
                };
                match &data.value {
                    Value::Mapping(_) | Value::Scalar(None) => {}
                    _ => {
                        return Err(refuse(
                            file,
                            data.line,
                            format!(
                                "`{field}` of {shown} is {}, which the API server refuses; write a mapping of keys to values",
                                what(data)
                            ),
                        ));
                    }
                }
                for (key, node) in data.entries() {
                    let Some(key_text) = key.text() else {
                        continue;
                    };
                    if let Some(why) = key_problem(key_text) {
                        return Err(refuse(
                            file,
                            key.line,
                            format!(
                                "the key `{}` of {shown} {why}, which the API server refuses; name it with letters, digits, `-`, `_` and `.`",
                                sandbox::text(key_text)
                            ),
                        ));
                    }
                    let Some(text) = string(node) else {
                        return Err(refuse(
                            file,
                            key.line,
                            format!(
                                "the value of `{}` in `{field}` of {shown} is {}, which the API server refuses (a value is a string); write it as one quoted string",
                                sandbox::text(key_text),
                                what(node)
                            ),
                        ));
                    };
                    let held = if encoded {
                        match base64(text) {
                            Some(mut bytes) => match String::from_utf8(std::mem::take(&mut *bytes))
                            {
                                Ok(text) => Held::Text(Zeroizing::new(text)),
                                Err(err) => {
                                    drop(Zeroizing::new(err.into_bytes()));
                                    Held::NotUnicode
                                }
                            },
                            None => {
                                return Err(refuse(
                                    file,
                                    key.line,
                                    format!(
                                        "the value of `{}` in `{field}` of {shown} is not base64, which the API server refuses (the standard alphabet, padded with `=`; line breaks alone may come between); encode it with `base64 -w0`, or write it as text under `{}`",
                                        sandbox::text(key_text),
                                        if secret { "stringData" } else { "data" }
                                    ),
                                ));
                            }
                        }
                    } else {
                        Held::Text(Zeroizing::new(text.to_owned()))
                    };
                    if field == "binaryData" {
                        if entries.contains_key(key_text) {
                            return Err(refuse(
                                file,
                                key.line,
                                format!(
                                    "the key `{}` of {shown} is in both `data` and `binaryData`, which the API server refuses; keep one",
                                    sandbox::text(key_text)
                                ),
                            ));
                        }
                        // Checked, but the kubelet reads `data` alone for
                        // variables.
                        continue;
                    }
                    entries.insert(key_text.to_owned(), (held, key.line));
                }
            }
            found.insert(
                (namespace(doc).to_owned(), name.to_owned()),
                Data {
                    shown,
                    file: file.clone(),
                    entries,
                },
            );
        }
        Ok(Objects(found))
    }
}

/// The ConfigMaps (`[0]`) and Secrets (`[1]`) of the manifests.
type ConfigMapsAndSecrets = [Objects; 2];

/// The tables of ConfigMaps taken whole by `envFrom`, by the ConfigMap (its
/// address: every one lives as long as the reading) and the prefix.
type Tables = HashMap<(usize, String), Arc<VarTable>>;

impl Data {
    /// Its keys as variables (each with `prefix`), when every one is text.
    fn table(&self, prefix: &str) -> Option<VarTable> {
        let file: Arc<str> = Arc::from(self.file.as_str());
        let mut table = VarTable::default();
        for (key, (held, line)) in &self.entries {
            let Held::Text(value) = held else {
                return None;
            };
            table.set_in(&format!("{prefix}{key}"), value.clone(), &file, *line);
        }
        Some(table)
    }
}

/// Why the API server refuses `key` as a key of a ConfigMap's or
/// Secret's data (`IsConfigMapKey`), if it does.
fn key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        Some("holds other characters than letters, digits, `-`, `_` and `.`")
    } else if key.len() > 253 {
        Some("is longer than 253 characters")
    } else if key == "." || key == ".." {
        Some("is `.` or `..`")
    } else if key.starts_with("..") {
        Some("starts with `..`")
    } else {
        None
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

/// The bytes base64 `text` encodes, as the API server decodes a Secret's
/// `data` (Go's `base64.StdEncoding`, through `encoding/json`): line
/// breaks skipped, padding required, trailing bits ignored; `None` for
/// anything else.
fn base64(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    use base64::Engine as _;
    use base64::engine::DecodePaddingMode;
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    const GO_STD_ENCODING: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
            .with_decode_allow_trailing_bits(true),
    );
    let packed: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.bytes()
            .filter(|&byte| byte != b'\r' && byte != b'\n')
            .collect(),
    );
    GO_STD_ENCODING.decode(&*packed).ok().map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::expansion::{self, Expansion};
    use super::*;
    use crate::unseen;
    use jwt_config_core::Source;

    fn workloads(text: &str) -> Result<Vec<Workload>, ManifestError> {
        let mut manifests = Manifests::default();
        manifests.add(
            Path::new("all.yaml"),
            text.len(),
            crate::yaml::parse(text).unwrap(),
        );
        manifests.workloads(&|name| name.starts_with("JWT_"), &[])
    }

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
        let workloads = workloads(text).unwrap();
        let vars = &workloads[0].vars;
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

    /// What `expand` makes of `text` with a budget of `limit` bytes.
    fn expand_within(text: &str, vars: &ServiceVars, limit: usize) -> Result<String, Expansion> {
        let mut budget = Budget { left: limit, limit };
        match expansion::expand(text, vars, &HashMap::new(), &mut budget) {
            Expansion::Text(value) => Ok(value.to_string()),
            other => Err(other),
        }
    }

    fn expand(text: &str, vars: &ServiceVars) -> Result<String, Expansion> {
        expand_within(text, vars, 1 << 20)
    }

    #[test]
    fn references_expand_as_the_kubelet_expands_them() {
        let mut vars = ServiceVars::default();
        vars.set("USER", Zeroizing::new("api".to_owned()), "a.yaml", 1);
        vars.set("EMPTY", Zeroizing::new(String::new()), "a.yaml", 1);
        vars.set("LOOP", Zeroizing::new("$(USER)".to_owned()), "a.yaml", 1);
        vars.set_unseen("PASS", unseen::secret_not_held(), "a.yaml", 2);
        // The cases of the kubelet's expand_test.go.
        for (text, expanded) in [
            ("u=$(USER)!", "u=api!"),
            ("$(USER)$(USER)", "apiapi"),
            ("$$(USER) $(NOPE) $ $(", "$(USER) $(NOPE) $ $("),
            ("$$$$(USER)", "$$(USER)"),
            ("$$$(USER)", "$api"),
            ("$(USER", "$(USER"),
            ("$(USER$(USER)", "$(USER$(USER)"),
            ("$()", "$()"),
            ("$", "$"),
            ("$x$(USER)", "$xapi"),
            ("$é $(USER)", "$é api"),
            ("héllo $(USER)", "héllo api"),
            ("[$(EMPTY)]", "[]"),
            // Substituted text is not expanded again.
            ("$(LOOP)", "$(USER)"),
            ("$(USER))", "api)"),
        ] {
            assert_eq!(expand(text, &vars), Ok(expanded.to_owned()), "{text}");
        }
        assert_eq!(
            expand("p=$(PASS)", &vars),
            Err(Expansion::Unseen(unseen::secret_not_held()))
        );
        // A Secret's value is not copied into another variable, nor is a
        // value that quotes one.
        vars.set_from_secret("TOKEN", Zeroizing::new("s3cr3t".to_owned()), "a.yaml", 4);
        assert_eq!(
            expand("bearer $(TOKEN)", &vars),
            Err(Expansion::QuotesSecret)
        );
        vars.set_unseen("HEADER", unseen::quotes_secret("HEADER"), "a.yaml", 5);
        assert_eq!(
            expand("h=$(HEADER)", &vars),
            Err(Expansion::Unseen(unseen::quotes_secret("HEADER")))
        );
        // A name an envFrom of an unseen Secret may set is unknown as well.
        vars.set_opaque("DB_", "a.yaml", 3);
        assert_eq!(
            expand("p=$(DB_PASSWORD)", &vars),
            Err(Expansion::Unseen(unseen::secret_not_held()))
        );
        assert_eq!(expand("u=$(USER)", &vars), Ok("u=api".to_owned()));
        // An unclosed `$(` many times over, `$$` among them: linear.
        let unclosed = "$($$".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(expand(&unclosed, &vars), Ok("$($".repeat(200_000)));
        assert!(started.elapsed().as_secs() < 2);
        // Substitutions take from the budget; past it, no value.
        assert_eq!(
            expand_within("$(USER)$(USER)", &vars, 6),
            Ok("apiapi".to_owned())
        );
        assert_eq!(
            expand_within("$(USER)$(USER)", &vars, 5),
            Err(Expansion::Past)
        );
    }

    #[test]
    fn references_reach_only_what_is_defined_before_them() {
        let text = "
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      env:
        - {name: A, value: '$(B)'}
        - {name: B, value: 'b'}
        - {name: C, value: '$(B)$(A)'}
        - {name: B, value: '$(B)2'}
";
        let workloads = workloads(text).unwrap();
        let vars = &workloads[0].vars;
        assert_eq!(vars.var("A").unwrap().as_deref(), Some("$(B)"));
        assert_eq!(vars.var("C").unwrap().as_deref(), Some("b$(B)"));
        assert_eq!(vars.var("B").unwrap().as_deref(), Some("b2"));
    }

    #[test]
    fn a_doubling_chain_is_refused_within_the_budget() {
        let mut text = String::from(
            "kind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n      env:\n        - {name: A0, value: xxxxxxxxxxxxxxxx}\n",
        );
        for i in 1..=28 {
            text.push_str(&format!(
                "        - {{name: A{i}, value: '$(A{})$(A{})'}}\n",
                i - 1,
                i - 1
            ));
        }
        let started = std::time::Instant::now();
        let err = workloads(&text).err().expect("refused");
        assert!(started.elapsed().as_secs() < 2);
        // A1 to A15 add 2^20 - 32 bytes in all (A15 holds 512 KiB): the
        // first reference of A16 goes past the 1 MiB budget.
        assert_eq!(err.line, 7 + 16, "{err}");
        assert!(err.message.contains("`A16`"), "{err}");
    }

    #[test]
    fn values_that_are_not_strings_are_refused_by_line() {
        let pod = |env: &str| {
            format!(
                "kind: Pod\nmetadata: {{name: api}}\nspec:\n  containers:\n    - name: api\n      env:\n{env}"
            )
        };
        let err = workloads(&pod("        - name: A\n          value: {a: b}\n"))
            .err()
            .unwrap();
        assert_eq!(err.line, 8, "{err}");
        assert!(err.message.contains("a mapping"), "{err}");
        let err = workloads(&pod("        - name: A\n          value: [a]\n"))
            .err()
            .unwrap();
        assert!(err.message.contains("a list"), "{err}");
        let err = workloads(&pod(
            "        - name: A\n          value: a\n          valueFrom: {fieldRef: {fieldPath: metadata.name}}\n",
        ))
        .err()
        .unwrap();
        assert_eq!(err.line, 9, "{err}");
        // An empty value gives way to valueFrom; null is empty.
        let ok = workloads(&pod(
            "        - {name: A, value: '', valueFrom: {configMapKeyRef: {name: c, key: k}}}\n        - {name: B, value: null}\n",
        ))
        .unwrap();
        assert_eq!(
            ok[0].vars.held_outside("A"),
            Some(unseen::secret_not_held())
        );
        assert_eq!(ok[0].vars.var("B").unwrap().as_deref(), Some(""));
        let err = workloads("kind: ConfigMap\nmetadata: {name: c}\ndata:\n  A: [x]\n")
            .err()
            .unwrap();
        assert_eq!(err.line, 4, "{err}");
        assert!(err.message.contains("the ConfigMap `c`"), "{err}");
    }

    #[test]
    fn keys_are_validated_as_the_api_server_validates_them() {
        for bad in ["'a b'", "'..a'", "'.'", "'é'", "''"] {
            let text = format!("kind: Secret\nmetadata: {{name: s}}\nstringData:\n  {bad}: x\n");
            let err = workloads(&text).err().expect(bad);
            assert_eq!(err.line, 4, "{bad}: {err}");
        }
        for good in ["a.b", ".a", "A_B-c.9", "tls.crt"] {
            let text = format!("kind: Secret\nmetadata: {{name: s}}\nstringData:\n  {good}: x\n");
            assert!(workloads(&text).is_ok(), "{good}");
        }
        // A key that would write on the terminal is shown escaped.
        let text =
            "kind: Secret\nmetadata: {name: \"s\\e]0;x\\a\"}\nstringData:\n  \"k\\e[2J\": x\n";
        let err = workloads(text).err().unwrap().to_string();
        assert!(!err.chars().any(char::is_control), "{err:?}");
        assert!(
            err.contains("k\\u{1b}[2J") && err.contains("s\\u{1b}]0;x\\u{7}"),
            "{err}"
        );
        let both = "kind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\nbinaryData:\n  k: aGk=\n";
        assert_eq!(workloads(both).err().unwrap().line, 5);
    }

    #[test]
    fn base64_decodes_as_go_std_encoding_does() {
        let decoded =
            |text: &str| base64(text).map(|bytes| String::from_utf8(bytes.to_vec()).unwrap());
        assert_eq!(decoded("aGVsbG8=").as_deref(), Some("hello"));
        assert_eq!(decoded("").as_deref(), Some(""));
        // Line breaks are skipped anywhere, padding included (a `|` block).
        assert_eq!(
            decoded("aGVs\r\nbG8g\nd29y\nbGQ=\n").as_deref(),
            Some("hello world")
        );
        assert_eq!(decoded("aG=\n=").as_deref(), Some("h"));
        // Bits past the last byte are ignored, as Go does (not Strict()).
        assert_eq!(decoded("aGVsbG9=").as_deref(), Some("hello"));
        // Spaces and tabs (a folded or plain scalar over lines), missing
        // padding, text after it, the URL alphabet: refused.
        for bad in [
            "aGVs bG8=",
            "aGVs\tbG8=",
            "aGVsbG8",
            "aGVsbG8==",
            "aGk=aGk=",
            "a-_b",
            "not base64!",
        ] {
            assert!(base64(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_secret_is_refused_by_the_line_of_its_key_never_shown() {
        let text = "kind: Secret\nmetadata: {name: jwt}\ndata:\n  OK: aGk=\n  JWT_SECRET_KEY: czNjcjN0LXZhbHVl IA==\n";
        let err = workloads(text).err().unwrap();
        assert_eq!(err.line, 5, "{err}");
        assert!(
            err.message.contains("`JWT_SECRET_KEY`")
                && err.message.contains("the Secret `jwt`")
                && err.message.contains("not base64"),
            "{err}"
        );
        assert!(!err.to_string().contains("czNjcjN0"), "{err}");
    }

    #[test]
    fn string_data_wins_and_binary_keys_stay_unread_until_taken() {
        let text = "
kind: Secret
metadata: {name: jwt}
data:
  JWT_SECRET_KEY: ZnJvbS1kYXRh
  keystore.p12: //79/A==
stringData:
  JWT_SECRET_KEY: from-string-data
---
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      env:
        - name: JWT_SECRET_KEY
          valueFrom: {secretKeyRef: {name: jwt, key: JWT_SECRET_KEY}}
";
        let ok = workloads(text).unwrap();
        assert_eq!(
            ok[0].vars.var("JWT_SECRET_KEY").unwrap().as_deref(),
            Some("from-string-data")
        );
        // A binary key no service reads, taken whole by envFrom: unseen,
        // and so is a value that refers to it.
        let from_all = text.replace(
            "      env:\n",
            "      envFrom: [{secretRef: {name: jwt}}]\n      env:\n        - {name: COPY, value: 'x$(keystore.p12)'}\n",
        );
        let ok = workloads(&from_all).unwrap();
        assert_eq!(
            ok[0].vars.held_outside("keystore.p12"),
            Some(unseen::secret_not_held())
        );
        assert_eq!(
            ok[0].vars.held_outside("COPY"),
            Some(unseen::secret_not_held())
        );
        // One a service reads is a problem of that variable (not UTF-8),
        // located at the line that takes it; the rest is still checked.
        let not_unicode = |text: &str, var: &str, line: usize| {
            let found = workloads(text).unwrap();
            assert!(found[0].vars.var(var).is_err(), "{var}");
            assert_eq!(
                found[0].vars.location(var).map(|(_, at)| at),
                Some(line),
                "{var}"
            );
        };
        not_unicode(
            &from_all.replace("name: COPY", "name: JWT_ISSUER"),
            "JWT_ISSUER",
            17,
        );
        // Taken whole under a prefix that makes it a setting's name: at the
        // line of the envFrom entry.
        let prefixed = text.replace(
            "      env:\n",
            "      envFrom: [{secretRef: {name: jwt}, prefix: JWT_}]\n      env:\n",
        );
        not_unicode(&prefixed, "JWT_keystore.p12", 15);
        let taken = text.replace("key: JWT_SECRET_KEY}", "key: keystore.p12}");
        not_unicode(&taken, "JWT_SECRET_KEY", 16);
    }

    #[test]
    fn a_config_map_taken_whole_by_many_containers_is_held_once() {
        let mut text = String::from(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata:\n  JWT_ISSUER: https://auth.example\n  LOG_LEVEL: info\n",
        );
        for i in 0..3 {
            text.push_str(&format!(
                "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: svc-{i}}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom: [{{configMapRef: {{name: shared}}}}, {{configMapRef: {{name: shared}}, prefix: APP_}}]\n          env:\n            - {{name: LOG_LEVEL, value: debug}}\n            - {{name: URL, value: '$(JWT_ISSUER)/x'}}\n"
            ));
        }
        let found = workloads(&text).unwrap();
        assert_eq!(found.len(), 3);
        let tables: Vec<*const VarTable> = found
            .iter()
            .flat_map(|w| w.vars.layers().1.map(Arc::as_ptr).collect::<Vec<_>>())
            .collect();
        // Two tables (one per prefix), each shared by the three containers.
        assert_eq!(tables.len(), 6);
        assert_eq!(tables[0], tables[2]);
        assert_eq!(tables[1], tables[5]);
        assert_ne!(tables[0], tables[1]);
        let vars = &found[0].vars;
        assert_eq!(vars.text("JWT_ISSUER"), Some("https://auth.example"));
        assert_eq!(vars.text("APP_JWT_ISSUER"), Some("https://auth.example"));
        // `env` still wins over the shared table, and expands from it.
        assert_eq!(vars.text("LOG_LEVEL"), Some("debug"));
        assert_eq!(vars.text("URL"), Some("https://auth.example/x"));
    }
}
