//! What a PEM key is to an algorithm: whether it signs or verifies with
//! it, and the size of an RSA key. The load checks keys with these; tokens
//! are made and verified with the keys they return.

use jsonwebtoken::{DecodingKey, EncodingKey};

use crate::algorithm::Algorithm;

/// The signing key of a PEM private key of `algorithm`'s kind, with the
/// verifying key of its public half. `None` for a PEM that is no private
/// key of that kind (`jsonwebtoken` takes a public key's PEM as a signing
/// key, and fails only when signing).
pub(crate) fn signing_pair(algorithm: Algorithm, pem: &[u8]) -> Option<(EncodingKey, DecodingKey)> {
    let private = private_key(algorithm, pem).ok()?;
    let jwk =
        jsonwebtoken::jwk::Jwk::from_encoding_key(&private, to_jsonwebtoken(algorithm)).ok()?;
    let public = DecodingKey::from_jwk(&jwk).ok()?;
    Some((private, public))
}

/// Whether `pem` (a value as [`Value::secret`] or the parser of text makes
/// it: trimmed) is a private key `algorithm` can sign with.
pub(crate) fn private_key_fits(algorithm: Algorithm, pem: &str) -> bool {
    signing_pair(algorithm, pem.as_bytes()).is_some()
}

/// The size in bits of the modulus of `pem`, an RSA key, private or
/// public (PKCS#8 or PKCS#1); `None` for any other text.
pub(crate) fn rsa_bits(pem: &str) -> Option<usize> {
    use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
    use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
    use rsa::traits::PublicKeyParts;
    let pem = pem.trim();
    let size = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(pem))
        .map(|key| key.size())
        .or_else(|_| rsa::RsaPublicKey::from_public_key_pem(pem).map(|key| key.size()))
        .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem).map(|key| key.size()))
        .ok()?;
    Some(size * 8)
}

/// Whether `pem` (trimmed, as text values are) is a public key `algorithm`
/// can verify with.
pub(crate) fn public_key_fits(algorithm: Algorithm, pem: &str) -> bool {
    public_key(algorithm, pem.as_bytes()).is_ok()
}

/// The signing key of a PEM private key of `algorithm`'s kind.
pub(crate) fn private_key(
    algorithm: Algorithm,
    pem: &[u8],
) -> jsonwebtoken::errors::Result<EncodingKey> {
    match algorithm {
        Algorithm::ES256 | Algorithm::ES384 => EncodingKey::from_ec_pem(pem),
        Algorithm::EdDSA => EncodingKey::from_ed_pem(pem),
        _ => EncodingKey::from_rsa_pem(pem),
    }
}

/// Whether `text` holds a PEM block (a key or a certificate).
pub(crate) fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// The verifying key of a PEM public key of `algorithm`'s kind. A private
/// key's PEM is refused, though jsonwebtoken would take it: a verifier
/// holds the public key only.
pub(crate) fn public_key(
    algorithm: Algorithm,
    pem: &[u8],
) -> jsonwebtoken::errors::Result<DecodingKey> {
    const PUBLIC: [&str; 3] = [
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN RSA PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
    ];
    let text = std::str::from_utf8(pem).unwrap_or_default().trim_start();
    if !PUBLIC.iter().any(|label| text.starts_with(label)) {
        return Err(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat.into());
    }
    match algorithm {
        Algorithm::ES256 | Algorithm::ES384 => DecodingKey::from_ec_pem(pem),
        Algorithm::EdDSA => DecodingKey::from_ed_pem(pem),
        _ => DecodingKey::from_rsa_pem(pem),
    }
}

pub(crate) fn to_jsonwebtoken(algorithm: Algorithm) -> jsonwebtoken::Algorithm {
    match algorithm {
        Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
        Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
        Algorithm::RS384 => jsonwebtoken::Algorithm::RS384,
        Algorithm::RS512 => jsonwebtoken::Algorithm::RS512,
        Algorithm::PS256 => jsonwebtoken::Algorithm::PS256,
        Algorithm::PS384 => jsonwebtoken::Algorithm::PS384,
        Algorithm::PS512 => jsonwebtoken::Algorithm::PS512,
        Algorithm::ES256 => jsonwebtoken::Algorithm::ES256,
        Algorithm::ES384 => jsonwebtoken::Algorithm::ES384,
        Algorithm::EdDSA => jsonwebtoken::Algorithm::EdDSA,
    }
}
