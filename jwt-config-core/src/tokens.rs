//! Signing and verifying tokens with the settings: one way for every
//! service, found by role whatever an organisation calls its settings.
//!
//! [`TokenKeys::from_settings`] turns a service's settings into the keys
//! and the validation `jsonwebtoken` needs: the algorithm pinned from the
//! settings (never taken from a token's header), `exp` and `nbf` checked
//! with the leeway, issuer and audience required when set, and the two skip
//! flags (which the registry allows in development only) honoured.
//! [`TokenKeys`] says what is checked, by which setting.
//!
//! What a caller needs of `jsonwebtoken` is re-exported here
//! ([`Validation`], [`EncodingKey`], [`DecodingKey`], [`Header`],
//! [`errors`]), so that no service needs a second dependency on it.
//!
//! The crypto backend is `jsonwebtoken`'s `rust_crypto`: pure Rust, so that
//! jwt-config builds wherever Rust does, without a C toolchain or CMake
//! (which `aws_lc_rs` needs).

use std::fmt;

pub use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation, errors};
use secrecy::ExposeSecret;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::algorithm::Algorithm;
use crate::keys::{public_key, signing_pair, to_jsonwebtoken};
use crate::lexical::looks_like_pem;
use crate::registry::Role;
use crate::value::Value;

pub use crate::settings::KeyMaterial;

/// The keys and validation of one service: it signs when it holds a secret
/// or a private key, and verifies with a secret or a public key.
///
/// What [`decode`](TokenKeys::decode) checks, and the setting (by role)
/// that says how:
///
/// | check | by the setting of role | when no setting plays it |
/// |---|---|---|
/// | the signature, with the settings' key | `signing_secret` (HS*: its bytes, or decoded with `encoding = "base64"`); `public_key`, else the public half of `private_key` (RS*, PS*, ES*, EdDSA) | the `signing_secret` read as a PEM key, private or public; else a load problem |
/// | the header's `alg` is the settings' algorithm | `algorithm` | HS256 |
/// | `exp` is present | `require_exp` (a flag; `false` accepts tokens without `exp`) | required |
/// | `exp` has not passed, `nbf` has come | `leeway` (the clock skew allowed either way, at most a day) | no leeway |
/// | `iss` is the issuer, or one of them | `issuer` (`text`, or `text_list` for several) | not checked |
/// | `aud` holds one of the audiences | `audience` | not checked |
/// | signatures are not checked (development only) | `skip_signature_verification`, read by the struct itself | checked |
/// | `exp` is neither required nor checked (development only) | `skip_expiry_verification`, read by the struct itself | checked |
///
/// A key setting with `encoding = "path"` in the registry names the PEM
/// file, read when the settings load. A key that cannot be read or decoded
/// is a problem of the load naming the variable, never quoted.
///
/// A check can be adjusted per call: clone [`validation`](TokenKeys::validation),
/// change it, and pass it to [`decode_with`](TokenKeys::decode_with) (the
/// algorithm stays the settings').
///
/// ```
/// # use jwt_config::{Environment, JwtSettings, SecretString};
/// # use jwt_config::tokens::TokenKeys;
/// # #[derive(JwtSettings)]
/// # struct Auth { jwt_secret_key: SecretString }
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Claims { iss: String, exp: u64 }
/// # let auth = Auth::from_vars(Environment::Test, [("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!")])?;
/// let keys = TokenKeys::from_settings(&auth)?;
/// let mut admin = keys.validation().clone();
/// admin.set_issuer(&["https://admin.example"]);
/// # let token = keys.encode(&Claims { iss: "https://admin.example".into(), exp: 4_000_000_000 })?;
/// let claims: Claims = keys.decode_with(&token, &admin)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `Debug` shows the algorithm and what the service can do, never a key.
pub struct TokenKeys {
    /// Made once: every token of these keys has the same header.
    header: Header,
    encoding: Option<EncodingKey>,
    decoding: Option<DecodingKey>,
    validation: Validation,
    skip_signature: bool,
    /// How long a service token lives: the setting of role
    /// `service_token_lifetime`, or its registry default.
    service_lifetime: Option<std::time::Duration>,
    /// The issuer service tokens carry, when the settings name one (the
    /// first, when they name several).
    issuer: Option<String>,
}

/// The claims of a service-to-service token: which service calls, when the
/// token was made and when it expires.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServiceClaims {
    /// The calling service's id.
    pub sub: String,
    /// `service`: this is no user's token.
    pub typ: String,
    /// Issued at, in seconds since the epoch.
    pub iat: u64,
    /// Expires at, in seconds since the epoch.
    pub exp: u64,
    /// The issuer, when the settings name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
}

/// Why tokens cannot be made or read with these settings. Names the
/// variables, never a value.
#[derive(Debug)]
pub enum TokenError {
    /// The settings lack what the algorithm needs, or hold a key that does
    /// not parse.
    Keys(String),
    /// This service verifies only: it holds no secret or private key.
    CannotSign,
    /// This service signs only: it holds no secret or public key.
    CannotVerify,
    /// The token was refused, with jsonwebtoken's reason.
    Token(jsonwebtoken::errors::Error),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Keys(why) => f.write_str(why),
            TokenError::CannotSign => f.write_str(
                "these settings verify tokens only: they hold no signing secret or private key",
            ),
            TokenError::CannotVerify => f.write_str(
                "these settings sign tokens only: they hold no signing secret or public key",
            ),
            TokenError::Token(err) => write!(f, "the token is refused: {err}"),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Token(err) => Some(err),
            _ => None,
        }
    }
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenKeys")
            .field("algorithm", &self.header.alg)
            .field("signs", &self.encoding.is_some())
            .field("verifies", &self.decoding.is_some())
            .finish_non_exhaustive()
    }
}

/// The registered claims a token is judged by when its signature is not
/// checked (the skip-signature flag of development).
#[derive(serde::Deserialize)]
struct StandardClaims {
    exp: Option<u64>,
    nbf: Option<u64>,
    iss: Option<String>,
    aud: Option<Audience>,
}

/// `aud` as RFC 7519 allows it: one string or several.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl StandardClaims {
    /// The checks `jsonwebtoken::decode` makes after the signature, with
    /// the same errors.
    fn validate(&self, validation: &Validation) -> Result<(), TokenError> {
        use jsonwebtoken::errors::ErrorKind;
        let fail = |kind: ErrorKind| Err(TokenError::Token(kind.into()));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        for (claim, present) in [
            ("exp", self.exp.is_some()),
            ("nbf", self.nbf.is_some()),
            ("iss", self.iss.is_some()),
            ("aud", self.aud.is_some()),
        ] {
            if validation.required_spec_claims.contains(claim) && !present {
                return fail(ErrorKind::MissingRequiredClaim(claim.to_owned()));
            }
        }
        if validation.validate_exp
            && let Some(exp) = self.exp
            && exp.saturating_add(validation.leeway) < now
        {
            return fail(ErrorKind::ExpiredSignature);
        }
        if validation.validate_nbf
            && let Some(nbf) = self.nbf
            && nbf > now.saturating_add(validation.leeway)
        {
            return fail(ErrorKind::ImmatureSignature);
        }
        if let Some(issuers) = &validation.iss
            && !self.iss.as_ref().is_some_and(|iss| issuers.contains(iss))
        {
            return fail(ErrorKind::InvalidIssuer);
        }
        if validation.validate_aud
            && let Some(audiences) = &validation.aud
        {
            let accepted = match &self.aud {
                Some(Audience::One(aud)) => audiences.contains(aud),
                Some(Audience::Many(auds)) => auds.iter().any(|aud| audiences.contains(aud)),
                None => false,
            };
            if !accepted {
                return fail(ErrorKind::InvalidAudience);
            }
        }
        Ok(())
    }
}

/// The value of the setting playing `role` in `values`, or its registry
/// default in `env` when the struct does not hold it.
struct Roles<'v> {
    values: &'v [(&'static str, Option<Value>)],
    registry: &'static crate::registry::Registry,
    env: crate::environment::Environment,
}

impl<'v> Roles<'v> {
    /// The setting's name and value.
    fn get(&self, role: Role) -> Option<(&'static str, Option<Value>)> {
        let setting = self.registry.by_role(role)?;
        if let Some((_, value)) = self.values.iter().find(|(name, _)| *name == setting.name) {
            return Some((setting.name, value.clone()));
        }
        let default = setting.default_for(self.env)?;
        let value = crate::load::parse::parse(
            setting,
            setting.name,
            default,
            self.env.into(),
            self.registry.secret_policy(),
        )
        .ok();
        Some((setting.name, value))
    }

    /// Whether the struct itself loaded the flag of `role` as true. A
    /// flag that turns a check off is never taken from a registry default:
    /// only a service that reads it, and so had it validated per
    /// environment, can turn verification off.
    fn flag(&self, role: Role) -> bool {
        let Some(setting) = self.registry.by_role(role) else {
            return false;
        };
        self.values
            .iter()
            .any(|(name, value)| *name == setting.name && matches!(value, Some(Value::Flag(true))))
    }
}

impl TokenKeys {
    /// The keys and validation `settings` describe.
    ///
    /// ```
    /// use jwt_config::{Environment, JwtSettings, SecretString};
    /// use jwt_config::tokens::TokenKeys;
    ///
    /// #[derive(JwtSettings)]
    /// struct Auth {
    ///     jwt_secret_key: SecretString,
    ///     jwt_issuer: Option<String>,
    /// }
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    /// struct Claims { sub: String, iss: String, exp: u64 }
    ///
    /// let auth = Auth::from_vars(Environment::Test, [
    ///     ("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!"),
    ///     ("JWT_ISSUER", "https://auth.example"),
    /// ])?;
    /// let keys = TokenKeys::from_settings(&auth)?;
    /// let claims = Claims { sub: "user-1".into(), iss: "https://auth.example".into(), exp: 4_000_000_000 };
    /// let token = keys.encode(&claims)?;
    /// assert_eq!(keys.decode::<Claims>(&token)?, claims);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`TokenError::Keys`] when the algorithm does not fit the key material
    /// (HS* without a secret, RS* without a PEM, a PEM that does not parse),
    /// naming the variables.
    pub fn from_settings<T: KeyMaterial>(settings: &T) -> Result<TokenKeys, TokenError> {
        let values = settings.values();
        let env = crate::settings::environment_in(&values)
            .map_or(crate::environment::Environment::Development, |env| {
                env.follows
            });
        let roles = Roles {
            values: &values,
            registry: T::registry(),
            env,
        };
        let algorithm = match roles.get(Role::Algorithm) {
            Some((_, Some(Value::Algorithm(algorithm)))) => algorithm,
            _ => Algorithm::HS256,
        };
        let jwt_algorithm = to_jsonwebtoken(algorithm);
        let (encoding, decoding) = if algorithm.is_hmac() {
            let Some((_, Some(Value::Secret(secret)))) = roles.get(Role::SigningSecret) else {
                let name = roles
                    .registry
                    .by_role(Role::SigningSecret)
                    .map_or("the signing secret", |setting| setting.name);
                return Err(TokenError::Keys(format!(
                    "{algorithm} signs with a shared secret, and these settings hold none: read {name}"
                )));
            };
            // A PEM key as an HMAC secret: anyone who has the public key
            // could sign tokens this service accepts.
            if looks_like_pem(secret.expose_secret()) {
                let name = roles
                    .registry
                    .by_role(Role::SigningSecret)
                    .map_or("the signing secret", |setting| setting.name);
                return Err(TokenError::Keys(format!(
                    "{name} holds a PEM key, but {algorithm} signs with a shared secret: set the algorithm of the key pair, or a random secret"
                )));
            }
            let base64 = roles
                .registry
                .by_role(Role::SigningSecret)
                .is_some_and(|setting| setting.encoding == crate::registry::Encoding::Base64);
            let decoded;
            let bytes = if base64 {
                use base64::Engine as _;
                decoded = zeroize::Zeroizing::new(
                    base64::engine::general_purpose::STANDARD
                        .decode(secret.expose_secret())
                        .map_err(|_| {
                            let name = roles
                                .registry
                                .by_role(Role::SigningSecret)
                                .map_or("the signing secret", |setting| setting.name);
                            TokenError::Keys(format!(
                                "{name} is not base64, as the registry says it is written"
                            ))
                        })?,
                );
                &decoded[..]
            } else {
                secret.expose_secret().as_bytes()
            };
            (
                Some(EncodingKey::from_secret(bytes)),
                Some(DecodingKey::from_secret(bytes)),
            )
        } else {
            let private = match roles.get(Role::PrivateKey) {
                Some((name, Some(Value::Secret(pem)))) => Some(
                    signing_pair(algorithm, pem.expose_secret().as_bytes()).ok_or_else(|| {
                        TokenError::Keys(format!(
                            "{name} is not a PEM private key {algorithm} can sign with"
                        ))
                    })?,
                ),
                _ => None,
            };
            let public = match roles.get(Role::PublicKey) {
                Some((name, Some(Value::Text(pem)))) => {
                    Some(public_key(algorithm, pem.as_bytes()).map_err(|_| {
                        TokenError::Keys(format!(
                            "{name} is not a PEM public key {algorithm} can verify with"
                        ))
                    })?)
                }
                _ => None,
            };
            match (private, public) {
                (None, None) => pem_in_secret(&roles, algorithm)?,
                // A service that signs verifies its own tokens with the
                // public half of its key.
                (Some((private, derived)), None) => (Some(private), Some(derived)),
                (Some((private, _)), Some(public)) => (Some(private), Some(public)),
                (None, Some(public)) => (None, Some(public)),
            }
        };
        let mut validation = Validation::new(jwt_algorithm);
        validation.algorithms = vec![jwt_algorithm];
        validation.leeway = match roles.get(Role::Leeway) {
            // At most a day: jsonwebtoken subtracts the leeway from the
            // clock unchecked, and no clock skew is longer.
            Some((_, Some(value))) => value
                .as_duration()
                .map_or(0, |leeway| leeway.as_secs().min(MAX_LEEWAY_SECONDS)),
            _ => 0,
        };
        let issuers = match roles.get(Role::Issuer) {
            Some((_, Some(Value::Text(issuer)))) => vec![issuer],
            Some((_, Some(Value::TextList(issuers)))) => issuers,
            _ => Vec::new(),
        };
        if issuers.is_empty() {
            validation.iss = None;
        } else {
            // `jsonwebtoken` checks `iss` only when a token has one.
            validation.set_issuer(&issuers);
            validation.required_spec_claims.insert("iss".to_owned());
        }
        let issuer = issuers.into_iter().next();
        match roles.get(Role::Audience) {
            Some((_, Some(Value::TextList(audience)))) => {
                // As `iss`: a token without `aud` would pass.
                validation.set_audience(&audience);
                validation.required_spec_claims.insert("aud".to_owned());
            }
            _ => validation.validate_aud = false,
        }
        validation.validate_nbf = true;
        if let Some((_, Some(Value::Flag(false)))) = roles.get(Role::RequireExp) {
            // A token without `exp` passes; one with it is still checked.
            validation.required_spec_claims.remove("exp");
        }
        if roles.flag(Role::SkipExpiryVerification) {
            validation.validate_exp = false;
            validation.required_spec_claims.remove("exp");
        }
        let service_lifetime = match roles.get(Role::ServiceTokenLifetime) {
            Some((_, Some(value))) => value.as_duration(),
            _ => None,
        };
        Ok(TokenKeys {
            header: Header::new(jwt_algorithm),
            service_lifetime,
            issuer,
            encoding,
            decoding,
            validation,
            skip_signature: roles.flag(Role::SkipSignatureVerification),
        })
    }

    /// `claims`, signed as given.
    ///
    /// # Errors
    ///
    /// [`TokenError::CannotSign`] for settings that verify only.
    pub fn encode<C: Serialize>(&self, claims: &C) -> Result<String, TokenError> {
        let key = self.encoding.as_ref().ok_or(TokenError::CannotSign)?;
        jsonwebtoken::encode(&self.header, claims, key).map_err(TokenError::Token)
    }

    /// The claims of `token`, once its signature and claims are valid.
    ///
    /// # Errors
    ///
    /// [`TokenError::Token`] with the reason a token is refused (signature,
    /// algorithm, issuer, audience, `exp`, `nbf`); [`TokenError::CannotVerify`]
    /// for settings that sign only.
    pub fn decode<C: DeserializeOwned>(&self, token: &str) -> Result<C, TokenError> {
        self.checked(token, &self.validation)
    }

    /// [`decode`](TokenKeys::decode) under `validation`: a clone of
    /// [`validation`](TokenKeys::validation) adjusted for one call (another
    /// issuer, audience or leeway). The algorithm stays the settings': a
    /// validation naming others is held to it. An issuer or audience it
    /// names must be in the token (`jsonwebtoken` alone lets a token
    /// without the claim pass).
    ///
    /// # Errors
    ///
    /// As [`decode`](TokenKeys::decode).
    pub fn decode_with<C: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
    ) -> Result<C, TokenError> {
        let unrequired =
            |claim: &str, set: bool| set && !validation.required_spec_claims.contains(claim);
        let lax_iss = unrequired("iss", validation.iss.is_some());
        let lax_aud = unrequired("aud", validation.validate_aud && validation.aud.is_some());
        if validation.algorithms == [self.header.alg] && !lax_iss && !lax_aud {
            return self.checked(token, validation);
        }
        let mut pinned = validation.clone();
        pinned.algorithms = vec![self.header.alg];
        for (claim, lax) in [("iss", lax_iss), ("aud", lax_aud)] {
            if lax {
                pinned.required_spec_claims.insert(claim.to_owned());
            }
        }
        self.checked(token, &pinned)
    }

    /// [`decode_with`](TokenKeys::decode_with), once the algorithm is the
    /// settings'.
    fn checked<C: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
    ) -> Result<C, TokenError> {
        if self.skip_signature {
            // The signature alone goes unchecked: expiry, issuer and
            // audience still hold.
            let standard: StandardClaims = jsonwebtoken::dangerous::insecure_decode_claims(token)
                .map_err(TokenError::Token)?;
            standard.validate(validation)?;
            return jsonwebtoken::dangerous::insecure_decode_claims::<C>(token)
                .map_err(TokenError::Token);
        }
        let key = self.decoding.as_ref().ok_or(TokenError::CannotVerify)?;
        jsonwebtoken::decode::<C>(token, key, validation)
            .map(|data| data.claims)
            .map_err(TokenError::Token)
    }

    /// A short-lived token for `credentials`' service to call another
    /// with, living the settings' service-token lifetime
    /// (`JWT_SERVICE_TOKEN_EXPIRE_MINUTES` in the built-in table).
    ///
    /// # Errors
    ///
    /// [`TokenError::CannotSign`] for settings that verify only;
    /// [`TokenError::Keys`] when the registry has no service-token lifetime.
    pub fn service_token(
        &self,
        credentials: &crate::credentials::ServiceCredentials,
    ) -> Result<String, TokenError> {
        let lifetime = self.service_lifetime.ok_or_else(|| {
            TokenError::Keys(
                "the registry has no setting of role `service_token_lifetime`: service tokens need one"
                    .to_owned(),
            )
        })?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        self.encode(&ServiceClaims {
            sub: credentials.id().to_owned(),
            typ: "service".to_owned(),
            iat: now,
            exp: now.saturating_add(lifetime.as_secs()),
            iss: self.issuer.clone(),
        })
    }

    /// The claims of a service token another service made, once its
    /// signature, expiry and issuer hold and it is a service token.
    ///
    /// # Errors
    ///
    /// [`TokenError::Token`] for a token refused, or one that is no
    /// service token (a user's token presented as a service's).
    pub fn verify_service_token(&self, token: &str) -> Result<ServiceClaims, TokenError> {
        // Service tokens are for services, not an audience of users.
        let mut validation = self.validation.clone();
        validation.validate_aud = false;
        validation.required_spec_claims.remove("aud");
        let claims: ServiceClaims = self.checked(token, &validation)?;
        if claims.typ != "service" {
            return Err(TokenError::Token(
                jsonwebtoken::errors::ErrorKind::InvalidToken.into(),
            ));
        }
        Ok(claims)
    }

    /// The key tokens are signed with, for settings that sign.
    pub fn encoding_key(&self) -> Option<&EncodingKey> {
        self.encoding.as_ref()
    }

    /// The key tokens are verified with, for settings that verify.
    pub fn decoding_key(&self) -> Option<&DecodingKey> {
        self.decoding.as_ref()
    }

    /// How tokens are validated, as [`TokenKeys`] tabulates: clone it to
    /// adjust a check for one call of [`decode_with`](TokenKeys::decode_with).
    pub fn validation(&self) -> &Validation {
        &self.validation
    }
}

/// The keys of an asymmetric `algorithm` when no key setting holds one:
/// the signing secret's value read as a PEM key, private or public (one
/// variable that holds a shared secret for HS* and a key for the others,
/// the algorithm setting saying which). Neither is an error naming the
/// variables, never a silent use of the text.
fn pem_in_secret(
    roles: &Roles<'_>,
    algorithm: Algorithm,
) -> Result<(Option<EncodingKey>, Option<DecodingKey>), TokenError> {
    let neither = || {
        TokenError::Keys(format!(
            "{algorithm} signs with a key pair, and these settings hold neither key: read the private key to sign, the public key to verify"
        ))
    };
    let Some((name, Some(Value::Secret(secret)))) = roles.get(Role::SigningSecret) else {
        return Err(neither());
    };
    let pem = secret.expose_secret().trim().as_bytes();
    if let Some((private, public)) = signing_pair(algorithm, pem) {
        return Ok((Some(private), Some(public)));
    }
    match public_key(algorithm, pem) {
        Ok(public) => Ok((None, Some(public))),
        Err(_) => Err(TokenError::Keys(format!(
            "{name} is not a PEM key {algorithm} can use: {algorithm} signs with a key pair, so {name} holds its private key (to sign) or its public key (to verify)"
        ))),
    }
}

/// The most leeway a validation allows, whatever a registry without a
/// `max` on its leeway setting lets through: a day.
const MAX_LEEWAY_SECONDS: u64 = 86_400;

// Its registries are read from files.
#[cfg(all(test, feature = "file"))]
mod tests {
    use super::*;
    use crate::environment::Environment;

    #[test]
    fn a_skip_flag_is_never_taken_from_a_registry_default() {
        let registry = crate::registry::Registry::from_toml(
            "lenient.toml",
            r#"
schema = 1

[[setting]]
name = "JWT_SKIP_SIGNATURE_VERIFICATION"
kind = "flag"
default = { development = "true", test = "false", staging = "false", production = "false" }
role = "skip_signature_verification"
"#,
        )
        .unwrap();
        let loaded = [("JWT_SKIP_SIGNATURE_VERIFICATION", Some(Value::Flag(true)))];
        for (values, skips) in [(&[][..], false), (&loaded[..], true)] {
            let roles = Roles {
                values,
                registry,
                env: Environment::Development,
            };
            // The default is there to read ...
            assert!(matches!(
                roles.get(Role::SkipSignatureVerification),
                Some((_, Some(Value::Flag(true))))
            ));
            // ... but only a struct that loaded the flag turns checks off.
            assert_eq!(roles.flag(Role::SkipSignatureVerification), skips);
        }
    }
}
