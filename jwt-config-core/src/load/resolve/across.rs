//! Checks across the fields of one load: the registry's rules, and the key
//! material an algorithm needs.

#[cfg(feature = "key-pairs")]
use crate::environment::EnvSet;
use crate::load::error::ProblemKind;
use crate::load::parse;
use crate::load::source::Source;
use crate::registry::{Role, Rule};
use crate::value::Value;

use super::engine::Load;
use super::reads::{Read, read, read_value};
use super::resolution::Slot;

/// The least size of an RSA key where deployed (staging, production), in
/// bits: NIST's floor since 2013.
#[cfg(feature = "key-pairs")]
pub(super) const MIN_RSA_BITS: usize = 2048;

impl<'s, 'f, S: Source + ?Sized> Load<'_, 's, 'f, S> {
    /// An algorithm that signs with a key pair needs a key: a struct that
    /// reads the algorithm, set to RS*, with neither the private nor the
    /// public key set is refused at load, naming the variables, rather than
    /// when its first token is made.
    ///
    /// And it needs no shared signing secret: a missing one is no problem
    /// then. A verifier of RS256 tokens holds the public key alone.
    pub(super) fn check_key_material(&mut self, slots: &[Slot]) {
        let registry = self.registry;
        let Some(algorithm) = registry.by_role(Role::Algorithm) else {
            return;
        };
        let Some(slot) = slots
            .iter()
            .find(|slot| slot.setting.is_some_and(|s| s.name == algorithm.name))
        else {
            return;
        };
        let Some(Value::Algorithm(chosen)) = &slot.value else {
            return;
        };
        if chosen.is_hmac() {
            self.check_no_pem_in_secret(slots, *chosen);
            return;
        }
        if let Some(secret) = registry.by_role(Role::SigningSecret) {
            // Under whichever name the service reads it.
            self.problems.retain(|problem| {
                !(problem.setting() == Some(secret.name)
                    && matches!(problem.kind(), ProblemKind::Missing))
            });
        }
        let keys: Vec<&'static str> = [Role::PrivateKey, Role::PublicKey]
            .into_iter()
            .filter_map(|role| registry.by_role(role))
            .map(|setting| setting.name)
            .collect();
        if keys.is_empty() {
            // The signing secret holds the key then (`TokenKeys` reads it so).
            #[cfg(feature = "key-pairs")]
            self.check_pem_in_secret(slots, *chosen);
            return;
        }
        // A service that reads no key material (a gateway that verifies
        // through a JWKS endpoint) is judged by what it reads.
        let reads = |name: &str| {
            slots
                .iter()
                .any(|slot| slot.setting.is_some_and(|setting| setting.name == name))
        };
        let secret = registry.by_role(Role::SigningSecret).map(|s| s.name);
        if !keys.iter().copied().chain(secret).any(reads) {
            return;
        }
        if keys
            .iter()
            .any(|key| read_value(slots, key).is_some() || self.set_quietly(key))
        {
            #[cfg(feature = "key-pairs")]
            self.check_pem(slots, *chosen);
            return;
        }
        let var = slot.var;
        let names = keys.join(" nor ");
        self.problem(
            var,
            ProblemKind::Invalid {
                value: Some(chosen.to_string()),
                expected: format!("an algorithm these settings hold a key for: {chosen} signs with a key pair, and neither {names} is set"),
            },
            format!("set {} to sign or {} to verify, or choose an HS algorithm", keys[0], keys.last().copied().unwrap_or(keys[0])),
        );
    }

    /// Each key the settings hold parses as a key of `algorithm`'s kind:
    /// a PEM that does not is a problem of the load, naming its variable
    /// and never quoting it.
    #[cfg(feature = "key-pairs")]
    pub(super) fn check_pem(&mut self, slots: &[Slot], algorithm: crate::algorithm::Algorithm) {
        for role in [Role::PrivateKey, Role::PublicKey] {
            let Some(setting) = self.registry.by_role(role) else {
                continue;
            };
            let Some((var, value)) = read_value(slots, setting.name) else {
                continue;
            };
            let fits = match (value, role) {
                (Value::Secret(pem), Role::PrivateKey) => {
                    use secrecy::ExposeSecret;
                    crate::keys::private_key_fits(algorithm, pem.expose_secret())
                }
                (Value::Text(pem), Role::PublicKey) => crate::keys::public_key_fits(algorithm, pem),
                _ => true,
            };
            let what = if role == Role::PrivateKey {
                "private"
            } else {
                "public"
            };
            // An RSA key under 2048 bits is broken by known means: refused
            // where deployed, as a weak secret is.
            if fits && algorithm.is_rsa() && EnvSet::DEPLOYED.contains(self.env.follows) {
                use secrecy::ExposeSecret;
                let pem = match value {
                    Value::Secret(pem) => pem.expose_secret(),
                    Value::Text(pem) => pem.as_str(),
                    _ => "",
                };
                if let Some(bits) = crate::keys::rsa_bits(pem)
                    && bits < MIN_RSA_BITS
                {
                    let env = self.env;
                    self.problem(
                        var,
                        ProblemKind::Invalid {
                            value: None,
                            expected: format!(
                                "an RSA {what} key of at least {MIN_RSA_BITS} bits in {env} (it has {bits})"
                            ),
                        },
                        format!(
                            "set {var} to a key of a pair of at least {MIN_RSA_BITS} bits (`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072`)"
                        ),
                    );
                }
            }
            if !fits {
                self.problem(
                    var,
                    ProblemKind::Invalid {
                        value: None,
                        expected: format!("a PEM {what} key {algorithm} can use"),
                    },
                    format!("set {var} to the PEM {what} key of the {algorithm} key pair"),
                );
            }
        }
    }

    /// Under an HMAC algorithm, a signing secret that holds a PEM key is a
    /// problem naming its variable, never quoting it: a verifier given a
    /// public key as its HMAC secret accepts tokens anyone can sign.
    pub(super) fn check_no_pem_in_secret(
        &mut self,
        slots: &[Slot],
        algorithm: crate::algorithm::Algorithm,
    ) {
        use secrecy::ExposeSecret;
        let Some(setting) = self.registry.by_role(Role::SigningSecret) else {
            return;
        };
        let Some((var, Value::Secret(secret))) = read_value(slots, setting.name) else {
            return;
        };
        if crate::lexical::looks_like_pem(secret.expose_secret()) {
            self.problem(
                var,
                ProblemKind::Invalid {
                    value: None,
                    expected: format!("a shared secret: it holds a PEM key, and {algorithm} signs with a shared secret"),
                },
                format!("set the algorithm of the key pair (RS256, ES256, ...), or set {var} to a random secret"),
            );
        }
    }

    /// In a registry with no key setting, the signing secret read under a
    /// key-pair algorithm is a PEM key of it, private or public: one that is
    /// not is a problem naming its variable, never quoting it.
    #[cfg(feature = "key-pairs")]
    pub(super) fn check_pem_in_secret(
        &mut self,
        slots: &[Slot],
        algorithm: crate::algorithm::Algorithm,
    ) {
        use secrecy::ExposeSecret;
        let Some(setting) = self.registry.by_role(Role::SigningSecret) else {
            return;
        };
        let Some((var, value)) = read_value(slots, setting.name) else {
            return;
        };
        let Value::Secret(secret) = value else {
            return;
        };
        let pem = secret.expose_secret().trim();
        if crate::keys::private_key_fits(algorithm, pem)
            || crate::keys::public_key_fits(algorithm, pem)
        {
            return;
        }
        self.problem(
            var,
            ProblemKind::Invalid {
                value: None,
                expected: format!("a PEM key {algorithm} can use: {algorithm} signs with a key pair"),
            },
            format!("set {var} to the PEM private key (to sign) or public key (to verify) of the {algorithm} key pair, or choose an HS algorithm"),
        );
    }

    /// Checks every rule of the registry whose settings the load reads, each
    /// as the load read it: a service is judged by what it reads, so a rule
    /// comparing a setting it does not read (a refresh lifetime, for a
    /// service that issues no refresh tokens) is none of its business.
    pub(super) fn check_rules(&mut self, slots: &[Slot]) {
        let env = self.env.follows;
        for rule in self.registry.rules() {
            // Each rule reads what it compares only where it applies.
            let broken = match *rule {
                Rule::LongerThan {
                    longer, shorter, ..
                } => self
                    .rule_pair(slots, longer, shorter)
                    .filter(|((_, longer), (_, shorter))| {
                        match (longer.as_duration(), shorter.as_duration()) {
                            (Some(longer), Some(shorter)) => longer <= shorter,
                            _ => false,
                        }
                    })
                    .map(|((var, _), (other, _))| (var, format!("raise {var} or lower {other}"))),
                Rule::Distinct {
                    setting,
                    from,
                    in_envs,
                    ..
                } if in_envs.contains(env) => self
                    .rule_pair(slots, setting, from)
                    .filter(|((_, a), (_, b))| match (a, b) {
                        (Value::Secret(a), Value::Secret(b)) => parse::same_secret(a, b),
                        _ => false,
                    })
                    .map(|((var, _), (other, _))| {
                        let fix =
                            format!("give {var} its own random value, different from {other}");
                        (var, fix)
                    }),
                Rule::TrueOnlyIn {
                    setting,
                    allowed_in,
                } if !allowed_in.contains(env) => read_value(slots, setting)
                    .filter(|(_, value)| matches!(value, Value::Flag(true)))
                    .map(|(var, _)| (var, format!("set {var} to false or unset it"))),
                Rule::Distinct { .. } | Rule::TrueOnlyIn { .. } => None,
            };
            if let Some((var, fix)) = broken {
                self.problem(var, ProblemKind::Rule(*rule), fix);
            }
        }
    }

    /// The values of the two settings a rule compares, when the load reads
    /// both and both have one.
    #[allow(clippy::type_complexity)]
    pub(super) fn rule_pair<'a>(
        &self,
        slots: &'a [Slot],
        first: &str,
        second: &str,
    ) -> Option<((&'static str, &'a Value), (&'static str, &'a Value))> {
        Some((read_value(slots, first)?, read_value(slots, second)?))
    }

    /// Whether any name of the setting named `name` is set in the source,
    /// read or not by the load: a struct that reads the algorithm and a
    /// signing secret is told that RS256 needs a key only when no key is
    /// set at all, wherever it is read.
    pub(super) fn set_quietly(&self, name: &str) -> bool {
        self.registry.get(name).is_some_and(|setting| {
            std::iter::once(setting.name)
                .chain(setting.aliases.iter().map(|alias| alias.name))
                .any(|var| matches!(read(self.source, var), Read::Set(_)))
        })
    }
}
