//! `[[setting]]` entries: a setting's name, kind, unit and bounds, aliases,
//! default, role and the other keys of a setting.

use super::{DeValue, Reader, Value, suggest};
use crate::environment::{EnvSet, Environment};
use crate::registry::file::draft::{DraftDefault, DraftSetting, Span, unit_names};
use crate::registry::{DefaultValue, Kind, Role, Scope, Unit};

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

impl Reader<'_> {
    pub(super) fn setting(
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
}
