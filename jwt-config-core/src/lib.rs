//! The engine of [jwt-config](https://docs.rs/jwt-config): the canonical
//! registry of JWT settings and the environment-aware resolver.
//!
//! Most users depend on the `jwt-config` facade, which re-exports this crate
//! beside `#[derive(JwtSettings)]`. The derive macro depends on this crate
//! with default features off, which leaves the [`registry`] alone; the
//! `runtime` feature (on by default) adds sources, resolution and errors.

#![warn(missing_docs)]

mod algorithm;
mod environment;
mod lexical;
pub mod registry;
mod report;
mod words;

#[cfg(feature = "runtime")]
mod compare;
#[cfg(feature = "runtime")]
mod credentials;
#[cfg(feature = "runtime")]
pub mod field;
#[cfg(feature = "runtime")]
mod fingerprint;
#[cfg(feature = "key-pairs")]
mod keys;
#[cfg(feature = "runtime")]
mod load;
#[cfg(feature = "runtime")]
mod settings;
#[cfg(feature = "tokens")]
pub mod tokens;
#[cfg(feature = "runtime")]
mod value;

pub use report::docs;

#[cfg(feature = "runtime")]
pub use compare::{drift, snapshot};
/// The resolver: reads each field's variables from a source, applies the
/// registry's defaults and rules, and collects every problem of the load.
///
/// `#[derive(JwtSettings)]` loads through [`resolve`](resolve::resolve);
/// [`check`](resolve::check) resolves every setting of a registry at once,
/// and [`check_service`](resolve::check_service) what a declared service
/// reads, for tools that check a deployment rather than load a service.
#[cfg(feature = "runtime")]
pub mod resolve {
    pub use crate::compare::check::{ServiceCheck, check, check_service};

    /// The outcome of [`check`], under its 0.1 name.
    #[deprecated(
        note = "renamed ServiceCheck: `deployment::Check` is the check of a whole deployment"
    )]
    pub type Check = ServiceCheck;
    pub use crate::load::resolve::{FieldSpec, environment_of, environment_read_as, resolve};
}

pub use algorithm::{Algorithm, ParseAlgorithmError};
pub use environment::{EnvSet, Environment, NamedEnvironment, ParseEnvironmentError};

#[cfg(feature = "runtime")]
pub use compare::snapshot::Snapshot;
#[cfg(feature = "runtime")]
pub use credentials::{CredentialsError, ServiceCredentials, ServiceHeaders};
#[cfg(feature = "runtime")]
pub use load::error::{LoadError, Problem, ProblemKind, WeakSecret};
#[cfg(feature = "runtime")]
pub use load::loaded::{Loaded, Origin, Warning, WarningKind};
#[cfg(feature = "runtime")]
pub use load::source::{
    Defect, DotenvError, DotenvFile, DotenvVar, FileVars, NotUnicode, Outside, ProcessEnv,
    Repeated, Source, Unreadable, Unseen, vars,
};
#[cfg(feature = "runtime")]
pub use secrecy::{ExposeSecret, SecretString};
#[cfg(feature = "runtime")]
pub use settings::{JwtSettings, KeyMaterial};
#[cfg(feature = "runtime")]
pub use value::{Range, Value};

/// What the derive's output and the workspace's own crates call: outside
/// semver, out of the documentation. Nothing here is for a user to name.
#[doc(hidden)]
pub mod __private {
    /// English for messages, shared by the command's reports.
    pub mod words {
        pub use crate::words::{and_list, count};
    }

    #[cfg(feature = "runtime")]
    pub use crate::field::{FieldValue, values};
    #[cfg(feature = "runtime")]
    pub use crate::load::resolve::{Resolution, resolve_listed};
}
