//! Fingerprints of secrets: equal secrets get equal fingerprints within one
//! run, and nobody holding only a report can test guesses against them.
//!
//! A fingerprint is `fp:` and 12 hex digits of HMAC-SHA-256 under a key
//! that never leaves the process: a fresh random key for each run (each
//! `jwt-config check`, each process taking snapshots), or the key the
//! operator gives in [`FINGERPRINT_KEY_VARIABLE`] when reports of different runs must be
//! compared. An unkeyed hash would let anyone with a report and a dictionary
//! recover a weak secret (`password`, `changeme`) in a millisecond; a keyed
//! one asks for the key first.
//!
//! The trade-off: without the variable, the fingerprints of two runs never
//! match, even for one secret. Reports of one run (one `check` of a whole
//! deployment, one process comparing its services) compare as before.

use std::sync::OnceLock;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The variable that holds the operator's fingerprint key, for reports of
/// different runs that must be compared (any text; treat it as a secret).
pub const FINGERPRINT_KEY_VARIABLE: &str = "JWT_CONFIG_FINGERPRINT_KEY";

/// What every fingerprint starts with.
pub const FINGERPRINT_PREFIX: &str = "fp:";

/// The fingerprint of `secret` under this run's key.
///
/// ```
/// use jwt_config::{snapshot::fingerprint, SecretString};
///
/// let a = fingerprint(&SecretString::from("one secret"));
/// assert!(a.starts_with("fp:"));
/// assert_eq!(a.len(), "fp:".len() + 12);
/// assert_eq!(a, fingerprint(&SecretString::from("one secret")));
/// assert_ne!(a, fingerprint(&SecretString::from("another secret")));
/// ```
pub fn fingerprint(secret: &SecretString) -> String {
    // The MAC keyed once per run: keying it hashes two blocks, as many as
    // a short secret's fingerprint itself, and a check of ten thousand
    // services makes twenty thousand fingerprints.
    static MAC: OnceLock<Hmac<Sha256>> = OnceLock::new();
    let mac = MAC.get_or_init(|| keyed_mac(&run_key()));
    finish(mac.clone(), secret.expose_secret().as_bytes())
}

/// The fingerprint of `secret` under `key`.
#[cfg(test)]
fn keyed(key: &[u8; 32], secret: &[u8]) -> String {
    finish(keyed_mac(key), secret)
}

/// The MAC under `key`, its input started with what every fingerprint
/// starts with.
fn keyed_mac(key: &[u8; 32]) -> Hmac<Sha256> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(b"jwt-config fingerprint v2\0");
    mac
}

/// The fingerprint of `secret` from `mac`, keyed and started.
fn finish(mut mac: Hmac<Sha256>, secret: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    mac.update(secret);
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(FINGERPRINT_PREFIX.len() + 12);
    out.push_str(FINGERPRINT_PREFIX);
    for byte in &digest[..6] {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

/// The key of this run: the operator's (hashed to 32 bytes), else random.
/// Wiped once the run's MAC is keyed with it; the MAC's keyed state, which
/// stands for it, lives as long as the process, as the key used to.
fn run_key() -> Zeroizing<[u8; 32]> {
    Zeroizing::new(match std::env::var_os(FINGERPRINT_KEY_VARIABLE) {
        Some(given) if !given.is_empty() => Sha256::digest(given.as_encoded_bytes()).into(),
        _ => random_key(),
    })
}

/// 32 bytes from the operating system's generator. Should it fail (it does
/// not on any supported system), a key from the clock and this process is
/// still unknown to whoever reads the report later.
fn random_key() -> [u8; 32] {
    let mut key = [0; 32];
    if getrandom::getrandom(&mut key).is_err() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let here = &key as *const _ as usize;
        key = Sha256::new()
            .chain_update(now.to_le_bytes())
            .chain_update(std::process::id().to_le_bytes())
            .chain_update(here.to_le_bytes())
            .finalize()
            .into();
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_the_mac_of_its_domain_and_the_secret() {
        // HMAC-SHA-256 of "jwt-config fingerprint v2\0password" under 32
        // bytes of 1, computed apart (Python's hmac): reports of runs given
        // one key stay comparable across versions.
        assert_eq!(keyed(&[1; 32], b"password"), "fp:02f1945c55bf");
    }

    #[test]
    fn a_fingerprint_depends_on_the_key() {
        let secret = b"password";
        let (a, b) = ([1; 32], [2; 32]);
        assert_eq!(keyed(&a, secret), keyed(&a, secret));
        assert_ne!(keyed(&a, secret), keyed(&b, secret));
        assert_ne!(keyed(&a, secret), keyed(&a, b"passwore"));
    }

    #[test]
    fn an_unkeyed_dictionary_attack_finds_nothing() {
        // What a reader of a report could compute without the key: the
        // former fingerprint (a plain hash with a public prefix), or the
        // keyed one under guessable keys.
        let words = [
            "password",
            "secret123",
            "letmein!",
            "changeme",
            "placeholder",
        ];
        let report: Vec<String> = words
            .iter()
            .map(|word| fingerprint(&SecretString::from(*word)))
            .collect();
        for word in words {
            let plain = Sha256::new()
                .chain_update(b"jwt-config fingerprint v1\0")
                .chain_update(word.as_bytes())
                .finalize();
            let plain: String = plain[..6].iter().map(|b| format!("{b:02x}")).collect();
            for guess in [
                plain,
                keyed(&[0; 32], word.as_bytes())[FINGERPRINT_PREFIX.len()..].to_owned(),
            ] {
                assert!(report.iter().all(|fp| !fp.ends_with(&guess)), "{word}");
            }
        }
    }
}
