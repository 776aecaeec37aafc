//! Which setting a name the registry does not know most likely means: the
//! suggestion of [`Registry::lookup`], and of [`NameIndex`] for callers
//! that look up names by the thousand (a deployment check meets every
//! variable of every service, most of them none of ours).

use super::{Lookup, Registry, Setting, Unit, VarFormat, standard};
use crate::environment::{Environment, NamedEnvironment};

/// A registry's names and legacy aliases, indexed for looking up many names:
/// [`Registry::lookup`]'s answers, with what bounds each candidate's edit
/// distance worked out once rather than for every name looked up.
///
/// ```
/// use jwt_config::registry::{self, Lookup};
///
/// let index = registry::standard().name_index();
/// for name in ["DATABASE_URL", "PATH", "JWT_SECRET_KEYY"] {
///     match index.lookup(name) {
///         Lookup::Unknown { suggestion: Some(setting) } => assert_eq!(setting.name, "JWT_SECRET_KEY"),
///         Lookup::Unknown { suggestion: None } => assert_ne!(name, "JWT_SECRET_KEYY"),
///         other => panic!("{other:?}"),
///     }
/// }
/// ```
#[derive(Debug)]
pub struct NameIndex<'r> {
    registry: &'r Registry,
    candidates: Vec<Candidate>,
    /// The stems of the registry's distinctive words ([`NameIndex::looks_like`]).
    words: Vec<String>,
}

/// A setting's name or one of its aliases, with its bounds.
#[derive(Debug)]
struct Candidate {
    /// Upper case, as registries write names.
    name: &'static str,
    setting: &'static Setting,
    /// Its length in characters, as edit distances count.
    chars: usize,
    classes: u64,
    counts: [u32; CLASSES],
}

impl Registry {
    /// The registry's names, indexed for looking up many (see [`NameIndex`]).
    pub fn name_index(&self) -> NameIndex<'_> {
        let candidates = self
            .settings
            .iter()
            .flat_map(|setting| {
                std::iter::once(setting.name)
                    .chain(setting.aliases.iter().map(|alias| alias.name))
                    .map(move |name| Candidate {
                        name,
                        setting,
                        chars: name.chars().count(),
                        classes: classes_in(name),
                        counts: letter_counts(name),
                    })
            })
            .collect();
        let mut words: Vec<String> = self
            .settings
            .iter()
            .flat_map(|setting| {
                std::iter::once(setting.name).chain(setting.aliases.iter().map(|alias| alias.name))
            })
            .flat_map(|name| name.split('_'))
            .filter(|word| is_distinctive(word))
            .map(|word| stem(&word.to_ascii_uppercase()).to_owned())
            .collect();
        words.sort_unstable();
        words.dedup();
        NameIndex {
            registry: self,
            candidates,
            words,
        }
    }
}

impl NameIndex<'_> {
    /// What `name` is, as [`Registry::lookup`] tells it.
    pub fn lookup(&self, name: &str) -> Lookup {
        self.registry.lookup_with(name, |name| self.nearest(name))
    }

    /// Whether a variable that is no setting of the registry looks like one,
    /// and which: what a deployment check lists as an unknown name. `None`
    /// for a setting's name or alias, and for a name that has nothing of the
    /// registry (`DATABASE_URL`, `MINIO_SECRET_KEY`).
    ///
    /// A name looks like a setting when
    /// - it is a setting's name or alias with an environment's name (one of
    ///   the spellings of the four, or an organisation's environment) after
    ///   or before it (`JWT_SECRET_STAGING`, `PROD_JWT_SECRET_KEY`):
    ///   [`LooksLike::ForEnvironment`];
    /// - or it shares a distinctive word with the registry's names and
    ///   aliases (`JWT`, `TOKEN`, `EXPIRE`, `ISSUER`, `AUDIENCE`, `ALGORITHM`
    ///   in the built-in table), words compared by stem (`EXPIRES`,
    ///   `EXPIRY` and `EXPIRATION` are `EXPIRE`). A word is distinctive
    ///   unless it is a unit (`MINUTES`, `DAYS`, ...), shorter than three
    ///   letters, or one of the words any software's variables use
    ///   ([`GENERIC_WORDS`]: `KEY`, `SERVICE`, `ID`, ...): so `API_KEY`
    ///   shares nothing distinctive with `JWT_SECRET_KEY`, while
    ///   `APP_SECRET` does;
    /// - or it is a typo of a setting's name or alias: within an eighth of
    ///   its length in edits (at least one; `SERVICE_SECRETT`), or its words
    ///   in another order;
    /// - or, in an organisation's registry, it is a built-in name whose role a
    ///   setting of the registry plays.
    ///
    /// The suggestions of [`LooksLike::Setting`] are the settings nearest
    /// to `name` (as [`Registry::lookup`] finds them), every one at the
    /// least distance, in table order: several when there is a tie, none
    /// when none is close, and none when `name` has a distinctive word the
    /// registry never uses (`MINIO_SECRET_KEY` is MinIO's, not a misspelt
    /// `JWT_SECRET_KEY`) unless it is a typo.
    ///
    /// ```
    /// use jwt_config::registry::{self, LooksLike};
    ///
    /// let index = registry::standard().name_index();
    /// let Some(LooksLike::ForEnvironment { setting, environment, .. }) = index.looks_like("JWT_SECRET_STAGING") else {
    ///     panic!()
    /// };
    /// assert_eq!((setting.name, environment.name), ("JWT_SECRET_KEY", "staging"));
    /// let Some(LooksLike::Setting { suggestions }) = index.looks_like("JWT_SERVICE_EXPIRY_MINUTES") else {
    ///     panic!()
    /// };
    /// let names: Vec<&str> = suggestions.iter().map(|s| s.name).collect();
    /// assert_eq!(names, ["JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "JWT_SERVICE_TOKEN_EXPIRE_MINUTES"]);
    /// assert!(index.looks_like("APP_SECRET").is_some());
    /// let Some(LooksLike::Setting { suggestions }) = index.looks_like("MINIO_SECRET_KEY") else {
    ///     panic!()
    /// };
    /// assert!(suggestions.is_empty());
    /// assert!(index.looks_like("API_KEY").is_none());
    /// assert!(index.looks_like("DATABASE_URL").is_none());
    /// assert!(index.looks_like("JWT_SECRET_KEY").is_none());
    /// ```
    pub fn looks_like(&self, name: &str) -> Option<LooksLike> {
        let upper = name.to_ascii_uppercase();
        if let Some(setting) = self.registry.setting_for(&upper) {
            // `jwt_secret_key`: services read names as written, so nothing
            // reads it; the setting it differs from only in case is meant.
            return (self.registry.setting_for(name).is_none()).then(|| LooksLike::Setting {
                suggestions: vec![setting],
            });
        }
        if let Some(found) = self.for_environment(&upper) {
            return Some(found);
        }
        let nearest = self.nearest_all(&upper);
        let (distance, suggestions) = nearest.unwrap_or((usize::MAX, Vec::new()));
        let typo = distance <= (upper.chars().count() / 8).max(1);
        let shares_a_word = upper.split('_').any(|word| {
            self.words
                .binary_search_by(|w| w.as_str().cmp(stem(word)))
                .is_ok()
        });
        // A distinctive word the registry never uses (`MINIO`, `NEXTAUTH`)
        // says the name is another product's: listed, but no setting is
        // suggested for it, unless it is a typo of one.
        let foreign = upper.split('_').any(|word| {
            word.bytes().all(|b| b.is_ascii_alphanumeric())
                && is_distinctive(word)
                && self
                    .words
                    .binary_search_by(|w| w.as_str().cmp(stem(word)))
                    .is_err()
        });
        let suggestions = if foreign && !typo {
            Vec::new()
        } else {
            suggestions
        };
        (typo || shares_a_word).then_some(LooksLike::Setting { suggestions })
    }

    /// `upper` as a setting's name or alias with an environment's name
    /// after or before it.
    fn for_environment(&self, upper: &str) -> Option<LooksLike> {
        let spellings = Environment::ALL
            .iter()
            .flat_map(|env| env.spellings().iter().copied())
            .chain(self.registry.environments.iter().map(|env| env.name));
        for spelling in spellings {
            let spelling_upper = spelling.to_ascii_uppercase();
            let written = upper
                .strip_suffix(spelling_upper.as_str())
                .and_then(|rest| rest.strip_suffix('_'))
                .or_else(|| {
                    upper
                        .strip_prefix(spelling_upper.as_str())
                        .and_then(|rest| rest.strip_prefix('_'))
                });
            if let Some(written) = written
                && let Some(setting) = self.registry.setting_for(written)
                && let Some(environment) = self.registry.environment(spelling)
            {
                let written = std::iter::once(setting.name)
                    .chain(setting.aliases.iter().map(|alias| alias.name))
                    .find(|known| *known == written)
                    .unwrap_or(setting.name);
                return Some(LooksLike::ForEnvironment {
                    setting,
                    written,
                    environment,
                });
            }
        }
        None
    }

    /// Every setting nearest to `upper` (see [`NameIndex::nearest`]), in
    /// table order, with their distance.
    fn nearest_all(&self, upper: &str) -> Option<(usize, Vec<&'static Setting>)> {
        if let Some(setting) = self.by_role(upper) {
            return Some((0, vec![setting]));
        }
        let mut found: Option<(usize, Vec<&'static Setting>)> = None;
        for (distance, setting) in self.distances(upper) {
            match &mut found {
                Some((least, _)) if distance > *least => {}
                Some((least, settings)) if distance == *least => {
                    if !settings.iter().any(|s| std::ptr::eq(*s, setting)) {
                        settings.push(setting);
                    }
                }
                _ => found = Some((distance, vec![setting])),
            }
        }
        found
    }

    /// The setting `name` most likely means:
    /// - when `name` is a built-in setting (or alias) that this registry
    ///   lacks, the setting that plays the same [`Role`](super::Role) here
    ///   (`JWT_ACCESS_TOKEN_EXPIRE_MINUTES` means an organisation's
    ///   `TOKEN_TTL_MINUTES`);
    /// - else the setting whose name or alias is within a few edits of
    ///   `name` (a third of its length, as rustc suggests names), or that has
    ///   the same words in another order.
    pub(super) fn nearest(&self, name: &str) -> Option<&'static Setting> {
        let upper = name.to_ascii_uppercase();
        if let Some(setting) = self.by_role(&upper) {
            return Some(setting);
        }
        self.distances(&upper)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, setting)| setting)
    }

    /// In an organisation's registry, the setting that plays the role of
    /// the built-in setting (or alias) `upper`.
    fn by_role(&self, upper: &str) -> Option<&'static Setting> {
        let built_in = standard();
        if std::ptr::eq(self.registry, built_in) {
            return None;
        }
        let role = built_in.setting_for(upper).and_then(|s| s.role)?;
        self.registry.by_role(role)
    }

    /// Each name or alias within a few edits of `upper` (a third of its
    /// length, as rustc suggests names) or with the same words in another
    /// order, as its setting and distance, in table order.
    fn distances<'a>(
        &'a self,
        upper: &'a str,
    ) -> impl Iterator<Item = (usize, &'static Setting)> + 'a {
        let most = (upper.len() / 3).max(1);
        let chars = upper.chars().count();
        let classes = classes_in(upper);
        let counts = letter_counts(upper);
        self.candidates.iter().filter_map(move |candidate| {
            // Bounds first, cheapest first, so that a deployment of a
            // million unrelated names costs a million cheap comparisons,
            // not a million edit distances: an edit (of one character,
            // as strsim counts them) changes the length by at most one,
            // which classes occur by at most two, and how often each
            // occurs by at most two counts.
            if candidate.chars.abs_diff(chars) > most
                || (classes ^ candidate.classes).count_ones().div_ceil(2) as usize > most
            {
                return None;
            }
            if candidate.name.len() == upper.len()
                && classes == candidate.classes
                && same_words(upper, candidate.name)
            {
                return Some((0, candidate.setting));
            }
            if at_least_edits(&counts, &candidate.counts) > most {
                return None;
            }
            let distance = strsim::levenshtein(upper, candidate.name);
            (distance <= most).then_some((distance, candidate.setting))
        })
    }
}

/// What a variable that is no setting looks like ([`NameIndex::looks_like`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LooksLike {
    /// A setting's name or alias, `written`, with the name of `environment`
    /// before or after it (`JWT_SECRET_STAGING`): the setting meant for
    /// that environment, which belongs in that environment's deployment
    /// under the setting's own name.
    ForEnvironment {
        /// The setting.
        setting: &'static Setting,
        /// Its name or alias, as the variable writes it (`JWT_SECRET`).
        written: &'static str,
        /// The environment the variable names.
        environment: NamedEnvironment,
    },
    /// Some setting: the nearest ones, several when they are as near, none
    /// when none is near.
    Setting {
        /// The settings it most likely means, in table order.
        suggestions: Vec<&'static Setting>,
    },
}

/// Words that name what a variable is in any software rather than what it
/// is for, so that sharing one of them with a setting's name makes no
/// variable look like a setting (`SERVICE_URL`, `API_KEY`). Units are left
/// out too, as are words under three letters. `SECRET` is not among them:
/// `APP_SECRET` and `NEXTAUTH_SECRET` are how real services name their JWT
/// secret, so a variable with `SECRET` in its name is listed (a service
/// declares the others, such as `MINIO_SECRET_KEY`, in its `ignore`).
pub const GENERIC_WORDS: &[&str] = &[
    "ACCESS",
    "API",
    "APP",
    "AUTH",
    "DEFAULT",
    "DISABLE",
    "DISABLED",
    "ENABLE",
    "ENABLED",
    "ENV",
    "ENVIRONMENT",
    "FILE",
    "HOST",
    "KEY",
    "LEVEL",
    "LIFETIME",
    "MAX",
    "MIN",
    "MODE",
    "NAME",
    "PASSWORD",
    "PATH",
    "PORT",
    "PRIVATE",
    "PUBLIC",
    "REFRESH",
    "SERVICE",
    "SIGNATURE",
    "SKIP",
    "TIMEOUT",
    "TTL",
    "URI",
    "URL",
    "USER",
    "VERIFICATION",
    "VERIFY",
];

/// Whether `word` of a setting's name makes a variable that shares it look
/// like a setting: see [`GENERIC_WORDS`].
fn is_distinctive(word: &str) -> bool {
    let word = word.to_ascii_uppercase();
    let stemmed = stem(&word);
    let unit = Unit::ALL
        .iter()
        .map(|unit| unit.plural())
        .chain(VarFormat::ALL.iter().map(|format| format.name()))
        .any(|unit| stem(&unit.to_ascii_uppercase()) == stemmed);
    word.len() >= 3 && !unit && !GENERIC_WORDS.iter().any(|generic| stem(generic) == stemmed)
}

/// `word` without the endings that make `EXPIRE`, `EXPIRES`, `EXPIRY`,
/// `EXPIRED` and `EXPIRATION` one word, taken off while at least three
/// letters remain.
fn stem(word: &str) -> &str {
    const ENDINGS: &[&str] = &["ATIONS", "ATION", "IES", "ES", "ED", "ING", "S", "E", "Y"];
    let mut word = word;
    while let Some(shorter) = ENDINGS
        .iter()
        .find_map(|ending| word.strip_suffix(ending).filter(|rest| rest.len() >= 3))
    {
        word = shorter;
    }
    word
}

/// Letters, digits, `_` and anything else.
const CLASSES: usize = 38;

/// How many times each character class occurs in `name`.
fn letter_counts(name: &str) -> [u32; CLASSES] {
    let mut counts = [0; CLASSES];
    for c in name.chars() {
        counts[class_of(c)] += 1;
    }
    counts
}

/// Which classes occur in `name`, a bit each.
fn classes_in(name: &str) -> u64 {
    name.chars()
        .fold(0, |classes, c| classes | 1 << class_of(c))
}

/// The class of a character of an upper-case name: one each, so that an
/// edit of one character changes at most two counts.
fn class_of(c: char) -> usize {
    match c {
        'A'..='Z' => usize::from(c as u8 - b'A'),
        '0'..='9' => 26 + usize::from(c as u8 - b'0'),
        '_' => 36,
        _ => 37,
    }
}

/// A lower bound on the edit distance between two names with these counts:
/// an insertion or deletion changes one count, a substitution two.
fn at_least_edits(a: &[u32; CLASSES], b: &[u32; CLASSES]) -> usize {
    let differ: u32 = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y)).sum();
    (differ as usize).div_ceil(2)
}

/// Whether `a` and `b` are the same `_`-separated words in another order
/// (`EXPIRE_MINUTES_ACCESS`).
fn same_words(a: &str, b: &str) -> bool {
    fn words(name: &str) -> Vec<&str> {
        let mut words: Vec<&str> = name.split('_').collect();
        words.sort_unstable();
        words
    }
    words(a) == words(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`NameIndex::nearest`] finds, found the slow way: every
    /// candidate's edit distance, no bound.
    fn nearest_unbounded(registry: &Registry, name: &str) -> Option<&'static str> {
        let upper = name.to_ascii_uppercase();
        let most = (upper.len() / 3).max(1);
        registry
            .iter()
            .flat_map(|setting| {
                std::iter::once(setting.name)
                    .chain(setting.aliases.iter().map(|alias| alias.name))
                    .map(move |candidate| (candidate, setting.name))
            })
            .filter_map(|(candidate, setting)| {
                if candidate.len() == upper.len() && same_words(&upper, candidate) {
                    return Some((0, setting));
                }
                let distance = strsim::levenshtein(&upper, candidate);
                (distance <= most).then_some((distance, setting))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, setting)| setting)
    }

    /// A registered name with a few edits, or any name at all.
    fn names_near_settings() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let names: Vec<&'static str> = standard()
            .iter()
            .flat_map(|s| std::iter::once(s.name).chain(s.aliases.iter().map(|a| a.name)))
            .collect();
        // Characters of several bytes too: edit distances count characters.
        let edit = (0..3u8, any::<prop::sample::Index>(), "[A-Za-z0-9_.éÉ€😀-]");
        let near = (
            prop::sample::select(names),
            prop::collection::vec(edit, 0..6),
        )
            .prop_map(|(name, edits)| {
                let mut name: Vec<char> = name.chars().collect();
                for (op, at, with) in edits {
                    let with = with.chars().next().unwrap_or('_');
                    let at = at.index(name.len() + 1);
                    match op {
                        0 => name.insert(at, with),
                        1 if at < name.len() => {
                            name.remove(at);
                        }
                        _ if at < name.len() => name[at] = with,
                        _ => name.push(with),
                    }
                }
                name.into_iter().collect()
            });
        prop_oneof![near, "[A-Z0-9_É€]{1,40}"]
    }

    /// What each name looks like: the setting for an environment, some
    /// settings (the names of the suggestions), or nothing.
    fn looks(registry: &Registry, name: &str) -> Option<(Option<&'static str>, Vec<&'static str>)> {
        match registry.name_index().looks_like(name)? {
            LooksLike::ForEnvironment {
                setting,
                environment,
                ..
            } => Some((Some(environment.name), vec![setting.name])),
            LooksLike::Setting { suggestions } => {
                Some((None, suggestions.iter().map(|s| s.name).collect()))
            }
        }
    }

    #[test]
    fn names_that_share_a_distinctive_word_or_an_environment_look_like_settings() {
        let registry = standard();
        let env = |env: &'static str, setting: &'static str| Some((Some(env), vec![setting]));
        let some = |suggestions: &[&'static str]| Some((None, suggestions.to_vec()));
        for (name, expected) in [
            ("JWT_SECRET_STAGING", env("staging", "JWT_SECRET_KEY")),
            ("JWT_SECRET_PRODUCTION", env("production", "JWT_SECRET_KEY")),
            ("JWT_SECRET_KEY_PROD", env("production", "JWT_SECRET_KEY")),
            ("DEV_SERVICE_SECRET", env("development", "SERVICE_SECRET")),
            (
                "JWT_SERVICE_EXPIRY_MINUTES",
                some(&[
                    "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                    "JWT_SERVICE_TOKEN_EXPIRE_MINUTES",
                ]),
            ),
            ("JWT_SECRET_KEYY", some(&["JWT_SECRET_KEY"])),
            ("SERVICE_SECRETT", some(&["SERVICE_SECRET"])),
            ("ENVIROMENT", some(&["ENVIRONMENT"])),
            (
                "EXPIRE_MINUTES_JWT_ACCESS_TOKEN",
                some(&["JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]),
            ),
            (
                "ACCESS_TOKEN_EXPIRE_MINUTES",
                some(&["JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]),
            ),
            ("JWT_EXPIRATION_DELTA", some(&[])),
            ("TOKEN_EXPIRES_IN", some(&[])),
            ("OIDC_ISSUER", some(&[])),
            ("JWT_JWKS_URL", some(&[])),
            ("JWT_PUBLIC_KEY", None),
            // `SECRET` is shared: listed; MinIO's own word leaves no
            // setting suggested.
            ("MINIO_SECRET_KEY", some(&[])),
            ("NEXTAUTH_SECRET", some(&[])),
            ("API_SECRET_KEY", some(&["JWT_SECRET_KEY"])),
            ("APP_SECRET", some(&["JWT_SECRET_KEY"])),
            ("API_KEY", None),
            ("SERVICE_URL", None),
            ("SESSION_TIMEOUT_MINUTES", None),
            ("DATABASE_URL", None),
            ("TOKENIZERS_PARALLELISM", None),
            ("JWT_SECRET_KEY", None),
            ("JWT_SECRET", None),
            // Read as written, by every service: a name in another case
            // is none of the settings.
            ("jwt_secret_key", some(&["JWT_SECRET_KEY"])),
            ("Jwt_Issuer", some(&["JWT_ISSUER"])),
        ] {
            assert_eq!(looks(registry, name), expected, "{name}");
        }
    }

    #[test]
    #[cfg(feature = "file")]
    fn an_organisations_words_and_environments_are_its_own() {
        let registry = Registry::from_toml(
            "jwt-config.toml",
            r#"schema = 1
extends = "none"

[environments]
qa = "staging"

[[setting]]
name = "AUTH_JWT_SECRET"
kind = "secret"
category = "SECRET_MISMATCH"
role = "signing_secret"
description = "The key."

[[setting]]
name = "LEDGER_CUTOFF_DAYS"
kind = "duration"
unit = "days"
min = 1
max = 9
default = "3"
category = "CUTOFF_MISMATCH"
description = "When the ledger closes."
"#,
        )
        .unwrap();
        assert_eq!(
            looks(registry, "AUTH_JWT_SECRET_QA"),
            Some((Some("qa"), vec!["AUTH_JWT_SECRET"]))
        );
        // A built-in name means the setting that plays its role.
        assert_eq!(
            looks(registry, "JWT_SECRET_KEY"),
            Some((None, vec!["AUTH_JWT_SECRET"]))
        );
        assert_eq!(looks(registry, "LEDGER_URL"), Some((None, vec![])));
        // Built-in words are not this registry's.
        assert_eq!(looks(registry, "OIDC_ISSUER"), None);
        assert_eq!(looks(registry, "CACHE_DAYS"), None);
    }

    proptest::proptest! {
        /// The bounds that spare most names an edit distance never change
        /// the suggestion.
        #[test]
        fn the_bounds_never_change_a_suggestion(name in names_near_settings()) {
            let registry = standard();
            let found = registry.name_index().nearest(&name).map(|setting| setting.name);
            proptest::prop_assert_eq!(found, nearest_unbounded(registry, &name));
        }
    }
}
