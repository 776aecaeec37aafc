//! Drift: where the services of one environment disagree.
//!
//! [`compare`] takes the [`Snapshot`]s of several services in one
//! environment and reports every shared setting on which they differ, every
//! legacy name still in use, and every service whose service-to-service
//! credentials are incomplete. [`across_environments`] lists the settings
//! that differ between environments, which is information, not drift.

use std::fmt;

use serde::Serialize;

use crate::environment::Environment;
use crate::loaded::Origin;
use crate::registry::{Category, Kind, Scope};
use crate::snapshot::{Entry, Snapshot};

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
/// let report = drift::compare(Environment::Test, &[("auth", &auth), ("backend", &backend)]);
/// assert!(!report.is_consistent());
/// assert_eq!(report.mismatches()[0].category(), "EXPIRY_MISMATCH");
/// assert!(report.to_string().starts_with("[TEST] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES"));
/// # Ok::<(), jwt_config::LoadError>(())
/// ```
pub fn compare(environment: Environment, services: &[(&str, &Snapshot)]) -> DriftReport {
    let mut report = DriftReport {
        environment,
        services: services
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect(),
        mismatches: Vec::new(),
    };
    let Some((_, first)) = services.first() else {
        return report;
    };
    let registry = first.registry();
    for setting in registry {
        let readers: Vec<(&str, &Entry)> = services
            .iter()
            .filter_map(|(name, snapshot)| Some((*name, snapshot.get(setting.name)?)))
            .collect();
        if readers.is_empty() {
            continue;
        }
        let service_values = || {
            readers
                .iter()
                .map(|(name, entry)| ServiceValue::of(name, entry))
                .collect()
        };

        let legacy: Vec<String> = readers
            .iter()
            .flat_map(|(name, entry)| {
                let read = match entry.origin() {
                    Some(Origin::Alias(alias)) => {
                        Some(format!("{name} reads it through the legacy name {alias}"))
                    }
                    _ => None,
                };
                let ignored = entry.ignored_aliases().iter().map(move |alias| {
                    format!("{name} sets the legacy name {alias}, which it ignores")
                });
                read.into_iter().chain(ignored)
            })
            .collect();
        if !legacy.is_empty() {
            report.mismatches.push(Mismatch {
                setting: setting.name,
                kind: MismatchKind::LegacyName,
                detail: format!("{}; rename it to {}", legacy.join(", "), setting.name),
                values: service_values(),
            });
        }

        let compared = setting.scope == Scope::Shared && setting.kind != Kind::Environment;
        // A credential missing in one service is the credentials check's
        // finding (below); here only values that are set are compared.
        let credential = registry
            .service_auth()
            .is_some_and(|auth| auth.id == setting.name || auth.secret == setting.name);
        let values: Vec<Option<&str>> = readers
            .iter()
            .map(|(_, entry)| entry.value())
            .filter(|value| !credential || value.is_some())
            .collect();
        if compared && values.windows(2).any(|pair| pair[0] != pair[1]) {
            let listed: Vec<String> = readers
                .iter()
                .map(|(name, entry)| {
                    let value = entry.value().unwrap_or("(unset)");
                    match entry.origin() {
                        Some(origin) => format!("{name} {value} from {origin}"),
                        None => format!("{name} {value}"),
                    }
                })
                .collect();
            report.mismatches.push(Mismatch {
                setting: setting.name,
                kind: MismatchKind::Differs(setting.category),
                detail: format!(
                    "services disagree ({}); give every service of {environment} one value",
                    listed.join(", ")
                ),
                values: service_values(),
            });
        }
    }
    if let Some(auth) = registry.service_auth() {
        for (name, snapshot) in services {
            let (Some(id), Some(secret)) = (snapshot.get(auth.id), snapshot.get(auth.secret))
            else {
                continue;
            };
            let missing: Vec<&str> = [id, secret]
                .into_iter()
                .filter(|entry| entry.value().is_none())
                .map(|entry| entry.setting().name)
                .collect();
            let required = [id, secret]
                .iter()
                .any(|entry| entry.setting().is_required_in(environment));
            if missing.is_empty() || (missing.len() == 2 && !required) {
                continue;
            }
            let detail = if missing.len() == 2 {
                format!(
                    "{name} has neither {} nor {}, which {environment} requires: its calls to other services would carry no credentials; set both",
                    auth.id, auth.secret
                )
            } else {
                let present = if missing[0] == auth.id {
                    auth.secret
                } else {
                    auth.id
                };
                format!(
                    "{name} has {present} but no {}: its calls to other services would carry an incomplete {} / {} header pair; set {}",
                    missing[0], auth.id_header, auth.secret_header, missing[0]
                )
            };
            report.mismatches.push(Mismatch {
                setting: missing[0],
                kind: MismatchKind::ServiceAuth,
                detail,
                values: [id, secret]
                    .into_iter()
                    .map(|entry| ServiceValue::of(name, entry))
                    .collect(),
            });
        }
    }
    report
}

/// The outcome of [`compare`]: every disagreement among the services of one
/// environment.
///
/// `Display` is the operator report, a line a finding
/// (`[STAGING] SERVICE_AUTH_ERROR: ...`); `Serialize` gives the same as data.
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    environment: Environment,
    services: Vec<String>,
    mismatches: Vec<Mismatch>,
}

impl DriftReport {
    /// The environment compared.
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The services compared.
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
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let env = self.environment.as_str().to_ascii_uppercase();
        if self.mismatches.is_empty() {
            return write!(
                f,
                "[{env}] consistent: {} agree on every shared setting",
                self.services.join(", ")
            );
        }
        for (i, mismatch) in self.mismatches.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "[{env}] {mismatch}")?;
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

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MismatchKind {
    /// Services disagree on a shared setting.
    Differs(Category),
    /// A service's credentials for calling other services are incomplete.
    ServiceAuth,
    /// A service reads or sets a legacy name.
    LegacyName,
}

impl MismatchKind {
    fn code(self) -> &'static str {
        match self {
            MismatchKind::Differs(category) => category.mismatch_code(),
            MismatchKind::ServiceAuth => "SERVICE_AUTH_ERROR",
            MismatchKind::LegacyName => "LEGACY_NAME",
        }
    }
}

impl Serialize for MismatchKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// One service's value of a setting, within a [`Mismatch`].
#[derive(Debug, Clone, Serialize)]
pub struct ServiceValue {
    service: String,
    setting: &'static str,
    value: Option<String>,
    origin: Option<Origin>,
}

impl ServiceValue {
    fn of(service: &str, entry: &Entry) -> ServiceValue {
        ServiceValue {
            service: service.to_owned(),
            setting: entry.setting().name,
            value: entry.value().map(str::to_owned),
            origin: entry.origin().copied(),
        }
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
    values: Vec<(Environment, String)>,
}

impl EnvironmentDifference {
    /// The setting.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// Each environment's value, or the values its services disagree on
    /// joined with ` / `.
    pub fn values(&self) -> &[(Environment, String)] {
        &self.values
    }
}

impl fmt::Display for EnvironmentDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.setting)?;
        for (i, (env, value)) in self.values.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{env} {value}")?;
        }
        Ok(())
    }
}

/// The shared settings, secrets aside, whose values differ between
/// environments, from the snapshots of every service of every environment.
pub fn across_environments(snapshots: &[(Environment, &Snapshot)]) -> Vec<EnvironmentDifference> {
    let Some((_, first)) = snapshots.first() else {
        return Vec::new();
    };
    let mut envs: Vec<Environment> = snapshots.iter().map(|(env, _)| *env).collect();
    envs.sort();
    envs.dedup();
    let mut differences = Vec::new();
    for setting in first.registry() {
        // Secrets differ between environments by design: not worth a line.
        if setting.scope != Scope::Shared
            || setting.kind == Kind::Environment
            || setting.is_secret()
        {
            continue;
        }
        let values: Vec<(Environment, String)> = envs
            .iter()
            .map(|env| {
                let mut seen: Vec<&str> = snapshots
                    .iter()
                    .filter(|(e, _)| e == env)
                    .filter_map(|(_, snapshot)| snapshot.get(setting.name))
                    .map(|entry| entry.value().unwrap_or("(unset)"))
                    .collect();
                seen.sort_unstable();
                seen.dedup();
                (*env, seen.join(" / "))
            })
            .collect();
        if values.windows(2).any(|pair| pair[0].1 != pair[1].1) {
            differences.push(EnvironmentDifference {
                setting: setting.name,
                values,
            });
        }
    }
    differences
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
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
        let report = compare(Environment::Development, &[("a", &a), ("b", &b)]);
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
        let report = compare(Environment::Test, &[("a", &a), ("b", &b)]);
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
        );
        assert_eq!(
            categories(&report),
            [("SERVICE_AUTH_ERROR", "SERVICE_SECRET")],
            "{report}"
        );
        let staging_none = compare(Environment::Staging, &[("none", &none)]);
        assert_eq!(
            categories(&staging_none),
            [("SERVICE_AUTH_ERROR", "SERVICE_ID")],
            "required in staging"
        );
    }

    #[test]
    fn environments_differing_is_information_secrets_aside() {
        let key = |k| ("JWT_SECRET_KEY", k);
        let dev = snapshot(Environment::Development, "a", &[key("dev-secret-1")]);
        let prod = snapshot(Environment::Production, "a", &[key("another-key-22")]);
        let differences = across_environments(&[
            (Environment::Development, &dev),
            (Environment::Production, &prod),
        ]);
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
