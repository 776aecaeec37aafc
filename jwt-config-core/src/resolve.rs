//! The resolver: reads each field's variables from a source, applies the
//! registry's defaults and rules, and collects every problem of the load.
//!
//! `#[derive(JwtSettings)]` generates a call to [`resolve`]; [`check`]
//! resolves every setting of a registry at once, for tools that check a
//! deployment rather than load a service.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::environment::{EnvSet, Environment, NamedEnvironment};
use crate::error::{LoadError, Problem, ProblemKind};
use crate::field::FieldType;
use crate::loaded::{Loaded, Origin, Warning, WarningKind};
use crate::registry::{Encoding, Kind, Lookup, Registry, Role, Rule, Service, Setting, VarFormat};
use crate::snapshot::{Seen, Snapshot, UnseenValue, unread_aliases};
use crate::source::{Defect, FileVars, NotUnicode, Source, Unreadable, Unseen};
use crate::value::{self, Value};

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

/// Resolves every setting of `registry` from `source` for `env`, as a
/// deployment check of a service the registry does not declare does: the
/// snapshot of what resolved, and every problem and warning.
///
/// Not knowing which names the service reads, it assumes the service reads
/// the first name of a setting that is set, in the order canonical name,
/// then each registered alias: a legacy name read so is a
/// [`WarningKind::DeprecatedAlias`], and one set beside a name read before
/// it is a [`WarningKind::ShadowedAlias`], neither read nor compared.
///
/// ```
/// use jwt_config::{registry, resolve, Environment, Origin};
/// use std::collections::HashMap;
///
/// let vars = HashMap::from([("JWT_ACCESS_EXPIRY_MINUTES".to_owned(), "20".to_owned())]);
/// let check = resolve::check(registry::standard(), &vars, Environment::Development, "auth");
/// assert_eq!(check.snapshot.value("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"), Some("20"));
/// assert_eq!(check.problems[0].var(), "JWT_SECRET_KEY");
/// assert_eq!(check.warnings[0].var(), "JWT_ACCESS_EXPIRY_MINUTES");
/// ```
pub fn check<S: Source + ?Sized>(
    registry: &'static Registry,
    source: &S,
    env: impl Into<NamedEnvironment>,
    service: &str,
) -> Check {
    let alias_names: Vec<Vec<&str>> = registry
        .iter()
        .map(|setting| setting.aliases.iter().map(|alias| alias.name).collect())
        .collect();
    let fields: Vec<FieldSpec<'_>> = registry
        .iter()
        .zip(&alias_names)
        .map(|(setting, aliases)| FieldSpec::new(setting.name).with_aliases(aliases))
        .collect();
    check_fields(
        registry,
        source,
        env.into(),
        service,
        &fields,
        Aliases::Fallback,
    )
}

/// Resolves what the declared service `declared` reads, under its own
/// variable names and units, as a deployment check of that service does:
/// its settings only, none of the aliases, each required where the
/// registry or the declaration's `required_in` requires it.
///
/// ```
/// use jwt_config::registry::{self, Registry, Service, ServiceVar, VarFormat};
/// use jwt_config::{resolve, Environment, Origin};
/// use std::collections::HashMap;
///
/// // As `[[service]] name = "gotrue"` with
/// // `GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }`.
/// static SERVICES: [Service; 1] = [Service {
///     name: "gotrue",
///     reads: &["JWT_ACCESS_TOKEN_EXPIRE_MINUTES"],
///     vars: &[ServiceVar {
///         var: "GOTRUE_JWT_EXP",
///         setting: "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
///         format: Some(VarFormat::Seconds),
///     }],
///     loader: None,
///     required_in: &[],
///     ignore: &[],
/// }];
/// let standard = registry::standard();
/// let registry: &'static Registry = Box::leak(Box::new(
///     Registry::new(standard.settings(), standard.rules(), *standard.secret_policy())
///         .with_services(&SERVICES),
/// ));
/// let vars = HashMap::from([("GOTRUE_JWT_EXP".to_owned(), "900".to_owned())]);
/// let gotrue = registry.service("gotrue").unwrap();
/// let check = resolve::check_service(registry, &vars, Environment::Test, gotrue);
/// assert_eq!(check.snapshot.value("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"), Some("15"));
/// assert_eq!(
///     check.snapshot.get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap().origin(),
///     Some(&Origin::Own("GOTRUE_JWT_EXP"))
/// );
/// ```
pub fn check_service<S: Source + ?Sized>(
    registry: &'static Registry,
    source: &S,
    env: impl Into<NamedEnvironment>,
    declared: &'static Service,
) -> Check {
    let fields: Vec<FieldSpec<'_>> = declared
        .reads
        .iter()
        .filter_map(|name| registry.get(name))
        .map(|setting| {
            let field =
                FieldSpec::new(setting.name).required_in(declared.required_in(setting.name));
            match declared.var_for(setting.name) {
                Some(var) => field.read_as(var.var, var.format),
                None => field,
            }
        })
        .collect();
    check_fields(
        registry,
        source,
        env.into(),
        declared.name,
        &fields,
        Aliases::Compared,
    )
}

/// A check of `fields`: the snapshot of what resolved, every problem and
/// warning.
fn check_fields<S: Source + ?Sized>(
    registry: &'static Registry,
    source: &S,
    env: NamedEnvironment,
    service: &str,
    fields: &[FieldSpec<'_>],
    aliases: Aliases,
) -> Check {
    let outcome = Load::run_reading(registry, source, env, service, fields, None, aliases);
    let origins: Vec<(&'static str, Origin)> = outcome.origins().collect();
    // An alias in conflict with the name that was read is not read either.
    let conflicting: Vec<(&'static str, &'static str)> = outcome
        .problems
        .iter()
        .filter(|problem| matches!(problem.kind(), ProblemKind::Conflict { .. }))
        .filter_map(|problem| match registry.lookup(problem.var()) {
            Lookup::Alias { alias, setting } => Some((setting.name, alias.name)),
            _ => None,
        })
        .collect();
    let mut values = Vec::with_capacity(outcome.slots.len());
    let mut seen = Vec::new();
    let mut files = Vec::new();
    let mut material = Vec::new();
    for slot in outcome.slots {
        let Some(setting) = slot.setting else {
            continue;
        };
        files.extend(slot.file.map(|path| (setting.name, path)));
        if slot.material {
            material.push(setting.name);
        }
        values.push((setting.name, slot.value));
        if slot.refused.is_some() || slot.unseen.is_some() || slot.written.is_some() {
            let Slot {
                refused,
                unseen,
                written,
                ..
            } = slot;
            seen.push((
                setting.name,
                Seen {
                    refused,
                    unseen,
                    written,
                },
            ));
        }
    }
    let snapshot = Snapshot::new(registry, service, Some(env), values)
        .with_seen(seen)
        .with_origins(origins.iter().map(|(name, origin)| (*name, origin)))
        .with_files(files.iter().map(|(name, path)| (*name, path.as_str())))
        .with_unread_aliases(unread_aliases(&outcome.warnings))
        .with_shadowed_aliases(&outcome.warnings)
        .with_unread_aliases(conflicting)
        .with_secret_material(material);
    Check {
        snapshot,
        problems: outcome.problems,
        warnings: outcome.warnings,
    }
}

/// The outcome of [`check`].
#[derive(Debug, Clone)]
pub struct Check {
    /// Every setting, with what resolved (a setting with a problem has no value).
    pub snapshot: Snapshot,
    /// Every problem.
    pub problems: Vec<Problem>,
    /// Every warning.
    pub warnings: Vec<Warning>,
}

/// The resolved fields of a load whose values had no problem: taken into
/// a struct with [`Resolution::take`], then checked and wrapped by
/// [`Resolution::finish`], which fails when a field could not hold its value.
#[derive(Debug)]
#[must_use = "take each field, then call `finish`: it reports the fields that could not hold their values"]
pub struct Resolution {
    /// The service's name: borrowed from the derive, which names it in a literal.
    service: Cow<'static, str>,
    env: NamedEnvironment,
    slots: Vec<Slot>,
    warnings: Vec<Warning>,
    /// Fields whose type could not hold their value, as [`Resolution::take`]
    /// found them.
    misfits: Vec<Problem>,
}

impl Resolution {
    /// Takes the value of field `index` (in the order given to [`resolve`])
    /// as `T`. A second take of one field finds it empty.
    ///
    /// A value `T` cannot hold (a `u16` above 65,535, no value for a type
    /// that is not an `Option`) gives [`FieldType::stand_in`] and makes
    /// [`Resolution::finish`] fail: a struct is built from every field
    /// before the load fails, so that the code building it has no early
    /// return, and the load reports every field that does not fit. So a
    /// taken value means nothing until `finish` returns `Ok`: pass it to
    /// `finish`, never use it before.
    pub fn take<T: FieldType>(&mut self, index: usize) -> T {
        let value = self.slots.get_mut(index).and_then(|slot| slot.value.take());
        let absent = value.is_none();
        T::from_value(value).unwrap_or_else(|| {
            self.misfit(index, std::any::type_name::<T>(), absent);
            T::stand_in()
        })
    }

    /// Records that field `index` cannot be held in a `ty` (having no value
    /// when `absent`): not generic, so compiled once in this crate.
    fn misfit(&mut self, index: usize, ty: &'static str, absent: bool) {
        let slot = self.slots.get(index);
        let var = slot.map_or("", |slot| slot.var);
        let (kind, fix) = if absent {
            let ty = crate::error::unqualified(ty);
            let fix = format!(
                "load {var} from a source that shows its value, or declare the field as `Option<{ty}>`"
            );
            (ProblemKind::NoValue { ty }, fix)
        } else {
            let setting = slot
                .and_then(|slot| slot.setting)
                .map_or(var, |setting| setting.name);
            (
                ProblemKind::FieldType { ty },
                format!(
                    "declare the field with a type that holds every value the registry allows {setting} (`u64` for a number)"
                ),
            )
        };
        let mut problem = Problem::new(var, Some(self.env), kind, fix);
        // Traced to its setting, as every problem of a load is.
        problem.setting = slot
            .and_then(|slot| slot.setting)
            .map(|setting| setting.name);
        self.misfits.push(problem);
    }

    /// Wraps the settings built from the taken values with their origins
    /// and warnings.
    ///
    /// # Errors
    ///
    /// Every field [`Resolution::take`] could not give its value: a
    /// [`ProblemKind::FieldType`] or [`ProblemKind::NoValue`] each. `value`,
    /// built with stand-ins, is dropped.
    pub fn finish<T>(self, value: T) -> Result<Loaded<T>, LoadError> {
        // Built here, not through a generic helper: this is instantiated
        // once per derived struct.
        let Loaded {
            value: (),
            environment,
            origins,
            warnings,
            files,
        } = self.into_loaded()?;
        Ok(Loaded {
            value,
            environment,
            origins,
            warnings,
            files,
        })
    }

    /// The load without its settings: not generic, so compiled once in
    /// this crate.
    fn into_loaded(self) -> Result<Loaded<()>, LoadError> {
        if !self.misfits.is_empty() {
            return Err(LoadError::new(
                Some(&self.service),
                Some(self.env),
                self.misfits,
            ));
        }
        let mut origins = Vec::with_capacity(self.slots.len());
        origins.extend(self.slots.iter().filter_map(Slot::named_origin));
        // Nothing to build unless a value was read from a file.
        let files = if self.slots.iter().any(|slot| slot.file.is_some()) {
            self.slots
                .into_iter()
                .filter_map(|slot| Some((slot.setting?.name, slot.file?)))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Loaded {
            value: (),
            environment: self.env,
            origins,
            warnings: self.warnings,
            files,
        })
    }
}

#[derive(Debug)]
struct Slot {
    /// `None` for a field whose setting the registry does not know.
    setting: Option<&'static Setting>,
    /// The variable the value was read from (the canonical name for a default).
    var: &'static str,
    origin: Option<Origin>,
    value: Option<Value>,
    /// A value refused for its own sake (a secret too short, a lifetime out
    /// of bounds): a secret is still compared by the rules, and every such
    /// value by drift, so that one problem does not hide another. A secret
    /// is held as one; any other value as the text that was read.
    refused: Option<Value>,
    /// Set, but its value cannot be seen: held outside the deployment, or
    /// not valid UTF-8.
    unseen: Option<UnseenValue>,
    /// The value as the service wrote it, in its own unit or format, when
    /// it is not the setting's (`3600 seconds`, `` `7d` ``).
    written: Option<String>,
    /// The path of the file the value was read from ([`Origin::File`]).
    file: Option<String>,
    /// The source says the value is secret material
    /// ([`Source::secret_material`]): shown as a secret's, whatever the
    /// setting.
    material: bool,
}

impl Slot {
    /// The setting's name and where its value came from, when it has both.
    fn named_origin(&self) -> Option<(&'static str, Origin)> {
        Some((self.setting?.name, self.origin?))
    }
}

/// Every name a load of `fields` consults, each once (see
/// [`Registry::names_consulted`]).
fn names_to_read<'n>(registry: &'n Registry, fields: &[FieldSpec<'n>]) -> Vec<&'n str> {
    let consulted: Vec<(&'n str, Option<&'n str>, &'n [&'n str])> = fields
        .iter()
        .map(|field| (field.setting, field.var, field.aliases))
        .collect();
    registry.names_consulted(&consulted)
}

/// `source` with the value of one name (the environment variable, read to
/// choose the environment) remembered, so that the load does not read it
/// again.
///
/// A [`Prefetched`] of one name would do, but with a `Vec` to allocate on
/// every load: about 480 instructions more per load (callgrind).
pub(crate) struct Remembered<'s, S: ?Sized> {
    source: &'s S,
    name: &'s str,
    value: ReadValue<'s>,
}

/// What [`Source::var`] gave for a name.
type ReadValue<'s> = Result<Option<Cow<'s, str>>, NotUnicode>;

impl<'s, S: Source + ?Sized> Remembered<'s, S> {
    /// `source`, with the variable `service` reads the environment from
    /// read now.
    pub(crate) fn environment_of(
        registry: &'s Registry,
        source: &'s S,
        service: &str,
    ) -> Remembered<'s, S> {
        let name = registry.environment_var(service).unwrap_or("");
        Remembered {
            source,
            name,
            value: source.var(name),
        }
    }
}

impl<'s, S: ?Sized> Remembered<'s, S> {
    /// The name remembered.
    pub(crate) fn name(&self) -> &'s str {
        self.name
    }
}

impl<S: Source + ?Sized> Source for Remembered<'_, S> {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        if name == self.name {
            return self
                .value
                .as_ref()
                .map(|value| value.as_deref().map(Cow::Borrowed))
                .map_err(|err| *err);
        }
        self.source.var(name)
    }

    fn defects(&self, name: &str) -> Vec<Defect> {
        self.source.defects(name)
    }

    fn held_outside(&self, name: &str) -> Option<Unseen> {
        self.source.held_outside(name)
    }

    fn maybe_held_outside(&self, name: &str) -> bool {
        self.source.maybe_held_outside(name)
    }

    fn secret_material(&self, name: &str) -> bool {
        self.source.secret_material(name)
    }

    fn file_vars(&self) -> FileVars {
        self.source.file_vars()
    }

    fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
        self.source.file(path)
    }
}

/// A source whose names were read once, up front: what a load consults
/// again (the environment variable, a rule's setting) costs no second read
/// of the process environment. A name not foreseen is read from the source.
struct Prefetched<'s, S: ?Sized> {
    source: &'s S,
    read: Vec<(&'s str, ReadValue<'s>)>,
    /// Whether a name read ends with `_FILE`: else a `NAME_FILE` the load
    /// asks for is read from the source without a search.
    file_listed: bool,
}

impl<'s, S: Source + ?Sized> Prefetched<'s, S> {
    fn new(source: &'s S, names: &[&'s str]) -> Prefetched<'s, S> {
        let read = names.iter().map(|&name| (name, source.var(name))).collect();
        let file_listed = names.iter().any(|name| name.ends_with(FILE_SUFFIX));
        Prefetched {
            source,
            read,
            file_listed,
        }
    }
}

impl<S: Source + ?Sized> Source for Prefetched<'_, S> {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        if !self.file_listed && name.ends_with(FILE_SUFFIX) {
            return self.source.var(name);
        }
        match self
            .read
            .iter()
            .find(|(read, _)| crate::registry::same_name(read, name))
        {
            Some((_, value)) => value
                .as_ref()
                .map(|value| value.as_deref().map(Cow::Borrowed))
                .map_err(|err| *err),
            // Not foreseen: read it now rather than miss it.
            None => self.source.var(name),
        }
    }

    fn defects(&self, name: &str) -> Vec<Defect> {
        self.source.defects(name)
    }

    fn held_outside(&self, name: &str) -> Option<Unseen> {
        self.source.held_outside(name)
    }

    fn maybe_held_outside(&self, name: &str) -> bool {
        self.source.maybe_held_outside(name)
    }

    fn secret_material(&self, name: &str) -> bool {
        self.source.secret_material(name)
    }

    fn file_vars(&self) -> FileVars {
        self.source.file_vars()
    }

    fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
        self.source.file(path)
    }
}

/// The canonical name of the setting `var` stands for in a load of
/// `fields`: a field's own variable (`GOTRUE_JWT_EXP`), a canonical name or
/// a registered alias.
fn setting_of(registry: &Registry, fields: &[FieldSpec<'_>], var: &str) -> Option<&'static str> {
    let own = fields.iter().find(|field| field.var == Some(var));
    let setting = match own {
        Some(field) => registry.get(field.setting),
        None => registry.setting_for(var),
    };
    match setting {
        Some(setting) => Some(setting.name),
        // A `NAME_FILE` stands for the setting `NAME` does.
        None => var
            .strip_suffix(FILE_SUFFIX)
            .filter(|name| !name.is_empty())
            .and_then(|name| setting_of(registry, fields, name)),
    }
}

/// What a variable that names the file holding another's value ends with.
const FILE_SUFFIX: &str = "_FILE";

/// `NAME_FILE` for `name`, kept for the life of the process so that an
/// [`Origin::File`] can name it: one copy of each ever asked for, and
/// only when a value is read from a file (or its variable has a problem).
/// Names come from the registry and the derive, so there are few.
fn file_var(name: &str) -> &'static str {
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    let found = names
        .iter()
        .find(|known| known.len() == name.len() + FILE_SUFFIX.len() && known.starts_with(name));
    if let Some(found) = found {
        return found;
    }
    let made: &'static str = Box::leak(format!("{name}{FILE_SUFFIX}").into_boxed_str());
    names.push(made);
    made
}

/// What a field's name gave through its `NAME_FILE`.
enum FromFile {
    /// `NAME_FILE` is unset (or the source follows its files itself).
    Unset,
    /// The file's text, its final line breaks dropped.
    Read {
        /// The `NAME_FILE` variable.
        var: &'static str,
        /// The path it names.
        path: String,
        /// The text.
        text: String,
    },
    /// A problem of the load: the file cannot be read, or `NAME` is set too.
    Failed,
}

/// The least size of an RSA key where deployed (staging, production), in
/// bits: NIST's floor since 2013.
#[cfg(feature = "tokens")]
const MIN_RSA_BITS: usize = 2048;

/// A value a field read, wiped from memory when dropped if it is owned
/// (a file's text: the source's own values are the source's to keep).
struct Wiped<'a>(Cow<'a, str>);

impl std::ops::Deref for Wiped<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Drop for Wiped<'_> {
    fn drop(&mut self) {
        if let Cow::Owned(text) = &mut self.0 {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

/// A value a field read: the name read, the variable the value came from
/// (its `NAME_FILE`, when read from a file) and the file's path.
struct Chosen<'a> {
    name: &'static str,
    var: &'static str,
    value: Cow<'a, str>,
    path: Option<String>,
}

/// The registered aliases of `setting` that `field` declares, in the
/// field's order of preference.
fn declared_aliases<'f>(
    setting: &'static Setting,
    field: &'f FieldSpec<'_>,
) -> impl Iterator<Item = &'static str> + 'f {
    field.aliases.iter().filter_map(move |declared| {
        setting
            .aliases
            .iter()
            .find(|alias| alias.name == *declared)
            .map(|alias| alias.name)
    })
}

/// A value `setting` refused, as drift compares it: a secret as one; a
/// number (a lifetime out of bounds, in the service's own unit or the
/// setting's) as its amount in the setting's unit, so that it is compared
/// with the other services' values; anything else as the text read.
fn refused_value(setting: &Setting, raw: &str, written: Option<VarFormat>) -> Value {
    if setting.is_secret() {
        return Value::secret(setting, raw);
    }
    let amount = match setting.kind {
        Kind::Duration { unit, .. } => written
            .unwrap_or(unit.format())
            .to_unit(raw, unit)
            .ok()
            .map(|amount| Value::Duration { amount, unit }),
        Kind::Integer { .. } => raw.trim().parse().ok().map(Value::Integer),
        _ => None,
    };
    amount.unwrap_or_else(|| Value::Text(raw.trim().to_owned()))
}

/// `path`, a value that names a file, as a problem may quote it: only when
/// it looks like a path (absolute, or from `./` or `../`, on one line, no
/// PEM block in it). A key or a secret set where a path belongs is never
/// shown; nor is a bare name, which a secret may look like too.
fn shown_path(path: &str) -> Option<String> {
    let rooted = ["/", "./", "../"]
        .iter()
        .any(|start| path.starts_with(start));
    let path_like =
        rooted && !path.contains(|c: char| c.is_control()) && !path.contains("-----BEGIN ");
    path_like.then(|| path.to_owned())
}

/// `raw`, written in the service's own `format`, as reports quote it:
/// `3600 seconds`, `` `7d` ``.
fn written_text(raw: &str, format: VarFormat) -> String {
    let raw = raw.trim();
    match (format, raw.parse::<u64>()) {
        (VarFormat::Span, _) | (_, Err(_)) => format!("`{raw}`"),
        (format, Ok(amount)) => crate::docs::count(amount, format.name().trim_end_matches('s')),
    }
}

/// The value the load read for the setting named `name`, with the variable
/// it came from (a refused secret too: one problem must not hide another).
fn read_value<'a>(slots: &'a [Slot], name: &str) -> Option<(&'static str, &'a Value)> {
    let slot = slots.iter().find(|slot| {
        slot.setting
            .is_some_and(|setting| crate::registry::same_name(setting.name, name))
    })?;
    let refused = slot
        .refused
        .as_ref()
        .filter(|value| matches!(value, Value::Secret(_)));
    let value = slot.value.as_ref().or(refused)?;
    Some((slot.var, value))
}

enum Read<'a> {
    Unset,
    Set(Cow<'a, str>),
    NotUnicode,
}

/// Reads `name`; empty or whitespace-only counts as unset.
fn read<'a, S: Source + ?Sized>(source: &'a S, name: &str) -> Read<'a> {
    match source.var(name) {
        Ok(Some(value)) if !crate::lexical::blank(&value) => Read::Set(value),
        Ok(_) => Read::Unset,
        Err(_) => Read::NotUnicode,
    }
}

/// How a load reads the names of a field after the first one set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aliases {
    /// Each is compared with the first: the service reads them all, so
    /// two different values are a conflict. What a service that declares
    /// its aliases does.
    Compared,
    /// Each is left unread: a check that does not know which names a
    /// service reads assumes it reads the first name set, in the order
    /// canonical name, then aliases.
    Fallback,
}

struct Outcome {
    slots: Vec<Slot>,
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
}

impl Outcome {
    fn origins(&self) -> impl Iterator<Item = (&'static str, Origin)> + '_ {
        self.slots.iter().filter_map(Slot::named_origin)
    }
}

struct Load<'r, 's, 'f, S: ?Sized> {
    registry: &'r Registry,
    source: &'s S,
    env: NamedEnvironment,
    /// What the load reads: how each problem's variable is traced to its
    /// setting.
    fields: &'f [FieldSpec<'f>],
    aliases: Aliases,
    /// The variable the service reads the environment from, when the
    /// registry has an environment setting: its own name, if declared.
    environment_var: Option<&'static str>,
    /// Whether the load follows `NAME_FILE` variables ([`Source::file_vars`]).
    follow_files: bool,
    /// Where each name's `NAME_FILE` is spelled, allocated once per load
    /// rather than once per name.
    file_var: String,
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
}

impl<'s, 'f, S: Source + ?Sized> Load<'_, 's, 'f, S> {
    /// [`Load::run_reading`] for no service in particular.
    #[cfg(test)]
    fn run(
        registry: &Registry,
        source: &S,
        env: NamedEnvironment,
        fields: &[FieldSpec<'_>],
        names: Option<&[&str]>,
    ) -> Outcome {
        Load::run_reading(registry, source, env, "", fields, names, Aliases::Compared)
    }

    /// Resolves every field of `service`, reading a field's aliases as
    /// `aliases` says, then checks the rules between them.
    fn run_reading(
        registry: &Registry,
        source: &S,
        env: NamedEnvironment,
        service: &str,
        fields: &[FieldSpec<'_>],
        names: Option<&[&str]>,
        aliases: Aliases,
    ) -> Outcome {
        // Every name the load consults, read once, before anything else:
        // the derive lists them at compile time.
        let listed;
        let names = match names {
            Some(names) => names,
            None => {
                listed = names_to_read(registry, fields);
                &listed[..]
            }
        };
        let source = Prefetched::new(source, names);
        let mut load = Load {
            registry,
            source: &source,
            env,
            fields,
            aliases,
            environment_var: registry.environment_var(service),
            follow_files: source.file_vars() == FileVars::Followed,
            file_var: String::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        load.check_environment_var();
        let slots: Vec<Slot> = fields.iter().map(|field| load.field(field)).collect();
        load.check_rules(&slots);
        load.check_key_material(&slots);
        Outcome {
            slots,
            problems: load.problems,
            warnings: load.warnings,
        }
    }

    fn problem(&mut self, var: &str, kind: ProblemKind, fix: impl Into<String>) {
        self.push(Problem::new(var, Some(self.env), kind, fix));
    }

    /// Every problem of the load goes through here, to be traced to the
    /// setting its variable stands for.
    fn push(&mut self, mut problem: Problem) {
        problem.setting = setting_of(self.registry, self.fields, problem.var());
        self.problems.push(problem);
    }

    /// A value read from `var` that starts or ends with whitespace (a
    /// trailing line break, say): services read it as part of the value, so
    /// it is never trimmed silently. A problem where deployed (staging,
    /// production), a warning elsewhere. A secret's is judged by the secret
    /// policy where it is strict.
    fn check_untrimmed(&mut self, setting: &'static Setting, var: &'static str, value: &str) {
        // A PEM key ends with a line break as written, and every PEM reader
        // takes it so.
        let pem = matches!(setting.role, Some(Role::PrivateKey | Role::PublicKey));
        if pem || !crate::lexical::untrimmed(value) {
            return;
        }
        let env = self.env.follows;
        if setting.is_secret() && self.registry.secret_policy().strict_in.contains(env) {
            return;
        }
        if EnvSet::DEPLOYED.contains(env) {
            self.problem(
                var,
                ProblemKind::Untrimmed,
                format!("remove the whitespace around the value of {var}"),
            );
        } else {
            self.warnings.push(Warning::new(
                var,
                setting.name,
                self.env,
                WarningKind::Untrimmed,
            ));
        }
    }

    /// Whether the value of `name` may be a secret: it is one of a secret
    /// setting, or a name the registry does not know.
    fn may_be_secret(&self, name: &str) -> bool {
        self.registry
            .setting_for(name)
            .is_none_or(|setting| setting.is_secret())
    }

    /// What the source says is wrong with how it sets `name`: each a problem.
    fn defects(&mut self, name: &str) {
        let defects = self.source.defects(name);
        // Most sources have none: no iterator to build and drop then.
        if defects.is_empty() {
            return;
        }
        for defect in defects {
            let (kind, fix) = match defect {
                Defect::Redefined { lines } => (
                    ProblemKind::Redefined { lines },
                    format!("keep one line setting {name}"),
                ),
                Defect::Unresolved { reference, line } => {
                    // In a secret, the name after `$` is part of the secret.
                    let secret = self.may_be_secret(name);
                    let fix = if reference.is_empty() || secret {
                        format!(
                            "single-quote the value of {name}, or write `\\$` for a literal `$`"
                        )
                    } else {
                        format!(
                            "define {reference} above {name}, single-quote the value, or write `\\$` for a literal `$`"
                        )
                    };
                    let reference = (!secret).then_some(reference);
                    (ProblemKind::Unresolved { reference, line }, fix)
                }
                Defect::LoadersDisagree {
                    line,
                    readings,
                    within_line,
                } => {
                    // A reading beyond its own line may hold other lines'
                    // secrets: each is shown as a fingerprint then.
                    let secret = self.may_be_secret(name) || !within_line;
                    let readings = readings
                        .into_iter()
                        .map(|(loader, value)| {
                            let shown = match value {
                                None => "nothing".to_owned(),
                                Some(value) if secret => crate::fingerprint::fingerprint(
                                    &SecretString::from(value.as_str()),
                                ),
                                Some(value) => format!("`{}`", value.escape_debug()),
                            };
                            (loader, shown)
                        })
                        .collect();
                    (
                        ProblemKind::LoadersDisagree { line, readings },
                        format!(
                            "declare the loader of this service in its [[service]] (`loader = \"python-dotenv\"`, say), or write {name} so that every loader reads it alike (in double quotes, with no `#`, `$` or backslash)"
                        ),
                    )
                }
                Defect::FromShell { reference, line } => {
                    // `NAME` alone (no `$`) names the variable itself.
                    let secret = reference != name && self.may_be_secret(name);
                    let fix = format!(
                        "set {reference} in the project's .env beside the Compose file, or write the value in the file"
                    );
                    let fix = if secret {
                        format!(
                            "set the variable in the project's .env beside the Compose file, or write {name}'s value in the file"
                        )
                    } else {
                        fix
                    };
                    let reference = (!secret).then_some(reference);
                    (ProblemKind::FromShell { reference, line }, fix)
                }
            };
            self.problem(name, kind, fix);
        }
    }

    /// The variable the load reads the environment from: a field's own
    /// name for the environment setting, else the declared service's
    /// (`NODE_ENV`), else the setting's.
    fn environment_var(&self, setting: &'static Setting) -> &'static str {
        self.fields
            .iter()
            .find(|field| field.setting == setting.name)
            .and_then(|field| field.var)
            .or(self.environment_var)
            .unwrap_or(setting.name)
    }

    /// Whether `raw` holds the value of a secret this source sets (under
    /// any name of a secret setting, or a field's own name for one).
    fn quotes_a_secret(&self, raw: &str) -> bool {
        let fields = self.fields;
        self.registry
            .iter()
            .filter(|setting| setting.is_secret())
            .flat_map(|setting| {
                std::iter::once(setting.name)
                    .chain(setting.aliases.iter().map(|alias| alias.name))
                    .chain(
                        fields
                            .iter()
                            .filter(move |field| field.setting == setting.name)
                            .filter_map(|field| field.var),
                    )
            })
            .any(|name| match read(self.source, name) {
                Read::Set(secret) => {
                    let secret = secret.trim();
                    secret.len() >= 4 && raw.contains(secret)
                }
                _ => false,
            })
    }

    /// The environment variable, when set, must name the environment being loaded.
    fn check_environment_var(&mut self) {
        let Some(setting) = self.registry.environment_setting() else {
            return;
        };
        let env = self.env;
        let name = self.environment_var(setting);
        // The variable names the environment as it is called: what a load
        // from the variable always finds, told without parsing it again.
        if let Read::Set(value) = read(self.source, name)
            && value.trim() == env.name
        {
            return;
        }
        match environment_read_as(self.registry, self.source, name) {
            Ok(found) if found != env && matches!(read(self.source, name), Read::Set(_)) => {
                self.problem(
                    name,
                    ProblemKind::WrongEnvironment { found },
                    format!("set {name} to {env}, or load the settings for {found}"),
                );
            }
            Ok(_) => {}
            Err(err) => {
                for problem in err.into_problems() {
                    self.push(problem.in_environment(env));
                }
            }
        }
    }

    fn field(&mut self, field: &FieldSpec<'_>) -> Slot {
        let Some(setting) = self.registry.get_at(field.position, field.setting) else {
            self.problem(
                field.setting,
                ProblemKind::Invalid {
                    value: None,
                    expected: "a setting of this registry".to_owned(),
                },
                "read a canonical setting name; `jwt-config registry` lists them",
            );
            return Slot {
                setting: None,
                var: "",
                origin: None,
                value: None,
                refused: None,
                unseen: None,
                written: None,
                file: None,
                material: false,
            };
        };
        let mut slot = Slot {
            setting: Some(setting),
            var: setting.name,
            origin: None,
            value: None,
            refused: None,
            unseen: None,
            written: None,
            file: None,
            material: false,
        };
        if setting.kind == Kind::Environment {
            // The environment was chosen before the load, from this variable
            // or by the caller; check_environment_var holds the two equal.
            let own = field.var.unwrap_or(setting.name);
            self.warn_unread_canonical(setting, own);
            self.defects(own);
            slot.var = own;
            slot.origin = match read(self.source, own) {
                Read::Set(_) if own == setting.name => Some(Origin::Canonical),
                Read::Set(_) => Some(Origin::Own(own)),
                _ if setting.default_for(self.env.follows) == Some(self.env.name) => {
                    Some(Origin::Default)
                }
                // Chosen by the caller, not read from anywhere.
                _ => None,
            };
            slot.value = Some(Value::Environment(self.env));
            return slot;
        }

        self.warn_ignored_aliases(setting, field);
        let own = field.var.unwrap_or(setting.name);
        self.warn_unread_canonical(setting, own);
        let names = std::iter::once(own).chain(declared_aliases(setting, field));
        let mut chosen: Option<Chosen<'_>> = None;
        let mut written = None;
        let mut unreadable = false;
        // A file's problem is told of: neither a default nor missing then.
        let mut failed = false;
        if let Some(unseen) = self.source.held_outside(own) {
            slot.var = own;
            slot.origin = Some(if own == setting.name {
                Origin::Canonical
            } else {
                Origin::Own(own)
            });
            slot.unseen = Some(UnseenValue::HeldOutside);
            let kind = match unseen {
                Unseen::HeldOutside => WarningKind::HeldOutside,
                Unseen::QuotesSecret => WarningKind::QuotesSecret,
                Unseen::InFile => WarningKind::InFile,
            };
            self.warn(own, setting, kind);
            return slot;
        }
        for name in names {
            // Even a value that reads as empty (`K=$UNSET`) may be a defect.
            self.defects(name);
            let direct = read(self.source, name);
            let from_file = if self.follow_files {
                self.read_file_var(name, !matches!(direct, Read::Unset))
            } else {
                FromFile::Unset
            };
            let (var, value, path) = match (direct, from_file) {
                (_, FromFile::Failed) => {
                    failed = true;
                    continue;
                }
                (Read::Set(value), _) => (name, value, None),
                (Read::NotUnicode, _) => {
                    unreadable = true;
                    self.problem(
                        name,
                        ProblemKind::NotUnicode,
                        format!("set {name} to valid UTF-8 text"),
                    );
                    continue;
                }
                (Read::Unset, FromFile::Unset) => continue,
                (Read::Unset, FromFile::Read { var, path, text }) => {
                    (var, Cow::Owned(text), Some(path))
                }
            };
            match &chosen {
                None => {
                    chosen = Some(Chosen {
                        name,
                        var,
                        value,
                        path,
                    })
                }
                Some(_) if self.aliases == Aliases::Fallback => {
                    self.warn(var, setting, WarningKind::ShadowedAlias);
                }
                Some(first) => self.compare_alias(setting, first.var, &first.value, var, &value),
            }
        }

        let raw: Cow<'_, str> = match chosen {
            Some(Chosen {
                name,
                var,
                value,
                path,
            }) => {
                slot.var = var;
                slot.material = self.source.secret_material(var);
                let alias = name != setting.name && Some(name) != field.var;
                if alias {
                    self.read_alias(setting, name);
                }
                slot.origin = Some(if path.is_some() {
                    Origin::File { var }
                } else if name == setting.name {
                    Origin::Canonical
                } else if !alias {
                    Origin::Own(name)
                } else {
                    Origin::Alias(name)
                });
                slot.file = path;
                self.check_untrimmed(setting, var, &value);
                // A service's own variable in its own unit or format is
                // parsed as written, and its problems speak of it so.
                if name == own {
                    written = field.format;
                }
                value
            }
            None if failed => return slot,
            None if unreadable => {
                slot.unseen = Some(UnseenValue::NotUnicode);
                return slot;
            }
            None => match setting.default_for(self.env.follows) {
                Some(default) => {
                    slot.origin = Some(Origin::Default);
                    Cow::Borrowed(default)
                }
                None => {
                    if setting
                        .required_in
                        .union(field.required_in)
                        .contains(self.env.follows)
                    {
                        if self.source.maybe_held_outside(own) {
                            // A field that cannot do without the value is
                            // told of under the name it reads.
                            slot.var = own;
                            slot.unseen = Some(UnseenValue::MaybeHeldOutside);
                            self.warn(own, setting, WarningKind::MaybeHeldOutside);
                        } else {
                            self.missing(setting, own, field);
                        }
                    }
                    return slot;
                }
            },
        };
        // A key the registry says is named by its path: the file's text,
        // read through the source, from here on.
        // A value read from a file (`NAME_FILE`) is owned text: wiped when
        // the field is done with it, as the file's reader wipes its own.
        let raw = Wiped(raw);
        let from_file;
        let raw = if setting.encoding == Encoding::Path && slot.origin != Some(Origin::Default) {
            match self.key_file(setting, slot.var, &raw) {
                Some(text) => {
                    from_file = text;
                    Wiped(Cow::Borrowed(from_file.as_str()))
                }
                None => {
                    slot.unseen = Some(UnseenValue::HeldOutside);
                    return slot;
                }
            }
        } else {
            raw
        };
        match value::parse_written(
            setting,
            slot.var,
            &raw,
            written,
            self.env,
            self.registry.secret_policy(),
        ) {
            Ok(value) => {
                slot.written = written.map(|format| written_text(&raw, format));
                slot.value = Some(value);
            }
            Err(problems) => {
                // A value that is not a secret's may still hold one (a
                // `${JWT_SECRET}` in a lifetime by mistake): never quoted.
                // A file's content is never quoted either (a `_FILE` that
                // names the key file by mistake): its path is.
                let hide = !setting.is_secret()
                    && (slot.material
                        || matches!(slot.origin, Some(Origin::File { .. }))
                        || self.quotes_a_secret(&raw));
                for problem in problems {
                    self.push(if hide {
                        problem.without_value()
                    } else {
                        problem
                    });
                }
                slot.refused = Some(refused_value(setting, &raw, written));
            }
        }
        slot
    }

    /// What `name` gives through `NAME_FILE` (`set` when `name` itself is
    /// set): the text of the file it names, its line breaks at the end
    /// dropped (`\n`, `\r\n`, all of them, as the shell's `$(< file)` of
    /// the official Docker images' `file_env` drops them); a problem when
    /// the file cannot be read or `name` is set too. An empty file reads as
    /// unset, as an empty variable does.
    ///
    /// Reads nothing else when `NAME_FILE` is unset: a load does one read
    /// more for each name (`NAME_FILE` is read even when `NAME` is set, to
    /// refuse both), and one allocation in all.
    fn read_file_var(&mut self, name: &'static str, set: bool) -> FromFile {
        let mut spelled = std::mem::take(&mut self.file_var);
        spelled.clear();
        spelled.push_str(name);
        spelled.push_str(FILE_SUFFIX);
        let path = match read(self.source, &spelled) {
            Read::Unset => None,
            Read::NotUnicode => Some(None),
            Read::Set(path) => Some(Some(path.into_owned())),
        };
        self.file_var = spelled;
        let Some(path) = path else {
            return FromFile::Unset;
        };
        let var = file_var(name);
        self.defects(var);
        let Some(path) = path else {
            self.problem(
                var,
                ProblemKind::NotUnicode,
                format!("set {var} to the path, in UTF-8, of the file that holds {name}"),
            );
            return FromFile::Failed;
        };
        if set {
            self.problem(
                name,
                ProblemKind::FileConflict {
                    file_var: var.to_owned(),
                },
                format!("keep one of {name} and {var}"),
            );
            return FromFile::Failed;
        }
        match self.source.file(Path::new(&path)) {
            Ok(mut text) => {
                let kept = text.trim_end_matches(['\n', '\r']).len();
                text.truncate(kept);
                if crate::lexical::blank(&text) {
                    return FromFile::Unset;
                }
                FromFile::Read {
                    var,
                    path,
                    text: std::mem::take(&mut *text),
                }
            }
            Err(why) => {
                let fix = match why {
                    Unreadable::NotUnicode => {
                        format!("write the value of {name} in the file as UTF-8 text")
                    }
                    _ => format!(
                        "make the file readable by the service, or set {var} to the path of the file that holds {name}"
                    ),
                };
                self.problem(
                    var,
                    ProblemKind::UnreadableFile {
                        path: shown_path(&path),
                        reason: why.to_string(),
                    },
                    fix,
                );
                FromFile::Failed
            }
        }
    }

    /// The text of the key file `path` names, for a setting the registry
    /// says is named by its path, read through the source: a source that
    /// follows its own files (a deployment check) names paths of the
    /// machine the service runs on, never read on the checker's, so the
    /// key is not seen (a warning); a file that cannot be read is a
    /// problem naming `var` and the path.
    fn key_file(
        &mut self,
        setting: &'static Setting,
        var: &'static str,
        path: &str,
    ) -> Option<zeroize::Zeroizing<String>> {
        let path = path.trim();
        if self.source.file_vars() == FileVars::Own {
            self.warn(var, setting, WarningKind::KeyFile);
            return None;
        }
        match self.source.file(std::path::Path::new(path)) {
            Ok(text) => Some(text),
            Err(why) => {
                self.problem(
                    var,
                    ProblemKind::UnreadableFile {
                        path: shown_path(path),
                        reason: why.to_string(),
                    },
                    format!(
                        "set {var} to the path of the PEM file, as the registry says the variable names it, and make it readable by the service"
                    ),
                );
                None
            }
        }
    }

    /// The value was read through the legacy name `alias`: a warning, or a
    /// problem where the registry retires the alias.
    fn read_alias(&mut self, setting: &'static Setting, alias: &'static str) {
        let denied = setting
            .aliases
            .iter()
            .any(|a| a.name == alias && a.is_denied_in(self.env.follows));
        if denied {
            let name = setting.name;
            self.problem(
                alias,
                ProblemKind::DeniedAlias {
                    setting: name.to_owned(),
                },
                format!("rename {alias} to {name}"),
            );
        } else {
            self.warn(alias, setting, WarningKind::DeprecatedAlias);
        }
    }

    /// `name` is set beside `first`, which was read: equal is a warning,
    /// different a conflict.
    fn compare_alias(
        &mut self,
        setting: &'static Setting,
        first: &str,
        first_value: &str,
        name: &'static str,
        value: &str,
    ) {
        let equal = if setting.is_secret() {
            // Compared as held: a PEM key with and without its final line
            // break is one key.
            let held = |text| SecretString::from(value::held_secret(setting, text));
            value::same_secret(&held(first_value), &held(value))
        } else {
            first_value.trim() == value.trim()
        };
        if equal {
            self.warn(name, setting, WarningKind::AliasAlsoSet);
            return;
        }
        let values = (!setting.is_secret())
            .then(|| (value.trim().to_owned(), first_value.trim().to_owned()));
        self.problem(
            name,
            ProblemKind::Conflict {
                other: first.to_owned(),
                values,
            },
            if first == setting.name {
                format!("remove {name} and keep {first}")
            } else {
                format!("remove {name}, then rename {first} to {}", setting.name)
            },
        );
    }

    /// Registered aliases of `setting` that are set but not read by `field`.
    ///
    /// A name the load reads as a field's own variable is never one: a
    /// declared service that reads `JWT_SECRET` as its own name for a
    /// setting reads it, whatever the registry calls it elsewhere.
    ///
    /// Borrows the source alone, not the load, so that the caller may warn
    /// as it goes rather than collect them first.
    fn ignored_aliases<'a>(
        &self,
        setting: &'static Setting,
        field: &'a FieldSpec<'_>,
    ) -> impl Iterator<Item = &'static str> + use<'a, 's, 'f, S> {
        let source = self.source;
        let fields = self.fields;
        setting
            .aliases
            .iter()
            .map(|alias| alias.name)
            .filter(move |alias| {
                !field.aliases.contains(alias)
                    && !fields.iter().any(|field| field.var == Some(*alias))
                    && matches!(read(source, alias), Read::Set(_))
            })
    }

    /// The canonical name of `setting`, set beside the service's own name
    /// `own` for it, is not read: a warning, as an unread alias is one.
    fn warn_unread_canonical(&mut self, setting: &'static Setting, own: &'static str) {
        let read_elsewhere = self
            .fields
            .iter()
            .any(|field| field.var == Some(setting.name));
        if own != setting.name
            && !read_elsewhere
            && matches!(read(self.source, setting.name), Read::Set(_))
        {
            self.warn(
                setting.name,
                setting,
                WarningKind::CanonicalUnread { read_as: own },
            );
        }
    }

    fn warn_ignored_aliases(&mut self, setting: &'static Setting, field: &FieldSpec<'_>) {
        for alias in self.ignored_aliases(setting, field) {
            self.warn(alias, setting, WarningKind::IgnoredAlias);
        }
    }

    fn warn(&mut self, var: &'static str, setting: &'static Setting, kind: WarningKind) {
        self.warnings
            .push(Warning::new(var, setting.name, self.env, kind));
    }

    /// `setting`, read as `name` (the service's own variable, when it has
    /// one), is required and unset.
    fn missing(&mut self, setting: &'static Setting, name: &'static str, field: &FieldSpec<'_>) {
        let env = self.env;
        let who = if setting.required_in.contains(env.follows) {
            "the registry"
        } else {
            "this service"
        };
        let mut fix = if setting.is_secret() {
            let min = self.registry.secret_policy().min_bytes(env.follows);
            format!(
                "set {name} to a random secret of at least {}; {who} requires it in {env}",
                crate::docs::count(min as u64, "byte")
            )
        } else {
            format!("set {name}; {who} requires it in {env}")
        };
        if let Some(alias) = self.ignored_aliases(setting, field).next() {
            fix.push_str(&format!(
                "; {alias} is set but this service does not read it: rename it to {name}"
            ));
        }
        self.problem(name, ProblemKind::Missing, fix);
    }

    /// An algorithm that signs with a key pair needs a key: a struct that
    /// reads the algorithm, set to RS*, with neither the private nor the
    /// public key set is refused at load, naming the variables, rather than
    /// when its first token is made.
    ///
    /// And it needs no shared signing secret: a missing one is no problem
    /// then. A verifier of RS256 tokens holds the public key alone.
    fn check_key_material(&mut self, slots: &[Slot]) {
        let registry = self.registry;
        let Some(algorithm) = registry.by_role(Role::Algorithm) else {
            return;
        };
        let Some(slot) = slots
            .iter()
            .find(|slot| slot.setting.is_some_and(|s| s.name == algorithm.name))
        else {
            return;
        };
        let Some(Value::Algorithm(chosen)) = &slot.value else {
            return;
        };
        if chosen.is_hmac() {
            #[cfg(feature = "tokens")]
            self.check_no_pem_in_secret(slots, *chosen);
            return;
        }
        if let Some(secret) = registry.by_role(Role::SigningSecret) {
            // Under whichever name the service reads it.
            self.problems.retain(|problem| {
                !(problem.setting() == Some(secret.name)
                    && matches!(problem.kind(), ProblemKind::Missing))
            });
        }
        let keys: Vec<&'static str> = [Role::PrivateKey, Role::PublicKey]
            .into_iter()
            .filter_map(|role| registry.by_role(role))
            .map(|setting| setting.name)
            .collect();
        if keys.is_empty() {
            // The signing secret holds the key then (`TokenKeys` reads it so).
            #[cfg(feature = "tokens")]
            self.check_pem_in_secret(slots, *chosen);
            return;
        }
        // A service that reads no key material (a gateway that verifies
        // through a JWKS endpoint) is judged by what it reads.
        let reads = |name: &str| {
            slots
                .iter()
                .any(|slot| slot.setting.is_some_and(|setting| setting.name == name))
        };
        let secret = registry.by_role(Role::SigningSecret).map(|s| s.name);
        if !keys.iter().copied().chain(secret).any(reads) {
            return;
        }
        if keys
            .iter()
            .any(|key| read_value(slots, key).is_some() || self.set_quietly(key))
        {
            #[cfg(feature = "tokens")]
            self.check_pem(slots, *chosen);
            return;
        }
        let var = slot.var;
        let names = keys.join(" nor ");
        self.problem(
            var,
            ProblemKind::Invalid {
                value: Some(chosen.to_string()),
                expected: format!("an algorithm these settings hold a key for: {chosen} signs with a key pair, and neither {names} is set"),
            },
            format!("set {} to sign or {} to verify, or choose an HS algorithm", keys[0], keys.last().copied().unwrap_or(keys[0])),
        );
    }

    /// Each key the settings hold parses as a key of `algorithm`'s kind:
    /// a PEM that does not is a problem of the load, naming its variable
    /// and never quoting it.
    #[cfg(feature = "tokens")]
    fn check_pem(&mut self, slots: &[Slot], algorithm: crate::algorithm::Algorithm) {
        for role in [Role::PrivateKey, Role::PublicKey] {
            let Some(setting) = self.registry.by_role(role) else {
                continue;
            };
            let Some((var, value)) = read_value(slots, setting.name) else {
                continue;
            };
            let fits = match (value, role) {
                (Value::Secret(pem), Role::PrivateKey) => {
                    use secrecy::ExposeSecret;
                    crate::tokens::private_key_fits(algorithm, pem.expose_secret())
                }
                (Value::Text(pem), Role::PublicKey) => {
                    crate::tokens::public_key_fits(algorithm, pem)
                }
                _ => true,
            };
            let what = if role == Role::PrivateKey {
                "private"
            } else {
                "public"
            };
            // An RSA key under 2048 bits is broken by known means: refused
            // where deployed, as a weak secret is.
            if fits && algorithm.is_rsa() && EnvSet::DEPLOYED.contains(self.env.follows) {
                use secrecy::ExposeSecret;
                let pem = match value {
                    Value::Secret(pem) => pem.expose_secret(),
                    Value::Text(pem) => pem.as_str(),
                    _ => "",
                };
                if let Some(bits) = crate::tokens::rsa_bits(pem)
                    && bits < MIN_RSA_BITS
                {
                    let env = self.env;
                    self.problem(
                        var,
                        ProblemKind::Invalid {
                            value: None,
                            expected: format!(
                                "an RSA {what} key of at least {MIN_RSA_BITS} bits in {env} (it has {bits})"
                            ),
                        },
                        format!(
                            "set {var} to a key of a pair of at least {MIN_RSA_BITS} bits (`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072`)"
                        ),
                    );
                }
            }
            if !fits {
                self.problem(
                    var,
                    ProblemKind::Invalid {
                        value: None,
                        expected: format!("a PEM {what} key {algorithm} can use"),
                    },
                    format!("set {var} to the PEM {what} key of the {algorithm} key pair"),
                );
            }
        }
    }

    /// Under an HMAC algorithm, a signing secret that holds a PEM key is a
    /// problem naming its variable, never quoting it: a verifier given a
    /// public key as its HMAC secret accepts tokens anyone can sign.
    #[cfg(feature = "tokens")]
    fn check_no_pem_in_secret(&mut self, slots: &[Slot], algorithm: crate::algorithm::Algorithm) {
        use secrecy::ExposeSecret;
        let Some(setting) = self.registry.by_role(Role::SigningSecret) else {
            return;
        };
        let Some((var, Value::Secret(secret))) = read_value(slots, setting.name) else {
            return;
        };
        if crate::tokens::looks_like_pem(secret.expose_secret()) {
            self.problem(
                var,
                ProblemKind::Invalid {
                    value: None,
                    expected: format!("a shared secret: it holds a PEM key, and {algorithm} signs with a shared secret"),
                },
                format!("set the algorithm of the key pair (RS256, ES256, ...), or set {var} to a random secret"),
            );
        }
    }

    /// In a registry with no key setting, the signing secret read under a
    /// key-pair algorithm is a PEM key of it, private or public: one that is
    /// not is a problem naming its variable, never quoting it.
    #[cfg(feature = "tokens")]
    fn check_pem_in_secret(&mut self, slots: &[Slot], algorithm: crate::algorithm::Algorithm) {
        use secrecy::ExposeSecret;
        let Some(setting) = self.registry.by_role(Role::SigningSecret) else {
            return;
        };
        let Some((var, value)) = read_value(slots, setting.name) else {
            return;
        };
        let Value::Secret(secret) = value else {
            return;
        };
        let pem = secret.expose_secret().trim();
        if crate::tokens::private_key_fits(algorithm, pem)
            || crate::tokens::public_key_fits(algorithm, pem)
        {
            return;
        }
        self.problem(
            var,
            ProblemKind::Invalid {
                value: None,
                expected: format!("a PEM key {algorithm} can use: {algorithm} signs with a key pair"),
            },
            format!("set {var} to the PEM private key (to sign) or public key (to verify) of the {algorithm} key pair, or choose an HS algorithm"),
        );
    }

    /// Checks every rule of the registry whose settings the load reads, each
    /// as the load read it: a service is judged by what it reads, so a rule
    /// comparing a setting it does not read (a refresh lifetime, for a
    /// service that issues no refresh tokens) is none of its business.
    fn check_rules(&mut self, slots: &[Slot]) {
        let env = self.env.follows;
        for rule in self.registry.rules() {
            // Each rule reads what it compares only where it applies.
            let broken = match *rule {
                Rule::LongerThan {
                    longer, shorter, ..
                } => self
                    .rule_pair(slots, longer, shorter)
                    .filter(|((_, longer), (_, shorter))| {
                        match (longer.as_duration(), shorter.as_duration()) {
                            (Some(longer), Some(shorter)) => longer <= shorter,
                            _ => false,
                        }
                    })
                    .map(|((var, _), (other, _))| (var, format!("raise {var} or lower {other}"))),
                Rule::Distinct {
                    setting,
                    from,
                    in_envs,
                    ..
                } if in_envs.contains(env) => self
                    .rule_pair(slots, setting, from)
                    .filter(|((_, a), (_, b))| match (a, b) {
                        (Value::Secret(a), Value::Secret(b)) => value::same_secret(a, b),
                        _ => false,
                    })
                    .map(|((var, _), (other, _))| {
                        let fix =
                            format!("give {var} its own random value, different from {other}");
                        (var, fix)
                    }),
                Rule::TrueOnlyIn {
                    setting,
                    allowed_in,
                } if !allowed_in.contains(env) => read_value(slots, setting)
                    .filter(|(_, value)| matches!(value, Value::Flag(true)))
                    .map(|(var, _)| (var, format!("set {var} to false or unset it"))),
                Rule::Distinct { .. } | Rule::TrueOnlyIn { .. } => None,
            };
            if let Some((var, fix)) = broken {
                self.problem(var, ProblemKind::Rule(*rule), fix);
            }
        }
    }

    /// The values of the two settings a rule compares, when the load reads
    /// both and both have one.
    #[allow(clippy::type_complexity)]
    fn rule_pair<'a>(
        &self,
        slots: &'a [Slot],
        first: &str,
        second: &str,
    ) -> Option<((&'static str, &'a Value), (&'static str, &'a Value))> {
        Some((read_value(slots, first)?, read_value(slots, second)?))
    }

    /// Whether any name of the setting named `name` is set in the source,
    /// read or not by the load: a struct that reads the algorithm and a
    /// signing secret is told that RS256 needs a key only when no key is
    /// set at all, wherever it is read.
    fn set_quietly(&self, name: &str) -> bool {
        self.registry.get(name).is_some_and(|setting| {
            std::iter::once(setting.name)
                .chain(setting.aliases.iter().map(|alias| alias.name))
                .any(|var| matches!(read(self.source, var), Read::Set(_)))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::registry::standard;

    const SECRET: &str = "a-strong-enough-secret-for-staging-0123456789";

    fn source(vars: &[(&str, &str)]) -> HashMap<String, String> {
        vars.iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    fn problems(vars: &[(&str, &str)], env: Environment, fields: &[FieldSpec]) -> Vec<Problem> {
        match resolve(standard(), &source(vars), env, "svc", fields) {
            Ok(_) => Vec::new(),
            Err(err) => err.problems().to_vec(),
        }
    }

    #[test]
    fn a_problem_on_a_services_own_variable_names_it_and_its_setting() {
        // As `[[service]]` with `GOTRUE_JWT_SECRET = "JWT_SECRET_KEY"` and
        // `GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }`.
        let fields = [
            FieldSpec::new("JWT_SECRET_KEY").read_as("GOTRUE_JWT_SECRET", None),
            FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
                .read_as("GOTRUE_JWT_EXP", Some(VarFormat::Seconds)),
        ];
        // The canonical names are set, but this service does not read them.
        let vars = [("JWT_SECRET_KEY", SECRET), ("GOTRUE_JWT_EXP", "ninety")];
        let found = problems(&vars, Environment::Staging, &fields);
        let named: Vec<_> = found
            .iter()
            .map(|problem| (problem.var(), problem.setting(), problem.kind().clone()))
            .collect();
        assert!(
            matches!(
                &named[..],
                [
                    (
                        "GOTRUE_JWT_SECRET",
                        Some("JWT_SECRET_KEY"),
                        ProblemKind::Missing
                    ),
                    (
                        "GOTRUE_JWT_EXP",
                        Some("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
                        ProblemKind::Invalid { .. }
                    ),
                ]
            ),
            "{named:?}"
        );
        assert!(
            found[0]
                .fix()
                .starts_with("set GOTRUE_JWT_SECRET to a random secret"),
            "{}",
            found[0].fix()
        );
    }

    #[test]
    fn a_key_pair_algorithm_excuses_the_signing_secret_under_the_services_own_name() {
        let fields = [
            FieldSpec::new("JWT_SECRET_KEY").read_as("GOTRUE_JWT_SECRET", None),
            FieldSpec::new("JWT_ALGORITHM"),
        ];
        let found = problems(
            &[("JWT_ALGORITHM", "RS256")],
            Environment::Development,
            &fields,
        );
        // Only the missing key is a problem: an RS256 service holds no
        // shared secret, whatever it calls it.
        assert!(
            matches!(&found[..], [problem] if problem.var() == "JWT_ALGORITHM"),
            "{found:?}"
        );
    }

    #[test]
    fn a_rule_applies_only_when_the_service_reads_every_setting_it_compares() {
        // GoTrue reads no refresh lifetime: the registry's rule between the
        // two lifetimes, judged on a value it never reads, is none of its
        // business.
        let access_only = [FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")];
        let vars = [
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "1440"),
            ("JWT_REFRESH_EXPIRY_DAYS", "1"),
        ];
        assert_eq!(problems(&vars, Environment::Test, &access_only), []);
        let both = [
            FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
            FieldSpec::new("JWT_REFRESH_TOKEN_EXPIRE_DAYS")
                .with_aliases(&["JWT_REFRESH_EXPIRY_DAYS"]),
        ];
        let vars = [
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "1440"),
            ("JWT_REFRESH_EXPIRY_DAYS", "1"),
        ];
        let found = problems(&vars, Environment::Test, &both);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].var(),
            "JWT_REFRESH_EXPIRY_DAYS",
            "the variable that was read"
        );

        let service_secret_only = [FieldSpec::new("SERVICE_SECRET")];
        let vars = [("SERVICE_SECRET", SECRET), ("JWT_SECRET_KEY", SECRET)];
        assert_eq!(
            problems(&vars, Environment::Staging, &service_secret_only),
            []
        );
        let both = [
            FieldSpec::new("SERVICE_SECRET"),
            FieldSpec::new("JWT_SECRET_KEY"),
        ];
        let found = problems(&vars, Environment::Staging, &both);
        assert!(
            matches!(found[..], [ref p] if matches!(p.kind(), ProblemKind::Rule(Rule::Distinct { .. }))),
            "{found:?}"
        );
    }

    #[test]
    fn a_key_pair_algorithm_is_judged_by_the_key_material_the_load_reads() {
        // A gateway reads the algorithm alone and verifies through a JWKS
        // endpoint: no key of its to be missing.
        let gateway = [FieldSpec::new("JWT_ALGORITHM")];
        let vars = [("JWT_ALGORITHM", "RS256")];
        assert_eq!(problems(&vars, Environment::Test, &gateway), []);
        // A service that reads the signing secret signs or verifies with
        // key material: RS256 with neither key set is its problem.
        let signer = [
            FieldSpec::new("JWT_ALGORITHM"),
            FieldSpec::new("JWT_SECRET_KEY"),
        ];
        let found = problems(&vars, Environment::Test, &signer);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].var(), "JWT_ALGORITHM");
    }

    #[test]
    fn a_refused_value_that_holds_a_secret_is_quoted_neither_in_the_problem_nor_its_fix() {
        let fields = [
            FieldSpec::new("JWT_SECRET_KEY"),
            FieldSpec::new("JWT_AUDIENCE"),
            FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        ];
        let vars = [
            ("JWT_SECRET_KEY", "secret-of-the-api-0123456789"),
            ("JWT_AUDIENCE", r#"["secret-of-the-api-0123456789"]"#),
            (
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                "secret-of-the-api-0123456789",
            ),
        ];
        let found = problems(&vars, Environment::Test, &fields);
        assert_eq!(found.len(), 2, "{found:?}");
        for problem in &found {
            assert!(!problem.to_string().contains("secret-of"), "{problem}");
        }
    }

    #[test]
    fn a_value_where_a_path_belongs_is_quoted_only_when_it_looks_like_one() {
        assert_eq!(
            shown_path("/run/secrets/jwt").as_deref(),
            Some("/run/secrets/jwt")
        );
        assert_eq!(
            shown_path("./keys/jwt.pem").as_deref(),
            Some("./keys/jwt.pem")
        );
        for secret in [
            "s3cr3t-set-in-the-wrong-variable",
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
            "/AbC+base64/with\nbreak",
        ] {
            assert_eq!(shown_path(secret), None, "{secret}");
        }
    }

    #[test]
    fn an_unreadable_variable_is_reported_once_not_also_as_missing() {
        struct Broken;
        impl Source for Broken {
            fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, crate::NotUnicode> {
                if name == "JWT_ISSUER" {
                    Err(crate::NotUnicode)
                } else {
                    Ok(None)
                }
            }
        }
        let outcome = Load::run(
            standard(),
            &Broken,
            Environment::Staging.into(),
            &[FieldSpec::new("JWT_ISSUER")],
            None,
        );
        let kinds: Vec<_> = outcome.problems.iter().map(|p| p.kind().clone()).collect();
        assert_eq!(kinds, [ProblemKind::NotUnicode]);
    }

    #[test]
    fn the_environment_origin_says_whether_it_was_read_defaulted_or_given() {
        let fields = [FieldSpec::new("ENVIRONMENT")];
        let origin = |vars: &[(&str, &str)], env| {
            let resolution = resolve(standard(), &source(vars), env, "svc", &fields).unwrap();
            resolution
                .finish(())
                .unwrap()
                .origin("ENVIRONMENT")
                .copied()
        };
        assert_eq!(
            origin(&[("ENVIRONMENT", "test")], Environment::Test),
            Some(Origin::Canonical)
        );
        assert_eq!(origin(&[], Environment::Development), Some(Origin::Default));
        assert_eq!(origin(&[], Environment::Staging), None);
    }

    /// The resolution of `fields` of service `svc` in test, which must have
    /// no problem.
    fn resolved(vars: &[(&str, &str)], fields: &[FieldSpec<'_>]) -> Resolution {
        resolve(standard(), &source(vars), Environment::Test, "svc", fields)
            .expect("every value is valid")
    }

    #[test]
    fn every_field_that_does_not_fit_its_type_fails_the_load_together() {
        let fields = [
            FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
            FieldSpec::new("JWT_ISSUER"),
            FieldSpec::new("JWT_AUDIENCE"),
        ];
        let mut resolution = resolved(&[("JWT_ISSUER", "https://auth.example.com")], &fields);
        // A duration in a `u16`, a missing audience outside an `Option`:
        // both taken (as stand-ins), both reported by `finish`.
        let minutes: u16 = resolution.take(0);
        let issuer: String = resolution.take(1);
        let audience: Vec<String> = resolution.take(2);
        let error = resolution
            .finish((minutes, issuer, audience))
            .expect_err("two fields do not fit");
        let misfits: Vec<(&str, &ProblemKind)> = error
            .problems()
            .iter()
            .map(|problem| (problem.var(), problem.kind()))
            .collect();
        assert_eq!(
            misfits,
            [
                (
                    "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                    &ProblemKind::FieldType {
                        ty: std::any::type_name::<u16>()
                    }
                ),
                (
                    "JWT_AUDIENCE",
                    &ProblemKind::NoValue {
                        ty: "Vec<String>".to_owned()
                    }
                ),
            ]
        );
        assert_eq!(
            error.problems()[1].fix(),
            "load JWT_AUDIENCE from a source that shows its value, or declare the field as `Option<Vec<String>>`"
        );
        assert_eq!(
            error.problems()[0].to_string(),
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES (test): a field of type `u16` cannot hold the value; declare the field with a type that holds every value the registry allows JWT_ACCESS_TOKEN_EXPIRE_MINUTES (`u64` for a number)"
        );
        assert_eq!(error.service(), Some("svc"));
        assert_eq!(error.environment(), Some(Environment::Test.into()));
    }

    #[test]
    fn a_field_taken_twice_is_empty_the_second_time() {
        let fields = [FieldSpec::new("JWT_ISSUER")];
        let mut resolution = resolved(&[("JWT_ISSUER", "https://auth.example.com")], &fields);
        let first: Option<String> = resolution.take(0);
        let second: Option<String> = resolution.take(0);
        assert_eq!(first.as_deref(), Some("https://auth.example.com"));
        assert_eq!(second, None);
        assert!(resolution.finish(()).is_ok(), "an `Option` holds no value");
    }
    #[test]
    fn an_unknown_field_setting_is_a_problem_and_the_load_goes_on() {
        let fields = [FieldSpec::new("JWT_NOPE"), FieldSpec::new("JWT_ISSUER")];
        let found = problems(&[], Environment::Production, &fields);
        let vars: Vec<&str> = found.iter().map(Problem::var).collect();
        assert_eq!(vars, ["JWT_NOPE", "JWT_ISSUER"]);
    }

    #[test]
    fn skip_flags_are_refused_in_every_environment_but_development() {
        let fields = [FieldSpec::new("JWT_SKIP_EXPIRY_VERIFICATION")];
        let vars = [("JWT_SKIP_EXPIRY_VERIFICATION", "on")];
        assert!(problems(&vars, Environment::Development, &fields).is_empty());
        for env in [
            Environment::Test,
            Environment::Staging,
            Environment::Production,
        ] {
            let found = problems(&vars, env, &fields);
            assert!(
                matches!(found[..], [ref p] if matches!(p.kind(), ProblemKind::Rule(Rule::TrueOnlyIn { .. }))),
                "{env}: {found:?}"
            );
        }
    }

    #[test]
    fn check_reads_every_setting_and_an_alias_only_when_nothing_before_it_is_set() {
        let vars = [
            ("ENVIRONMENT", "staging"),
            ("JWT_SECRET", SECRET),
            ("JWT_ACCESS_EXPIRY_MINUTES", "15"),
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "30"),
        ];
        let check = check(standard(), &source(&vars), Environment::Staging, "svc");
        assert_eq!(check.snapshot.entries().len(), standard().settings().len());
        assert_eq!(
            check.snapshot.get("JWT_SECRET_KEY").unwrap().origin(),
            Some(&Origin::Alias("JWT_SECRET"))
        );
        let vars: Vec<&str> = check.problems.iter().map(Problem::var).collect();
        assert_eq!(
            vars,
            ["JWT_ISSUER", "JWT_AUDIENCE", "SERVICE_ID", "SERVICE_SECRET"]
        );
        // The legacy name set beside the canonical one is taken as unread:
        // not a conflict, not compared, but still a legacy name in use.
        assert_eq!(
            check.snapshot.value("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
            Some("30")
        );
        let shadowed = check
            .warnings
            .iter()
            .find(|warning| warning.var() == "JWT_ACCESS_EXPIRY_MINUTES")
            .unwrap();
        assert_eq!(shadowed.kind(), WarningKind::ShadowedAlias);
        assert_eq!(
            check
                .snapshot
                .get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
                .unwrap()
                .ignored_aliases(),
            ["JWT_ACCESS_EXPIRY_MINUTES"]
        );
        assert_eq!(check.snapshot.value("JWT_ISSUER"), None);
    }

    /// Variables, and files held in memory: what `NAME_FILE` names.
    struct WithFiles {
        vars: HashMap<String, String>,
        files: HashMap<String, Result<String, Unreadable>>,
        file_vars: FileVars,
    }

    impl WithFiles {
        fn new(vars: &[(&str, &str)], files: &[(&str, Result<&str, Unreadable>)]) -> WithFiles {
            WithFiles {
                vars: source(vars),
                files: files
                    .iter()
                    .map(|(path, text)| ((*path).to_owned(), text.clone().map(str::to_owned)))
                    .collect(),
                file_vars: FileVars::Followed,
            }
        }
    }

    impl Source for WithFiles {
        fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
            self.vars.var(name)
        }

        fn file_vars(&self) -> FileVars {
            self.file_vars
        }

        fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
            match self.files.get(path.to_str().unwrap()) {
                Some(Ok(text)) => Ok(Zeroizing::new(text.clone())),
                Some(Err(why)) => Err(why.clone()),
                None => panic!("read a file the test does not hold: {}", path.display()),
            }
        }
    }

    fn load_secret(source: &WithFiles, env: Environment) -> Result<Loaded<()>, LoadError> {
        let fields = [FieldSpec::new("JWT_SECRET_KEY").with_aliases(&["JWT_SECRET"])];
        let mut resolution = resolve(standard(), source, env, "svc", &fields)?;
        let secret: SecretString = resolution.take(0);
        use secrecy::ExposeSecret;
        assert_eq!(secret.expose_secret(), SECRET);
        resolution.finish(())
    }

    #[test]
    fn a_value_is_read_from_the_file_its_name_file_names_without_its_final_line_breaks() {
        for text in [
            SECRET.to_owned(),
            format!("{SECRET}\n"),
            format!("{SECRET}\r\n\n"),
        ] {
            let source = WithFiles::new(
                &[("JWT_SECRET_KEY_FILE", "/run/secrets/jwt")],
                &[("/run/secrets/jwt", Ok(&text))],
            );
            let loaded = load_secret(&source, Environment::Staging).unwrap();
            assert_eq!(
                loaded.origin("JWT_SECRET_KEY"),
                Some(&Origin::File {
                    var: "JWT_SECRET_KEY_FILE"
                })
            );
            assert_eq!(
                loaded.file("JWT_SECRET_KEY"),
                Some(Path::new("/run/secrets/jwt"))
            );
            assert!(loaded.warnings().is_empty(), "{:?}", loaded.warnings());
        }
        // A declared alias's file too, read as the legacy name it is.
        let source = WithFiles::new(&[("JWT_SECRET_FILE", "/s")], &[("/s", Ok(SECRET))]);
        let loaded = load_secret(&source, Environment::Test).unwrap();
        assert_eq!(
            loaded.origin("JWT_SECRET_KEY"),
            Some(&Origin::File {
                var: "JWT_SECRET_FILE"
            })
        );
        assert_eq!(loaded.warnings()[0].kind(), WarningKind::DeprecatedAlias);
    }

    #[test]
    fn a_name_and_its_name_file_both_set_are_a_problem_naming_both() {
        let source = WithFiles::new(
            &[("JWT_SECRET_KEY", SECRET), ("JWT_SECRET_KEY_FILE", "/s")],
            &[],
        );
        let err = load_secret(&source, Environment::Staging).unwrap_err();
        let [problem] = err.problems() else {
            panic!("{err}")
        };
        assert_eq!(problem.var(), "JWT_SECRET_KEY");
        assert_eq!(problem.setting(), Some("JWT_SECRET_KEY"));
        assert_eq!(problem.kind().code(), "file_conflict");
        let shown = err.to_string();
        assert!(shown.contains("JWT_SECRET_KEY_FILE"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
    }

    #[test]
    fn an_unreadable_file_is_a_problem_of_its_name_file_with_the_path_and_the_reason() {
        let missing = Unreadable::Io {
            kind: std::io::ErrorKind::NotFound,
            reason: "No such file or directory (os error 2)".to_owned(),
        };
        for (why, reason) in [
            (missing, "No such file or directory"),
            (Unreadable::NotUnicode, "not valid UTF-8"),
        ] {
            let source = WithFiles::new(
                &[("JWT_SECRET_KEY_FILE", "/run/secrets/jwt")],
                &[("/run/secrets/jwt", Err(why))],
            );
            let err = load_secret(&source, Environment::Staging).unwrap_err();
            // The file's problem alone: neither missing nor a default.
            let [problem] = err.problems() else {
                panic!("{err}")
            };
            assert_eq!(problem.var(), "JWT_SECRET_KEY_FILE");
            assert_eq!(problem.setting(), Some("JWT_SECRET_KEY"));
            let shown = problem.to_string();
            assert!(shown.contains("`/run/secrets/jwt`"), "{shown}");
            assert!(shown.contains(reason), "{shown}");
        }
    }

    #[test]
    fn a_source_that_follows_its_files_itself_is_never_asked_for_one() {
        // `file` panics for a path it does not hold: none is read.
        let mut source = WithFiles::new(
            &[
                ("JWT_SECRET_KEY", SECRET),
                ("JWT_SECRET_KEY_FILE", "/etc/shadow"),
            ],
            &[],
        );
        source.file_vars = FileVars::Own;
        let loaded = load_secret(&source, Environment::Staging).unwrap();
        assert_eq!(loaded.origin("JWT_SECRET_KEY"), Some(&Origin::Canonical));
        source.vars.remove("JWT_SECRET_KEY");
        let fields = [FieldSpec::new("JWT_SECRET_KEY")];
        let err = resolve(standard(), &source, Environment::Staging, "svc", &fields).unwrap_err();
        assert_eq!(err.problems()[0].kind(), &ProblemKind::Missing);
    }

    #[test]
    fn a_value_from_a_file_is_judged_as_any_value_and_named_by_its_name_file() {
        let source = WithFiles::new(
            &[("JWT_ISSUER_FILE", "/i"), ("JWT_LEEWAY_SECONDS_FILE", "/l")],
            &[("/i", Ok(" https://auth.example\n")), ("/l", Ok("9000\n"))],
        );
        let fields = [
            FieldSpec::new("JWT_ISSUER"),
            FieldSpec::new("JWT_LEEWAY_SECONDS"),
        ];
        let err = resolve(standard(), &source, Environment::Staging, "svc", &fields).unwrap_err();
        let vars: Vec<(&str, &str)> = err
            .problems()
            .iter()
            .map(|problem| (problem.var(), problem.kind().code()))
            .collect();
        assert_eq!(
            vars,
            [
                ("JWT_ISSUER_FILE", "untrimmed"),
                ("JWT_LEEWAY_SECONDS_FILE", "out_of_range")
            ]
        );
    }

    #[test]
    fn the_filesystem_is_read_by_default_and_a_snapshot_shows_the_path_not_the_content() {
        let dir =
            std::env::temp_dir().join(format!("jwt-config-resolve-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("secret");
        std::fs::write(&path, format!("{SECRET}\n")).unwrap();
        let path = path.to_str().unwrap().to_owned();
        let vars = source(&[("JWT_SECRET_KEY_FILE", &path)]);
        let checked = check(standard(), &vars, Environment::Staging, "svc");
        let entry = checked.snapshot.get("JWT_SECRET_KEY").unwrap();
        assert_eq!(entry.file(), Some(path.as_str()));
        let shown = format!("{} {:?}", checked.snapshot, checked.snapshot);
        assert!(shown.contains(&path), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
        // Missing: the OS's reason.
        let vars = source(&[("JWT_SECRET_KEY_FILE", "/nonexistent/jwt-config/secret")]);
        let missing = check(standard(), &vars, Environment::Staging, "svc");
        let problem = missing
            .problems
            .iter()
            .find(|problem| problem.var() == "JWT_SECRET_KEY_FILE")
            .unwrap();
        assert!(
            matches!(problem.kind(), ProblemKind::UnreadableFile { .. }),
            "{problem}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
