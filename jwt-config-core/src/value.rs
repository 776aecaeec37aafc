//! Parsing a variable's text by its setting's kind, and the checks on one value.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::algorithm::Algorithm;
use crate::environment::{Environment, NamedEnvironment};
use crate::error::{Problem, ProblemKind, WeakSecret};
use crate::registry::{Kind, SecretPolicy, Setting, Unit};

/// A setting's value, parsed by its kind.
///
/// `Debug` never shows a secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Value {
    /// A [`Kind::Environment`] value.
    Environment(NamedEnvironment),
    /// A [`Kind::Secret`] value.
    Secret(SecretString),
    /// A [`Kind::Algorithm`] value.
    Algorithm(Algorithm),
    /// A [`Kind::Duration`] value: `amount` `unit`s.
    Duration {
        /// How many units.
        amount: u64,
        /// Of what.
        unit: Unit,
    },
    /// A [`Kind::Text`] value, trimmed.
    Text(String),
    /// A [`Kind::TextList`] value, each item trimmed.
    TextList(Vec<String>),
    /// A [`Kind::Flag`] value.
    Flag(bool),
    /// A [`Kind::Integer`] value.
    Integer(u64),
    /// A [`Kind::Url`] value, trimmed.
    Url(String),
}

impl Value {
    /// The secret `text` of `setting` as a value holds it: a PEM private
    /// key without the whitespace around it (it ends with a line break as
    /// written, and every PEM reader takes it so), any other secret as
    /// written. Every secret value is made here, so that one key compares
    /// and fingerprints alike wherever it came from.
    pub(crate) fn secret(setting: &Setting, text: &str) -> Value {
        Value::Secret(SecretString::from(held_secret(setting, text)))
    }

    /// The value as a [`Duration`], for a duration setting.
    pub fn as_duration(&self) -> Option<Duration> {
        match *self {
            Value::Duration { amount, unit } => {
                amount.checked_mul(unit.seconds()).map(Duration::from_secs)
            }
            _ => None,
        }
    }
}

/// The secret `text` of `setting` as [`Value::secret`] holds it.
pub(crate) fn held_secret<'t>(setting: &Setting, text: &'t str) -> &'t str {
    if setting.role == Some(crate::registry::Role::PrivateKey) {
        text.trim()
    } else {
        text
    }
}

/// Parses `raw`, read from `var`, as a value of `setting` in `env`.
///
/// Non-secret text is trimmed; a secret is taken as it is and checked against
/// `policy`. Every problem of the value is returned, not only the first.
pub(crate) fn parse(
    setting: &Setting,
    var: &str,
    raw: &str,
    env: NamedEnvironment,
    policy: &SecretPolicy,
) -> Result<Value, Vec<Problem>> {
    let invalid = |expected: &str, fix: String| {
        vec![Problem::new(
            var,
            Some(env),
            ProblemKind::Invalid {
                value: Some(raw.trim().to_owned()),
                expected: expected.to_owned(),
            },
            fix,
        )]
    };
    let text = raw.trim();
    match setting.kind {
        Kind::Secret => {
            let problems = check_secret(var, held_secret(setting, raw), env, policy);
            if problems.is_empty() {
                Ok(Value::secret(setting, raw))
            } else {
                Err(problems)
            }
        }
        Kind::Environment => text
            .parse::<Environment>()
            .map(|env| Value::Environment(env.into()))
            .map_err(|_| {
                invalid(
                    "an environment",
                    format!("set {var} to one of {}", Environment::names()),
                )
            }),
        Kind::Algorithm => text.parse().map(Value::Algorithm).map_err(|err| {
            let expected = if err.is_none_algorithm() {
                "an accepted algorithm: `none` turns signature checks off"
            } else {
                "an accepted algorithm"
            };
            invalid(
                expected,
                format!("set {var} to one of {}", Algorithm::names()),
            )
        }),
        Kind::Duration { unit, min, max } => {
            let counts = unit.plural();
            number(var, raw, env, min, max, Some(unit), counts)
                .map(|amount| Value::Duration { amount, unit })
        }
        Kind::Integer { min, max } => {
            number(var, raw, env, min, max, None, "whole number").map(Value::Integer)
        }
        Kind::Url => match crate::lexical::check_url(text) {
            Ok(()) => Ok(Value::Url(text.to_owned())),
            Err(why) => Err(invalid(
                &format!("a URL ({why})"),
                format!("set {var} to an absolute URL such as https://auth.example.com/jwks.json"),
            )),
        },
        Kind::Text => Ok(Value::Text(text.to_owned())),
        Kind::TextList => {
            let items: Vec<String> = text
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect();
            if items.is_empty() {
                Err(invalid(
                    "a comma-separated list with at least one item",
                    format!("set {var} to one or more comma-separated values, or unset it"),
                ))
            } else {
                Ok(Value::TextList(items))
            }
        }
        Kind::Flag => crate::lexical::parse_flag(text)
            .map(Value::Flag)
            .ok_or_else(|| {
                invalid(
                    "a flag (true, false, 1, 0, yes, no, on, off)",
                    format!("set {var} to true or false"),
                )
            }),
    }
}

/// `raw` as a whole number in `min..=max`, counting `unit` (or plain
/// numbers, whose name is `counts`).
fn number(
    var: &str,
    raw: &str,
    env: NamedEnvironment,
    min: u64,
    max: u64,
    unit: Option<Unit>,
    counts: &str,
) -> Result<u64, Vec<Problem>> {
    let fix = || {
        let what = match unit {
            Some(unit) => format!("a number of {}", unit.plural()),
            None => "a whole number".to_owned(),
        };
        format!("set {var} to {what} in {min}..={max}")
    };
    let text = raw.trim();
    let Ok(amount) = text.parse::<u64>() else {
        let expected = match unit {
            Some(_) => format!("a whole number of {counts}"),
            None => "a whole number".to_owned(),
        };
        return Err(vec![Problem::new(
            var,
            Some(env),
            ProblemKind::Invalid {
                value: Some(text.to_owned()),
                expected,
            },
            fix(),
        )]);
    };
    if !(min..=max).contains(&amount) {
        return Err(vec![Problem::new(
            var,
            Some(env),
            ProblemKind::OutOfRange {
                value: amount,
                min,
                max,
                unit,
            },
            fix(),
        )]);
    }
    Ok(amount)
}

/// Every way the secret in `var` falls short of `policy` in `env`.
fn check_secret(
    var: &str,
    secret: &str,
    env: NamedEnvironment,
    policy: &SecretPolicy,
) -> Vec<Problem> {
    let weak = |weak: WeakSecret, fix: String| {
        Problem::new(var, Some(env), ProblemKind::WeakSecret(weak), fix)
    };
    let mut problems = Vec::new();
    let min = policy.min_bytes(env.follows);
    if secret.len() < min {
        problems.push(weak(
            WeakSecret::TooShort {
                bytes: secret.len(),
                min,
            },
            format!(
                "set {var} to a random value of at least {} (`openssl rand -hex 32` prints 64)",
                crate::docs::count(min as u64, "byte")
            ),
        ));
    }
    if policy.strict_in.contains(env.follows) {
        if crate::lexical::untrimmed(secret) {
            problems.push(weak(
                WeakSecret::Whitespace,
                format!("remove the whitespace around the value of {var}"),
            ));
        }
        find_patterns(secret.as_bytes(), policy.weak_patterns, |index| {
            problems.push(weak(
                WeakSecret::Placeholder {
                    index,
                    pattern: policy.weak_patterns[index],
                },
                format!("replace {var} with a random value (`openssl rand -hex 32`)"),
            ));
        });
    }
    problems
}

/// Whether `text`, folded, starts with `pattern` (already folded).
fn starts_folded(text: &[u8], pattern: &[u8]) -> bool {
    let mut folded = text
        .iter()
        .filter(|&&byte| !crate::lexical::left_out(byte))
        .map(u8::to_ascii_lowercase);
    pattern.iter().all(|&byte| folded.next() == Some(byte))
}

/// Calls `found` with the index of each of `patterns` that `secret`
/// contains, both folded, in the patterns' order.
///
/// A deployed secret is compared with every pattern on every load, so a
/// registry's patterns are folded once per process (see [`Patterns`]) and
/// the secret is scanned once, in place, looking up at each byte the
/// patterns whose folded form starts with it. More patterns than one scan
/// tracks are searched for one by one.
fn find_patterns(secret: &[u8], patterns: &'static [&'static str], mut found: impl FnMut(usize)) {
    let Some(table) = Patterns::of(patterns) else {
        for (index, pattern) in patterns.iter().enumerate() {
            let pattern = crate::lexical::fold(pattern);
            if (0..=secret.len()).any(|at| starts_folded(&secret[at..], &pattern)) {
                found(index);
            }
        }
        return;
    };
    let mut matched = table.empty;
    for at in 0..secret.len() {
        // A byte folding leaves out starts no pattern: its entry is empty.
        let mut candidates = table.starting[usize::from(secret[at])] & !matched;
        while candidates != 0 {
            let index = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            // The first byte folds to the pattern's first: it starts there.
            let pattern = table.pattern(index);
            if starts_folded(&secret[at + 1..], &pattern[1..]) {
                matched |= 1 << index;
            }
        }
    }
    while matched != 0 {
        let index = matched.trailing_zeros() as usize;
        matched &= matched - 1;
        found(index);
    }
}

/// A registry's placeholder patterns, folded, with the patterns each byte
/// starts (a bit per pattern, under the byte and its upper case): made once
/// per process for each list of patterns, which lives as long as its
/// registry.
struct Patterns {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    starting: [u32; 256],
    /// The patterns that fold to nothing, found in every secret.
    empty: u32,
}

impl Patterns {
    /// The table of `patterns`; `None` for more than 32.
    fn of(patterns: &'static [&'static str]) -> Option<&'static Patterns> {
        use std::sync::{Mutex, OnceLock};
        type Key = (usize, usize);
        type Tables = Vec<(Key, Option<&'static Patterns>)>;
        // The first list met, without a lock: a process usually has one
        // registry, and every strict secret of every load asks for it.
        static FIRST: OnceLock<(Key, Option<&'static Patterns>)> = OnceLock::new();
        static TABLES: Mutex<Tables> = Mutex::new(Vec::new());
        let key = (patterns.as_ptr() as usize, patterns.len());
        let made =
            || (patterns.len() <= 32).then(|| &*Box::leak(Box::new(Patterns::new(patterns))));
        let &(first, table) = FIRST.get_or_init(|| (key, made()));
        if first == key {
            return table;
        }
        let mut tables = TABLES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, table)) = tables.iter().find(|(at, _)| *at == key) {
            return *table;
        }
        let table = made();
        tables.push((key, table));
        table
    }

    fn new(patterns: &[&str]) -> Patterns {
        let mut table = Patterns {
            bytes: Vec::new(),
            ends: Vec::with_capacity(patterns.len()),
            starting: [0; 256],
            empty: 0,
        };
        for (index, pattern) in patterns.iter().enumerate() {
            let start = table.bytes.len();
            table
                .bytes
                .extend_from_slice(&crate::lexical::fold(pattern));
            table.ends.push(table.bytes.len());
            match table.bytes.get(start) {
                Some(&first) => {
                    // Folded, a pattern starts with no upper-case letter.
                    table.starting[usize::from(first)] |= 1 << index;
                    table.starting[usize::from(first.to_ascii_uppercase())] |= 1 << index;
                }
                None => table.empty |= 1 << index,
            }
        }
        table
    }

    fn pattern(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.bytes[start..self.ends[index]]
    }
}

/// Whether two secrets are the same, for conflict and distinctness checks:
/// in constant time for secrets of one length, so that the time a check
/// takes says nothing of how much of a secret another shares.
pub(crate) fn same_secret(a: &SecretString, b: &SecretString) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(
        a.expose_secret()
            .as_bytes()
            .ct_eq(b.expose_secret().as_bytes()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::standard;

    fn parse_std(name: &str, raw: &str, env: Environment) -> Result<Value, Vec<Problem>> {
        let registry = standard();
        parse(
            registry.get(name).unwrap(),
            name,
            raw,
            env.into(),
            registry.secret_policy(),
        )
    }

    fn kinds(result: Result<Value, Vec<Problem>>) -> Vec<ProblemKind> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| p.kind().clone())
            .collect()
    }

    #[test]
    fn every_registry_default_parses_in_its_environment() {
        let registry = standard();
        for setting in registry {
            for env in Environment::ALL {
                if let Some(default) = setting.default_for(env) {
                    parse(
                        setting,
                        setting.name,
                        default,
                        env.into(),
                        registry.secret_policy(),
                    )
                    .unwrap_or_else(|p| panic!("default of {} in {env}: {p:?}", setting.name));
                }
            }
            assert!(
                !(setting.is_secret() && setting.default != crate::registry::DefaultValue::None),
                "{} is a secret with a default",
                setting.name
            );
        }
    }

    #[test]
    fn durations_are_trimmed_numbers_within_bounds() {
        let access = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES";
        let value = parse_std(access, " 15 ", Environment::Staging).unwrap();
        assert_eq!(value.as_duration(), Some(Duration::from_secs(900)));
        assert_eq!(
            kinds(parse_std(access, "0", Environment::Staging)),
            [ProblemKind::OutOfRange {
                value: 0,
                min: 1,
                max: 1440,
                unit: Some(Unit::Minutes)
            }]
        );
        assert!(matches!(
            &kinds(parse_std(access, "15m", Environment::Staging))[..],
            [ProblemKind::Invalid { value: Some(v), .. }] if v == "15m"
        ));
        assert!(parse_std(access, "-1", Environment::Staging).is_err());
        let days = parse_std("JWT_REFRESH_TOKEN_EXPIRE_DAYS", "7", Environment::Test).unwrap();
        assert_eq!(days.as_duration(), Some(Duration::from_secs(7 * 86_400)));
    }

    #[test]
    fn flags_accept_the_usual_spellings_only() {
        for (raw, expected) in [
            ("TRUE", true),
            ("on", true),
            ("1", true),
            ("No", false),
            ("0", false),
        ] {
            let Value::Flag(flag) = parse_std(
                "JWT_SKIP_EXPIRY_VERIFICATION",
                raw,
                Environment::Development,
            )
            .unwrap() else {
                panic!("not a flag")
            };
            assert_eq!(flag, expected, "{raw}");
        }
        assert!(
            parse_std(
                "JWT_SKIP_EXPIRY_VERIFICATION",
                "maybe",
                Environment::Development
            )
            .is_err()
        );
    }

    #[test]
    fn the_none_algorithm_is_refused_with_its_reason() {
        let problems = parse_std("JWT_ALGORITHM", "none", Environment::Development).unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .contains("turns signature checks off"),
            "{}",
            problems[0]
        );
        assert!(matches!(
            parse_std("JWT_ALGORITHM", "hs384", Environment::Development),
            Ok(Value::Algorithm(Algorithm::HS384))
        ));
    }

    #[test]
    fn text_lists_split_on_commas_and_drop_empty_items() {
        let Value::TextList(items) =
            parse_std("JWT_AUDIENCE", " api, web ,,", Environment::Staging).unwrap()
        else {
            panic!("not a list")
        };
        assert_eq!(items, ["api", "web"]);
        assert!(parse_std("JWT_AUDIENCE", ", ,", Environment::Staging).is_err());
    }

    #[test]
    fn secret_floors_rise_with_the_environment() {
        let key = "JWT_SECRET_KEY";
        let s32 = "a".repeat(32);
        assert!(parse_std(key, "12345678", Environment::Development).is_ok());
        assert!(parse_std(key, "12345678", Environment::Test).is_ok());
        assert!(parse_std(key, "1234567", Environment::Test).is_err());
        assert!(parse_std(key, &s32, Environment::Staging).is_ok());
        assert_eq!(
            kinds(parse_std(key, &s32, Environment::Production)),
            [ProblemKind::WeakSecret(WeakSecret::TooShort {
                bytes: 32,
                min: 64
            })]
        );
    }

    proptest::proptest! {
        /// The byte search finds a pattern exactly where the plain
        /// definition does: both folded by characters, then `str::contains`.
        #[test]
        fn folded_search_agrees_with_folding_characters(
            secret in "[a-zA-Z_ \\-é€0-9]{0,40}",
            pattern in "[a-zA-Z_ \\-é€]{0,6}",
            at in 0usize..40,
        ) {
            let by_chars = |text: &str| -> String {
                text.chars()
                    .filter(|c| !matches!(c, '_' | '-' | ' '))
                    .map(|c| c.to_ascii_lowercase())
                    .collect()
            };
            // Half the cases hold the pattern for certain.
            let mut secret = secret;
            let at = secret.char_indices().map(|(i, _)| i).nth(at).unwrap_or(secret.len());
            if at % 2 == 0 {
                secret.insert_str(at, &pattern.to_uppercase());
            }
            // Alone, and among others (in one scan, and one by one when
            // there are too many to scan for at once).
            for others in [0, 3, 40] {
                let mut patterns = vec!["zz-top"; others];
                patterns.push(pattern.clone().leak());
                let patterns: &'static [&'static str] = patterns.leak();
                let mut found = Vec::new();
                find_patterns(secret.as_bytes(), patterns, |index| found.push(index));
                let want: Vec<usize> = patterns
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| by_chars(&secret).contains(&by_chars(p)))
                    .map(|(index, _)| index)
                    .collect();
                proptest::prop_assert_eq!(found, want);
            }
        }
    }

    #[test]
    fn placeholders_match_whatever_their_separators_and_case() {
        let key = "JWT_SECRET_KEY";
        for secret in [
            "REPLACE_WITH_SECURE_32_BYTE_HEX_STRING_0123456789abcdef",
            "staging_jwt_secret_key_0123456789abcdef0123456789abcdef",
            "Use Secret Manager 0123456789abcdef0123456789abcdef0123",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-Change_Me-xxxxxxxxxxx",
        ] {
            assert!(
                parse_std(key, secret, Environment::Development).is_ok(),
                "{secret}"
            );
            let kinds = kinds(parse_std(key, secret, Environment::Staging));
            assert!(
                matches!(
                    kinds[..],
                    [ProblemKind::WeakSecret(WeakSecret::Placeholder { .. })]
                ),
                "{secret}: {kinds:?}"
            );
        }
    }

    #[test]
    fn placeholders_and_whitespace_are_refused_where_strict_only() {
        let key = "JWT_SECRET_KEY";
        let placeholder = format!("{}-CHANGE-ME", "x".repeat(40));
        assert!(parse_std(key, &placeholder, Environment::Development).is_ok());
        assert_eq!(
            kinds(parse_std(key, &placeholder, Environment::Staging)),
            [ProblemKind::WeakSecret(WeakSecret::Placeholder {
                index: standard()
                    .secret_policy()
                    .weak_patterns
                    .iter()
                    .position(|pattern| *pattern == "change-me")
                    .unwrap(),
                pattern: "change-me",
            })]
        );
        let padded = format!(" {} ", "y".repeat(40));
        assert_eq!(
            kinds(parse_std(key, &padded, Environment::Staging)),
            [ProblemKind::WeakSecret(WeakSecret::Whitespace)]
        );
        // Every shortfall is reported at once.
        assert_eq!(
            kinds(parse_std(key, " example ", Environment::Production)).len(),
            3
        );
    }

    #[test]
    fn secret_problems_never_quote_the_secret() {
        let secret = "short-example-s3cr3t ";
        for problem in parse_std("JWT_SECRET_KEY", secret, Environment::Production).unwrap_err() {
            assert!(!problem.to_string().contains("s3cr3t"), "{problem}");
            assert!(!format!("{problem:?}").contains("s3cr3t"), "{problem:?}");
        }
    }
}
