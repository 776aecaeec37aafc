//! The trait `#[derive(JwtSettings)]` implements.

use crate::compare::snapshot::{Snapshot, unread_aliases};
use crate::credentials::{CredentialsError, ServiceCredentials};
use crate::environment::NamedEnvironment;
use crate::load::error::LoadError;
use crate::load::loaded::Loaded;
use crate::load::resolve::{EnvironmentRead, environment_read_as};
use crate::load::source::{ProcessEnv, Source};
use crate::registry::Registry;
use crate::value::Value;

/// A service's JWT settings, loaded from a [`Source`] by the registry's rules.
///
/// Derive it with `#[derive(JwtSettings)]` from the `jwt-config` crate. The
/// derive generates [`load_as`](JwtSettings::load_as) (which
/// [`load`](JwtSettings::load) calls, as every other way to load does),
/// [`values`](JwtSettings::values) and, for a registry file,
/// [`registry`](JwtSettings::registry).
///
/// The `jwt-config` crate's documentation shows the derive at work.
pub trait JwtSettings: Sized {
    /// The service's name, as given by `#[jwt(service = "...")]` or the
    /// struct's name in snake case.
    const SERVICE: &'static str;

    /// The registry the settings follow: the built-in table unless the
    /// derive names a registry file (then it generates this method).
    fn registry() -> &'static Registry {
        crate::registry::standard()
    }

    /// Each setting the struct reads, by canonical name, with its value
    /// (a secret stays a `SecretString`).
    fn values(&self) -> Vec<(&'static str, Option<Value>)>;

    /// The settings as a [`Snapshot`]: printable values, secrets as
    /// fingerprints. Origins are known only to a load:
    /// [`Loaded::snapshot`] has them.
    fn snapshot(&self) -> Snapshot {
        let values = self.values();
        let environment = environment_in(&values);
        Snapshot::new(Self::registry(), Self::SERVICE, environment, values)
    }

    /// The service's credentials for calling other services, from the
    /// registry's service-auth settings; an error names what is missing.
    fn service_credentials(&self) -> Result<ServiceCredentials, CredentialsError> {
        let values = self.values();
        ServiceCredentials::from_values(Self::registry(), environment_in(&values), &values)
    }

    /// Loads the settings for `environment` from `source`, keeping each
    /// value's origin and the load's warnings.
    ///
    /// `environment` is one of the four ([`Environment::Staging`]) or an
    /// organisation's own, as the registry names it
    /// (`registry.environment("qa")`): the load follows its rules and its
    /// problems and reports say its name.
    ///
    /// [`Environment::Staging`]: crate::Environment::Staging
    fn load<S: Source + ?Sized>(
        source: &S,
        environment: impl Into<NamedEnvironment>,
    ) -> Result<Loaded<Self>, LoadError> {
        Self::load_as(source, environment.into())
    }

    /// [`load`](JwtSettings::load) for one named environment: the method
    /// the derive generates.
    fn load_as<S: Source + ?Sized>(
        source: &S,
        environment: NamedEnvironment,
    ) -> Result<Loaded<Self>, LoadError>;

    /// Loads the settings from `source`, for the environment its
    /// `ENVIRONMENT` variable names (development when unset).
    ///
    /// The load's warnings are emitted as `tracing` events (feature
    /// `tracing`, on by default), and as `log` records when no `tracing`
    /// subscriber is set (feature `log`); [`load`](JwtSettings::load)
    /// returns them.
    #[allow(
        clippy::question_mark,
        reason = "`?` is one more function per derived struct"
    )]
    fn from_source<S: Source + ?Sized>(source: &S) -> Result<Self, LoadError> {
        // The environment variable is read once, for the choice and the load.
        let registry = Self::registry();
        let source = EnvironmentRead::environment_of(registry, source, Self::SERVICE);
        // `match`, not `?` and `map`: each would be one more function
        // compiled for every derived struct.
        let environment = match environment_read_as(registry, &source, source.name()) {
            Ok(environment) => environment,
            Err(err) => return Err(err),
        };
        if source.name().is_empty() {
            no_environment_setting(Self::SERVICE);
        }
        match Self::load_as(&source, environment) {
            Ok(Loaded {
                value, warnings, ..
            }) => {
                emit_warnings(Self::SERVICE, &warnings);
                Ok(value)
            }
            Err(err) => Err(err),
        }
    }

    /// Loads the settings from the process environment; `ENVIRONMENT` picks
    /// the environment (or the variable the registry's environment setting
    /// names, or the service's own name for it).
    ///
    /// A registry with no environment setting loads every service as
    /// development, whose floors are the lowest: such a load emits a
    /// warning saying so; use [`load`](JwtSettings::load) to name the
    /// environment.
    #[allow(
        clippy::question_mark,
        reason = "`?` is one more function per derived struct"
    )]
    fn from_env() -> Result<Self, LoadError> {
        // `from_source`'s body rather than a call to it: one function
        // compiled per derived struct, not two.
        let registry = Self::registry();
        let source = EnvironmentRead::environment_of(registry, &ProcessEnv, Self::SERVICE);
        let environment = match environment_read_as(registry, &source, source.name()) {
            Ok(environment) => environment,
            Err(err) => return Err(err),
        };
        if source.name().is_empty() {
            no_environment_setting(Self::SERVICE);
        }
        match Self::load_as(&source, environment) {
            Ok(Loaded {
                value, warnings, ..
            }) => {
                emit_warnings(Self::SERVICE, &warnings);
                Ok(value)
            }
            Err(err) => Err(err),
        }
    }

    /// Loads the settings for `environment` from any `(name, value)` pairs.
    fn from_vars<I, K, V>(
        environment: impl Into<NamedEnvironment>,
        vars: I,
    ) -> Result<Self, LoadError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        match Self::load(&crate::load::source::vars(vars), environment) {
            Ok(Loaded {
                value, warnings, ..
            }) => {
                emit_warnings(Self::SERVICE, &warnings);
                Ok(value)
            }
            Err(err) => Err(err),
        }
    }
}

/// The warnings of a load whose caller does not see them: each is emitted
/// as a `tracing` event, so that a legacy name in use is not lost.
///
/// Not generic, so that a crate of fifty structs compiles one `tracing`
/// call site, not fifty.
fn emit_warnings(service: &'static str, warnings: &[crate::Warning]) {
    #[cfg(feature = "tracing")]
    for warning in warnings {
        tracing::warn!(
            target: "jwt_config",
            service,
            variable = warning.var(),
            "{warning}"
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (service, warnings);
}

/// A load that chose its environment from a registry with no environment
/// setting: it follows development's rules (no production floors), which a
/// service loading in production must hear of. Emitted as the load's
/// warnings are; not generic, so compiled once.
fn no_environment_setting(service: &'static str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        target: "jwt_config",
        service,
        "the registry has no environment setting (a [[setting]] of kind `environment`), so this load follows development's rules and production's floors never apply; add one, or load with `load(source, environment)`"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = service;
}

/// The environment among `values`, if the settings read it.
pub(crate) fn environment_in(values: &[(&'static str, Option<Value>)]) -> Option<NamedEnvironment> {
    values.iter().find_map(|(_, value)| match value {
        Some(Value::Environment(env)) => Some(*env),
        _ => None,
    })
}

/// Settings that hold key material: a signing secret, a private key or a
/// public key. `#[derive(JwtSettings)]` implements it for a struct with a
/// field of one of those roles, so that asking for `TokenKeys` (feature `jsonwebtoken`) from a
/// struct without one does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` holds no key material to sign or verify tokens with",
    label = "this struct has no field for a signing secret, a private key or a public key",
    note = "add a field for the setting of role `signing_secret` (`JWT_SECRET_KEY` in the built-in table), `private_key` or `public_key`"
)]
pub trait KeyMaterial: JwtSettings {}

impl<T: JwtSettings> Loaded<T> {
    /// The settings as a [`Snapshot`], with each value's origin and the
    /// registered aliases that were set but not read (ignored, or set
    /// beside the name that was read).
    pub fn snapshot(&self) -> Snapshot {
        // A field of type `Environment` holds the rules followed (`staging`);
        // the load knows the name (`qa`).
        let values = self
            .value
            .values()
            .into_iter()
            .map(|(name, value)| match value {
                Some(Value::Environment(_)) => (name, Some(Value::Environment(self.environment))),
                value => (name, value),
            })
            .collect();
        Snapshot::new(T::registry(), T::SERVICE, Some(self.environment), values)
            .with_origins(self.origins())
            .with_files(self.files.iter().map(|(name, path)| (*name, path.as_str())))
            .with_unread_aliases(unread_aliases(&self.warnings))
    }
}
