//! The findings of drift, each from the snapshots of one environment's
//! services: values that differ, legacy names, rules broken between
//! services, incomplete credentials.

use std::collections::{HashMap, hash_map};

use crate::compare::snapshot::{Entry, Snapshot};
use crate::environment::NamedEnvironment;
use crate::load::loaded::Origin;
use crate::registry::{Category, Rule, ServiceAuth, Unit};

use super::report::{Mismatch, MismatchKind, NotCompared, ServiceValue, Unseen};

pub(super) fn service_values(readers: &[(&str, &Entry)]) -> Vec<ServiceValue> {
    readers
        .iter()
        .map(|(name, entry)| ServiceValue::of(name, entry))
        .collect()
}

/// A `LEGACY_NAME` finding when any service reads the setting through a
/// legacy name, or sets one that is not read, whatever the values.
pub(super) fn legacy_names(setting: &'static str, readers: &[(&str, &Entry)]) -> Option<Mismatch> {
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
pub(super) fn uncomparable(entry: &Entry) -> Option<Unseen> {
    if let Some(unseen) = entry.unseen() {
        return Some(Unseen::Value(unseen));
    }
    (entry.is_invalid() && entry.refused().is_none()).then_some(Unseen::Refused)
}

/// The services among `readers` of a shared setting whose values could not
/// be compared, when there was someone to compare them with.
pub(super) fn not_compared(setting: &'static str, readers: &[(&str, &Entry)]) -> Vec<NotCompared> {
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
pub(super) fn disagreement(
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
pub(super) fn across_services(
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
pub(super) fn rule_broken<'a>(
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
///
/// Also, a verifier whose public key cannot be seen, where a signer's is
/// (held outside the deployment, a key file it does not mount): the pair
/// was not compared.
pub(super) fn unmatched_keys(
    registry: &crate::registry::Registry,
    services: &[(&str, &Snapshot)],
) -> (Vec<Mismatch>, Vec<NotCompared>) {
    use crate::registry::Role;
    let (Some(private), Some(public)) = (
        registry.by_role(Role::PrivateKey),
        registry.by_role(Role::PublicKey),
    ) else {
        return (Vec::new(), Vec::new());
    };
    let Some(category) = public.category else {
        return (Vec::new(), Vec::new());
    };
    let signers: Vec<(&str, &str)> = services
        .iter()
        .filter_map(|(name, snapshot)| {
            Some((*name, snapshot.get(private.name)?.public_of_private()?))
        })
        .collect();
    let mut found = Vec::new();
    let mut unseen = Vec::new();
    for (verifier, snapshot) in services {
        let Some(entry) = snapshot.get(public.name) else {
            continue;
        };
        let Some(key) = entry.value() else {
            if let Some(reason) = uncomparable(entry)
                && signers.iter().any(|(signer, _)| signer != verifier)
            {
                unseen.push(NotCompared {
                    setting: public.name,
                    service: (*verifier).to_owned(),
                    reason,
                });
            }
            continue;
        };
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
    (found, unseen)
}

/// A `SERVICE_AUTH_ERROR` finding for each service id two or more services
/// share: a service called with it cannot tell its callers apart.
pub(super) fn shared_ids(id: &'static str, services: &[(&str, &Snapshot)]) -> Vec<Mismatch> {
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
pub(super) fn incomplete_credentials(
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
