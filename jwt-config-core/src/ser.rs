//! The serialized forms (`serde::Serialize`) of the types reports hold.
//! Nothing here serializes a secret: problems and warnings carry none, and
//! snapshots carry fingerprints.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::environment::{EnvSet, Environment, NamedEnvironment};
use crate::error::Problem;
use crate::loaded::{Origin, Warning, WarningKind};
use crate::registry::{Kind, Registry, Rule, Scope, Setting};

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

/// `"canonical"`, `"default"` or `{"alias": "NAME"}`.
impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Origin::Canonical => serializer.serialize_str("canonical"),
            Origin::Default => serializer.serialize_str("default"),
            Origin::Alias(alias) => {
                let mut state = serializer.serialize_struct("Alias", 1)?;
                state.serialize_field("alias", alias)?;
                state.end()
            }
        }
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Problem", 5)?;
        state.serialize_field("var", self.var())?;
        state.serialize_field("environment", &self.environment())?;
        state.serialize_field("kind", self.kind().code())?;
        state.serialize_field("message", &self.kind().to_string())?;
        state.serialize_field("fix", self.fix())?;
        state.end()
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = match self.kind() {
            WarningKind::DeprecatedAlias => "deprecated_alias",
            WarningKind::AliasAlsoSet => "alias_also_set",
            WarningKind::IgnoredAlias => "ignored_alias",
        };
        let mut state = serializer.serialize_struct("Warning", 5)?;
        state.serialize_field("var", self.var())?;
        state.serialize_field("setting", self.setting())?;
        state.serialize_field("environment", &self.environment())?;
        state.serialize_field("kind", kind)?;
        state.serialize_field("message", &self.to_string())?;
        state.end()
    }
}

impl Serialize for Registry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let policy = self.secret_policy();
        let mut state = serializer.serialize_struct("Registry", 3)?;
        state.serialize_field("settings", self.settings())?;
        state.serialize_field(
            "rules",
            &self.rules().iter().map(Rule::to_string).collect::<Vec<_>>(),
        )?;
        state.serialize_field(
            "secret_min_bytes",
            &Environment::ALL
                .into_iter()
                .map(|env| (env, policy.min_bytes(env)))
                .collect::<std::collections::BTreeMap<_, _>>(),
        )?;
        state.end()
    }
}

impl Serialize for Setting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let defaults: std::collections::BTreeMap<Environment, Option<&str>> = Environment::ALL
            .into_iter()
            .map(|env| (env, self.default_for(env)))
            .collect();
        let (unit, min, max) = match self.kind {
            Kind::Duration { unit, min, max } => (Some(unit.plural()), Some(min), Some(max)),
            _ => (None, None, None),
        };
        let mut state = serializer.serialize_struct("Setting", 11)?;
        state.serialize_field("name", self.name)?;
        state.serialize_field(
            "aliases",
            &self
                .aliases
                .iter()
                .map(|alias| alias.name)
                .collect::<Vec<_>>(),
        )?;
        state.serialize_field("kind", &self.kind.to_string())?;
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
        state.serialize_field("description", self.description)?;
        state.end()
    }
}
