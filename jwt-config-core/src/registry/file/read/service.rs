//! `[[service]]` entries: a service's name, the settings it reads, and its
//! own variable names and units.

use super::{Reader, Value};
use crate::environment::Environment;
use crate::registry::file::draft::{DraftService, DraftServiceVar, ServiceSpans, Span};
use crate::registry::{Loader, VarFormat};

const SERVICE_KEYS: &[&str] = &[
    "name",
    "reads",
    "vars",
    "loader",
    "required_in",
    "ignore",
    "sources",
];
const VAR_KEYS: &[&str] = &["setting", "unit"];

impl Reader<'_> {
    /// One `[[service]]` entry; `None` when it has no usable name.
    pub(super) fn service(
        &mut self,
        item: &Value<'_>,
        environments: &[(String, Environment, Span)],
    ) -> Option<DraftService> {
        let table = self.table(item, "service")?;
        let mut spans = ServiceSpans {
            entry: item.span(),
            ..ServiceSpans::default()
        };
        self.unknown_keys(table, SERVICE_KEYS, "[[service]]");
        let Some(name_value) = table.get("name") else {
            self.problem(item.span(), "a [[service]] needs a `name`");
            return None;
        };
        spans.name = name_value.span();
        let name = self.string(name_value, "name")?;
        let mut reads = Vec::new();
        if let Some(value) = table.get("reads")
            && let Some(items) = self.array(value, "reads")
        {
            for item in items {
                if let Some(setting) = self.string(item, "reads") {
                    reads.push(setting);
                    spans.reads.push(item.span());
                }
            }
        }
        let mut vars = Vec::new();
        if let Some(value) = table.get("vars")
            && let Some(entries) = self.table(value, "vars")
        {
            for (var, value) in entries.iter() {
                let var_name = var.get_ref().to_string();
                let (setting, format) = match value.get_ref() {
                    crate::registry::file::read::DeValue::String(setting) => {
                        (setting.to_string(), None)
                    }
                    _ => {
                        let Some(spec) = self.table(value, &var_name) else {
                            continue;
                        };
                        self.unknown_keys(spec, VAR_KEYS, &format!(" in vars.{var_name}"));
                        let Some(setting) = spec
                            .get("setting")
                            .and_then(|setting| self.string(setting, "setting"))
                        else {
                            self.problem(
                                value.span(),
                                format!("`{var_name}` needs the `setting` it holds"),
                            );
                            continue;
                        };
                        let format = match spec.get("unit") {
                            None => None,
                            Some(unit) => {
                                let Some(written) = self.string(unit, "unit") else {
                                    continue;
                                };
                                match VarFormat::from_name(&written) {
                                    Some(format) => Some(format),
                                    None => {
                                        let names = VarFormat::ALL.map(VarFormat::name).join(", ");
                                        self.problem(
                                            unit.span(),
                                            format!(
                                                "unknown unit `{written}`, expected one of {names}"
                                            ),
                                        );
                                        continue;
                                    }
                                }
                            }
                        };
                        (setting, format)
                    }
                };
                spans.vars.push(var.span());
                vars.push(DraftServiceVar {
                    var: var_name,
                    setting,
                    format,
                });
            }
        }
        let loader = match table.get("loader") {
            None => None,
            Some(value) => {
                let written = self.string(value, "loader")?;
                match Loader::from_name(&written) {
                    Some(loader) => Some(loader),
                    None => {
                        let names = Loader::ALL.map(Loader::name).join(", ");
                        self.problem(
                            value.span(),
                            format!("unknown loader `{written}`, expected one of {names}"),
                        );
                        None
                    }
                }
            }
        };
        // Each setting the service requires beyond the registry, with where;
        // which settings they are is judged with the rest of the registry.
        let mut required_in = Vec::new();
        if let Some(value) = table.get("required_in")
            && let Some(entries) = self.table(value, "required_in")
        {
            for (setting, envs) in entries.iter() {
                let setting_name = setting.get_ref().to_string();
                let set = self.env_set(envs, &format!("required_in.{setting_name}"), environments);
                if matches!(envs.get_ref(), super::DeValue::Array(items) if items.is_empty()) {
                    self.problem(
                        envs.span(),
                        format!("`required_in.{setting_name}` lists no environment; list where `{name}` requires `{setting_name}`, or remove it"),
                    );
                }
                spans.required_in.push(setting.span());
                required_in.push((setting_name, set));
            }
        }
        let mut ignore = Vec::new();
        if let Some(value) = table.get("ignore")
            && let Some(items) = self.array(value, "ignore")
        {
            for item in items {
                if let Some(entry) = self.string(item, "an entry of `ignore`") {
                    spans.ignore.push(item.span());
                    ignore.push(entry);
                }
            }
        }
        let mut sources = Vec::new();
        if let Some(value) = table.get("sources")
            && let Some(items) = self.array(value, "sources")
        {
            for item in items {
                if let Some(entry) = self.string(item, "an entry of `sources`") {
                    spans.sources.push(item.span());
                    sources.push(entry);
                }
            }
        }
        Some(DraftService {
            name,
            reads,
            vars,
            loader,
            required_in,
            ignore,
            sources,
            spans,
        })
    }
}
