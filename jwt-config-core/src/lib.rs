//! The engine of [jwt-config](https://docs.rs/jwt-config): the canonical
//! registry of JWT settings and the environment-aware resolver.
//!
//! Most users depend on the `jwt-config` facade, which re-exports this crate
//! beside `#[derive(JwtSettings)]`. The derive macro depends on this crate
//! with default features off, which leaves the [`registry`] alone; the
//! `runtime` feature (on by default) adds sources, resolution and errors.

#![warn(missing_docs)]

mod algorithm;
pub mod docs;
mod environment;
mod lexical;
pub mod registry;

#[cfg(feature = "runtime")]
mod credentials;
#[cfg(feature = "runtime")]
mod dotenv;
#[cfg(feature = "runtime")]
pub mod drift;
#[cfg(feature = "runtime")]
mod error;
#[cfg(feature = "runtime")]
pub mod field;
#[cfg(feature = "runtime")]
pub mod fingerprint;
#[cfg(feature = "runtime")]
mod loaded;
#[cfg(feature = "runtime")]
pub mod resolve;
#[cfg(feature = "runtime")]
mod ser;
#[cfg(feature = "runtime")]
mod settings;
#[cfg(feature = "runtime")]
pub mod snapshot;
#[cfg(feature = "runtime")]
mod source;
#[cfg(feature = "tokens")]
pub mod tokens;
#[cfg(feature = "runtime")]
mod value;

pub use algorithm::{Algorithm, ParseAlgorithmError};
pub use environment::{EnvSet, Environment, NamedEnvironment, ParseEnvironmentError};

#[cfg(feature = "runtime")]
pub use credentials::{CredentialsError, ServiceCredentials, ServiceHeaders};
#[cfg(feature = "runtime")]
pub use error::{LoadError, Problem, ProblemKind, WeakSecret};
#[cfg(feature = "runtime")]
pub use loaded::{Loaded, Origin, Warning, WarningKind};
#[cfg(feature = "runtime")]
pub use secrecy::{ExposeSecret, SecretString};
#[cfg(feature = "runtime")]
pub use settings::{JwtSettings, KeyMaterial};
#[cfg(feature = "runtime")]
pub use snapshot::Snapshot;
#[cfg(feature = "runtime")]
pub use source::{
    Defect, DotenvError, DotenvFile, DotenvVar, FileVars, NotUnicode, ProcessEnv, Repeated, Source,
    Unreadable, Unseen, vars,
};
#[cfg(feature = "runtime")]
pub use value::{Range, Value};
