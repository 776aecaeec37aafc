//! What a setting is for ([`Role`]), whatever the registry calls it, and
//! the service credentials two roles make up ([`ServiceAuth`]).

use std::fmt;

use super::kind::Kind;

/// What a setting is for, independent of its name.
///
/// Code that needs "the signing secret" or "the service id" asks the
/// registry for the role ([`Registry::by_role`](super::Registry::by_role)); an organisation's file
/// gives its own settings these roles. Each role is played by at most one
/// setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// The environment selector.
    Environment,
    /// The key that signs and verifies tokens.
    SigningSecret,
    /// The signing algorithm.
    Algorithm,
    /// The `iss` claim.
    Issuer,
    /// The `aud` claim.
    Audience,
    /// Clock skew tolerance.
    Leeway,
    /// How long an access token lives.
    AccessLifetime,
    /// How long a refresh token lives.
    RefreshLifetime,
    /// How long a service-to-service token lives.
    ServiceTokenLifetime,
    /// The calling service's own id.
    ServiceId,
    /// The secret shared by services that call each other.
    ServiceSecret,
    /// The switch that skips signature checks.
    SkipSignatureVerification,
    /// The switch that skips expiry checks.
    SkipExpiryVerification,
    /// A PEM private key for asymmetric signing.
    PrivateKey,
    /// A PEM public key for asymmetric verification.
    PublicKey,
    /// Whether a token must carry `exp`: a flag, true when no setting
    /// plays the role (a token without `exp` is refused). A registry whose
    /// services accept tokens without one by design gives the flag the
    /// default `false`; a token that has `exp` is still checked.
    RequireExp,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 16] = [
        Role::Environment,
        Role::SigningSecret,
        Role::Algorithm,
        Role::Issuer,
        Role::Audience,
        Role::Leeway,
        Role::AccessLifetime,
        Role::RefreshLifetime,
        Role::ServiceTokenLifetime,
        Role::ServiceId,
        Role::ServiceSecret,
        Role::SkipSignatureVerification,
        Role::SkipExpiryVerification,
        Role::PrivateKey,
        Role::PublicKey,
        Role::RequireExp,
    ];

    /// The role's name in a registry file, such as `signing_secret`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Environment => "environment",
            Role::SigningSecret => "signing_secret",
            Role::Algorithm => "algorithm",
            Role::Issuer => "issuer",
            Role::Audience => "audience",
            Role::Leeway => "leeway",
            Role::AccessLifetime => "access_lifetime",
            Role::RefreshLifetime => "refresh_lifetime",
            Role::ServiceTokenLifetime => "service_token_lifetime",
            Role::ServiceId => "service_id",
            Role::ServiceSecret => "service_secret",
            Role::SkipSignatureVerification => "skip_signature_verification",
            Role::SkipExpiryVerification => "skip_expiry_verification",
            Role::PrivateKey => "private_key",
            Role::PublicKey => "public_key",
            Role::RequireExp => "require_exp",
        }
    }

    /// The role named `name` in a registry file.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// Whether a setting of `kind` can play the role: one of its
    /// [`kind_name`](Role::kind_name); the issuer may also be a list
    /// (`text_list`: a token passes when its `iss` is one of them, and the
    /// service tokens a service makes carry the first).
    pub fn fits(self, kind: Kind) -> bool {
        kind.name() == self.kind_name() || (self == Role::Issuer && kind == Kind::TextList)
    }

    /// Whether a setting playing the role is key material to sign or verify
    /// tokens with: a struct holding one implements `KeyMaterial`.
    pub const fn holds_key(self) -> bool {
        matches!(
            self,
            Role::SigningSecret | Role::PrivateKey | Role::PublicKey
        )
    }

    /// The name of the kind a setting playing the role has, such as `secret`.
    pub const fn kind_name(self) -> &'static str {
        match self {
            Role::Environment => "environment",
            Role::SigningSecret | Role::ServiceSecret | Role::PrivateKey => "secret",
            Role::Algorithm => "algorithm",
            Role::Issuer | Role::ServiceId | Role::PublicKey => "text",
            Role::Audience => "text_list",
            Role::Leeway
            | Role::AccessLifetime
            | Role::RefreshLifetime
            | Role::ServiceTokenLifetime => "duration",
            Role::SkipSignatureVerification | Role::SkipExpiryVerification | Role::RequireExp => {
                "flag"
            }
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The settings a service calls other services with, and the headers that
/// carry them: the settings of roles [`Role::ServiceId`] and
/// [`Role::ServiceSecret`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceAuth {
    /// The setting naming the calling service.
    pub id: &'static str,
    /// The secret setting shared by the services that call each other.
    pub secret: &'static str,
    /// The header carrying the id.
    pub id_header: &'static str,
    /// The header carrying the secret.
    pub secret_header: &'static str,
}
