//! Drift: where the services of one environment disagree.
//!
//! [`compare`] takes the [`Snapshot`]s of several services in one
//! environment and reports every shared setting on which they differ, every
//! legacy name still in use, and every service whose service-to-service
//! credentials are incomplete. [`across_environments`] lists the settings
//! that differ between environments, which is information, not drift.

use std::collections::{HashMap, hash_map};
use std::fmt;

use serde::Serialize;

use crate::compare::snapshot::{Entry, Snapshot, UnseenValue};
use crate::environment::NamedEnvironment;
use crate::load::loaded::Origin;
use crate::registry::{Category, Rule, ServiceAuth, Unit};

/// Compares the snapshots of the services of `environment`.
///
/// ```
/// use jwt_config::{drift, Environment, JwtSettings};
///
/// #[derive(JwtSettings)]
/// struct Svc {
///     jwt_secret_key: jwt_config::SecretString,
///     jwt_access_token_expire_minutes: u32,
/// }
///
/// let load = |minutes: &str| {
///     let vars = jwt_config::vars([
///         ("JWT_SECRET_KEY", "shared-test-secret"),
///         ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", minutes),
///     ]);
///     Svc::load(&vars, Environment::Test).map(|loaded| loaded.snapshot())
/// };
/// let (auth, backend) = (load("15")?, load("30")?);
/// let report = drift::compare(Environment::Test, &[("auth", &auth), ("backend", &backend)])?;
/// assert!(!report.is_consistent());
/// assert_eq!(report.mismatches()[0].category(), "EXPIRY_MISMATCH");
/// assert!(report.to_string().starts_with("[TEST] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `environment` is one of the four or an organisation's own
/// (`registry.environment("qa")`); reports name it as given.
///
/// # Errors
///
/// [`DifferentRegistries`] when the snapshots follow different registries:
/// their names, defaults and categories need not mean the same thing, so
/// comparing them would report noise or hide drift.
pub fn compare(
    environment: impl Into<NamedEnvironment>,
    services: &[(&str, &Snapshot)],
) -> Result<DriftReport, DifferentRegistries> {
    same_registry(services.iter().map(|(name, snapshot)| (*name, *snapshot)))?;
    let environment = environment.into();
    let mut mismatches = Vec::new();
    let mut not_compared_on = Vec::new();
    if let Some((_, first)) = services.first() {
        let registry = first.registry();
        for setting in registry {
            let readers: Vec<(&str, &Entry)> = services
                .iter()
                .filter_map(|(name, snapshot)| Some((*name, snapshot.get(setting.name)?)))
                .collect();
            mismatches.extend(legacy_names(setting.name, &readers));
            if let Some(category) = setting.category {
                not_compared_on.extend(not_compared(setting.name, &readers));
                let credential = registry
                    .service_auth()
                    .is_some_and(|auth| auth.id == setting.name || auth.secret == setting.name);
                mismatches.extend(disagreement(
                    environment,
                    category,
                    setting.name,
                    &readers,
                    credential,
                ));
            }
        }
        if let Some(auth) = registry.service_auth() {
            for (name, snapshot) in services {
                mismatches.extend(incomplete_credentials(environment, &auth, name, snapshot));
            }
            mismatches.extend(shared_ids(auth.id, services));
        }
        mismatches.extend(unmatched_keys(registry, services));
        for rule in registry.rules() {
            mismatches.extend(across_services(environment, *rule, services));
        }
    }
    Ok(DriftReport {
        environment,
        // A service that reads no shared setting was compared on nothing.
        services: services
            .iter()
            .filter(|(_, snapshot)| {
                snapshot
                    .entries()
                    .iter()
                    .any(|entry| entry.setting().category.is_some())
            })
            .map(|(name, _)| (*name).to_owned())
            .collect(),
        mismatches,
        not_compared: not_compared_on,
    })
}

/// Refuses snapshots that follow different registries.
fn same_registry<'a>(
    mut services: impl Iterator<Item = (&'a str, &'a Snapshot)>,
) -> Result<(), DifferentRegistries> {
    let Some((first, reference)) = services.next() else {
        return Ok(());
    };
    let expected = reference.registry();
    for (name, snapshot) in services {
        let registry = snapshot.registry();
        if !std::ptr::eq(expected, registry) && expected.fingerprint() != registry.fingerprint() {
            return Err(DifferentRegistries {
                services: Box::new([
                    RegistryOf::new(first, expected),
                    RegistryOf::new(name, registry),
                ]),
            });
        }
    }
    Ok(())
}

/// The error of comparing snapshots that follow different registries.
///
/// ```
/// use jwt_config::{drift, registry, resolve, Environment};
/// use std::collections::HashMap;
///
/// let standard = registry::standard();
/// // The built-in table without its rules: another registry.
/// let other: &'static registry::Registry = Box::leak(Box::new(registry::Registry::new(
///     standard.settings(),
///     &[],
///     *standard.secret_policy(),
/// )));
/// let vars = HashMap::<String, String>::new();
/// let auth = resolve::check(standard, &vars, Environment::Test, "auth").snapshot;
/// let api = resolve::check(other, &vars, Environment::Test, "api").snapshot;
/// let err = drift::compare(Environment::Test, &[("auth", &auth), ("api", &api)]).unwrap_err();
/// assert!(err.to_string().starts_with("cannot compare auth and api: auth follows the built-in registry"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferentRegistries {
    /// The first service and one that follows another registry (boxed: an
    /// error kept small).
    services: Box<[RegistryOf; 2]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RegistryOf {
    service: String,
    source: String,
    fingerprint: String,
}

impl RegistryOf {
    fn new(service: &str, registry: &crate::registry::Registry) -> RegistryOf {
        RegistryOf {
            service: service.to_owned(),
            source: registry.source().described(),
            fingerprint: registry.fingerprint(),
        }
    }
}

impl fmt::Display for DifferentRegistries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b] = &*self.services;
        write!(
            f,
            "cannot compare {} and {}: {} follows {} ({}), {} follows {} ({}); build and check every service with one registry",
            a.service,
            b.service,
            a.service,
            a.source,
            a.fingerprint,
            b.service,
            b.source,
            b.fingerprint
        )
    }
}

impl std::error::Error for DifferentRegistries {}

fn service_values(readers: &[(&str, &Entry)]) -> Vec<ServiceValue> {
    readers
        .iter()
        .map(|(name, entry)| ServiceValue::of(name, entry))
        .collect()
}

/// A `LEGACY_NAME` finding when any service reads the setting through a
/// legacy name, or sets one that is not read, whatever the values.
fn legacy_names(setting: &'static str, readers: &[(&str, &Entry)]) -> Option<Mismatch> {
    let uses: Vec<String> = readers
        .iter()
        .flat_map(|(name, entry)| {
            let read = match entry.origin() {
                Some(Origin::Alias(alias)) => {
                    Some(format!("{name} reads it through the legacy name {alias}"))
                }
                _ => None,
            };
            let unread = entry.ignored_aliases().iter().map(move |alias| {
                if entry.assumed_unread(alias) {
                    format!(
                        "{name} sets the legacy name {alias} beside a name of it read first, so it is assumed unread"
                    )
                } else {
                    format!("{name} sets the legacy name {alias}, which is not read")
                }
            });
            read.into_iter().chain(unread)
        })
        .collect();
    (!uses.is_empty()).then(|| Mismatch {
        setting,
        kind: MismatchKind::LegacyName,
        detail: format!("{}; rename it to {setting}", uses.join(", ")),
        values: service_values(readers),
    })
}

/// Why `entry`, which is set, cannot be compared; `None` when it can be
/// (a refused value is compared as it was written, a secret by its
/// fingerprint).
fn uncomparable(entry: &Entry) -> Option<Unseen> {
    if let Some(unseen) = entry.unseen() {
        return Some(Unseen::Value(unseen));
    }
    (entry.is_invalid() && entry.refused().is_none()).then_some(Unseen::Refused)
}

/// The services among `readers` of a shared setting whose values could not
/// be compared, when there was someone to compare them with.
fn not_compared(setting: &'static str, readers: &[(&str, &Entry)]) -> Vec<NotCompared> {
    if readers.len() < 2 {
        return Vec::new();
    }
    readers
        .iter()
        .filter_map(|(service, entry)| {
            Some(NotCompared {
                setting,
                service: (*service).to_owned(),
                reason: uncomparable(entry)?,
            })
        })
        .collect()
}

/// A finding of `category` when the services' values of a shared setting
/// differ. A refused value is compared as it was written (a secret by its
/// fingerprint): two services given different secrets that are both too
/// short still disagree. Values that cannot be seen are left out (the
/// report lists them as not compared), and so are unset credentials (the
/// credentials check reports those).
fn disagreement(
    environment: NamedEnvironment,
    category: Category,
    setting: &'static str,
    readers: &[(&str, &Entry)],
    credential: bool,
) -> Option<Mismatch> {
    let compared: Vec<&(&str, &Entry)> = readers
        .iter()
        .filter(|(_, entry)| {
            let unset_credential = credential && entry.compared().is_none();
            !(uncomparable(entry).is_some() || unset_credential)
        })
        .collect();
    if compared
        .windows(2)
        .all(|pair| pair[0].1.compared() == pair[1].1.compared())
    {
        return None;
    }
    let listed: Vec<String> = compared
        .iter()
        .map(|(name, entry)| {
            let value = match (entry.value(), entry.refused()) {
                (Some(value), _) => value.to_owned(),
                (None, Some(refused)) => format!("{refused} (refused)"),
                (None, None) => "(unset)".to_owned(),
            };
            let value = match entry.origin() {
                Some(origin) => format!("{name} {value} from {origin}"),
                None => format!("{name} {value}"),
            };
            match entry.written() {
                Some(written) => format!("{value} (written {written})"),
                None => value,
            }
        })
        .collect();
    Some(Mismatch {
        setting,
        kind: MismatchKind::Differs(category),
        detail: format!(
            "services disagree ({}); give every service of {environment} one value",
            listed.join(", ")
        ),
        values: service_values(readers),
    })
}

/// A `RULE_BROKEN` finding for each service whose value of a rule's
/// first setting breaks the rule against another service's value of its
/// second, for a rule that holds across services (`across_services`): a
/// service's own pair is its load's to judge. Values that cannot be seen
/// are not compared; a refused secret is, by its fingerprint.
fn across_services(
    environment: NamedEnvironment,
    rule: Rule,
    services: &[(&str, &Snapshot)],
) -> Vec<Mismatch> {
    if !rule.across_services() {
        return Vec::new();
    }
    let [first, second] = rule.settings();
    let values = |name: &'static str| -> Vec<(&str, &Entry, &str)> {
        services
            .iter()
            .filter_map(|(service, snapshot)| {
                let entry = snapshot.get(name)?;
                Some((*service, entry, entry.compared()?))
            })
            .collect()
    };
    let (firsts, seconds) = (values(first), values(second));
    // A service that reads both settings judged its own pair: another
    // service whose value of the second is the same as its own adds nothing.
    let own_second = |service: &str| -> Option<&str> {
        seconds
            .iter()
            .find(|(other, ..)| *other == service)
            .map(|(_, _, value)| *value)
    };
    let mut found = Vec::new();
    match rule {
        Rule::Distinct { in_envs, .. } if in_envs.contains(environment.follows) => {
            let mut holders: HashMap<&str, Vec<(&str, &Entry)>> = HashMap::new();
            for (service, entry, value) in &seconds {
                holders.entry(value).or_default().push((service, entry));
            }
            for (service, entry, value) in &firsts {
                let others: Vec<&(&str, &Entry)> = holders
                    .get(value)
                    .into_iter()
                    .flatten()
                    .filter(|(other, _)| other != service && own_second(service) != Some(value))
                    .collect();
                if others.is_empty() {
                    continue;
                }
                found.push(rule_broken(
                    first,
                    (service, entry),
                    others.iter().map(|(name, entry)| (*name, *entry)),
                    |names| {
                        format!(
                            "{service}'s {first} is the {second} of {names}, but {rule}; give {service} a {first} of its own"
                        )
                    },
                ));
            }
        }
        Rule::LongerThan { .. } => {
            let seconds_of = |entry: &Entry, value: &str| match entry.setting().kind {
                crate::registry::Kind::Duration { unit, .. } => {
                    unit.format().to_unit(value, Unit::Seconds).ok()
                }
                _ => None,
            };
            let shorter: Vec<(&str, &Entry, u64)> = seconds
                .iter()
                .filter_map(|(service, entry, value)| {
                    Some((*service, *entry, seconds_of(entry, value)?))
                })
                .collect();
            for (service, entry, value) in &firsts {
                let Some(longer) = seconds_of(entry, value) else {
                    continue;
                };
                let own = shorter
                    .iter()
                    .find(|(other, ..)| other == service)
                    .map(|(.., amount)| *amount);
                let outlived: Vec<&(&str, &Entry, u64)> = shorter
                    .iter()
                    .filter(|(other, _, amount)| {
                        other != service && *amount >= longer && own != Some(*amount)
                    })
                    .collect();
                if outlived.is_empty() {
                    continue;
                }
                found.push(rule_broken(
                    first,
                    (service, entry),
                    outlived.iter().map(|(name, entry, _)| (*name, *entry)),
                    |names| {
                        format!(
                            "{service}'s {first} is no longer than the {second} of {names}, but {rule}; raise {service}'s {first} or lower theirs"
                        )
                    },
                ));
            }
        }
        Rule::Distinct { .. } | Rule::TrueOnlyIn { .. } => {}
    }
    found
}

/// A `RULE_BROKEN` finding on `setting` of `service`, against `others`:
/// `detail` says what, given the others' names.
fn rule_broken<'a>(
    setting: &'static str,
    (service, entry): (&str, &Entry),
    others: impl Iterator<Item = (&'a str, &'a Entry)>,
    detail: impl FnOnce(&str) -> String,
) -> Mismatch {
    let others: Vec<(&str, &Entry)> = others.collect();
    let names: Vec<&str> = others.iter().map(|(name, _)| *name).collect();
    Mismatch {
        setting,
        kind: MismatchKind::Rule,
        detail: detail(&crate::words::and_list(&names)),
        values: std::iter::once(ServiceValue::of(service, entry))
            .chain(
                others
                    .iter()
                    .map(|(name, entry)| ServiceValue::of(name, entry)),
            )
            .collect(),
    }
}

/// A finding for each verifier whose public key is not the public key of
/// the private key a signer of the same environment signs with: the
/// verifier would refuse every token the signer makes.
fn unmatched_keys(
    registry: &crate::registry::Registry,
    services: &[(&str, &Snapshot)],
) -> Vec<Mismatch> {
    use crate::registry::Role;
    let (Some(private), Some(public)) = (
        registry.by_role(Role::PrivateKey),
        registry.by_role(Role::PublicKey),
    ) else {
        return Vec::new();
    };
    let Some(category) = public.category else {
        return Vec::new();
    };
    let signers: Vec<(&str, &str)> = services
        .iter()
        .filter_map(|(name, snapshot)| {
            Some((*name, snapshot.get(private.name)?.public_of_private()?))
        })
        .collect();
    let mut found = Vec::new();
    for (verifier, snapshot) in services {
        let Some(entry) = snapshot.get(public.name) else {
            continue;
        };
        let Some(key) = entry.value() else { continue };
        for (signer, expected) in &signers {
            if signer != verifier && key != *expected {
                found.push(Mismatch {
                    setting: public.name,
                    kind: MismatchKind::Differs(category),
                    detail: format!(
                        "{verifier}'s {} is not the public key of the {} {signer} signs with, so {verifier} would refuse every token {signer} makes; give {verifier} the public key of {signer}'s private key",
                        public.name, private.name
                    ),
                    values: vec![ServiceValue::of(verifier, entry)],
                });
            }
        }
    }
    found
}

/// A `SERVICE_AUTH_ERROR` finding for each service id two or more services
/// share: a service called with it cannot tell its callers apart.
fn shared_ids(id: &'static str, services: &[(&str, &Snapshot)]) -> Vec<Mismatch> {
    // In the order the values are first seen, found by value: ten thousand
    // services with ten thousand ids cost ten thousand lookups, not fifty
    // million comparisons.
    let mut by_value: Vec<(&str, Vec<(&str, &Entry)>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (name, snapshot) in services {
        let Some(entry) = snapshot.get(id) else {
            continue;
        };
        let Some(value) = entry.value() else {
            continue;
        };
        match index.entry(value) {
            hash_map::Entry::Occupied(at) => by_value[*at.get()].1.push((name, entry)),
            hash_map::Entry::Vacant(at) => {
                at.insert(by_value.len());
                by_value.push((value, vec![(name, entry)]));
            }
        }
    }
    by_value
        .into_iter()
        .filter(|(_, holders)| holders.len() > 1)
        .map(|(value, holders)| {
            let names: Vec<&str> = holders.iter().map(|(name, _)| *name).collect();
            Mismatch {
                setting: id,
                kind: MismatchKind::ServiceAuth,
                detail: format!(
                    "{} {} have {id} `{value}`, so a service they call cannot tell them apart; give each service its own {id}",
                    crate::words::and_list(&names),
                    if names.len() == 2 { "both" } else { "all" }
                ),
                values: service_values(&holders),
            }
        })
        .collect()
}

/// A `SERVICE_AUTH_ERROR` finding when `service` could not build its
/// service-to-service credentials: it reads only one of the pair, has only
/// one of them set, or has neither where the environment requires them.
fn incomplete_credentials(
    environment: NamedEnvironment,
    auth: &ServiceAuth,
    service: &str,
    snapshot: &Snapshot,
) -> Option<Mismatch> {
    let (id, secret) = (snapshot.get(auth.id), snapshot.get(auth.secret));
    let entries: Vec<&Entry> = [id, secret].into_iter().flatten().collect();
    let values: Vec<ServiceValue> = entries
        .iter()
        .map(|entry| ServiceValue::of(service, entry))
        .collect();
    let (setting, detail) = match (id, secret) {
        (None, None) => return None,
        (Some(_), None) | (None, Some(_)) => {
            let (read, unread) = if id.is_some() {
                (auth.id, auth.secret)
            } else {
                (auth.secret, auth.id)
            };
            (
                unread,
                format!(
                    "{service} reads {read} but not {unread}, so it cannot build its {} / {} headers; read both",
                    auth.id_header, auth.secret_header
                ),
            )
        }
        (Some(id), Some(secret)) => {
            let missing: Vec<&'static str> = [id, secret]
                .into_iter()
                .filter(|entry| entry.value().is_none() && !entry.is_invalid())
                .map(|entry| entry.setting().name)
                .collect();
            let required = [id, secret]
                .iter()
                .any(|entry| entry.setting().is_required_in(environment.follows));
            match missing[..] {
                [] => return None,
                [_, _] if !required => return None,
                [_, _] => (
                    auth.id,
                    format!(
                        "{service} has neither {} nor {}, which {environment} requires: its calls to other services would carry no credentials; set both",
                        auth.id, auth.secret
                    ),
                ),
                [missing, ..] => {
                    let present = if missing == auth.id {
                        auth.secret
                    } else {
                        auth.id
                    };
                    (
                        missing,
                        format!(
                            "{service} has {present} but no {missing}: its calls to other services would carry an incomplete {} / {} header pair; set {missing}",
                            auth.id_header, auth.secret_header
                        ),
                    )
                }
            }
        }
    };
    Some(Mismatch {
        setting,
        kind: MismatchKind::ServiceAuth,
        detail,
        values,
    })
}

/// The outcome of [`compare`]: every disagreement among the services of one
/// environment.
///
/// `Display` is the operator report, a line a finding
/// (`[STAGING] SERVICE_AUTH_ERROR: ...`); `Serialize` gives the same as data.
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    environment: NamedEnvironment,
    services: Vec<String>,
    mismatches: Vec<Mismatch>,
    /// Each service whose value of a shared setting could not be compared.
    not_compared: Vec<NotCompared>,
}

/// A service whose value of a shared setting could not be compared with
/// the other services': nothing is said to agree that was not compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCompared {
    setting: &'static str,
    service: String,
    reason: Unseen,
}

impl NotCompared {
    /// The setting.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// The service.
    pub fn service(&self) -> &str {
        &self.service
    }
}

impl fmt::Display for NotCompared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} ({})", self.setting, self.service, self.reason)
    }
}

/// Why a value was not compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
enum Unseen {
    /// It cannot be seen.
    Value(UnseenValue),
    /// It was refused in a form that cannot be compared (a lifetime in the
    /// service's own unit that makes no whole number of the setting's).
    #[serde(serialize_with = "refused")]
    Refused,
}

fn refused<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str("refused")
}

impl fmt::Display for Unseen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unseen::Value(unseen) => unseen.fmt(f),
            Unseen::Refused => {
                f.write_str("its value was refused in a form that cannot be compared")
            }
        }
    }
}

impl DriftReport {
    /// The environment compared.
    pub fn environment(&self) -> NamedEnvironment {
        self.environment
    }

    /// The services compared: those that read a shared setting.
    pub fn services(&self) -> &[String] {
        &self.services
    }

    /// Whether the services agree on everything and use no legacy name.
    pub fn is_consistent(&self) -> bool {
        self.mismatches.is_empty()
    }

    /// Every finding, setting by setting in registry order, then the
    /// services with incomplete credentials.
    pub fn mismatches(&self) -> &[Mismatch] {
        &self.mismatches
    }

    /// Each service whose value of a shared setting could not be compared
    /// (held outside the deployment, not valid UTF-8): a consistent report
    /// holds for the values that were compared only.
    pub fn not_compared(&self) -> &[NotCompared] {
        &self.not_compared
    }
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let env = self.environment.name.to_ascii_uppercase();
        if self.mismatches.is_empty() {
            match &self.services[..] {
                [] => write!(f, "[{env}] no services to compare")?,
                [only] => write!(
                    f,
                    "[{env}] consistent: {only} is the only service reading a shared setting, nothing to compare"
                )?,
                services if self.not_compared.is_empty() => write!(
                    f,
                    "[{env}] consistent: {} agree on every shared setting",
                    services.join(", ")
                )?,
                services => write!(
                    f,
                    "[{env}] consistent where compared: {} agree on every shared setting whose values could be compared",
                    services.join(", ")
                )?,
            }
        }
        for (i, mismatch) in self.mismatches.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "[{env}] {mismatch}")?;
        }
        for not_compared in &self.not_compared {
            write!(f, "\n[{env}] not compared: {not_compared}")?;
        }
        Ok(())
    }
}

/// One finding of a [`DriftReport`].
#[derive(Debug, Clone, Serialize)]
pub struct Mismatch {
    setting: &'static str,
    #[serde(rename = "category")]
    kind: MismatchKind,
    detail: String,
    values: Vec<ServiceValue>,
}

impl Mismatch {
    /// The setting the finding is about.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// The category, such as `EXPIRY_MISMATCH`, `SERVICE_AUTH_ERROR` or `LEGACY_NAME`.
    pub fn category(&self) -> &'static str {
        self.kind.code()
    }

    /// What is wrong and what to do, in words.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// Each service's value and origin for the setting.
    pub fn values(&self) -> &[ServiceValue] {
        &self.values
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.category(), self.setting, self.detail)
    }
}

/// What a finding is; serialized as its code (`EXPIRY_MISMATCH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
enum MismatchKind {
    /// Services disagree on a shared setting.
    Differs(Category),
    /// A service's credentials for calling other services are incomplete.
    ServiceAuth,
    /// A service reads or sets a legacy name.
    LegacyName,
    /// Two services break a rule that holds across services.
    Rule,
}

impl From<MismatchKind> for &'static str {
    fn from(kind: MismatchKind) -> &'static str {
        kind.code()
    }
}

impl MismatchKind {
    fn code(self) -> &'static str {
        match self {
            MismatchKind::Differs(category) => category.mismatch_code(),
            MismatchKind::ServiceAuth => "SERVICE_AUTH_ERROR",
            MismatchKind::LegacyName => "LEGACY_NAME",
            MismatchKind::Rule => "RULE_BROKEN",
        }
    }
}

/// One service's value of a setting, within a [`Mismatch`].
#[derive(Debug, Clone, Serialize)]
pub struct ServiceValue {
    service: String,
    setting: &'static str,
    value: Option<String>,
    /// A value set but refused, as compared (see [`Entry::refused`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
    /// The value as the service wrote it in its own unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    written: Option<String>,
    origin: Option<Origin>,
}

impl ServiceValue {
    fn of(service: &str, entry: &Entry) -> ServiceValue {
        ServiceValue {
            service: service.to_owned(),
            setting: entry.setting().name,
            value: entry.value().map(str::to_owned),
            refused: entry.refused().map(str::to_owned),
            written: entry.written().map(str::to_owned),
            origin: entry.origin().copied(),
        }
    }

    /// The value that was set but refused, as drift compared it (a
    /// secret's fingerprint); `None` unless refused.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// The value as the service wrote it in its own unit (`900 seconds`).
    pub fn written(&self) -> Option<&str> {
        self.written.as_deref()
    }

    /// The service.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The setting.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// Its printable value (a secret's fingerprint); `None` when unset.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// Where the value came from.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }
}

/// A shared setting whose value differs between environments: expected
/// (shorter lifetimes in production, say), so shown as information.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentDifference {
    setting: &'static str,
    environments: Vec<EnvironmentValues>,
}

/// The values the services of one environment have for a setting.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentValues {
    environment: NamedEnvironment,
    /// One value when the services agree; `None` for unset.
    values: Vec<Option<String>>,
}

impl EnvironmentValues {
    /// The environment.
    pub fn environment(&self) -> NamedEnvironment {
        self.environment
    }

    /// The distinct values its services have, `None` for unset.
    pub fn values(&self) -> &[Option<String>] {
        &self.values
    }
}

impl EnvironmentDifference {
    /// The setting.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// Each environment's values, in environment order.
    pub fn environments(&self) -> &[EnvironmentValues] {
        &self.environments
    }
}

impl fmt::Display for EnvironmentDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.setting)?;
        for (i, env) in self.environments.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            let values: Vec<&str> = env
                .values
                .iter()
                .map(|value| value.as_deref().unwrap_or("(unset)"))
                .collect();
            write!(f, "{sep}{} {}", env.environment, values.join(" / "))?;
        }
        Ok(())
    }
}

/// The compared settings, secrets aside, whose values differ between
/// environments, from the snapshots of every service of every environment,
/// in the order of the rules each environment follows (`qa` beside
/// `staging`).
///
/// # Errors
///
/// [`DifferentRegistries`] when the snapshots follow different registries.
pub fn across_environments(
    snapshots: &[(NamedEnvironment, &Snapshot)],
) -> Result<Vec<EnvironmentDifference>, DifferentRegistries> {
    same_registry(
        snapshots
            .iter()
            .map(|(_, snapshot)| (snapshot.service(), *snapshot)),
    )?;
    let Some((_, first)) = snapshots.first() else {
        return Ok(Vec::new());
    };
    let mut envs: Vec<NamedEnvironment> = snapshots.iter().map(|(env, _)| *env).collect();
    envs.sort();
    envs.dedup();
    let mut differences = Vec::new();
    for setting in first.registry() {
        // Secrets differ between environments by design: not worth a line.
        if setting.category.is_none() || setting.is_secret() {
            continue;
        }
        let environments: Vec<EnvironmentValues> = envs
            .iter()
            .map(|env| {
                let mut values: Vec<Option<String>> = snapshots
                    .iter()
                    .filter(|(e, _)| e == env)
                    .filter_map(|(_, snapshot)| snapshot.get(setting.name))
                    .filter(|entry| !entry.is_invalid())
                    .map(|entry| entry.value().map(str::to_owned))
                    .collect();
                values.sort_unstable();
                values.dedup();
                EnvironmentValues {
                    environment: *env,
                    values,
                }
            })
            // An environment whose every value was refused has nothing to show.
            .filter(|env| !env.values.is_empty())
            .collect();
        if environments
            .windows(2)
            .any(|pair| pair[0].values != pair[1].values)
        {
            differences.push(EnvironmentDifference {
                setting: setting.name,
                environments,
            });
        }
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::environment::Environment;
    use crate::registry::standard;
    use crate::resolve;

    /// Every setting of the registry as `service` would resolve it.
    fn snapshot(env: Environment, service: &str, vars: &[(&str, &str)]) -> Snapshot {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        resolve::check(standard(), &vars, env, service).snapshot
    }

    fn categories(report: &DriftReport) -> Vec<(&'static str, &'static str)> {
        report
            .mismatches()
            .iter()
            .map(|m| (m.category(), m.setting()))
            .collect()
    }

    #[test]
    fn per_service_settings_are_never_compared_and_agreement_is_consistent() {
        let base = [
            ("JWT_SECRET_KEY", "dev-secret-1"),
            ("SERVICE_SECRET", "dev-secret-2"),
        ];
        let a = snapshot(
            Environment::Development,
            "a",
            &[base[0], base[1], ("SERVICE_ID", "a")],
        );
        let b = snapshot(
            Environment::Development,
            "b",
            &[base[0], base[1], ("SERVICE_ID", "b")],
        );
        let report = compare(Environment::Development, &[("a", &a), ("b", &b)]).unwrap();
        assert!(report.is_consistent(), "{report}");
        assert!(
            report
                .to_string()
                .starts_with("[DEVELOPMENT] consistent: a, b agree")
        );
    }

    #[test]
    fn a_legacy_name_is_reported_even_when_values_agree() {
        let a = snapshot(Environment::Test, "a", &[("JWT_SECRET_KEY", "test-key-1")]);
        let b = snapshot(Environment::Test, "b", &[("JWT_SECRET", "test-key-1")]);
        let report = compare(Environment::Test, &[("a", &a), ("b", &b)]).unwrap();
        assert_eq!(
            categories(&report),
            [("LEGACY_NAME", "JWT_SECRET_KEY")],
            "{report}"
        );
        assert!(
            report
                .to_string()
                .contains("b reads it through the legacy name JWT_SECRET")
        );
    }

    #[test]
    fn a_half_credential_pair_is_an_error_where_a_missing_pair_is_not() {
        let key = ("JWT_SECRET_KEY", "dev-secret-1");
        let half = snapshot(
            Environment::Development,
            "half",
            &[key, ("SERVICE_ID", "half")],
        );
        let none = snapshot(Environment::Development, "none", &[key]);
        let report = compare(
            Environment::Development,
            &[("half", &half), ("none", &none)],
        )
        .unwrap();
        assert_eq!(
            categories(&report),
            [("SERVICE_AUTH_ERROR", "SERVICE_SECRET")],
            "{report}"
        );
        let staging_none = compare(Environment::Staging, &[("none", &none)]).unwrap();
        assert_eq!(
            categories(&staging_none),
            [("SERVICE_AUTH_ERROR", "SERVICE_ID")],
            "required in staging"
        );
    }

    #[test]
    fn two_services_with_one_service_id_are_a_service_auth_error() {
        let pair = |id| {
            [
                ("JWT_SECRET_KEY", "dev-secret-1"),
                ("SERVICE_SECRET", "dev-secret-2"),
                ("SERVICE_ID", id),
            ]
        };
        let a = snapshot(Environment::Development, "billing", &pair("backend"));
        let b = snapshot(Environment::Development, "gateway", &pair("backend"));
        let c = snapshot(Environment::Development, "auth", &pair("auth"));
        let report = compare(
            Environment::Development,
            &[("billing", &a), ("gateway", &b), ("auth", &c)],
        )
        .unwrap();
        assert_eq!(
            categories(&report),
            [("SERVICE_AUTH_ERROR", "SERVICE_ID")],
            "{report}"
        );
        assert!(
            report
                .to_string()
                .contains("billing and gateway both have SERVICE_ID `backend`"),
            "{report}"
        );
    }

    #[test]
    fn environments_differing_is_information_secrets_aside() {
        let key = |k| ("JWT_SECRET_KEY", k);
        let dev = snapshot(Environment::Development, "a", &[key("dev-secret-1")]);
        let prod = snapshot(Environment::Production, "a", &[key("another-key-22")]);
        let differences = across_environments(&[
            (Environment::Development.into(), &dev),
            (Environment::Production.into(), &prod),
        ])
        .unwrap();
        let settings: Vec<&str> = differences
            .iter()
            .map(EnvironmentDifference::setting)
            .collect();
        assert_eq!(
            settings,
            [
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
            ]
        );
        assert_eq!(
            differences[0].to_string(),
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES: development 60, production 15"
        );
    }
}
