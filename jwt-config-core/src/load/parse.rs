//! Parsing a variable's text by its setting's kind, and the checks on one value.

use secrecy::{ExposeSecret, SecretString};

use crate::algorithm::Algorithm;
use crate::environment::{Environment, NamedEnvironment};
use crate::load::error::{Problem, ProblemKind, WeakSecret};
use crate::registry::{Encoding, Kind, SecretPolicy, Setting, VarFormat};
use crate::value::{Range, Value, held_secret};

/// Parses `raw`, read from `var`, as a value of `setting` in `env`.
///
/// Non-secret text is trimmed; a secret is taken as it is and checked against
/// `policy`. Every problem of the value is returned, not only the first.
#[cfg(any(test, feature = "tokens"))]
pub(crate) fn parse(
    setting: &Setting,
    var: &str,
    raw: &str,
    env: NamedEnvironment,
    policy: &SecretPolicy,
) -> Result<Value, Vec<Problem>> {
    parse_written(setting, var, raw, None, env, policy)
}

/// [`parse`], for a duration written in `written` (a service's own unit or
/// format) rather than in its setting's unit: the value is converted to the
/// setting's unit, and its problems speak of it as it is written.
pub(crate) fn parse_written(
    setting: &Setting,
    var: &str,
    raw: &str,
    written: Option<VarFormat>,
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
    // A key named by its path (`encoding = "path"`) comes here as the
    // file's text: the load reads the file through its source.
    let text = raw.trim();
    match setting.kind {
        Kind::Secret => {
            let held = held_secret(setting, raw);
            let bytes = if setting.encoding == Encoding::Base64 {
                base64_len(held).ok_or_else(|| {
                    vec![Problem::new(
                        var,
                        Some(env),
                        ProblemKind::Invalid {
                            value: None,
                            expected: "base64 (the standard alphabet, padded with `=`), as the registry says it is written".to_owned(),
                        },
                        format!("set {var} to the key in base64 (`openssl rand -base64 64`)"),
                    )]
                })?
            } else {
                held.len()
            };
            let problems = check_secret(var, held, bytes, env, policy);
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
            let range = Range {
                min,
                max,
                unit: Some(unit),
                written: Some(written.unwrap_or(unit.format())),
            };
            number(var, raw, env, range).map(|amount| Value::Duration { amount, unit })
        }
        Kind::Integer { min, max } => {
            let range = Range {
                min,
                max,
                unit: None,
                written: None,
            };
            number(var, raw, env, range).map(Value::Integer)
        }
        Kind::Url => match crate::lexical::check_url(text) {
            Ok(()) => Ok(Value::Url(text.to_owned())),
            Err(why) => Err(invalid(
                &format!("a URL ({why})"),
                format!("set {var} to an absolute URL such as https://auth.example.com/jwks.json"),
            )),
        },
        Kind::Text => Ok(Value::Text(text.to_owned())),
        Kind::TextList if text.starts_with('[') && text.ends_with(']') => {
            // `["matrix", "element"]` split on commas would be two items
            // with brackets and quotes in them: refused, never guessed.
            let fix = match array_items(text) {
                Some(items) => format!(
                    "write {var} as comma-separated values without brackets or quotes: `{}`",
                    items.join(",")
                ),
                None => format!("write {var} as comma-separated values without brackets or quotes"),
            };
            Err(invalid(
                "a comma-separated list (it is written as a JSON or TOML array)",
                fix,
            ))
        }
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
                // One letter, as some services accept: said, not guessed.
                let fix = match text.to_ascii_lowercase().as_str() {
                    "t" | "y" => format!("set {var} to true (one letter is not read)"),
                    "f" | "n" => format!("set {var} to false (one letter is not read)"),
                    _ => format!("set {var} to true or false"),
                };
                invalid("a flag (true, false, 1, 0, yes, no, on, off)", fix)
            }),
    }
}

/// `raw` as a whole number of `range`'s unit, written as `range` says
/// (seconds, a span, ...), within its bounds.
fn number(var: &str, raw: &str, env: NamedEnvironment, range: Range) -> Result<u64, Vec<Problem>> {
    let text = raw.trim();
    let fix = || format!("set {var} to {}", range.wanted());
    let invalid = |expected: String| {
        vec![Problem::new(
            var,
            Some(env),
            ProblemKind::Invalid {
                value: Some(text.to_owned()),
                expected,
            },
            fix(),
        )]
    };
    let amount = match (range.unit, range.written) {
        (Some(unit), Some(written)) => {
            let millis = written
                .to_millis(text)
                .map_err(|_| invalid(written.described().to_owned()))?;
            let per = unit.seconds() * 1_000;
            if millis % per != 0 {
                // In a unit of its own: how many of it make one of the
                // setting's (a multiple of 60 seconds).
                let multiple = match written.to_millis("1") {
                    Ok(one) if one > 0 && per % one == 0 && per / one > 1 => {
                        format!(" (a multiple of {} {})", per / one, written.name())
                    }
                    _ => String::new(),
                };
                return Err(invalid(format!(
                    "{} that makes a whole number of {}{multiple}",
                    written.described(),
                    unit.plural()
                )));
            }
            millis / per
        }
        _ => text
            .parse::<u64>()
            .map_err(|_| invalid("a whole number".to_owned()))?,
    };
    if !range.contains(amount) {
        return Err(vec![Problem::new(
            var,
            Some(env),
            ProblemKind::OutOfRange {
                value: text.to_owned(),
                amount,
                range,
            },
            fix(),
        )]);
    }
    Ok(amount)
}

/// How many bytes the base64 `text` decodes to (the standard alphabet,
/// padded, unused bits zero: what `base64`'s `STANDARD` engine accepts),
/// or `None` when it is no such base64.
pub(crate) fn base64_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&byte| byte == b'=').count();
    if padding > 2 {
        return None;
    }
    let body = &bytes[..bytes.len() - padding];
    let mut last = 0;
    for &byte in body {
        last = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
    }
    // The bits of the last symbol that no byte uses are zero.
    let unused = match padding {
        1 => 0b11,
        2 => 0b1111,
        _ => 0,
    };
    (last & unused == 0).then_some(body.len() * 3 / 4)
}

/// Every way the secret in `var` (of `bytes` bytes, once decoded) falls
/// short of `policy` in `env`.
fn check_secret(
    var: &str,
    secret: &str,
    bytes: usize,
    env: NamedEnvironment,
    policy: &SecretPolicy,
) -> Vec<Problem> {
    let weak = |weak: WeakSecret, fix: String| {
        Problem::new(var, Some(env), ProblemKind::WeakSecret(weak), fix)
    };
    let mut problems = Vec::new();
    let min = policy.min_bytes(env.follows);
    if bytes < min {
        problems.push(weak(
            WeakSecret::TooShort { bytes, min },
            format!(
                "set {var} to a random value of at least {} (`openssl rand -hex 32` prints 64)",
                crate::words::count(min as u64, "byte")
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

/// The items of `text`, a JSON or TOML array of plain strings
/// (`["matrix", "element"]`, `['a', 'b']`), when each is one quoted word
/// with no comma, quote or backslash in it: what the comma-separated form
/// of the list is, for a fix to show.
fn array_items(text: &str) -> Option<Vec<&str>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let quote = item.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let word = item.strip_prefix(quote)?.strip_suffix(quote)?;
            (!word.contains(['"', '\'', '\\'])).then_some(word)
        })
        .collect::<Option<Vec<&str>>>()
        .filter(|items| !items.is_empty())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::registry::Unit;
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
                value: "0".to_owned(),
                amount: 0,
                range: Range {
                    min: 1,
                    max: Some(1440),
                    unit: Some(Unit::Minutes),
                    written: Some(VarFormat::Minutes),
                }
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

    /// A service's own variable, in its own unit or format, as the issue's
    /// teams declared them: every message speaks of it as written.
    #[test]
    fn a_service_value_is_judged_in_the_unit_it_is_written_in() {
        use crate::load::resolve::{self, FieldSpec};
        let said = |var: &'static str, format, value: &str| {
            let fields =
                [FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").read_as(var, Some(format))];
            let vars = std::collections::HashMap::from([(var.to_owned(), value.to_owned())]);
            let err = resolve::resolve(standard(), &vars, Environment::Staging, "svc", &fields)
                .unwrap_err();
            let [problem] = err.problems() else {
                panic!("{err}")
            };
            problem.to_string()
        };
        assert_eq!(
            said("ACCESS_TOKEN_EXPIRES_IN", VarFormat::Span, "7d"),
            "ACCESS_TOKEN_EXPIRES_IN (staging): `7d` is longer than the most the registry allows, 1d (1440 minutes); set ACCESS_TOKEN_EXPIRES_IN to a span from 1m to 1d"
        );
        assert_eq!(
            said("ACCESS_TOKEN_EXPIRES_IN", VarFormat::Span, "0m"),
            "ACCESS_TOKEN_EXPIRES_IN (staging): `0m` is shorter than the least the registry allows, 1m (1 minute); set ACCESS_TOKEN_EXPIRES_IN to a span from 1m to 1d"
        );
        assert_eq!(
            said("ACCESS_TOKEN_EXPIRES_IN", VarFormat::Span, "90s"),
            "ACCESS_TOKEN_EXPIRES_IN (staging): `90s` is not a span such as 15m that makes a whole number of minutes; set ACCESS_TOKEN_EXPIRES_IN to a span from 1m to 1d"
        );
        assert_eq!(
            said("ACCESS_TOKEN_EXPIRES_IN", VarFormat::Span, "7 days"),
            "ACCESS_TOKEN_EXPIRES_IN (staging): `7 days` is not a span such as 15m; set ACCESS_TOKEN_EXPIRES_IN to a span from 1m to 1d"
        );
        assert_eq!(
            said("GOTRUE_JWT_EXP", VarFormat::Seconds, "90000"),
            "GOTRUE_JWT_EXP (staging): 90000 seconds is outside 60..=86400 seconds; set GOTRUE_JWT_EXP to a number of seconds in 60..=86400"
        );
        assert_eq!(
            said("GOTRUE_JWT_EXP", VarFormat::Seconds, "90"),
            "GOTRUE_JWT_EXP (staging): `90` is not a number of seconds that makes a whole number of minutes (a multiple of 60 seconds); set GOTRUE_JWT_EXP to a number of seconds in 60..=86400"
        );
        // A bound the written unit cannot count whole is shown in the
        // setting's own.
        assert_eq!(
            said("EXP_HOURS", VarFormat::Hours, "48"),
            "EXP_HOURS (staging): 48 hours is more than the most the registry allows, 24 hours; set EXP_HOURS to a number of hours from 1 minute to 24"
        );
    }

    #[test]
    fn base64_is_measured_as_the_standard_engine_decodes_it() {
        for (text, len) in [
            ("", None),
            ("YQ==", Some(1)),
            ("YWI=", Some(2)),
            ("YWJj", Some(3)),
            ("YR==", None),
            ("YWJ=", None),
            ("YWJj\n", None),
            ("YW Jj", None),
            ("YWJ", None),
            ("Y===", None),
            ("_-Jj", None),
        ] {
            assert_eq!(base64_len(text), len, "{text:?}");
        }
    }

    #[test]
    fn bounds_may_be_left_out_and_messages_name_the_one_there_is() {
        let setting = |min, max| Setting {
            kind: Kind::Duration {
                unit: Unit::Minutes,
                min,
                max,
            },
            ..standard()
                .get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
                .unwrap()
                .clone()
        };
        let said = |setting: &Setting, raw: &str| {
            parse(
                setting,
                "TTL",
                raw,
                Environment::Staging.into(),
                standard().secret_policy(),
            )
            .map_err(|problems| problems[0].to_string())
        };
        let at_least = setting(1, None);
        assert!(said(&at_least, "99999999").is_ok());
        assert_eq!(
            said(&at_least, "0").unwrap_err(),
            "TTL (staging): 0 minutes is less than the least the registry allows, 1 minute; set TTL to a number of minutes of at least 1"
        );
        let at_most = setting(0, Some(1));
        assert_eq!(
            said(&at_most, "2").unwrap_err(),
            "TTL (staging): 2 minutes is more than the most the registry allows, 1 minute; set TTL to a number of minutes of at most 1"
        );
        let unbounded = setting(0, None);
        assert!(said(&unbounded, "0").is_ok());
        assert_eq!(
            said(&unbounded, "soon").unwrap_err(),
            "TTL (staging): `soon` is not a number of minutes; set TTL to a number of minutes"
        );
        assert_eq!(at_least.kind.to_string(), "minutes, at least 1");
        assert_eq!(unbounded.kind.to_string(), "minutes");
        assert_eq!(at_most.kind.to_string(), "minutes, 0..=1");
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
    fn a_list_written_as_an_array_is_refused_with_its_comma_form() {
        let problems = parse_std(
            "JWT_AUDIENCE",
            r#"["matrix", "element"]"#,
            Environment::Staging,
        )
        .unwrap_err();
        assert_eq!(
            problems[0].fix(),
            "write JWT_AUDIENCE as comma-separated values without brackets or quotes: `matrix,element`"
        );
        assert!(
            problems[0]
                .to_string()
                .contains("is not a comma-separated list (it is written as a JSON or TOML array)"),
            "{}",
            problems[0]
        );
        let escaped = parse_std("JWT_AUDIENCE", r#"["a\"b"]"#, Environment::Staging).unwrap_err();
        assert_eq!(
            escaped[0].fix(),
            "write JWT_AUDIENCE as comma-separated values without brackets or quotes"
        );
        // Brackets inside an item are an item's.
        assert!(parse_std("JWT_AUDIENCE", "api,[web]", Environment::Staging).is_ok());
    }

    #[test]
    fn a_one_letter_flag_is_refused_saying_so() {
        let problems = parse_std(
            "JWT_SKIP_EXPIRY_VERIFICATION",
            "t",
            Environment::Development,
        )
        .unwrap_err();
        assert_eq!(
            problems[0].fix(),
            "set JWT_SKIP_EXPIRY_VERIFICATION to true (one letter is not read)"
        );
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
