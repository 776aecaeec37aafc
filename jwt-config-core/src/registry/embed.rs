//! A registry as one string, for the derive to embed an organisation's
//! table in the code it generates.
//!
//! A string literal costs the compiler little, where the same table
//! written as nested struct expressions in every derived struct costs it a
//! constant evaluation per setting per struct (50 structs of a 50-setting
//! file took 2.5 times as long to build). The service decodes the string
//! once per process, on first use, without a TOML parser.
//!
//! The format is private to this crate version (the derive and the runtime
//! are always the same version): tokens, each `<byte length>:<text>`, in a
//! fixed order. Decoded text borrows from the `'static` string.
//!
//! Little is not nothing: the compiler lexes and hashes the literal of every
//! struct, some 30 instructions a byte. So a setting or a rule equal to one
//! of the built-in table (a file that extends it keeps most of them) is
//! written as `=` and its position there, and weak patterns equal to the
//! built-in list as `=` alone: the runtime holds the built-in table anyway.

use std::sync::{Mutex, OnceLock};

use super::{
    Alias, Category, DefaultValue, Kind, Loader, Registry, RegistrySource, Role, Rule, Scope,
    SecretPolicy, Service, ServiceRequirement, ServiceVar, Setting, Unit, VarFormat, standard,
};
use crate::environment::{EnvSet, Environment, NamedEnvironment};

/// The version of the format, first in every encoding.
const VERSION: &str = "6";

/// Written, outside any token, before the position of a setting or a rule in
/// the built-in table, or in place of the weak patterns when they are the
/// built-in table's. Every token starts with its length, a digit, so this
/// marker never reads as one, whatever a table holds.
const BUILT_IN: char = '=';

/// `registry` as one string that [`decode`] turns back into an equal table.
///
/// ```
/// use jwt_config_core::registry::{self, embed};
///
/// let text = embed::encode(registry::standard());
/// assert_eq!(embed::decode(Box::leak(text.into_boxed_str())), registry::standard());
/// ```
pub fn encode(registry: &Registry) -> String {
    let mut out = Encoder::default();
    out.token(VERSION);
    match registry.source() {
        RegistrySource::BuiltIn => out.token("b"),
        RegistrySource::File(path) => {
            out.token("f");
            out.token(path);
        }
    }
    out.count(registry.settings().len());
    for setting in registry.settings() {
        out.setting(setting);
    }
    out.count(registry.rules().len());
    for rule in registry.rules() {
        if out.built_in(standard().rules(), rule) {
            continue;
        }
        match *rule {
            Rule::LongerThan {
                longer,
                shorter,
                across_services,
            } => {
                out.token("l");
                out.token(longer);
                out.token(shorter);
                out.count(usize::from(across_services));
            }
            Rule::Distinct {
                setting,
                from,
                in_envs,
                across_services,
            } => {
                out.token("d");
                out.token(setting);
                out.token(from);
                out.envs(in_envs);
                out.count(usize::from(across_services));
            }
            Rule::TrueOnlyIn {
                setting,
                allowed_in,
            } => {
                out.token("t");
                out.token(setting);
                out.envs(allowed_in);
            }
        }
    }
    let policy = registry.secret_policy();
    for min in policy.min_bytes {
        out.count(min);
    }
    out.envs(policy.strict_in);
    if policy.weak_patterns == standard().secret_policy().weak_patterns {
        out.0.push(BUILT_IN);
    } else {
        out.count(policy.weak_patterns.len());
        for pattern in policy.weak_patterns {
            out.token(pattern);
        }
    }
    out.count(registry.environments().len());
    for env in registry.environments() {
        out.token(env.name);
        out.count(env.follows.index());
    }
    for header in registry.service_headers {
        out.token(header);
    }
    out.count(registry.services().len());
    for service in registry.services() {
        out.token(service.name);
        out.count(service.reads.len());
        for setting in service.reads {
            out.token(setting);
        }
        out.count(service.vars.len());
        for var in service.vars {
            out.token(var.var);
            out.token(var.setting);
            out.optional(var.format.map(VarFormat::name));
        }
        out.optional(service.loader.map(Loader::name));
        out.count(service.required_in.len());
        for requirement in service.required_in {
            out.token(requirement.setting);
            out.envs(requirement.required_in);
        }
        out.count(service.ignore.len());
        for pattern in service.ignore {
            out.token(pattern);
        }
        out.count(service.sources.len());
        for source in service.sources {
            out.token(source);
        }
    }
    out.0
}

/// The registry `text` encodes, decoded once per process: every struct
/// embedding the same text shares one table.
///
/// # Panics
///
/// When `text` is not the output of [`encode`] of this crate version; the
/// derive only ever passes that.
pub fn decode(text: &'static str) -> &'static Registry {
    static DECODED: Mutex<Vec<(&'static str, &'static Registry)>> = Mutex::new(Vec::new());
    let mut decoded = DECODED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, registry)) = decoded.iter().find(|(known, _)| *known == text) {
        return registry;
    }
    let registry: &'static Registry =
        Box::leak(Box::new(Decoder(text).registry().expect(
            "a registry encoded by the derive of the same jwt-config version",
        )));
    decoded.push((text, registry));
    registry
}

/// The registry a derived struct embeds as `text`: [`decode`]d on the
/// first call, then found by the address of the literal.
///
/// The derive calls this from each struct's `registry()` without a `static`
/// of its own: a `static` in every derived struct cost the compiler more
/// than the rest of the registry's embedding (some 8% of a crate of fifty
/// structs). Not generic, so that fifty structs compile one copy of it.
pub fn embedded(text: &'static str) -> &'static Registry {
    // The literals a process meets: one per file in the usual binary, a few
    // where the compiler keeps a copy per struct. Beyond these, `decode`
    // finds the table by its content.
    static SEEN: [OnceLock<(usize, usize, &'static Registry)>; 8] = [const { OnceLock::new() }; 8];
    let address = text.as_ptr() as usize;
    for slot in &SEEN {
        match slot.get() {
            Some(&(at, len, registry)) if at == address && len == text.len() => return registry,
            Some(_) => {}
            None => {
                let registry = decode(text);
                // Another thread may have taken the slot: the next call
                // looks further.
                let _ = slot.set((address, text.len(), registry));
                return registry;
            }
        }
    }
    decode(text)
}

#[derive(Default)]
struct Encoder(String);

impl Encoder {
    fn token(&mut self, text: &str) {
        self.0.push_str(&text.len().to_string());
        self.0.push(':');
        self.0.push_str(text);
    }

    fn count(&mut self, n: usize) {
        self.token(&n.to_string());
    }

    fn number(&mut self, n: u64) {
        self.token(&n.to_string());
    }

    /// An upper bound: its number, or `-` for none.
    fn max(&mut self, max: Option<u64>) {
        match max {
            Some(max) => self.number(max),
            None => self.token("-"),
        }
    }

    fn envs(&mut self, set: EnvSet) {
        self.count(usize::from(set.bits()));
    }

    /// `item` as its position in `table`, a table of the built-in
    /// registry, when it is there: whether it was.
    fn built_in<T: PartialEq>(&mut self, table: &[T], item: &T) -> bool {
        let Some(at) = table.iter().position(|built_in| built_in == item) else {
            return false;
        };
        self.0.push(BUILT_IN);
        self.count(at);
        true
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            None => self.token("-"),
            Some(text) => {
                self.token("+");
                self.token(text);
            }
        }
    }

    fn setting(&mut self, setting: &Setting) {
        if self.built_in(standard().settings(), setting) {
            return;
        }
        self.token(setting.name);
        self.count(setting.aliases.len());
        for alias in setting.aliases {
            self.token(alias.name);
            self.envs(alias.denied_in);
        }
        self.token(setting.kind.name());
        match setting.kind {
            Kind::Duration { unit, min, max } => {
                self.token(unit.name());
                self.number(min);
                self.max(max);
            }
            Kind::Integer { min, max } => {
                self.number(min);
                self.max(max);
            }
            _ => {}
        }
        match setting.default {
            DefaultValue::None => self.token("n"),
            DefaultValue::Always(value) => {
                self.token("a");
                self.token(value);
            }
            DefaultValue::ByEnvironment(values) => {
                self.token("e");
                for value in values {
                    self.optional(value);
                }
            }
        }
        self.envs(setting.required_in);
        self.token(match setting.scope {
            Scope::Shared => "s",
            Scope::PerService => "p",
        });
        self.optional(setting.category.map(Category::mismatch_code));
        self.optional(setting.role.map(Role::as_str));
        self.token(setting.encoding.as_str());
        self.token(setting.description);
    }
}

/// Reads tokens off the front of the text; `None` for anything [`encode`]
/// does not write.
struct Decoder(&'static str);

impl Decoder {
    fn token(&mut self) -> Option<&'static str> {
        let (len, rest) = self.0.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let token = rest.get(..len)?;
        self.0 = rest.get(len..)?;
        Some(token)
    }

    fn number(&mut self) -> Option<u64> {
        self.token()?.parse().ok()
    }

    /// An upper bound: `Some(None)` for `-`, none.
    fn max(&mut self) -> Option<Option<u64>> {
        match self.token()? {
            "-" => Some(None),
            number => Some(Some(number.parse().ok()?)),
        }
    }

    fn count(&mut self) -> Option<usize> {
        self.token()?.parse().ok()
    }

    fn envs(&mut self) -> Option<EnvSet> {
        Some(EnvSet::from_bits(self.token()?.parse().ok()?))
    }

    /// A yes or no, written as a count of 0 or 1.
    fn flag(&mut self) -> Option<bool> {
        match self.count()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    /// Whether [`BUILT_IN`] comes next, taken if so.
    fn built_in(&mut self) -> bool {
        match self.0.strip_prefix(BUILT_IN) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    fn optional(&mut self) -> Option<Option<&'static str>> {
        match self.token()? {
            "-" => Some(None),
            "+" => Some(Some(self.token()?)),
            _ => None,
        }
    }

    fn many<T>(&mut self, mut one: impl FnMut(&mut Self) -> Option<T>) -> Option<&'static [T]> {
        let count = self.count()?;
        let items = (0..count).map(|_| one(self)).collect::<Option<Vec<T>>>()?;
        Some(Box::leak(items.into_boxed_slice()))
    }

    fn registry(mut self) -> Option<Registry> {
        if self.token()? != VERSION {
            return None;
        }
        let source = match self.token()? {
            "b" => RegistrySource::BuiltIn,
            "f" => RegistrySource::File(self.token()?),
            _ => return None,
        };
        let settings = self.many(Self::setting)?;
        let rules = self.many(Self::rule)?;
        let mut min_bytes = [0; 4];
        for min in &mut min_bytes {
            *min = self.count()?;
        }
        let policy = SecretPolicy {
            min_bytes,
            strict_in: self.envs()?,
            weak_patterns: if self.built_in() {
                standard().secret_policy().weak_patterns
            } else {
                self.many(Self::token)?
            },
        };
        let environments = self.many(|dec| {
            Some(NamedEnvironment {
                name: dec.token()?,
                follows: *Environment::ALL.get(dec.count()?)?,
            })
        })?;
        let (id, secret) = (self.token()?, self.token()?);
        let services = self.many(|dec| {
            Some(Service {
                name: dec.token()?,
                reads: dec.many(Self::token)?,
                vars: dec.many(|dec| {
                    Some(ServiceVar {
                        var: dec.token()?,
                        setting: dec.token()?,
                        format: match dec.optional()? {
                            None => None,
                            Some(name) => Some(VarFormat::from_name(name)?),
                        },
                    })
                })?,
                loader: match dec.optional()? {
                    None => None,
                    Some(name) => Some(Loader::from_name(name)?),
                },
                required_in: dec.many(|dec| {
                    Some(ServiceRequirement {
                        setting: dec.token()?,
                        required_in: dec.envs()?,
                    })
                })?,
                ignore: dec.many(Self::token)?,
                sources: dec.many(Self::token)?,
            })
        })?;
        self.0.is_empty().then(|| {
            Registry::new(settings, rules, policy)
                .with_environments(environments)
                .with_service_headers(id, secret)
                .with_services(services)
                .with_source(source)
        })
    }

    fn rule(&mut self) -> Option<Rule> {
        if self.built_in() {
            return standard().rules().get(self.count()?).copied();
        }
        Some(match self.token()? {
            "l" => Rule::LongerThan {
                longer: self.token()?,
                shorter: self.token()?,
                across_services: self.flag()?,
            },
            "d" => Rule::Distinct {
                setting: self.token()?,
                from: self.token()?,
                in_envs: self.envs()?,
                across_services: self.flag()?,
            },
            "t" => Rule::TrueOnlyIn {
                setting: self.token()?,
                allowed_in: self.envs()?,
            },
            _ => return None,
        })
    }

    fn setting(&mut self) -> Option<Setting> {
        if self.built_in() {
            return standard().settings().get(self.count()?).cloned();
        }
        let name = self.token()?;
        let aliases = self.many(|dec| {
            Some(Alias {
                name: dec.token()?,
                denied_in: dec.envs()?,
            })
        })?;
        let kind = match self.token()? {
            "environment" => Kind::Environment,
            "secret" => Kind::Secret,
            "algorithm" => Kind::Algorithm,
            "duration" => Kind::Duration {
                unit: Unit::from_name(self.token()?)?,
                min: self.number()?,
                max: self.max()?,
            },
            "text" => Kind::Text,
            "text_list" => Kind::TextList,
            "flag" => Kind::Flag,
            "integer" => Kind::Integer {
                min: self.number()?,
                max: self.max()?,
            },
            "url" => Kind::Url,
            _ => return None,
        };
        let default = match self.token()? {
            "n" => DefaultValue::None,
            "a" => DefaultValue::Always(self.token()?),
            "e" => {
                let mut values = [None; 4];
                for value in &mut values {
                    *value = self.optional()?;
                }
                DefaultValue::ByEnvironment(values)
            }
            _ => return None,
        };
        let required_in = self.envs()?;
        let scope = match self.token()? {
            "s" => Scope::Shared,
            "p" => Scope::PerService,
            _ => return None,
        };
        let category = self.optional()?.map(Category::new);
        let role = match self.optional()? {
            None => None,
            Some(role) => Some(Role::from_name(role)?),
        };
        let encoding = super::Encoding::from_name(self.token()?)?;
        Some(Setting {
            name,
            aliases,
            kind,
            default,
            required_in,
            scope,
            category,
            role,
            encoding,
            description: self.token()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::standard;

    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    #[test]
    fn the_built_in_table_survives_the_round_trip() {
        let decoded = decode(leak(encode(standard())));
        assert_eq!(decoded, standard());
        assert_eq!(decoded.fingerprint(), standard().fingerprint());
    }

    #[test]
    fn a_table_unlike_the_built_in_one_survives_the_round_trip_in_full() {
        // Every setting, rule and pattern written out: the built-in table's
        // settings described otherwise, rules of each form that the
        // built-in table does not hold, its weak patterns in another order.
        let built_in = standard();
        let settings: Vec<Setting> = built_in
            .settings()
            .iter()
            .map(|setting| Setting {
                description: "Described otherwise.",
                ..setting.clone()
            })
            .collect();
        let (first, second) = (settings[0].name, settings[1].name);
        let rules = [
            Rule::LongerThan {
                longer: first,
                shorter: second,
                across_services: true,
            },
            Rule::Distinct {
                setting: second,
                from: first,
                in_envs: EnvSet::DEPLOYED,
                across_services: false,
            },
            Rule::TrueOnlyIn {
                setting: first,
                allowed_in: EnvSet::of(&[Environment::Test]),
            },
        ];
        let mut weak: Vec<&'static str> = built_in.secret_policy().weak_patterns.to_vec();
        weak.reverse();
        let policy = SecretPolicy {
            weak_patterns: Vec::leak(weak),
            ..*built_in.secret_policy()
        };
        let registry: &'static Registry = Box::leak(Box::new(Registry::new(
            Vec::leak(settings),
            Vec::leak(rules.to_vec()),
            policy,
        )));
        let text = encode(registry);
        assert!(!text.contains(BUILT_IN), "{text}");
        let decoded = decode(leak(text));
        assert_eq!(decoded, registry);
        assert_eq!(decoded.fingerprint(), registry.fingerprint());
    }

    #[test]
    fn equal_texts_decode_to_one_table() {
        let text = encode(standard());
        let (a, b) = (decode(leak(text.clone())), decode(leak(text)));
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn an_embedded_table_is_one_table_however_many_literals_hold_it() {
        let text = encode(standard());
        // More copies than the cache of addresses holds: the later ones are
        // found by their content.
        let copies: Vec<&'static str> = (0..12).map(|_| leak(text.clone())).collect();
        let first = embedded(copies[0]);
        assert_eq!(first, standard());
        for copy in &copies {
            assert!(std::ptr::eq(embedded(copy), first));
            assert!(std::ptr::eq(embedded(copy), first), "a second call");
        }
    }

    #[test]
    fn a_truncated_or_altered_text_is_refused() {
        let text = encode(standard());
        for cut in [1, text.len() / 2, text.len() - 1] {
            assert!(Decoder(leak(text[..cut].to_owned())).registry().is_none());
        }
        assert!(Decoder(leak(format!("{text}1:x"))).registry().is_none());
        let altered = |from: &str, to: &str| {
            assert!(text.contains(from), "{text}");
            Decoder(leak(text.replacen(from, to, 1))).registry()
        };
        // Another version of the format.
        assert!(altered(&format!("1:{VERSION}"), "1:9").is_none());
        // A position past the end of the built-in table.
        assert!(altered("=1:0", "=3:999").is_none());
    }
}
