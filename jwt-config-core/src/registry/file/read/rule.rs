//! `[[rule]]` entries: which rule, the settings it names, where it holds.

use std::collections::BTreeMap;

use super::{DeValue, Reader, Value};
use crate::environment::{EnvSet, Environment};
use crate::registry::Rule;
use crate::registry::file::draft::{DraftRule, Span, leak};

const RULE_KEYS: &[&str] = &["rule", "setting", "than", "from", "in", "across_services"];
const RULES: &[&str] = &["longer_than", "differs_from", "true_only_in"];

impl Reader<'_> {
    pub(super) fn rule(
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
}
