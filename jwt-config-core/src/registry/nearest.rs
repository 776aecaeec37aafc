//! Which setting a name the registry does not know most likely means: the
//! suggestion of [`Registry::lookup`], and of [`NameIndex`] for callers
//! that look up names by the thousand (a deployment check meets every
//! variable of every service, most of them none of ours).

use super::{Lookup, Registry, Setting, standard};

/// A registry's names and legacy aliases, indexed for looking up many names:
/// [`Registry::lookup`]'s answers, with what bounds each candidate's edit
/// distance worked out once rather than for every name looked up.
///
/// ```
/// use jwt_config_core::registry::{self, Lookup};
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
        NameIndex {
            registry: self,
            candidates,
        }
    }
}

impl NameIndex<'_> {
    /// What `name` is, as [`Registry::lookup`] tells it.
    pub fn lookup(&self, name: &str) -> Lookup {
        self.registry.lookup_with(name, |name| self.nearest(name))
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
        let built_in = standard();
        if !std::ptr::eq(self.registry, built_in) {
            let role = built_in.setting_for(&upper).and_then(|s| s.role);
            if let Some(setting) = role.and_then(|role| self.registry.by_role(role)) {
                return Some(setting);
            }
        }
        let most = (upper.len() / 3).max(1);
        let chars = upper.chars().count();
        let classes = classes_in(&upper);
        let counts = letter_counts(&upper);
        self.candidates
            .iter()
            .filter_map(|candidate| {
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
                    && same_words(&upper, candidate.name)
                {
                    return Some((0, candidate.setting));
                }
                if at_least_edits(&counts, &candidate.counts) > most {
                    return None;
                }
                let distance = strsim::levenshtein(&upper, candidate.name);
                (distance <= most).then_some((distance, candidate.setting))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, setting)| setting)
    }
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
