//! The values of the TOML tree as the reader expects them (a string, a
//! number, a span, an array, a table), and keys it does not know; each
//! refused with a problem at its span.

use toml::de::DeTable;

use super::{DeValue, Reader, Value, suggest};
use crate::registry::{Unit, VarFormat};

impl Reader<'_> {
    pub(super) fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], context: &str) {
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

    pub(super) fn string(&mut self, value: &Value<'_>, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            other => {
                // `what` is a key, or already says which entry of one.
                let what = if what.contains('`') {
                    what.to_owned()
                } else {
                    format!("`{what}`")
                };
                self.problem(
                    value.span(),
                    format!("{what} must be a string, not {}", other.type_str()),
                );
                None
            }
        }
    }

    /// A string, or a number or boolean written bare (`default = 15`).
    pub(super) fn scalar(&mut self, value: &Value<'_>, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            DeValue::Integer(_) => self.integer(value, what).map(|n| n.to_string()),
            DeValue::Boolean(flag) => Some(flag.to_string()),
            _ => self.string(value, what),
        }
    }

    pub(super) fn integer(&mut self, value: &Value<'_>, what: &str) -> Option<u64> {
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
    pub(super) fn span(&mut self, value: &Value<'_>, what: &str) -> Option<u64> {
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

    pub(super) fn array<'v, 'i>(
        &mut self,
        value: &'v Value<'i>,
        what: &str,
    ) -> Option<&'v [Value<'i>]> {
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

    pub(super) fn table<'v, 'i>(
        &mut self,
        value: &'v Value<'i>,
        what: &str,
    ) -> Option<&'v DeTable<'i>> {
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
