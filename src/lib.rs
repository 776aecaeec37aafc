//! # jwt-config
//!
//! One canonical registry of JWT settings, checked at compile time and
//! resolved per environment, so that the services of one deployment cannot
//! drift apart.
//!
//! A service declares the settings it reads with
//! [`#[derive(JwtSettings)]`](macro@JwtSettings). Each variable it names is
//! checked against the [`registry`] while compiling: a legacy alias, a typo
//! or a secret held in a `String` does not compile, and the error says what
//! to write instead. At run time the registry supplies defaults per
//! environment, the environments that require each setting, and the rules
//! between settings; a load reports every problem at once. Secrets are
//! [`SecretString`]s: no secret value reaches `Debug`, `Display`, an error
//! or a warning.
//!
//! This page is the reference; the README walks a newcomer through the
//! same ground, and the `jwt-config` command (crate `jwt-config-cli`)
//! checks whole deployments against the same registry.
//!
//! ```
//! use std::time::Duration;
//! use jwt_config::{Environment, JwtSettings, Origin, SecretString};
//!
//! #[derive(JwtSettings)]
//! #[jwt(service = "auth_service")]
//! struct AuthJwt {
//!     #[jwt(var = "JWT_SECRET_KEY")]
//!     secret: SecretString,
//!     #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", alias = "JWT_ACCESS_EXPIRY_MINUTES")]
//!     access_ttl: Duration,
//!     #[jwt(var = "JWT_ISSUER", required_in(development, test))]
//!     issuer: String,
//! }
//!
//! let vars = [
//!     ("JWT_SECRET_KEY", "a-long-random-test-secret"),
//!     ("JWT_ACCESS_EXPIRY_MINUTES", "10"),
//!     ("JWT_ISSUER", "https://auth.example.com"),
//! ];
//! let loaded = AuthJwt::load(&jwt_config::vars(vars), Environment::Test)?;
//! assert_eq!(loaded.access_ttl, Duration::from_secs(600));
//! assert_eq!(
//!     loaded.origin("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
//!     Some(&Origin::Alias("JWT_ACCESS_EXPIRY_MINUTES"))
//! );
//! // Reading the legacy name works, and says how to stop.
//! assert!(loaded.warnings()[0].to_string().contains("rename the variable to JWT_ACCESS_TOKEN_EXPIRE_MINUTES"));
//!
//! // In staging the issuer is still required by the registry, and the secret
//! // must be 32 bytes: both problems are reported together.
//! let Err(err) = AuthJwt::from_vars(Environment::Staging, [("JWT_SECRET_KEY", "short")]) else {
//!     panic!("a short secret and no issuer pass in staging");
//! };
//! assert_eq!(err.problems().len(), 2);
//! # Ok::<(), jwt_config::LoadError>(())
//! ```
//!
//! # Contents
//!
//! - [The derive](#the-derive): attributes and field types
//! - [The registry](#the-registry): the built-in table and `jwt-config.toml`
//! - [Environments](#environments)
//! - [Sources](#sources), and values from files (`NAME_FILE`)
//! - [Loading and errors](#loading-and-errors)
//! - [Snapshots and drift](#snapshots-and-drift)
//! - [Service credentials](#service-credentials)
//! - [Tokens](#tokens) (feature `jsonwebtoken`)
//! - [Features](#features)
//!
//! # The derive
//!
//! [`#[derive(JwtSettings)]`](macro@JwtSettings) implements the
//! [`JwtSettings`](trait@JwtSettings) trait for a struct with named fields,
//! one field per setting. Its page lists every attribute and the compile
//! errors it gives; in short:
//!
//! | on | attribute | meaning |
//! |---|---|---|
//! | struct | `service = "name"` | the service's name in errors, reports and `[[service]]` lookups (default: the struct's name in snake case) |
//! | struct | `crate = "path"` | where `jwt_config` is, for crates that re-export it |
//! | struct | `registry = "file.toml"` | check against this registry file, relative to the source file (mostly for tests; a crate names its file once with `JWT_CONFIG_REGISTRY`) |
//! | field | `var = "NAME"` | the canonical setting the field reads (default: the field's name upper-cased) |
//! | field | `alias = "LEGACY"` | also read this registered legacy name (repeatable) |
//! | field | `required` / `required_in(development, ...)` | require the setting beyond the registry, everywhere or in the environments named |
//! | field | `skip` | not a setting: the load fills it with `Default` |
//!
//! Field types, by the setting's kind (`Option<T>` of each too):
//!
//! | kind | field type |
//! |---|---|
//! | secret | [`SecretString`] (nothing else compiles) |
//! | duration | `Duration`, `u64` or `u32` (in the setting's unit) |
//! | integer | `u64`, `u32` or `u16` (a type that cannot hold the setting's `max` does not compile) |
//! | text, url | `String` |
//! | text list | `Vec<String>` (comma-separated) |
//! | flag | `bool` |
//! | algorithm | [`Algorithm`] |
//! | environment | [`Environment`] (the tier), or [`NamedEnvironment`] (an organisation's own name too) |
//!
//! A setting that may be absent in some environment (no default there and
//! not required there) must be an `Option`. A rule between two settings is
//! checked when the struct reads both: a struct is judged by what it reads.
//! The derive also implements [`KeyMaterial`] for a struct that reads a
//! signing secret, a private key or a public key.
//!
//! # The registry
//!
//! The [`registry`] holds every fact about a setting: its one name, legacy
//! aliases, kind and bounds, default per environment, the environments that
//! require it, its scope and drift category, its role, and the rules between
//! settings. [`registry::standard()`] is the built-in table; its settings and
//! rules are listed in the README's "The settings", generated from it by
//! [`docs::markdown`] (`jwt-config registry` prints the same).
//!
//! An organisation brings its own table as `jwt-config.toml`, which extends
//! or replaces the built-in one; the format, every key of it, and how the
//! derive finds the file (`JWT_CONFIG_REGISTRY`) are described in
//! [the registry module](registry#the-registry-file-jwt-configtoml). The
//! derive reads the file while compiling and embeds the table in the code it
//! generates, so a service never parses it at run time;
//! [`JwtSettings::registry`] returns the table a struct follows.
//!
//! # Environments
//!
//! [`Environment`] is one of four tiers: development, test, staging and
//! production. Each has its own defaults, required settings, secret floors
//! and rules (a skip flag may be true only in development, say). An
//! organisation may add environments in its registry file
//! (`[environments] qa = "staging"`); each follows one tier's rules while
//! keeping its own name in problems, reports and snapshots: a
//! [`NamedEnvironment`] (from [`Registry::environment`](registry::Registry::environment)).
//! The `load` methods take either.
//!
//! [`from_env`](JwtSettings::from_env) and
//! [`from_source`](JwtSettings::from_source) pick the environment from the
//! registry's environment setting: `ENVIRONMENT` in the built-in table,
//! which accepts `development`, `dev`, `local`; `test`, `testing`; `staging`,
//! `stage`; `production`, `prod` (any case), or the name of an
//! organisation's environment. Unset means development; anything else is an
//! error. A service declared in the registry file may read it under its own
//! name (`NODE_ENV = "ENVIRONMENT"`). The environment variable itself is
//! never read from a `NAME_FILE`.
//!
//! # Sources
//!
//! A [`Source`] is where variables are read from:
//!
//! - [`ProcessEnv`]: the process environment ([`from_env`](JwtSettings::from_env) reads it);
//! - [`vars`]: any `(name, value)` pairs ([`from_vars`](JwtSettings::from_vars) takes them);
//! - [`DotenvFile`]: a `.env` file, read as `dotenvy` reads it, without
//!   touching the process environment; a key set twice with different
//!   values, or a `$NAME` the file does not define, is a problem of that
//!   variable;
//! - `HashMap<String, String>` and `BTreeMap<String, String>`;
//! - your own: implement [`Source::var`]; the other methods have defaults.
//!
//! Values from files: when a name a field reads (its canonical name, or a
//! declared alias) is unset and `NAME_FILE` is set, the value is the content
//! of the file `NAME_FILE` names, every line break at its end dropped and
//! nothing else trimmed (an empty file counts as unset), as Docker and
//! Kubernetes secret mounts expect. The origin is
//! [`Origin::File`], and [`Loaded::file`] gives the path, never the content.
//! `NAME` and `NAME_FILE` both set is a problem; so is a file that is missing,
//! unreadable or not UTF-8, naming the path. A source reads the file with
//! [`Source::file`] (override it to read files your own way), or follows
//! `NAME_FILE` itself when [`Source::file_vars`] says [`FileVars::Own`].
//!
//! # Loading and errors
//!
//! Every way to load goes through [`load`](JwtSettings::load) (which calls
//! the derive's [`load_as`](JwtSettings::load_as)):
//!
//! | method | environment | returns |
//! |---|---|---|
//! | [`from_env()`](JwtSettings::from_env) | named by `ENVIRONMENT` | `Self` |
//! | [`from_source(&source)`](JwtSettings::from_source) | named by the source's `ENVIRONMENT` | `Self` |
//! | [`from_vars(env, pairs)`](JwtSettings::from_vars) | given | `Self` |
//! | [`load(&source, env)`](JwtSettings::load) | given | [`Loaded<Self>`](Loaded): the settings, each value's [`Origin`], the [`Warning`]s and a [`Snapshot`] |
//!
//! Per field, the canonical name and each declared alias are read (empty
//! counts as unset). Both set and equal: the value is used, with a warning
//! to remove the alias; different: a conflict. An alias alone: used, with a
//! warning naming the replacement. A registered alias the struct does not
//! declare: a "set but ignored" warning. Nothing set: the registry's default
//! for the environment, else a problem if the environment requires it, else
//! `None`.
//!
//! A failed load is one [`LoadError`] listing every [`Problem`] at once,
//! each with the variable, the environment, what is wrong
//! ([`ProblemKind`]) and the fix; its `Debug` is its `Display`, so a failed
//! `main` prints the readable list. No problem quotes a secret's value.
//!
//! Warnings (a legacy name in use, an alias set but ignored) are returned by
//! [`load`](JwtSettings::load); the other methods emit them as `tracing`
//! events at WARN level, target `jwt_config` (feature `tracing`), and as
//! `log` records when no `tracing` subscriber is set (feature `log`).
//!
//! # Snapshots and drift
//!
//! A [`Snapshot`] ([`Loaded::snapshot`], or [`JwtSettings::snapshot`]
//! without origins) holds a service's settings as printable values, secrets
//! as keyed [`fingerprint`](snapshot::fingerprint)s; it implements `serde::Serialize`. [`drift::compare`]
//! takes the snapshots of several services of one environment and reports
//! where they disagree on a shared setting, every legacy name in use and
//! every incomplete pair of service credentials; it refuses snapshots made
//! with different registries. [`drift::across_environments`] lists what
//! differs between environments (information, not drift).
//!
//! # Service credentials
//!
//! [`JwtSettings::service_credentials`] gives a service's
//! [`ServiceCredentials`] from the settings of roles `service_id` and
//! `service_secret` (`SERVICE_ID` and `SERVICE_SECRET` in the built-in
//! table); its [`headers`](ServiceCredentials::headers) are the
//! `X-Service-ID` / `X-Service-Secret` pair (the registry's `[service_auth]`
//! may rename them). An incomplete pair is a [`CredentialsError`], never an
//! empty header.
//!
//! # Tokens
//!
//! With feature `jsonwebtoken`, [`tokens::TokenKeys`] signs and verifies
//! tokens with a struct's settings, found by role whatever they are called:
//! the algorithm pinned from the settings, the key, `exp` and `nbf` with the
//! leeway, issuer and audience. Its page lists every check and the setting
//! that decides it. The [`tokens`] module re-exports what a caller needs of
//! `jsonwebtoken`.
//!
#![cfg_attr(
    feature = "jsonwebtoken",
    doc = "[`tokens`]: crate::tokens\n[`tokens::TokenKeys`]: crate::tokens::TokenKeys"
)]
#![cfg_attr(
    not(feature = "jsonwebtoken"),
    doc = "[`tokens`]: <https://docs.rs/jwt-config/latest/jwt_config/tokens/index.html>\n[`tokens::TokenKeys`]: <https://docs.rs/jwt-config/latest/jwt_config/tokens/struct.TokenKeys.html>"
)]
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `tracing` | on | warnings of `from_env`, `from_source` and `from_vars` emitted as `tracing` events |
//! | `log` | off | ... and as `log` records when no `tracing` subscriber is set (implies `tracing`) |
//! | `file` | off | reading a registry file at run time (`Registry::from_file`, `Registry::from_toml`), as the `jwt-config` command does; a service does not need it |
//! | `jsonwebtoken` | off | [`tokens`]: signing and verifying tokens with the settings |
//! | `deployment` | off | `jwt_config::deployment`: the deployment check `jwt-config check` runs, as a library, for a test that holds a deployment consistent (implies `file`) |
//! | `scan` | off | `jwt_config::scan`: the code scan `jwt-config scan` runs, as a library, for a test that holds the names and defaults in a codebase to the registry |
#![warn(missing_docs)]

pub use jwt_config_core::registry;
pub use jwt_config_core::{
    Algorithm, CredentialsError, Defect, DotenvError, DotenvFile, DotenvVar, EnvSet, Environment,
    ExposeSecret, FileVars, JwtSettings, KeyMaterial, LoadError, Loaded, NamedEnvironment,
    NotUnicode, Origin, Outside, ParseAlgorithmError, ParseEnvironmentError, Problem, ProblemKind,
    ProcessEnv, Repeated, SecretString, ServiceCredentials, ServiceHeaders, Snapshot, Source,
    Unreadable, Unseen, Value, Warning, WarningKind, WeakSecret, vars,
};
pub use jwt_config_core::{docs, drift, field, resolve, snapshot};

/// The keyed fingerprints of secrets, now in [`snapshot`]: kept so that
/// code written against 0.1's paths still builds.
#[doc(hidden)]
#[deprecated(
    note = "use jwt_config::snapshot::{fingerprint, FINGERPRINT_KEY_VARIABLE, FINGERPRINT_PREFIX}"
)]
pub mod fingerprint {
    pub use jwt_config_core::snapshot::{
        FINGERPRINT_KEY_VARIABLE as KEY_VARIABLE, FINGERPRINT_PREFIX as PREFIX, fingerprint,
    };
}

/// Signing and verifying tokens with the settings (feature `jsonwebtoken`).
#[cfg(feature = "jsonwebtoken")]
pub use jwt_config_core::tokens;

/// The deployment check as a library (feature `deployment`): what
/// `jwt-config check` runs, for a test that holds a deployment consistent.
#[cfg(feature = "deployment")]
pub use jwt_config_deployment as deployment;

/// The code scan as a library (feature `scan`): what `jwt-config scan`
/// runs, for a test that holds the environment variables a codebase reads,
/// and the defaults its code holds, to the registry.
#[cfg(feature = "scan")]
pub use jwt_config_scan as scan;

/// Derives [`JwtSettings`](trait@JwtSettings) for a struct with named
/// fields, checking every setting it reads against the [`registry`] at
/// compile time.
///
/// Each field reads one setting of the registry, by its canonical name; the
/// generated [`load_as`](JwtSettings::load_as) resolves each
/// field for an environment, and the trait's other methods
/// ([`from_env`](trait@JwtSettings#method.from_env), ...) call it. The
/// [crate documentation](crate) covers loading, environments, sources and
/// the registry file.
///
/// ```no_run
/// use std::time::Duration;
/// use jwt_config::{JwtSettings, SecretString};
///
/// #[derive(Debug, JwtSettings)]
/// #[jwt(service = "auth_service")]
/// struct AuthJwt {
///     #[jwt(var = "JWT_SECRET_KEY")]
///     secret: SecretString,
///     // Reads the legacy name too, with a warning, while deployments migrate.
///     #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", alias = "JWT_ACCESS_EXPIRY_MINUTES")]
///     access_ttl: Duration,
///     // Required in staging and production by the registry; optional elsewhere.
///     service_secret: Option<SecretString>,
///     // This service requires an issuer everywhere, beyond the registry.
///     #[jwt(var = "JWT_ISSUER", required)]
///     issuer: String,
///     // Not a setting: filled with `Default`.
///     #[jwt(skip)]
///     requests_served: u64,
/// }
///
/// fn main() -> Result<(), jwt_config::LoadError> {
///     let cfg = AuthJwt::from_env()?; // ENVIRONMENT picks the environment
///     println!("{cfg:?}");            // secrets print as [REDACTED]
///     Ok(())
/// }
/// ```
///
/// # Attributes
///
/// | on | attribute | meaning |
/// |---|---|---|
/// | struct | `service = "name"` | the service's name in errors, warnings and snapshots, and the `[[service]]` of the registry file it is checked against (default: the struct's name in snake case) |
/// | struct | `crate = "path"` | where `jwt_config` is, for crates that re-export it (`crate = "my_crate::jwt_config"`) |
/// | struct | `registry = "file.toml"` | check against this registry file, relative to the source file (as `include_str!`); mostly for tests: a crate names its file once with `JWT_CONFIG_REGISTRY` |
/// | field | `var = "NAME"` | the canonical setting the field reads (default: the field's name upper-cased) |
/// | field | `alias = "LEGACY"` | also read this registered legacy alias of the setting (repeatable); reading it is a warning, or a problem where the registry denies it |
/// | field | `required` | require the setting in every environment, beyond the registry |
/// | field | `required_in(development, test, staging, production)` | require it in the environments named (one or more of the four) |
/// | field | `skip` | the field is not a setting: the load fills it with `Default`, and it takes no other key |
///
/// Without `registry`, the derive follows the file `JWT_CONFIG_REGISTRY`
/// names (an absolute path, or `builtin` for the built-in table), else the
/// built-in table. A `jwt-config.toml` in the crate's directory or above it
/// while `JWT_CONFIG_REGISTRY` is unset is a compile error rather than a
/// silent check against the built-in table: set the variable either way,
/// such as in `.cargo/config.toml`:
///
/// ```toml
/// [env]
/// JWT_CONFIG_REGISTRY = { value = "jwt-config.toml", relative = true }
/// ```
///
/// When the struct's `service` is declared in the file (`[[service]]`), each
/// field reads through the service's own variable name and unit where it
/// has one, and must read a setting its `reads` lists.
///
/// For the field type each kind of setting takes, see
/// [the crate documentation](crate#the-derive).
///
/// # Compile errors
///
/// Every mistake of a struct is reported in one compile, on the token at
/// fault, saying what to write instead:
///
/// - an unknown setting (``unknown setting `JWT_SECRET_KEYY`, did you mean
///   `JWT_SECRET_KEY`?``), from `var` or from a field's name;
/// - a legacy alias used as `var` (``write `var =
///   "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", alias = "JWT_ACCESS_EXPIRY_MINUTES"`
///   to keep reading the old name``), an `alias` that is not one of the
///   setting's, is a canonical name, is declared twice, or is denied in
///   every environment;
/// - a setting read by two fields;
/// - a field type that cannot hold the setting's kind (`` `String` cannot
///   hold a secret setting ``), or a number type narrower than the setting's
///   `max`;
/// - a field that is not an `Option` although the setting may be unset in
///   some environment (no default there and not required there);
/// - `required` beside `required_in(...)`, an empty `required_in()`, a
///   requirement that has no effect, an environment that is not one of the
///   four (``write the environment `dev` as `development` ``);
/// - `default = ...`: defaults live in the registry;
/// - `skip` with other keys; an unknown or duplicate attribute;
/// - a field reading a setting its `[[service]]` does not list in `reads`;
/// - a registry file with problems (each listed), or a `jwt-config.toml`
///   nearby while `JWT_CONFIG_REGISTRY` is unset;
/// - an enum, a tuple struct or a generic struct;
/// - with feature `jsonwebtoken`, `TokenKeys::from_settings` on a struct
///   that holds no key material.
///
/// After an error the derive still emits a stub impl, so one mistake does
/// not cascade into errors elsewhere in the crate.
pub use jwt_config_macros::JwtSettings;

/// What code generated by `#[derive(JwtSettings)]` uses. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use jwt_config_core::__private::resolve_listed;
    pub use jwt_config_core::__private::values;
    pub use jwt_config_core::EnvSet;
    pub use jwt_config_core::registry::embed::embedded as embedded_registry;
    pub use jwt_config_core::resolve::FieldSpec;

    pub use crate::{
        Environment, JwtSettings, KeyMaterial, LoadError, Loaded, NamedEnvironment, Source,
    };
    pub use ::core::marker::Sized;
    pub use ::core::option::Option;
    pub use ::core::result::Result;
    pub use jwt_config_core::registry::{Registry, VarFormat};

    /// What `JwtSettings::values` returns.
    pub type Values = ::std::vec::Vec<(&'static str, ::core::option::Option<crate::Value>)>;

    /// Takes field `index` from a resolution as a `T`, which must hold the
    /// setting's kind: one function per kind, shared by every struct, so
    /// that a wrong type is an error at the field with the kind's message
    /// and nothing more is generated per field.
    pub mod take {
        use jwt_config_core::__private::Resolution;
        use jwt_config_core::field::{
            AlgorithmField, DurationField, EnvironmentField, FlagField, IntegerField, SecretField,
            TextField, TextListField, UrlField,
        };

        // Written out, not generated by a macro: a compile error shows
        // the bound's line.
        /// A secret setting.
        pub fn secret<T: SecretField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// A duration setting.
        pub fn duration<T: DurationField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// A text setting.
        pub fn text<T: TextField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// A text list setting.
        pub fn text_list<T: TextListField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// A flag setting.
        pub fn flag<T: FlagField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// An algorithm setting.
        pub fn algorithm<T: AlgorithmField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// An integer setting.
        pub fn integer<T: IntegerField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// A URL setting.
        pub fn url<T: UrlField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }

        /// An environment setting.
        pub fn environment<T: EnvironmentField>(resolution: &mut Resolution, index: usize) -> T {
            resolution.take(index)
        }
    }
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
