//! Drift: where the services of one environment disagree.
//!
//! [`compare`] takes the [`Snapshot`]s of several services in one
//! environment and reports every shared setting on which they differ, every
//! legacy name still in use, and every service whose service-to-service
//! credentials are incomplete. [`across_environments`] lists the settings
//! that differ between environments, which is information, not drift.

use std::fmt;

use crate::compare::snapshot::{Entry, Snapshot};
use crate::environment::NamedEnvironment;

mod environments;
mod findings;
mod report;

pub use environments::{EnvironmentDifference, EnvironmentValues, across_environments};
use findings::{
    across_services, disagreement, incomplete_credentials, legacy_names, not_compared, shared_ids,
    unmatched_keys,
};
pub use report::{DriftReport, Mismatch, NotCompared, ServiceValue};

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
        let (unmatched, unseen) = unmatched_keys(registry, services);
        mismatches.extend(unmatched);
        // A key pair with a side not seen: the pair was not compared
        // (once, if the key is also a shared setting compared above).
        for missed in unseen {
            if !not_compared_on.iter().any(|listed: &NotCompared| {
                listed.setting == missed.setting && listed.service == missed.service
            }) {
                not_compared_on.push(missed);
            }
        }
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
