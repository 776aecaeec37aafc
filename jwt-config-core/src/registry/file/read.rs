//! Walking the spanned TOML tree of a registry file into a [`Draft`],
//! every problem collected with its place. The reader walks the tree itself
//! rather than going through serde, which stops at the first error.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::DeTable;
pub(super) use toml::de::DeValue;

use super::draft::{Draft, DraftRule, DraftSetting, SecretPolicyDraft, Span};

mod rule;
mod service;
mod setting;
mod value;

type Value<'i> = Spanned<DeValue<'i>>;
use crate::environment::{EnvSet, Environment};
use crate::registry::{standard, tier_named};

const SCHEMA: u64 = 1;

const TOP_KEYS: &[&str] = &[
    "schema",
    "extends",
    "remove",
    "environments",
    "secrets",
    "service_auth",
    "setting",
    "rule",
    "service",
];
const SECRET_KEYS: &[&str] = &["min_bytes", "strict_in", "weak_patterns"];
const SERVICE_AUTH_KEYS: &[&str] = &["id_header", "secret_header"];

/// Walks the TOML tree, collecting every problem.
pub(super) struct Reader<'t> {
    text: &'t str,
    pub(super) problems: Vec<(Span, String)>,
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str) -> Reader<'t> {
        Reader {
            text,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push((span, message.into()));
    }

    pub(super) fn document(&mut self) -> Option<Draft> {
        let (doc, errors) = DeTable::parse_recoverable(self.text);
        if !errors.is_empty() {
            for error in errors {
                let span = error.span().unwrap_or(0..0);
                let message = error.message().trim_end().to_owned();
                self.problem(span, format!("not valid TOML: {message}"));
            }
            return None;
        }
        let doc = doc.into_inner();
        self.unknown_keys(&doc, TOP_KEYS, "");

        let schema_span = match doc.get("schema") {
            None => {
                self.problem(
                    0..0,
                    format!("the file names no schema: add `schema = {SCHEMA}` at the top"),
                );
                0..0
            }
            Some(value) => {
                if let Some(schema) = self.integer(value, "schema")
                    && schema != SCHEMA
                {
                    self.problem(
                            value.span(),
                            format!("schema {schema} is not one this version reads; write `schema = {SCHEMA}`"),
                        );
                }
                value.span()
            }
        };

        let (extends, whole) = match doc.get("extends") {
            None => (true, schema_span),
            Some(value) => match self.string(value, "extends").as_deref() {
                Some("standard") => (true, value.span()),
                Some("none") => (false, value.span()),
                Some(other) => {
                    self.problem(
                        value.span(),
                        format!("`extends = \"{other}\"` names no table; write \"standard\" (the built-in table) or \"none\""),
                    );
                    (true, value.span())
                }
                None => (true, value.span()),
            },
        };

        let base = standard();
        let mut settings: Vec<DraftSetting> = if extends {
            base.iter()
                .map(|setting| DraftSetting::from_builtin(setting, whole.clone()))
                .collect()
        } else {
            Vec::new()
        };
        let mut removed: Vec<String> = Vec::new();
        if let Some(value) = doc.get("remove") {
            if !extends {
                self.problem(
                    value.span(),
                    "`remove` drops settings of the built-in table, which `extends = \"none\"` leaves out: remove it",
                );
            } else if let Some(items) = self.array(value, "remove") {
                for item in items {
                    let Some(name) = self.string(item, "an entry of `remove`") else {
                        continue;
                    };
                    match settings.iter().position(|s| s.name == name) {
                        Some(index) => {
                            settings.remove(index);
                            removed.push(name);
                        }
                        None => self.problem(
                            item.span(),
                            format!("`{name}` is not a setting of the built-in table, so there is nothing to remove{}", suggest(&name, base.iter().map(|s| s.name))),
                        ),
                    }
                }
            }
        }

        let environments = match doc.get("environments") {
            Some(value) => self.environments(value),
            None => Vec::new(),
        };

        if let Some(value) = doc.get("setting")
            && let Some(items) = self.array(value, "setting")
        {
            for item in items {
                self.setting(item, &mut settings, &environments);
            }
        }

        let mut rules: Vec<DraftRule> = if extends {
            base.rules()
                .iter()
                .filter(|rule| {
                    rule.settings()
                        .iter()
                        .all(|name| !removed.iter().any(|r| r == name))
                })
                .map(|rule| DraftRule {
                    rule: *rule,
                    spans: BTreeMap::new(),
                    entry: whole.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        if let Some(value) = doc.get("rule")
            && let Some(items) = self.array(value, "rule")
        {
            for item in items {
                if let Some(rule) = self.rule(item, &environments) {
                    rules.push(rule);
                }
            }
        }

        let mut services = Vec::new();
        if let Some(value) = doc.get("service")
            && let Some(items) = self.array(value, "service")
        {
            for item in items {
                if let Some(service) = self.service(item, &environments) {
                    services.push(service);
                }
            }
        }

        let base_policy = base.secret_policy();
        let mut secrets = SecretPolicyDraft {
            min_bytes: base_policy.min_bytes,
            strict_in: base_policy.strict_in,
            weak_patterns: if extends {
                base_policy
                    .weak_patterns
                    .iter()
                    .map(|p| (*p).to_owned())
                    .collect()
            } else {
                Vec::new()
            },
            spans: BTreeMap::new(),
        };
        if let Some(value) = doc.get("secrets") {
            self.secrets(value, &mut secrets, &environments);
        }

        let mut headers = ["X-Service-ID".to_owned(), "X-Service-Secret".to_owned()];
        let mut header_span = whole.clone();
        if let Some(value) = doc.get("service_auth") {
            header_span = value.span();
            if let Some(table) = self.table(value, "service_auth") {
                self.unknown_keys(table, SERVICE_AUTH_KEYS, "[service_auth]");
                for (i, key) in SERVICE_AUTH_KEYS.iter().enumerate() {
                    if let Some(value) = table.get(*key)
                        && let Some(header) = self.string(value, key)
                    {
                        headers[i] = header;
                        header_span = value.span();
                    }
                }
            }
        }

        for setting in &settings {
            // A unit or bound that was written but refused is reported already.
            let written = |key| setting.spans.keys.contains_key(key);
            let refused = (setting.kind.is_none() && written("kind"))
                || (setting.kind == Some("duration") && setting.unit.is_none() && written("unit"))
                || (setting.min.is_none() && written("min"))
                || (setting.max.is_none() && written("max"));
            if refused {
                continue;
            }
            if let Err((key, message)) = setting.kind() {
                let span = setting
                    .spans
                    .keys
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| setting.spans.entry.clone());
                self.problem(span, message);
            }
        }

        Some(Draft {
            settings,
            rules,
            secrets,
            environments,
            headers,
            header_span,
            services,
            whole,
        })
    }

    fn environments(&mut self, value: &Value<'_>) -> Vec<(String, Environment, Span)> {
        let mut found = Vec::new();
        let Some(table) = self.table(value, "environments") else {
            return found;
        };
        for (key, follows) in table.iter() {
            let name = key.get_ref().to_string();
            let Some(written) = self.string(follows, &format!("environments.{name}")) else {
                continue;
            };
            match tier_named(&written, None) {
                Ok(env) => found.push((name, env, key.span())),
                Err(_) => self.problem(
                    follows.span(),
                    format!(
                        "`{name} = \"{written}\"` must follow one of the four environments: {}",
                        Environment::names()
                    ),
                ),
            }
        }
        found
    }

    fn secrets(
        &mut self,
        value: &Value<'_>,
        secrets: &mut SecretPolicyDraft,
        environments: &[(String, Environment, Span)],
    ) {
        let Some(table) = self.table(value, "secrets") else {
            return;
        };
        self.unknown_keys(table, SECRET_KEYS, "[secrets]");
        if let Some(value) = table.get("min_bytes") {
            secrets.spans.insert("min_bytes", value.span());
            if let Some(floors) = self.table(value, "min_bytes") {
                for (key, floor) in floors.iter() {
                    let Some(env) = self.tier(key.get_ref(), key.span(), environments) else {
                        continue;
                    };
                    if let Some(floor) = self.integer(floor, "a floor") {
                        secrets.min_bytes[env.index()] =
                            usize::try_from(floor).unwrap_or(usize::MAX);
                    }
                }
            }
        }
        if let Some(value) = table.get("strict_in") {
            secrets.spans.insert("strict_in", value.span());
            secrets.strict_in = self.env_set(value, "strict_in", environments);
        }
        if let Some(value) = table.get("weak_patterns") {
            secrets.spans.insert("weak_patterns", value.span());
            if let Some(items) = self.array(value, "weak_patterns") {
                for item in items {
                    if let Some(pattern) = self.string(item, "a weak pattern")
                        && !secrets
                            .weak_patterns
                            .iter()
                            .any(|p| p.eq_ignore_ascii_case(&pattern))
                    {
                        secrets.weak_patterns.push(pattern);
                    }
                }
            }
        }
    }

    /// One of the four environments, by its canonical name; an
    /// organisation's environment is refused with the one it follows.
    fn tier(
        &mut self,
        written: &str,
        span: Span,
        environments: &[(String, Environment, Span)],
    ) -> Option<Environment> {
        let follows = environments
            .iter()
            .find(|(name, _, _)| name == written)
            .map(|(_, follows, _)| *follows);
        tier_named(written, follows)
            .map_err(|message| self.problem(span, message))
            .ok()
    }

    fn env_set(
        &mut self,
        value: &Value<'_>,
        what: &str,
        environments: &[(String, Environment, Span)],
    ) -> EnvSet {
        let mut set = EnvSet::NONE;
        let Some(items) = self.array(value, what) else {
            return set;
        };
        for item in items {
            if let Some(name) = self.string(item, what)
                && let Some(env) = self.tier(&name, item.span(), environments)
            {
                set = set.with(env);
            }
        }
        set
    }
}

/// "; did you mean `x`?" when one of `candidates` is close to `written`.
pub(super) fn suggest<'a>(written: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|candidate| (strsim::jaro_winkler(written, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}
