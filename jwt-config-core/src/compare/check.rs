//! A deployment check of one service: every setting it reads resolved
//! from what the deployment gives it, as a [`Snapshot`] to compare with
//! other services', with every problem and warning.

use crate::compare::snapshot::{Seen, Snapshot, unread_aliases};
use crate::environment::NamedEnvironment;
use crate::load::error::{Problem, ProblemKind};
use crate::load::loaded::{Origin, Warning};
use crate::load::resolve::{self, Aliases, FieldSpec, Slot};
use crate::load::source::Source;
use crate::registry::{Lookup, Registry, Service};

/// Resolves every setting of `registry` from `source` for `env`, as a
/// deployment check of a service the registry does not declare does: the
/// snapshot of what resolved, and every problem and warning.
///
/// Not knowing which names the service reads, it assumes the service reads
/// the first name of a setting that is set, in the order canonical name,
/// then each registered alias: a legacy name read so is a
/// [`WarningKind::DeprecatedAlias`](crate::WarningKind::DeprecatedAlias), and one set beside a name read before
/// it is a [`WarningKind::ShadowedAlias`](crate::WarningKind::ShadowedAlias), neither read nor compared.
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
) -> ServiceCheck {
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
///     sources: &[],
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
) -> ServiceCheck {
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
) -> ServiceCheck {
    let outcome = resolve::outcome(registry, source, env, service, fields, aliases);
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
    ServiceCheck {
        snapshot,
        problems: outcome.problems,
        warnings: outcome.warnings,
    }
}

/// The outcome of [`check`].
#[derive(Debug, Clone)]
pub struct ServiceCheck {
    /// Every setting, with what resolved (a setting with a problem has no value).
    pub snapshot: Snapshot,
    /// Every problem.
    pub problems: Vec<Problem>,
    /// Every warning.
    pub warnings: Vec<Warning>,
}
