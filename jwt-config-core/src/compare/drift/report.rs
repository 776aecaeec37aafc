//! What drift reports: each finding with the values it compared, and
//! the values it could not compare.

use std::fmt;

use serde::Serialize;

use crate::compare::snapshot::{Entry, UnseenValue};
use crate::environment::NamedEnvironment;
use crate::load::loaded::Origin;
use crate::registry::Category;

/// The outcome of [`compare`](super::compare): every disagreement among the services of one
/// environment.
///
/// `Display` is the operator report, a line a finding
/// (`[STAGING] SERVICE_AUTH_ERROR: ...`); `Serialize` gives the same as data.
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub(super) environment: NamedEnvironment,
    pub(super) services: Vec<String>,
    pub(super) mismatches: Vec<Mismatch>,
    /// Each service whose value of a shared setting could not be compared.
    pub(super) not_compared: Vec<NotCompared>,
}

/// A service whose value of a shared setting could not be compared with
/// the other services': nothing is said to agree that was not compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCompared {
    pub(super) setting: &'static str,
    pub(super) service: String,
    pub(super) reason: Unseen,
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
pub(super) enum Unseen {
    /// It cannot be seen.
    Value(UnseenValue),
    /// It was refused in a form that cannot be compared (a lifetime in the
    /// service's own unit that makes no whole number of the setting's).
    #[serde(serialize_with = "refused")]
    Refused,
}

pub(super) fn refused<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
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
    pub(super) setting: &'static str,
    #[serde(rename = "category")]
    pub(super) kind: MismatchKind,
    pub(super) detail: String,
    pub(super) values: Vec<ServiceValue>,
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
pub(super) enum MismatchKind {
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
    pub(super) fn code(self) -> &'static str {
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
    pub(super) service: String,
    pub(super) setting: &'static str,
    pub(super) value: Option<String>,
    /// A value set but refused, as compared (see [`Entry::refused`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) refused: Option<String>,
    /// The value as the service wrote it in its own unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) written: Option<String>,
    pub(super) origin: Option<Origin>,
}

impl ServiceValue {
    pub(super) fn of(service: &str, entry: &Entry) -> ServiceValue {
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
