//! What a PEM key is to an algorithm: whether it signs or verifies with
//! it, and the size of an RSA key. The load checks keys with these; tokens
//! are made and verified with the keys they return.
//!
//! With `tokens`, a key fits when jsonwebtoken makes a signing (or
//! verifying) key of it, as the service's tokens will. Without it (the
//! deployment check, feature `key-pairs`), a key fits when its PEM holds the
//! structure of a key of the algorithm's kind: PKCS#8 or PKCS#1 for RSA,
//! with the algorithm's curve for ECDSA, Ed25519 for EdDSA; a certificate
//! is taken as it is. The size of an RSA key is read from its structure
//! either way.

use pkcs8::der::asn1::ObjectIdentifier;
use pkcs8::der::{Decode, SecretDocument};

use crate::algorithm::Algorithm;

#[cfg(feature = "tokens")]
pub(crate) use jwt::{
    private_key_fits, public_key, public_key_fits, signing_pair, to_jsonwebtoken,
};
#[cfg(not(feature = "tokens"))]
pub(crate) use structure::{private_key_fits, public_key_fits};

/// `rsaEncryption`.
const RSA: ObjectIdentifier = pkcs1::ALGORITHM_OID;
/// The size in bits of the modulus of `pem`, an RSA key, private or public
/// (PKCS#8, PKCS#1 or a `PUBLIC KEY`); `None` for any other text.
pub(crate) fn rsa_bits(pem: &str) -> Option<usize> {
    let (label, document) = SecretDocument::from_pem(pem.trim()).ok()?;
    let bytes = document.as_bytes();
    let modulus = match label {
        "PRIVATE KEY" => {
            let info = pkcs8::PrivateKeyInfo::try_from(bytes).ok()?;
            (info.algorithm.oid == RSA).then_some(())?;
            pkcs1::RsaPrivateKey::try_from(info.private_key)
                .ok()?
                .modulus
                .as_bytes()
                .len()
        }
        "RSA PRIVATE KEY" => pkcs1::RsaPrivateKey::from_der(bytes)
            .ok()?
            .modulus
            .as_bytes()
            .len(),
        "PUBLIC KEY" => {
            let info = pkcs8::SubjectPublicKeyInfoRef::try_from(bytes).ok()?;
            (info.algorithm.oid == RSA).then_some(())?;
            pkcs1::RsaPublicKey::from_der(info.subject_public_key.raw_bytes())
                .ok()?
                .modulus
                .as_bytes()
                .len()
        }
        "RSA PUBLIC KEY" => pkcs1::RsaPublicKey::from_der(bytes)
            .ok()?
            .modulus
            .as_bytes()
            .len(),
        _ => return None,
    };
    Some(modulus * 8)
}

/// Keys judged by their structure, without making a key of them: what a
/// build without `tokens` judges keys by. (With `tokens`, the tests below
/// hold it to jsonwebtoken's verdicts.)
#[cfg_attr(feature = "tokens", allow(dead_code))]
mod structure {
    use super::*;

    /// `id-ecPublicKey`, and the curves of ES256 and ES384.
    const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
    /// `id-Ed25519`.
    const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

    /// The algorithm and curve a key of `algorithm` holds; `None` for HMAC.
    fn kind_of(algorithm: Algorithm) -> Option<(ObjectIdentifier, Option<ObjectIdentifier>)> {
        match algorithm {
            Algorithm::ES256 => Some((EC, Some(P256))),
            Algorithm::ES384 => Some((EC, Some(P384))),
            Algorithm::EdDSA => Some((ED25519, None)),
            algorithm if algorithm.is_hmac() => None,
            _ => Some((RSA, None)),
        }
    }

    /// Whether `found` (an algorithm identifier's OID and parameters) is what
    /// `algorithm` wants.
    fn same_kind(algorithm: Algorithm, found: &pkcs8::AlgorithmIdentifierRef<'_>) -> bool {
        kind_of(algorithm).is_some_and(|(oid, curve)| {
            found.oid == oid && curve.is_none_or(|curve| found.parameters_oid().ok() == Some(curve))
        })
    }

    /// Whether `pem` holds a private key of `algorithm`'s kind.
    pub(crate) fn private_key_fits(algorithm: Algorithm, pem: &str) -> bool {
        let Ok((label, document)) = SecretDocument::from_pem(pem.trim()) else {
            return false;
        };
        let bytes = document.as_bytes();
        match label {
            "PRIVATE KEY" => pkcs8::PrivateKeyInfo::try_from(bytes)
                .is_ok_and(|info| same_kind(algorithm, &info.algorithm)),
            "RSA PRIVATE KEY" => {
                kind_of(algorithm).is_some_and(|(oid, _)| oid == RSA)
                    && pkcs1::RsaPrivateKey::from_der(bytes).is_ok()
            }
            _ => false,
        }
    }

    /// Whether `pem` holds a public key of `algorithm`'s kind (or a
    /// certificate, taken as it is). A private key's PEM is no public key.
    pub(crate) fn public_key_fits(algorithm: Algorithm, pem: &str) -> bool {
        let Ok((label, document)) = SecretDocument::from_pem(pem.trim()) else {
            return false;
        };
        let bytes = document.as_bytes();
        match label {
            "PUBLIC KEY" => pkcs8::SubjectPublicKeyInfoRef::try_from(bytes)
                .is_ok_and(|info| same_kind(algorithm, &info.algorithm)),
            "RSA PUBLIC KEY" => {
                kind_of(algorithm).is_some_and(|(oid, _)| oid == RSA)
                    && pkcs1::RsaPublicKey::from_der(bytes).is_ok()
            }
            "CERTIFICATE" => kind_of(algorithm).is_some(),
            _ => false,
        }
    }
}

/// Keys made as the service's tokens make them, with jsonwebtoken.
#[cfg(feature = "tokens")]
mod jwt {
    use jsonwebtoken::{DecodingKey, EncodingKey};

    use crate::algorithm::Algorithm;

    /// The signing key of a PEM private key of `algorithm`'s kind, with the
    /// verifying key of its public half. `None` for a PEM that is no private
    /// key of that kind (`jsonwebtoken` takes a public key's PEM as a signing
    /// key, and fails only when signing).
    pub(crate) fn signing_pair(
        algorithm: Algorithm,
        pem: &[u8],
    ) -> Option<(EncodingKey, DecodingKey)> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: [(&str, &str); 10] = [
        (
            "rsa1024.pkcs8",
            include_str!("../tests/keys/rsa1024.pkcs8.pem"),
        ),
        (
            "rsa1024.pkcs1",
            include_str!("../tests/keys/rsa1024.pkcs1.pem"),
        ),
        ("rsa1024.pub", include_str!("../tests/keys/rsa1024.pub.pem")),
        (
            "rsa1024.pkcs1.pub",
            include_str!("../tests/keys/rsa1024.pkcs1.pub.pem"),
        ),
        ("es256", include_str!("../tests/keys/es256.pem")),
        ("es256.pub", include_str!("../tests/keys/es256.pub.pem")),
        ("es384", include_str!("../tests/keys/es384.pem")),
        ("es384.pub", include_str!("../tests/keys/es384.pub.pem")),
        ("ed25519", include_str!("../tests/keys/ed25519.pem")),
        ("ed25519.pub", include_str!("../tests/keys/ed25519.pub.pem")),
    ];

    const ALGORITHMS: [Algorithm; 6] = [
        Algorithm::HS256,
        Algorithm::RS256,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
    ];

    #[test]
    fn the_size_of_an_rsa_key_is_read_from_each_of_its_forms() {
        for (name, pem) in KEYS {
            let expected = name.starts_with("rsa").then_some(1024);
            assert_eq!(rsa_bits(pem), expected, "{name}");
        }
        let example = include_str!("../../examples/keys/private.pem");
        assert_eq!(rsa_bits(example), Some(2048));
        assert_eq!(rsa_bits("not a key"), None);
    }

    #[test]
    fn a_key_fits_an_algorithm_of_its_kind_only() {
        for (name, pem) in KEYS {
            for algorithm in ALGORITHMS {
                let kind = match algorithm {
                    Algorithm::ES256 => "es256",
                    Algorithm::ES384 => "es384",
                    Algorithm::EdDSA => "ed25519",
                    algorithm if algorithm.is_hmac() => "none",
                    _ => "rsa",
                };
                let public = name.ends_with(".pub");
                let fits = name.starts_with(kind);
                assert_eq!(
                    structure::private_key_fits(algorithm, pem),
                    fits && !public,
                    "{name} as the private key of {algorithm}"
                );
                assert_eq!(
                    structure::public_key_fits(algorithm, pem),
                    fits && public,
                    "{name} as the public key of {algorithm}"
                );
            }
        }
        for garbage in [
            "",
            "secret",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        ] {
            assert!(!structure::public_key_fits(Algorithm::RS256, garbage));
            assert!(!structure::private_key_fits(Algorithm::RS256, garbage));
        }
    }

    /// A key a build without `tokens` takes by its structure, jsonwebtoken
    /// takes too, for every algorithm that signs with a key pair (the load
    /// asks of no other); the structure is stricter in one way only: an EC
    /// key of another curve, which jsonwebtoken takes and every token then
    /// fails to verify against.
    #[cfg(feature = "tokens")]
    #[test]
    fn what_the_structure_takes_jsonwebtoken_takes() {
        for (name, pem) in KEYS {
            for algorithm in ALGORITHMS.into_iter().filter(|a| !a.is_hmac()) {
                for (role, structure, jwt) in [
                    (
                        "private",
                        structure::private_key_fits(algorithm, pem),
                        jwt::private_key_fits(algorithm, pem.trim()),
                    ),
                    (
                        "public",
                        structure::public_key_fits(algorithm, pem),
                        jwt::public_key_fits(algorithm, pem.trim()),
                    ),
                ] {
                    let other_curve = name.starts_with("es")
                        && matches!(algorithm, Algorithm::ES256 | Algorithm::ES384);
                    assert!(
                        structure == jwt || (other_curve && !structure),
                        "{name} as the {role} key of {algorithm}: structure {structure}, jsonwebtoken {jwt}"
                    );
                }
            }
        }
    }
}
