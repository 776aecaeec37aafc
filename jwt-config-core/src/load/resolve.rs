//! The resolver: reads each field's variables from a source, applies the
//! registry's defaults and rules, and collects every problem of the load.
//! Public as [`crate::resolve`], with the deployment check built on it.

use std::borrow::Cow;

use crate::environment::{EnvSet, Environment, NamedEnvironment};
use crate::load::error::{LoadError, Problem, ProblemKind};
use crate::load::source::{FileVars, Source};
use crate::registry::{Registry, VarFormat};

mod across;
mod aliases;
mod defects;
mod engine;
mod files;
mod reads;
mod resolution;
#[cfg(test)]
mod tests;

use engine::Load;
pub(crate) use engine::{Aliases, Outcome};
pub(crate) use reads::EnvironmentRead;
use reads::{Read, read};
#[doc(hidden)]
pub use resolution::Resolution;
pub(crate) use resolution::Slot;

/// What a service reads for one setting: the canonical name, the legacy
/// aliases it still accepts, and the environments it adds to the registry's
/// required ones.
///
/// An alias the registry does not list for the setting is never read.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec<'a> {
    /// The setting's canonical name.
    pub setting: &'a str,
    /// Legacy aliases the service still reads, in order of preference.
    pub aliases: &'a [&'a str],
    /// Environments where the service requires the setting beyond the registry's.
    pub required_in: EnvSet,
    /// The service's own variable for the setting, read instead of the
    /// canonical name, as a declared service (`[[service]]`) names it.
    pub var: Option<&'static str>,
    /// The unit or format of the service's own variable, when it is not
    /// the setting's: the value is converted before it is judged.
    pub format: Option<VarFormat>,
    #[doc(hidden)]
    /// Where the registry's table holds the setting, as the derive found it
    /// while compiling: the load looks there first, and searches the table
    /// by name only when that position holds another setting.
    pub position: Option<usize>,
}

impl<'a> FieldSpec<'a> {
    /// A field reading `setting` by its canonical name only.
    pub const fn new(setting: &'a str) -> FieldSpec<'a> {
        FieldSpec {
            setting,
            aliases: &[],
            required_in: EnvSet::NONE,
            var: None,
            format: None,
            position: None,
        }
    }

    #[doc(hidden)]
    /// A field reading `setting`, which the registry's table holds at
    /// `position`: what the derive generates, so that a load does not
    /// search the table for it.
    ///
    /// ```
    /// use jwt_config::{registry, resolve::FieldSpec};
    ///
    /// let registry = registry::standard();
    /// let position = registry.position("JWT_ISSUER").unwrap();
    /// let field = FieldSpec::at("JWT_ISSUER", position);
    /// assert_eq!(registry.get_at(field.position, field.setting).unwrap().name, "JWT_ISSUER");
    /// ```
    pub const fn at(setting: &'a str, position: usize) -> FieldSpec<'a> {
        FieldSpec {
            position: Some(position),
            ..FieldSpec::new(setting)
        }
    }

    #[doc(hidden)]
    /// The field reads the service's own variable `var` (in `format`, when
    /// not the setting's unit) instead of the canonical name.
    pub const fn read_as(self, var: &'static str, format: Option<VarFormat>) -> FieldSpec<'a> {
        FieldSpec {
            var: Some(var),
            format,
            ..self
        }
    }

    /// The field also reads these legacy aliases.
    pub const fn with_aliases(self, aliases: &'a [&'a str]) -> FieldSpec<'a> {
        FieldSpec { aliases, ..self }
    }

    /// The field is also required in these environments.
    pub const fn required_in(self, required_in: EnvSet) -> FieldSpec<'a> {
        FieldSpec {
            required_in,
            ..self
        }
    }
}

/// The environment a source names in the registry's environment setting
/// (`ENVIRONMENT`): its default (development) when unset, an error, never a
/// fallback, when it names no environment.
///
/// An invalid environment stops a load before anything else is read: which
/// settings are required, and how strong a secret must be, depend on it.
///
/// ```
/// use jwt_config::{registry, resolve::environment_of, Environment};
/// use std::collections::HashMap;
///
/// let registry = registry::standard();
/// let vars = HashMap::from([("ENVIRONMENT".to_owned(), "prod".to_owned())]);
/// assert_eq!(environment_of(registry, &vars).unwrap().follows, Environment::Production);
/// let typo = HashMap::from([("ENVIRONMENT".to_owned(), "prodution".to_owned())]);
/// assert_eq!(environment_of(registry, &typo).unwrap_err().problems()[0].var(), "ENVIRONMENT");
/// let unset = HashMap::<String, String>::new();
/// assert_eq!(environment_of(registry, &unset).unwrap().name, "development");
/// ```
pub fn environment_of<S: Source + ?Sized>(
    registry: &Registry,
    source: &S,
) -> Result<NamedEnvironment, LoadError> {
    let name = registry
        .environment_setting()
        .map_or("", |setting| setting.name);
    environment_read_as(registry, source, name)
}

/// [`environment_of`], read from `name`: the environment setting's own
/// name for a service that declares one ([`Registry::environment_var`]).
///
/// ```
/// use jwt_config::{registry, resolve::environment_read_as, Environment};
/// use std::collections::HashMap;
///
/// let vars = HashMap::from([("NODE_ENV".to_owned(), "production".to_owned())]);
/// let env = environment_read_as(registry::standard(), &vars, "NODE_ENV").unwrap();
/// assert_eq!(env.follows, Environment::Production);
/// ```
pub fn environment_read_as<S: Source + ?Sized>(
    registry: &Registry,
    source: &S,
    name: &str,
) -> Result<NamedEnvironment, LoadError> {
    let Some(setting) = registry.environment_setting() else {
        return Ok(Environment::Development.into());
    };
    let fix = || format!("set {name} to one of {}", registry.environment_names());
    let fail = |kind| {
        Err(LoadError::new(
            None,
            None,
            vec![Problem::new(name, None, kind, fix())],
        ))
    };
    let value = match read(source, name) {
        Read::Set(value) => value,
        Read::NotUnicode => return fail(ProblemKind::NotUnicode),
        // The environment decides every rule, so it is never read from a
        // file: a `NAME_FILE` for it would be a silent development.
        Read::Unset
            if source.file_vars() == FileVars::Followed
                && !matches!(read(source, &format!("{name}_FILE")), Read::Unset) =>
        {
            return Err(LoadError::new(
                None,
                None,
                vec![Problem::new(
                    name,
                    None,
                    ProblemKind::Missing,
                    format!(
                        "set {name} itself: {name}_FILE is set, but the environment is never read from a file"
                    ),
                )],
            ));
        }
        Read::Unset => match setting.default_for(Environment::Development) {
            Some(default) => Cow::Borrowed(default),
            None => return fail(ProblemKind::Missing),
        },
    };
    registry.environment(&value).ok_or(()).or_else(|()| {
        fail(ProblemKind::Invalid {
            value: Some(value.trim().to_owned()),
            expected: "an environment".to_owned(),
        })
    })
}

/// Resolves `fields` of `service` from `source` for `env`, following the
/// registry. Returns every problem of the load at once.
///
/// On success, take each field's value in order with [`Resolution::take`],
/// then wrap the settings with [`Resolution::finish`], which fails when a
/// field's type cannot hold its value.
pub fn resolve<S: Source + ?Sized>(
    registry: &Registry,
    source: &S,
    env: impl Into<NamedEnvironment>,
    service: &str,
    fields: &[FieldSpec<'_>],
) -> Result<Resolution, LoadError> {
    resolve_dyn(
        registry,
        &source,
        env.into(),
        Cow::Owned(service.to_owned()),
        fields,
        None,
    )
}

#[doc(hidden)]
/// [`resolve`] with the names the load consults listed beforehand (as
/// [`Registry::names_consulted`] lists them): what the derive generates,
/// so that a load computes no list at run time.
#[doc(hidden)]
pub fn resolve_listed<S: Source + ?Sized>(
    registry: &Registry,
    source: &S,
    env: NamedEnvironment,
    service: &'static str,
    fields: &[FieldSpec<'_>],
    names: Option<&[&str]>,
) -> Result<Resolution, LoadError> {
    // `&S` is sized, so it is a `dyn Source`.
    resolve_dyn(
        registry,
        &source,
        env,
        Cow::Borrowed(service),
        fields,
        names,
    )
}

/// [`resolve_listed`] behind `dyn Source`: compiled once, in this crate,
/// rather than in every crate for every source type.
fn resolve_dyn(
    registry: &Registry,
    source: &dyn Source,
    env: NamedEnvironment,
    service: Cow<'static, str>,
    fields: &[FieldSpec<'_>],
    names: Option<&[&str]>,
) -> Result<Resolution, LoadError> {
    let outcome = Load::run_reading(
        registry,
        source,
        env,
        &service,
        fields,
        names,
        Aliases::Compared,
    );
    if outcome.problems.is_empty() {
        Ok(Resolution {
            service,
            env,
            slots: outcome.slots,
            warnings: outcome.warnings,
            misfits: Vec::new(),
        })
    } else {
        Err(LoadError::new(Some(&service), Some(env), outcome.problems))
    }
}

/// Resolves `fields` of `service`, reading a field's aliases as `aliases`
/// says: every slot, problem and warning, for a check to make its report
/// of (see [`crate::resolve::check`]).
pub(crate) fn outcome<S: Source + ?Sized>(
    registry: &Registry,
    source: &S,
    env: NamedEnvironment,
    service: &str,
    fields: &[FieldSpec<'_>],
    aliases: Aliases,
) -> Outcome {
    Load::run_reading(registry, source, env, service, fields, None, aliases)
}
