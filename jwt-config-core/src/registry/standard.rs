//! The table this crate ships: the settings of the system jwt-config replaces.

use super::{
    Alias, Category, DefaultValue, Encoding, Kind, Registry, Role, Rule, Scope, SecretPolicy,
    Setting, Unit,
};
use crate::environment::{EnvSet, Environment};

/// The standard registry.
///
/// ```
/// let registry = jwt_config::registry::standard();
/// assert!(registry.get("JWT_SECRET_KEY").unwrap().is_secret());
/// ```
pub fn standard() -> &'static Registry {
    &STANDARD
}

static STANDARD: Registry = Registry::new(SETTINGS, RULES, SECRETS);

static SETTINGS: &[Setting] = &[
    Setting {
        name: "ENVIRONMENT",
        aliases: &[],
        kind: Kind::Environment,
        default: DefaultValue::Always("development"),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: None,
        role: Some(Role::Environment),
        encoding: Encoding::Text,
        description: "The deployment environment; decides defaults, required settings and secret strength.",
    },
    Setting {
        name: "JWT_SECRET_KEY",
        aliases: &[Alias::new("JWT_SECRET")],
        kind: Kind::Secret,
        default: DefaultValue::None,
        required_in: EnvSet::ALL,
        scope: Scope::Shared,
        category: Some(Category::SECRET),
        role: Some(Role::SigningSecret),
        encoding: Encoding::Text,
        description: "The key that signs and verifies tokens.",
    },
    Setting {
        name: "JWT_ALGORITHM",
        aliases: &[],
        kind: Kind::Algorithm,
        default: DefaultValue::Always("HS256"),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::ALGORITHM),
        role: Some(Role::Algorithm),
        encoding: Encoding::Text,
        description: "The signing algorithm.",
    },
    Setting {
        name: "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        aliases: &[Alias::new("JWT_ACCESS_EXPIRY_MINUTES")],
        kind: Kind::Duration {
            unit: Unit::Minutes,
            min: 1,
            max: Some(1440),
        },
        default: DefaultValue::ByEnvironment([Some("60"), Some("15"), Some("30"), Some("15")]),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::EXPIRY),
        role: Some(Role::AccessLifetime),
        encoding: Encoding::Text,
        description: "How long an access token lives.",
    },
    Setting {
        name: "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
        aliases: &[Alias::new("JWT_REFRESH_EXPIRY_DAYS")],
        kind: Kind::Duration {
            unit: Unit::Days,
            min: 1,
            max: Some(90),
        },
        default: DefaultValue::ByEnvironment([Some("30"), Some("7"), Some("7"), Some("7")]),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::EXPIRY),
        role: Some(Role::RefreshLifetime),
        encoding: Encoding::Text,
        description: "How long a refresh token lives.",
    },
    Setting {
        name: "JWT_SERVICE_TOKEN_EXPIRE_MINUTES",
        aliases: &[],
        kind: Kind::Duration {
            unit: Unit::Minutes,
            min: 1,
            max: Some(1440),
        },
        default: DefaultValue::Always("120"),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::EXPIRY),
        role: Some(Role::ServiceTokenLifetime),
        encoding: Encoding::Text,
        description: "How long a service-to-service token lives.",
    },
    Setting {
        name: "JWT_ISSUER",
        aliases: &[],
        kind: Kind::Text,
        default: DefaultValue::None,
        required_in: EnvSet::DEPLOYED,
        scope: Scope::Shared,
        category: Some(Category::ISSUER),
        role: Some(Role::Issuer),
        encoding: Encoding::Text,
        description: "The `iss` claim tokens carry and verifiers expect.",
    },
    Setting {
        name: "JWT_AUDIENCE",
        aliases: &[],
        kind: Kind::TextList,
        default: DefaultValue::None,
        required_in: EnvSet::DEPLOYED,
        scope: Scope::Shared,
        category: Some(Category::AUDIENCE),
        role: Some(Role::Audience),
        encoding: Encoding::Text,
        description: "The `aud` values tokens carry and verifiers accept.",
    },
    Setting {
        name: "JWT_LEEWAY_SECONDS",
        aliases: &[],
        kind: Kind::Duration {
            unit: Unit::Seconds,
            min: 0,
            max: Some(300),
        },
        default: DefaultValue::Always("0"),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::LEEWAY),
        role: Some(Role::Leeway),
        encoding: Encoding::Text,
        description: "Clock skew tolerated when checking `exp` and `nbf`.",
    },
    Setting {
        name: "JWT_SKIP_SIGNATURE_VERIFICATION",
        aliases: &[],
        kind: Kind::Flag,
        default: DefaultValue::Always("false"),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::VERIFICATION),
        role: Some(Role::SkipSignatureVerification),
        encoding: Encoding::Text,
        description: "Accept tokens without checking their signature (development only).",
    },
    Setting {
        name: "JWT_SKIP_EXPIRY_VERIFICATION",
        aliases: &[],
        kind: Kind::Flag,
        default: DefaultValue::Always("false"),
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::VERIFICATION),
        role: Some(Role::SkipExpiryVerification),
        encoding: Encoding::Text,
        description: "Accept expired tokens (development only).",
    },
    Setting {
        name: "SERVICE_ID",
        aliases: &[],
        kind: Kind::Text,
        default: DefaultValue::None,
        required_in: EnvSet::DEPLOYED,
        scope: Scope::PerService,
        category: None,
        role: Some(Role::ServiceId),
        encoding: Encoding::Text,
        description: "This service's own id, sent to the services it calls.",
    },
    Setting {
        name: "SERVICE_SECRET",
        aliases: &[],
        kind: Kind::Secret,
        default: DefaultValue::None,
        required_in: EnvSet::DEPLOYED,
        scope: Scope::Shared,
        category: Some(Category::SECRET),
        role: Some(Role::ServiceSecret),
        encoding: Encoding::Text,
        description: "The secret shared by the services that call each other.",
    },
    Setting {
        name: "JWT_PRIVATE_KEY",
        aliases: &[],
        kind: Kind::Secret,
        default: DefaultValue::None,
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::KEY),
        role: Some(Role::PrivateKey),
        encoding: Encoding::Text,
        description: "The PEM private key that signs tokens with RS*, PS*, ES* or EdDSA; the signer alone holds it.",
    },
    Setting {
        name: "JWT_PUBLIC_KEY",
        aliases: &[],
        kind: Kind::Text,
        default: DefaultValue::None,
        required_in: EnvSet::NONE,
        scope: Scope::Shared,
        category: Some(Category::KEY),
        role: Some(Role::PublicKey),
        encoding: Encoding::Text,
        description: "The PEM public key that verifies RS*, PS*, ES* or EdDSA tokens.",
    },
];

static RULES: &[Rule] = &[
    Rule::LongerThan {
        longer: "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
        shorter: "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        across_services: false,
    },
    Rule::Distinct {
        setting: "SERVICE_SECRET",
        from: "JWT_SECRET_KEY",
        in_envs: EnvSet::DEPLOYED,
        // A caller's service secret must not be the key a signer signs
        // with, whichever services read each.
        across_services: true,
    },
    Rule::TrueOnlyIn {
        setting: "JWT_SKIP_SIGNATURE_VERIFICATION",
        allowed_in: EnvSet::of(&[Environment::Development]),
    },
    Rule::TrueOnlyIn {
        setting: "JWT_SKIP_EXPIRY_VERIFICATION",
        allowed_in: EnvSet::of(&[Environment::Development]),
    },
];

const SECRETS: SecretPolicy = SecretPolicy {
    min_bytes: [8, 8, 32, 64],
    strict_in: EnvSet::DEPLOYED,
    weak_patterns: &[
        "dev-jwt-secret",
        "test-secret",
        "jwt-secret-key",
        "change-me",
        "placeholder",
        "example",
        "replace-with",
        "use-secret-manager",
    ],
};
