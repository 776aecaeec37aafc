//! Snapshots: what a service's settings are, printable and comparable, with
//! secrets reduced to fingerprints.

use std::fmt;

pub use crate::fingerprint::{FINGERPRINT_KEY_VARIABLE, FINGERPRINT_PREFIX, fingerprint};
pub use crate::load::loaded::UnseenValue;

use crate::environment::NamedEnvironment;
use crate::load::loaded::{Origin, Warning, WarningKind};
use crate::registry::{Registry, Setting};
use crate::value::Value;

/// Each setting a service reads, with its printable value and its origin.
///
/// A secret appears only as its [`fingerprint`]. `Display` prints one line a
/// setting; `Serialize` gives the same as data.
///
/// ```
/// use jwt_config::{Environment, JwtSettings, SecretString};
///
/// #[derive(JwtSettings)]
/// struct Verifier {
///     jwt_secret_key: SecretString,
///     jwt_access_token_expire_minutes: u32,
/// }
///
/// let vars = jwt_config::vars([("JWT_SECRET_KEY", "a-test-secret")]);
/// let snapshot = Verifier::load(&vars, Environment::Test)?.snapshot();
/// assert_eq!(snapshot.value("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"), Some("15"));
/// assert!(snapshot.value("JWT_SECRET_KEY").unwrap().starts_with("fp:"));
/// assert!(!snapshot.to_string().contains("a-test-secret"));
/// # Ok::<(), jwt_config::LoadError>(())
/// ```
#[derive(Clone)]
pub struct Snapshot {
    registry: &'static Registry,
    service: String,
    environment: Option<NamedEnvironment>,
    entries: Vec<Entry>,
}

impl Snapshot {
    /// A snapshot of `values` (setting name and value, if any), each read
    /// from its canonical name unless `origins` says otherwise.
    pub fn new(
        registry: &'static Registry,
        service: impl Into<String>,
        environment: Option<NamedEnvironment>,
        values: Vec<(&'static str, Option<Value>)>,
    ) -> Snapshot {
        let entries = values
            .into_iter()
            .filter_map(|(name, value)| {
                let setting = registry.get(name)?;
                Some(Entry {
                    setting,
                    origin: None,
                    value: value.as_ref().map(|value| printable(setting, value)),
                    ignored_aliases: Vec::new(),
                    shadowed_aliases: Vec::new(),
                    refused: None,
                    unseen: None,
                    written: None,
                    file: None,
                    public_of_private: value
                        .as_ref()
                        .and_then(|value| public_of_private(setting, value)),
                })
            })
            .collect();
        Snapshot {
            registry,
            service: service.into(),
            environment,
            entries,
        }
    }

    /// Records, by setting, the legacy names a check that does not know
    /// which names a service reads took as unread because a name before
    /// them was set ([`WarningKind::ShadowedAlias`]).
    pub(crate) fn with_shadowed_aliases(mut self, warnings: &[Warning]) -> Snapshot {
        for warning in warnings {
            if warning.kind() == WarningKind::ShadowedAlias
                && let Some(entry) = self
                    .entries
                    .iter_mut()
                    .find(|e| e.setting.name == warning.setting())
            {
                entry.shadowed_aliases.push(warning.var());
            }
        }
        self
    }

    /// Records, by setting, what the load saw beyond each value: a value
    /// set but refused, one that cannot be seen, one written in the
    /// service's own unit.
    pub(crate) fn with_seen(
        mut self,
        seen: impl IntoIterator<Item = (&'static str, Seen)>,
    ) -> Snapshot {
        for (name, seen) in seen {
            if let Some(entry) = self.entries.iter_mut().find(|e| e.setting.name == name) {
                entry.refused = seen
                    .refused
                    .map(|value| refused_printable(entry.setting, &value));
                entry.unseen = seen.unseen;
                entry.written = seen.written;
            }
        }
        self
    }

    /// Shows and compares each named setting's value (and a refused one) by
    /// its fingerprint, as a secret's: secret material that landed in a
    /// setting of another kind ([`crate::Source::secret_material`]).
    pub(crate) fn with_secret_material<'n>(
        mut self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Snapshot {
        for name in names {
            if let Some(entry) = self.entries.iter_mut().find(|e| e.setting.name == name) {
                if entry.setting.is_secret() {
                    continue;
                }
                let hidden = |text: String| fingerprint(&secrecy::SecretString::from(text));
                entry.value = entry.value.take().map(hidden);
                entry.refused = entry.refused.take().map(hidden);
            }
        }
        self
    }

    /// Records where each value came from.
    pub(crate) fn with_origins<'n, 'o>(
        mut self,
        origins: impl IntoIterator<Item = (&'n str, &'o Origin)>,
    ) -> Snapshot {
        for (name, origin) in origins {
            if let Some(entry) = self.entries.iter_mut().find(|e| e.setting.name == name) {
                entry.origin = Some(*origin);
            }
        }
        self
    }

    /// Records the path of each file a value was read from ([`Origin::File`]).
    pub(crate) fn with_files<'n, 'p>(
        mut self,
        files: impl IntoIterator<Item = (&'n str, &'p str)>,
    ) -> Snapshot {
        for (name, path) in files {
            if let Some(entry) = self.entries.iter_mut().find(|e| e.setting.name == name) {
                entry.file = Some(path.to_owned());
            }
        }
        self
    }

    /// Records registered aliases, each by its setting's name, that are set
    /// but not read: ignored by the service, shadowed by the name that was
    /// read, or in conflict with it.
    pub(crate) fn with_unread_aliases(
        mut self,
        unread: impl IntoIterator<Item = (&'static str, &'static str)>,
    ) -> Snapshot {
        for (setting, alias) in unread {
            if let Some(entry) = self.entries.iter_mut().find(|e| e.setting.name == setting) {
                entry.ignored_aliases.push(alias);
            }
        }
        self
    }

    /// The registry the settings follow.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// The service the snapshot is of.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The environment of the load, when known.
    pub fn environment(&self) -> Option<NamedEnvironment> {
        self.environment
    }

    /// Every setting the service reads, in field order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of the setting named `canonical`, if the service reads it.
    pub fn get(&self, canonical: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.setting.name == canonical)
    }

    /// The printable value of the setting named `canonical`.
    pub fn value(&self, canonical: &str) -> Option<&str> {
        self.get(canonical)?.value.as_deref()
    }
}

impl fmt::Debug for Snapshot {
    /// Leaves the registry out: it is the same table for every snapshot.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("service", &self.service)
            .field("environment", &self.environment)
            .field("entries", &self.entries)
            .finish()
    }
}

impl fmt::Display for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, entry) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{entry}")?;
        }
        Ok(())
    }
}

/// One setting of a [`Snapshot`].
#[derive(Clone)]
pub struct Entry {
    setting: &'static Setting,
    origin: Option<Origin>,
    value: Option<String>,
    ignored_aliases: Vec<&'static str>,
    /// Those of `ignored_aliases` only assumed unread (see
    /// [`Entry::assumed_unread`]).
    shadowed_aliases: Vec<&'static str>,
    /// The printable form of a value that was set but refused.
    refused: Option<String>,
    /// Why a value that is set cannot be seen.
    unseen: Option<UnseenValue>,
    /// The value as the service wrote it, in its own unit or format.
    written: Option<String>,
    /// The path of the file the value was read from ([`Origin::File`]).
    file: Option<String>,
    /// For a private key: the digest of its public key, as a public key's
    /// value shows (`pem:...`), so that a verifier's key can be matched.
    public_of_private: Option<String>,
}

impl Entry {
    /// The setting.
    pub fn setting(&self) -> &'static Setting {
        self.setting
    }

    /// Where the value came from; `None` when it had none, or when the
    /// snapshot was taken of bare settings rather than of a load.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// The path of the file the value was read from, when its origin is
    /// [`Origin::File`]: as the `NAME_FILE` variable names it.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The value as text (a secret's [`fingerprint`]); `None` when unset.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// Registered aliases of the setting that are set but were not read:
    /// ignored by the service, or shadowed by the name that was read.
    pub fn ignored_aliases(&self) -> &[&'static str] {
        &self.ignored_aliases
    }

    /// For a private key, the digest of its public key (`pem:...`, as the
    /// public key's own value shows), when the key parses.
    pub fn public_of_private(&self) -> Option<&str> {
        self.public_of_private.as_deref()
    }

    /// Whether the variable was set but has no value: refused (the load's
    /// problems say why; [`refused`](Entry::refused)), or not seen
    /// ([`unseen`](Entry::unseen)).
    pub fn is_invalid(&self) -> bool {
        self.origin.is_some() && self.value.is_none()
    }

    /// The printable form of a value that was set but refused (a secret's
    /// [`fingerprint`], a lifetime out of bounds as written): what drift
    /// compares it by, since a refused value is still the one the service
    /// would be given.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Why the value, though set (or perhaps set), cannot be seen, and so
    /// is neither checked nor compared.
    pub fn unseen(&self) -> Option<UnseenValue> {
        self.unseen
    }

    /// Whether `alias`, one of [`ignored_aliases`](Entry::ignored_aliases),
    /// is only assumed unread: a check that does not know which names the
    /// service reads took it so because a name before it is set.
    pub fn assumed_unread(&self, alias: &str) -> bool {
        self.shadowed_aliases.contains(&alias)
    }

    /// The value as the service wrote it, where its own unit or format is
    /// not the setting's: `3600 seconds` for a value of `60` minutes.
    pub fn written(&self) -> Option<&str> {
        self.written.as_deref()
    }

    /// What drift compares: the value, or the refused value.
    pub(crate) fn compared(&self) -> Option<&str> {
        self.value().or(self.refused())
    }
}

/// What a load saw of a setting beyond its value (see [`Entry::refused`],
/// [`Entry::unseen`], [`Entry::written`]).
#[derive(Default)]
pub(crate) struct Seen {
    /// A value set but refused: a secret as one, a number as its amount
    /// in the setting's unit, anything else as the text read.
    pub(crate) refused: Option<Value>,
    pub(crate) unseen: Option<UnseenValue>,
    pub(crate) written: Option<String>,
}

/// How a refused value is shown and compared: a secret by its
/// fingerprint; a number (a lifetime out of bounds) as it is; any other
/// text by its fingerprint too, since a refused text may be anything (a
/// secret interpolated into a lifetime by a typo) and its problem already
/// says what was wrong with it.
fn refused_printable(setting: &Setting, value: &Value) -> String {
    match value {
        Value::Text(text) => fingerprint(&secrecy::SecretString::from(text.as_str())),
        value => printable(setting, value),
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("setting", &self.setting.name)
            .field("origin", &self.origin)
            .field("value", &self.value)
            .field("ignored_aliases", &self.ignored_aliases)
            .field("refused", &self.refused)
            .field("unseen", &self.unseen)
            .field("written", &self.written)
            .finish()
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.value, &self.refused, self.unseen) {
            (Some(value), _, _) => write!(f, "{} = {value}", self.setting.name)?,
            (None, Some(refused), _) => write!(f, "{} = {refused} (refused)", self.setting.name)?,
            (None, None, Some(_)) => write!(f, "{} = (not seen)", self.setting.name)?,
            (None, None, None) => write!(f, "{} = (unset)", self.setting.name)?,
        }
        match (&self.origin, &self.file) {
            (Some(origin), Some(path)) => write!(f, " ({origin}: {})", path.escape_debug())?,
            (Some(origin), None) => write!(f, " ({origin})")?,
            (None, _) => {}
        }
        for alias in &self.ignored_aliases {
            write!(f, " [{alias} set but not read]")?;
        }
        Ok(())
    }
}

/// The aliases `warnings` say are set but not read, by setting.
pub(crate) fn unread_aliases(
    warnings: &[Warning],
) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    warnings
        .iter()
        .filter(|warning| {
            matches!(
                warning.kind(),
                WarningKind::IgnoredAlias | WarningKind::AliasAlsoSet | WarningKind::ShadowedAlias
            )
        })
        .map(|warning| (warning.setting(), warning.var()))
}

/// The printable form of a value: what a snapshot shows and compares. A
/// public key, pages of PEM, is shown and compared by a digest of its key
/// (`pem:` and 12 hex digits of SHA-256 over its base64 body): public, so
/// unkeyed, and equal for the same key however its lines are wrapped.
/// Only a public key's PEM is shown so: any other text set there (a secret
/// put in the wrong place, a file's content) is shown by its keyed
/// fingerprint, as a secret, never by an unkeyed digest a dictionary could
/// test guesses against.
fn printable(setting: &Setting, value: &Value) -> String {
    if setting.role == Some(crate::registry::Role::PublicKey)
        && let Value::Text(pem) = value
    {
        if !is_public_key_pem(pem) {
            return fingerprint(&secrecy::SecretString::from(pem.as_str()));
        }
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .flat_map(|line| line.trim().chars())
            .collect();
        return public_key_digest(&body);
    }
    match value {
        Value::Environment(env) => env.to_string(),
        Value::Secret(secret) => fingerprint(secret),
        Value::Algorithm(algorithm) => algorithm.to_string(),
        // A span in its canonical form (`90m` and `1h30m` both show `1h30m`).
        Value::Duration {
            amount,
            unit: crate::registry::Unit::Span,
        } => crate::registry::Unit::Span.show(*amount),
        Value::Duration { amount, .. } => amount.to_string(),
        Value::Text(text) => text.clone(),
        Value::TextList(items) => items.join(","),
        Value::Flag(flag) => flag.to_string(),
        Value::Integer(number) => number.to_string(),
        Value::Url(url) => url.clone(),
    }
}

/// Whether `text` is one PEM block of a public key (or a certificate, which
/// holds one) and nothing else: its label, then base64 lines, then its end.
fn is_public_key_pem(text: &str) -> bool {
    const LABELS: [&str; 3] = ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"];
    let mut lines = text.trim().lines().map(str::trim);
    let Some(label) = lines
        .next()
        .and_then(|line| line.strip_prefix("-----BEGIN "))
        .and_then(|line| line.strip_suffix("-----"))
    else {
        return false;
    };
    let end = format!("-----END {label}-----");
    let mut body = 0;
    for line in lines.by_ref() {
        if line == end {
            return LABELS.contains(&label) && body > 0 && lines.next().is_none();
        }
        if !line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return false;
        }
        body += line.len();
    }
    false
}

/// `pem:` and 12 hex digits of SHA-256 over a public key's base64 body.
fn public_key_digest(base64_body: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(base64_body.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("pem:{hex}")
}

/// The digest of the public key of a private key's setting (RSA, PKCS#8
/// PEM), as the public key's own PEM gives it: the modulus and exponent
/// the private key holds, encoded as a `PUBLIC KEY` is. Computed where the
/// `key-pairs` feature brings the PKCS parsers.
#[cfg(feature = "key-pairs")]
fn public_of_private(setting: &Setting, value: &Value) -> Option<String> {
    use base64::Engine as _;
    use pkcs8::der::asn1::BitStringRef;
    use pkcs8::der::{Encode, SecretDocument};
    use secrecy::ExposeSecret;
    if setting.role != Some(crate::registry::Role::PrivateKey) {
        return None;
    }
    let Value::Secret(pem) = value else {
        return None;
    };
    // Trimmed already: `Value::secret` makes every secret value.
    let (label, document) = SecretDocument::from_pem(pem.expose_secret()).ok()?;
    if label != "PRIVATE KEY" {
        return None;
    }
    let info = pkcs8::PrivateKeyInfo::try_from(document.as_bytes()).ok()?;
    if info.algorithm.oid != pkcs1::ALGORITHM_OID {
        return None;
    }
    let private = pkcs1::RsaPrivateKey::try_from(info.private_key).ok()?;
    let public = pkcs1::RsaPublicKey {
        modulus: private.modulus,
        public_exponent: private.public_exponent,
    }
    .to_der()
    .ok()?;
    let der = pkcs8::SubjectPublicKeyInfoRef {
        algorithm: pkcs1::ALGORITHM_ID,
        subject_public_key: BitStringRef::from_bytes(&public).ok()?,
    }
    .to_der()
    .ok()?;
    Some(public_key_digest(
        &base64::engine::general_purpose::STANDARD.encode(der),
    ))
}

#[cfg(not(feature = "key-pairs"))]
fn public_of_private(_: &Setting, _: &Value) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::registry::standard;

    const PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAy0EePrH2ve2z8yjIP/7x\nIDAQAB\n-----END PUBLIC KEY-----\n";

    /// A public key is shown by the unkeyed digest of its PEM body; any
    /// other text in a public key's setting (a secret put there by mistake,
    /// a mounted file's content) by its keyed fingerprint, never by a digest
    /// anyone could test guesses against.
    #[test]
    fn only_a_public_keys_pem_is_shown_by_its_unkeyed_digest() {
        let public = standard().get("JWT_PUBLIC_KEY").unwrap();
        let shown = |text: &str| printable(public, &Value::Text(text.to_owned()));
        assert!(shown(PUBLIC).starts_with("pem:"));
        // Wrapped otherwise, the same key.
        assert_eq!(shown(PUBLIC), shown(&PUBLIC.replace('\n', "\r\n")));
        for not_a_key in [
            "weak-guessable-secret",
            "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----",
            "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----",
            &format!("{PUBLIC}trailing text"),
        ] {
            assert!(shown(not_a_key).starts_with("fp:"), "{not_a_key}");
        }
    }

    /// A private key's public key, derived without RSA arithmetic, is the
    /// one rsa derives: the digest a verifier's `PUBLIC KEY` shows.
    #[cfg(feature = "key-pairs")]
    #[test]
    fn the_public_key_of_a_private_key_is_the_one_rsa_derives() {
        use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
        let pem = include_str!("../../../examples/keys/private.pem").trim();
        let private = standard().get("JWT_PRIVATE_KEY").unwrap();
        let public = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
            .unwrap()
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let body: String = public
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        let value = Value::Secret(SecretString::from(pem));
        assert_eq!(
            public_of_private(private, &value),
            Some(public_key_digest(&body))
        );
        // Not a private key: no public key.
        let text = Value::Secret(SecretString::from(public.as_str()));
        assert_eq!(public_of_private(private, &text), None);
    }
}
