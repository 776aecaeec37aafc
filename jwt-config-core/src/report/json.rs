//! The JSON forms (`serde::Serialize`) of what reports hold that are not
//! serialized as they are declared: each is derived from a view declared
//! here, with the names the wire uses. (A drift report's types derive
//! theirs where they are declared.) Nothing here serializes a secret:
//! problems and warnings carry none, and snapshots carry fingerprints.
//!
//! The deployment check's document (`jwt-config check --format json`) is
//! made of these shapes; its version and its own fields are declared beside
//! its report, and a test there holds the whole document's shape.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::compare::snapshot::{Entry, Snapshot};
use crate::environment::{EnvSet, Environment, NamedEnvironment};
use crate::load::error::Problem;
use crate::load::loaded::{Origin, UnseenValue, Warning};
use crate::registry::{Alias, Category, Kind, Registry, Role, Rule, Scope, Setting};

/// A problem or a warning: one shape, told apart by `severity`.
#[derive(Serialize)]
struct Finding<'a> {
    var: &'a str,
    setting: Option<&'a str>,
    environment: Option<NamedEnvironment>,
    severity: &'static str,
    kind: &'static str,
    message: String,
    fix: Cow<'a, str>,
}

/// `{"kind": "canonical"}`, `{"kind": "default"}`, `{"kind": "alias",
/// "alias": "NAME"}`, `{"kind": "own", "var": "NAME"}` or `{"kind": "file",
/// "var": "NAME_FILE"}`, a snapshot adding the file's `"path"`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum OriginView<'a> {
    Canonical,
    Default,
    Alias {
        alias: &'a str,
    },
    Own {
        var: &'a str,
    },
    File {
        var: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<&'a str>,
    },
}

impl<'a> OriginView<'a> {
    /// `origin`, with the path of the file its value was read from when it
    /// is [`Origin::File`] and the path is known.
    fn new(origin: &'a Origin, path: Option<&'a str>) -> OriginView<'a> {
        match *origin {
            Origin::Canonical => OriginView::Canonical,
            Origin::Default => OriginView::Default,
            Origin::Alias(alias) => OriginView::Alias { alias },
            Origin::Own(var) => OriginView::Own { var },
            Origin::File { var } => OriginView::File { var, path },
        }
    }
}

/// One service's settings as resolved: `jwt-config check`'s `snapshot`.
#[derive(Serialize)]
struct SnapshotView<'a> {
    service: &'a str,
    environment: Option<NamedEnvironment>,
    settings: Vec<EntryView<'a>>,
}

/// One setting of a snapshot.
#[derive(Serialize)]
struct EntryView<'a> {
    setting: &'static str,
    value: Option<&'a str>,
    refused: Option<&'a str>,
    unseen: Option<UnseenValue>,
    written: Option<&'a str>,
    secret: bool,
    origin: Option<OriginView<'a>>,
    ignored_aliases: &'a [&'static str],
}

/// The whole table, as `jwt-config registry --format json` prints it.
#[derive(Serialize)]
struct RegistryView {
    source: String,
    fingerprint: String,
    settings: Vec<SettingView>,
    rules: Vec<String>,
    environments: Vec<FollowsView>,
    secret_min_bytes: BTreeMap<Environment, usize>,
    secret_strict_in: EnvSet,
}

/// An organisation's environment: `{"name": "qa", "follows": "staging"}`.
#[derive(Serialize)]
struct FollowsView {
    name: &'static str,
    follows: Environment,
}

/// A setting, with every fact the registry holds of it.
#[derive(Serialize)]
struct SettingView {
    name: &'static str,
    aliases: Vec<AliasView>,
    kind: &'static str,
    unit: Option<&'static str>,
    min: Option<u64>,
    max: Option<u64>,
    secret: bool,
    default: BTreeMap<Environment, Option<&'static str>>,
    required_in: EnvSet,
    scope: &'static str,
    category: Option<&'static str>,
    role: Option<&'static str>,
    encoding: &'static str,
    description: &'static str,
}

/// `{"name": "JWT_SECRET", "deny_in": ["production"]}`, as a registry file
/// writes it.
#[derive(Serialize)]
struct AliasView {
    name: &'static str,
    deny_in: EnvSet,
}

impl From<&Setting> for SettingView {
    fn from(setting: &Setting) -> SettingView {
        // A span setting's bounds count seconds; no `max` is null.
        let (min, max) = setting.kind.bounds().unzip();
        SettingView {
            name: setting.name,
            aliases: setting.aliases.iter().map(AliasView::from).collect(),
            kind: setting.kind.name(),
            unit: match setting.kind {
                Kind::Duration { unit, .. } => Some(unit.name()),
                _ => None,
            },
            min,
            max: max.flatten(),
            secret: setting.is_secret(),
            default: Environment::ALL
                .into_iter()
                .map(|env| (env, setting.default_for(env)))
                .collect(),
            required_in: setting.required_in,
            scope: match setting.scope {
                Scope::Shared => "shared",
                Scope::PerService => "per_service",
            },
            category: setting.category.map(Category::mismatch_code),
            role: setting.role.map(Role::as_str),
            encoding: setting.encoding.as_str(),
            description: setting.description,
        }
    }
}

impl From<&Alias> for AliasView {
    fn from(alias: &Alias) -> AliasView {
        AliasView {
            name: alias.name,
            deny_in: alias.denied_in,
        }
    }
}

/// The name, as the deployment writes it (`qa`).
impl Serialize for NamedEnvironment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.name.serialize(serializer)
    }
}

/// Its environments, in order: `["staging", "production"]`.
impl Serialize for EnvSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// `{"kind": "canonical"}`, `{"kind": "alias", "alias": "NAME"}`, ...
impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OriginView::new(self, None).serialize(serializer)
    }
}

/// `var`, `setting`, `environment`, `severity` (`problem`), `kind`,
/// `message`, `fix`.
impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Finding {
            var: self.var(),
            setting: self.setting(),
            environment: self.environment(),
            severity: "problem",
            kind: self.kind().code(),
            message: self.kind().to_string(),
            fix: Cow::Borrowed(self.fix()),
        }
        .serialize(serializer)
    }
}

/// As a [`Problem`], with `severity` `warning`.
impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Finding {
            var: self.var(),
            setting: Some(self.setting()),
            environment: Some(self.environment()),
            severity: "warning",
            kind: self.code(),
            message: self.message(),
            fix: Cow::Owned(self.fix()),
        }
        .serialize(serializer)
    }
}

/// `service`, `environment` and each setting's entry.
impl Serialize for Snapshot {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SnapshotView {
            service: self.service(),
            environment: self.environment(),
            settings: self.entries().iter().map(EntryView::from).collect(),
        }
        .serialize(serializer)
    }
}

/// `setting`, `value`, `refused`, `unseen`, `written`, `secret`, `origin`
/// (with the file's `path` for a value read from a file) and
/// `ignored_aliases`.
impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EntryView::from(self).serialize(serializer)
    }
}

impl<'a> From<&'a Entry> for EntryView<'a> {
    fn from(entry: &'a Entry) -> EntryView<'a> {
        EntryView {
            setting: entry.setting().name,
            value: entry.value(),
            refused: entry.refused(),
            unseen: entry.unseen(),
            written: entry.written(),
            secret: entry.setting().is_secret(),
            origin: entry
                .origin()
                .map(|origin| OriginView::new(origin, entry.file())),
            ignored_aliases: entry.ignored_aliases(),
        }
    }
}

/// Where the table comes from and its fingerprint, every setting, rule,
/// environment and the secret policy.
impl Serialize for Registry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let policy = self.secret_policy();
        RegistryView {
            source: self.source().to_string(),
            fingerprint: self.fingerprint(),
            settings: self.settings().iter().map(SettingView::from).collect(),
            rules: self.rules().iter().map(Rule::to_string).collect(),
            environments: self
                .environments()
                .iter()
                .map(|env| FollowsView {
                    name: env.name,
                    follows: env.follows,
                })
                .collect(),
            secret_min_bytes: Environment::ALL
                .into_iter()
                .map(|env| (env, policy.min_bytes(env)))
                .collect(),
            secret_strict_in: policy.strict_in,
        }
        .serialize(serializer)
    }
}
