//! Walking the spanned TOML tree of a registry file into a [`Draft`],
//! every problem collected with its place. The reader walks the tree itself
//! rather than going through serde, which stops at the first error.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::DeTable;
pub(super) use toml::de::DeValue;

use super::draft::{
    Draft, DraftDefault, DraftRule, DraftSetting, SecretPolicyDraft, Span, leak, unit_names,
};

mod service;

type Value<'i> = Spanned<DeValue<'i>>;
use crate::environment::{EnvSet, Environment};
use crate::registry::{
    DefaultValue, Kind, Role, Rule, Scope, Unit, VarFormat, standard, tier_named,
};

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
const SETTING_KEYS: &[&str] = &[
    "name",
    "aliases",
    "kind",
    "unit",
    "min",
    "max",
    "default",
    "required_in",
    "scope",
    "category",
    "role",
    "encoding",
    "description",
];
const ALIAS_KEYS: &[&str] = &["name", "deny_in"];
const RULE_KEYS: &[&str] = &["rule", "setting", "than", "from", "in", "across_services"];
const SECRET_KEYS: &[&str] = &["min_bytes", "strict_in", "weak_patterns"];
const SERVICE_AUTH_KEYS: &[&str] = &["id_header", "secret_header"];
const RULES: &[&str] = &["longer_than", "differs_from", "true_only_in"];

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

    fn setting(
        &mut self,
        item: &Value<'_>,
        settings: &mut Vec<DraftSetting>,
        environments: &[(String, Environment, Span)],
    ) {
        let Some(table) = self.table(item, "setting") else {
            return;
        };
        let Some(name_value) = table.get("name") else {
            self.problem(item.span(), "a [[setting]] needs a `name`");
            // A misspelled `name` is the likely reason: say so too.
            self.unknown_keys(table, SETTING_KEYS, "[[setting]]");
            return;
        };
        let Some(name) = self.string(name_value, "name") else {
            return;
        };
        self.unknown_keys(table, SETTING_KEYS, &format!("[[setting]] `{name}`"));
        let index = match settings.iter().position(|s| s.name == name) {
            Some(index) if settings[index].spans.keys.contains_key("name") => {
                self.problem(
                    name_value.span(),
                    format!(
                        "`{name}` has a [[setting]] entry already; give each setting one entry"
                    ),
                );
                return;
            }
            Some(index) => {
                // Changing a built-in setting: what the entry says replaces it.
                settings[index].spans.entry = item.span();
                index
            }
            None => {
                settings.push(DraftSetting::new(name.clone(), item.span()));
                settings.len() - 1
            }
        };
        let draft = &mut settings[index];
        draft.spans.keys.insert("name", name_value.span());
        let mut spans: Vec<(&'static str, Span)> = Vec::new();
        for key in SETTING_KEYS.iter().copied() {
            if let Some(value) = table.get(key) {
                spans.push((key, value.span()));
            }
        }

        if let Some(value) = table.get("kind")
            && let Some(kind) = self.string(value, "kind")
        {
            match Kind::NAMES.iter().find(|k| **k == kind) {
                Some(kind) => {
                    if draft.kind != Some(kind) {
                        draft.unit = None;
                        draft.min = None;
                        draft.max = None;
                    }
                    draft.kind = Some(kind);
                }
                None => self.problem(
                    value.span(),
                    format!(
                        "unknown kind `{kind}`, expected one of {}{}",
                        Kind::NAMES.join(", "),
                        suggest(&kind, Kind::NAMES.iter().copied())
                    ),
                ),
            }
        }
        let kind = draft.kind;
        if let Some(value) = table.get("unit")
            && let Some(unit) = self.string(value, "unit")
        {
            if kind != Some("duration") {
                self.problem(
                    value.span(),
                    format!("`unit` applies to a duration, and `{name}` is not one: remove it"),
                );
            }
            match Unit::from_name(&unit) {
                Some(unit) => draft.unit = Some(unit),
                None => self.problem(
                    value.span(),
                    format!("unknown unit `{unit}`, expected one of {}", unit_names()),
                ),
            }
        }
        for key in ["min", "max"] {
            if let Some(value) = table.get(key) {
                if !matches!(kind, Some("duration" | "integer")) {
                    self.problem(value.span(), format!("`{key}` bounds a duration or an integer, and `{name}` is neither: remove it"));
                }
                let number = if settings[index].unit == Some(Unit::Span) {
                    self.span(value, key)
                } else {
                    self.integer(value, key)
                };
                let draft = &mut settings[index];
                if key == "min" {
                    draft.min = number.or(draft.min);
                } else {
                    draft.max = number.or(draft.max);
                }
            }
        }
        if let Some(value) = table.get("aliases") {
            let aliases = self.aliases(value, environments);
            let draft = &mut settings[index];
            draft.spans.aliases = aliases.iter().map(|(_, _, span)| span.clone()).collect();
            draft.aliases = aliases
                .into_iter()
                .map(|(name, denied, _)| (name, denied))
                .collect();
        }
        if let Some(value) = table.get("default") {
            let (default, spans) = self.default(value, environments);
            settings[index].default = default.unwrap_or(DraftDefault::Kept(DefaultValue::None));
            settings[index].spans.defaults = spans;
        }
        if let Some(value) = table.get("required_in") {
            settings[index].required_in = self.env_set(value, "required_in", environments);
        }
        if let Some(value) = table.get("scope") {
            match self.string(value, "scope").as_deref() {
                Some("shared") => settings[index].scope = Scope::Shared,
                Some("per_service") => settings[index].scope = Scope::PerService,
                Some(other) => self.problem(
                    value.span(),
                    format!("unknown scope `{other}`, expected shared or per_service"),
                ),
                None => {}
            }
        }
        if let Some(value) = table.get("category")
            && let Some(category) = self.string(value, "category")
        {
            settings[index].category = Some(category);
        }
        if let Some(value) = table.get("encoding")
            && let Some(encoding) = self.string(value, "encoding")
        {
            match crate::registry::Encoding::from_name(&encoding) {
                Some(encoding) => settings[index].encoding = encoding,
                None => self.problem(
                    value.span(),
                    format!("unknown encoding `{encoding}`, expected text, base64 or path"),
                ),
            }
        }
        if let Some(value) = table.get("role")
            && let Some(role) = self.string(value, "role")
        {
            match Role::from_name(&role) {
                Some(role) => settings[index].role = Some(role),
                None => self.problem(
                    value.span(),
                    format!(
                        "unknown role `{role}`, expected one of {}{}",
                        Role::ALL.map(Role::as_str).join(", "),
                        suggest(&role, Role::ALL.map(Role::as_str).into_iter())
                    ),
                ),
            }
        }
        if let Some(value) = table.get("description")
            && let Some(description) = self.string(value, "description")
        {
            settings[index].description = description;
        }
        let draft = &mut settings[index];
        for (key, span) in spans {
            draft.spans.keys.insert(key, span);
        }
    }

    fn aliases(
        &mut self,
        value: &Value<'_>,
        environments: &[(String, Environment, Span)],
    ) -> Vec<(String, EnvSet, Span)> {
        let mut found = Vec::new();
        let Some(items) = self.array(value, "aliases") else {
            return found;
        };
        for item in items {
            match item.get_ref() {
                DeValue::String(name) => found.push((name.to_string(), EnvSet::NONE, item.span())),
                DeValue::Table(table) => {
                    self.unknown_keys(table, ALIAS_KEYS, "an alias");
                    let Some(name) = table.get("name") else {
                        self.problem(item.span(), "an alias written as a table needs a `name`");
                        continue;
                    };
                    let Some(alias) = self.string(name, "name") else {
                        continue;
                    };
                    let denied = match table.get("deny_in") {
                        Some(value) => self.env_set(value, "deny_in", environments),
                        None => EnvSet::NONE,
                    };
                    found.push((alias, denied, name.span()));
                }
                _ => self.problem(
                    item.span(),
                    "an alias is a name (\"JWT_SECRET\") or a table ({ name = \"JWT_SECRET\", deny_in = [\"production\"] })",
                ),
            }
        }
        found
    }

    /// A default, one value or a table by environment, with the span of
    /// each environment's entry.
    fn default(
        &mut self,
        value: &Value<'_>,
        environments: &[(String, Environment, Span)],
    ) -> (Option<DraftDefault>, [Option<Span>; 4]) {
        let mut spans: [Option<Span>; 4] = Default::default();
        let default = match value.get_ref() {
            DeValue::Table(table) => {
                let mut values: [Option<String>; 4] = Default::default();
                for (key, value) in table.iter() {
                    let Some(env) = self.tier(key.get_ref(), key.span(), environments) else {
                        continue;
                    };
                    if let Some(text) = self.scalar(value, "a default") {
                        values[env.index()] = Some(text);
                        spans[env.index()] = Some(value.span());
                    }
                }
                Some(DraftDefault::ByEnvironment(values))
            }
            _ => self.scalar(value, "default").map(DraftDefault::Always),
        };
        (default, spans)
    }

    fn rule(
        &mut self,
        item: &Value<'_>,
        environments: &[(String, Environment, Span)],
    ) -> Option<DraftRule> {
        let table = self.table(item, "rule")?;
        self.unknown_keys(table, RULE_KEYS, "[[rule]]");
        let mut spans = BTreeMap::new();
        for key in RULE_KEYS.iter().copied() {
            if let Some(value) = table.get(key) {
                spans.insert(key, value.span());
            }
        }
        let Some(kind_value) = table.get("rule") else {
            self.problem(
                item.span(),
                format!(
                    "a [[rule]] needs `rule = \"...\"`, one of {}",
                    RULES.join(", ")
                ),
            );
            return None;
        };
        let kind = self.string(kind_value, "rule")?;
        let name = |reader: &mut Self, key: &str| -> Option<&'static str> {
            match table.get(key) {
                Some(value) => reader.string(value, key).map(leak),
                None => {
                    reader.problem(
                        item.span(),
                        format!("a `{kind}` rule needs `{key} = \"...\"`"),
                    );
                    None
                }
            }
        };
        let across_services = match table.get("across_services") {
            None => false,
            Some(value) => match value.get_ref() {
                DeValue::Boolean(across) => *across,
                _ => {
                    self.problem(
                        value.span(),
                        "`across_services` is `true` or `false`: whether the rule also holds between the services of an environment, one reading each setting",
                    );
                    false
                }
            },
        };
        let rule = match kind.as_str() {
            "longer_than" => {
                let longer = name(self, "setting");
                let shorter = name(self, "than");
                Rule::LongerThan {
                    longer: longer?,
                    shorter: shorter?,
                    across_services,
                }
            }
            "differs_from" => {
                let setting = name(self, "setting");
                let from = name(self, "from");
                let in_envs = match table.get("in") {
                    Some(value) => self.env_set(value, "in", environments),
                    None => EnvSet::ALL,
                };
                Rule::Distinct {
                    setting: setting?,
                    from: from?,
                    in_envs,
                    across_services,
                }
            }
            "true_only_in" => {
                if let Some(value) = table.get("across_services") {
                    self.problem(
                        value.span(),
                        "a `true_only_in` rule names one setting, so it holds in each service alone: remove `across_services`",
                    );
                }
                let setting = name(self, "setting");
                let allowed_in = match table.get("in") {
                    Some(value) => self.env_set(value, "in", environments),
                    None => {
                        self.problem(item.span(), "a `true_only_in` rule needs `in = [...]`, the environments where the flag may be true");
                        EnvSet::NONE
                    }
                };
                Rule::TrueOnlyIn {
                    setting: setting?,
                    allowed_in,
                }
            }
            other => {
                self.problem(
                    kind_value.span(),
                    format!(
                        "unknown rule `{other}`, expected one of {}",
                        RULES.join(", ")
                    ),
                );
                return None;
            }
        };
        Some(DraftRule {
            rule,
            spans,
            entry: item.span(),
        })
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

    fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], context: &str) {
        for key in table.keys() {
            let name = key.get_ref();
            if !allowed.contains(&name.as_ref()) {
                let within = if context.is_empty() {
                    String::new()
                } else {
                    format!(" in {context}")
                };
                self.problem(
                    key.span(),
                    format!(
                        "unknown key `{name}`{within}, expected one of {}{}",
                        allowed.join(", "),
                        suggest(name, allowed.iter().copied())
                    ),
                );
            }
        }
    }

    fn string(&mut self, value: &Value<'_>, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            other => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be a string, not {}", other.type_str()),
                );
                None
            }
        }
    }

    /// A string, or a number or boolean written bare (`default = 15`).
    fn scalar(&mut self, value: &Value<'_>, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            DeValue::Integer(_) => self.integer(value, what).map(|n| n.to_string()),
            DeValue::Boolean(flag) => Some(flag.to_string()),
            _ => self.string(value, what),
        }
    }

    fn integer(&mut self, value: &Value<'_>, what: &str) -> Option<u64> {
        let DeValue::Integer(number) = value.get_ref() else {
            self.problem(
                value.span(),
                format!(
                    "`{what}` must be a whole number, not {}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        match u64::from_str_radix(number.as_str(), number.radix()) {
            Ok(n) => Some(n),
            Err(_) => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be a whole number of 0 or more"),
                );
                None
            }
        }
    }

    /// A bound of a setting of `unit = "span"`, written as a span such as
    /// `"15m"`: its whole seconds.
    fn span(&mut self, value: &Value<'_>, what: &str) -> Option<u64> {
        let DeValue::String(text) = value.get_ref() else {
            self.problem(
                value.span(),
                format!(
                    "`{what}` of a span setting is a span such as \"15m\" or \"1d\", not {}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        match VarFormat::Span.to_unit(text, Unit::Span) {
            Ok(seconds) => Some(seconds),
            Err(why) => {
                self.problem(
                    value.span(),
                    format!(
                        "`{what}` = {text:?} is not {why}: write a span such as \"15m\" or \"1d\""
                    ),
                );
                None
            }
        }
    }

    fn array<'v, 'i>(&mut self, value: &'v Value<'i>, what: &str) -> Option<&'v [Value<'i>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items),
            other => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be an array, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn table<'v, 'i>(&mut self, value: &'v Value<'i>, what: &str) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be a table, not {}", other.type_str()),
                );
                None
            }
        }
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
