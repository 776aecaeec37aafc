//! The serialized forms (`serde::Serialize`) of the types reports hold.
//! Nothing here serializes a secret: problems and warnings carry none, and
//! snapshots carry fingerprints.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::environment::{EnvSet, Environment, NamedEnvironment};
use crate::load::error::Problem;
use crate::load::loaded::{Origin, Warning};
use crate::registry::{Alias, Category, Kind, Registry, Role, Rule, Scope, Setting};

impl Serialize for Environment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The name, as the deployment writes it.
impl Serialize for NamedEnvironment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

impl Serialize for EnvSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Always an object: `{"kind": "canonical"}`, `{"kind": "default"}`,
/// `{"kind": "alias", "alias": "NAME"}`, `{"kind": "own", "var": "NAME"}` or
/// `{"kind": "file", "var": "NAME_FILE"}` (a snapshot adds the file's
/// `"path"`).
impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OriginAt(self, None).serialize(serializer)
    }
}

/// An origin with the path of the file its value was read from, when it
/// is [`Origin::File`] and the path is known: `"path"` beside `"var"`.
pub(crate) struct OriginAt<'a>(pub(crate) &'a Origin, pub(crate) Option<&'a str>);

impl Serialize for OriginAt<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let OriginAt(origin, path) = *self;
        let (kind, var) = match origin {
            Origin::Canonical => ("canonical", None),
            Origin::Default => ("default", None),
            Origin::Alias(alias) => ("alias", Some(("alias", *alias))),
            Origin::Own(var) => ("own", Some(("var", *var))),
            Origin::File { var } => ("file", Some(("var", *var))),
        };
        let mut state = serializer.serialize_struct("Origin", 3)?;
        state.serialize_field("kind", kind)?;
        match var {
            Some(("alias", name)) => state.serialize_field("alias", name)?,
            Some((_, name)) => state.serialize_field("var", name)?,
            None => state.skip_field("alias")?,
        }
        match path {
            Some(path) if matches!(origin, Origin::File { .. }) => {
                state.serialize_field("path", path)?
            }
            _ => state.skip_field("path")?,
        }
        state.end()
    }
}

/// A problem and a warning have one shape: `var`, `setting`,
/// `environment`, `severity`, `kind`, `message`, `fix`.
impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Finding", 7)?;
        state.serialize_field("var", self.var())?;
        state.serialize_field("setting", &self.setting())?;
        state.serialize_field("environment", &self.environment())?;
        state.serialize_field("severity", "problem")?;
        state.serialize_field("kind", self.kind().code())?;
        state.serialize_field("message", &self.kind().to_string())?;
        state.serialize_field("fix", self.fix())?;
        state.end()
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Finding", 7)?;
        state.serialize_field("var", self.var())?;
        state.serialize_field("setting", &Some(self.setting()))?;
        state.serialize_field("environment", &Some(self.environment()))?;
        state.serialize_field("severity", "warning")?;
        state.serialize_field("kind", self.kind().code())?;
        state.serialize_field("message", &self.message())?;
        state.serialize_field("fix", &self.fix())?;
        state.end()
    }
}

/// The whole table, as `jwt-config registry --format json` prints it: where
/// it comes from and its fingerprint, every setting, rule, environment and
/// the secret policy.
impl Serialize for Registry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let policy = self.secret_policy();
        let by_env = |value: &dyn Fn(Environment) -> usize| {
            Environment::ALL
                .into_iter()
                .map(|env| (env, value(env)))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let mut state = serializer.serialize_struct("Registry", 7)?;
        state.serialize_field("source", &self.source().to_string())?;
        state.serialize_field("fingerprint", &self.fingerprint())?;
        state.serialize_field("settings", self.settings())?;
        state.serialize_field(
            "rules",
            &self.rules().iter().map(Rule::to_string).collect::<Vec<_>>(),
        )?;
        state.serialize_field(
            "environments",
            &self
                .environments()
                .iter()
                .map(|env| FollowsTier(*env))
                .collect::<Vec<_>>(),
        )?;
        state.serialize_field("secret_min_bytes", &by_env(&|env| policy.min_bytes(env)))?;
        state.serialize_field("secret_strict_in", &policy.strict_in)?;
        state.end()
    }
}

/// An organisation's environment as `{"name": "qa", "follows": "staging"}`.
struct FollowsTier(NamedEnvironment);

impl Serialize for FollowsTier {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Environment", 2)?;
        state.serialize_field("name", self.0.name)?;
        state.serialize_field("follows", &self.0.follows)?;
        state.end()
    }
}

/// `{"name": "JWT_SECRET", "deny_in": ["production"]}`, as a registry
/// file writes it.
impl Serialize for Alias {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Alias", 2)?;
        state.serialize_field("name", self.name)?;
        state.serialize_field("deny_in", &self.denied_in)?;
        state.end()
    }
}

impl Serialize for Setting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let defaults: std::collections::BTreeMap<Environment, Option<&str>> = Environment::ALL
            .into_iter()
            .map(|env| (env, self.default_for(env)))
            .collect();
        let unit = match self.kind {
            Kind::Duration { unit, .. } => Some(unit.name()),
            _ => None,
        };
        // A span setting's bounds count seconds; no `max` is null.
        let (min, max) = self.kind.bounds().unzip();
        let max = max.flatten();
        let mut state = serializer.serialize_struct("Setting", 15)?;
        state.serialize_field("name", self.name)?;
        state.serialize_field("aliases", self.aliases)?;
        state.serialize_field("kind", self.kind.name())?;
        state.serialize_field("unit", &unit)?;
        state.serialize_field("min", &min)?;
        state.serialize_field("max", &max)?;
        state.serialize_field("secret", &self.is_secret())?;
        state.serialize_field("default", &defaults)?;
        state.serialize_field("required_in", &self.required_in)?;
        state.serialize_field(
            "scope",
            match self.scope {
                Scope::Shared => "shared",
                Scope::PerService => "per_service",
            },
        )?;
        state.serialize_field("category", &self.category.map(Category::mismatch_code))?;
        state.serialize_field("role", &self.role.map(Role::as_str))?;
        state.serialize_field("encoding", self.encoding.as_str())?;
        state.serialize_field("description", self.description)?;
        state.end()
    }
}
