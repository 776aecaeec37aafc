//! What the reader makes of a file: drafts of settings and rules that
//! remember where each key was written, built into a [`Registry`] whose
//! validation problems are placed back in the file.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::environment::{EnvSet, Environment, NamedEnvironment};
use crate::registry::validate::Place;
use crate::registry::{
    Alias, Category, DefaultValue, Kind, Registry, RegistrySource, Role, Rule, Scope, SecretPolicy,
    Service, ServiceRequirement, ServiceVar, Setting, Unit, VarFormat,
};

pub(super) fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

pub(super) fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

pub(super) type Span = Range<usize>;

/// A setting as the file builds it: a built-in one being changed, or a new one.
pub(super) struct DraftSetting {
    pub(super) name: String,
    pub(super) aliases: Vec<(String, EnvSet)>,
    pub(super) kind: Option<&'static str>,
    pub(super) unit: Option<Unit>,
    pub(super) min: Option<u64>,
    pub(super) max: Option<u64>,
    pub(super) default: DraftDefault,
    pub(super) required_in: EnvSet,
    pub(super) scope: Scope,
    pub(super) category: Option<String>,
    pub(super) role: Option<Role>,
    pub(super) encoding: crate::registry::Encoding,
    pub(super) description: String,
    pub(super) spans: SettingSpans,
}

/// A setting's default: the built-in one kept, or the file's.
pub(super) enum DraftDefault {
    Kept(DefaultValue),
    Always(String),
    ByEnvironment([Option<String>; 4]),
}

#[derive(Default, Clone)]
pub(super) struct SettingSpans {
    pub(super) entry: Span,
    pub(super) keys: BTreeMap<&'static str, Span>,
    pub(super) aliases: Vec<Span>,
    /// Each environment's entry of a `default` table.
    pub(super) defaults: [Option<Span>; 4],
}

impl DraftSetting {
    pub(super) fn from_builtin(setting: &'static Setting, at: Span) -> DraftSetting {
        let (unit, min, max) = match setting.kind {
            Kind::Duration { unit, min, max } => (Some(unit), Some(min), max),
            Kind::Integer { min, max } => (None, Some(min), max),
            _ => (None, None, None),
        };
        DraftSetting {
            name: setting.name.to_owned(),
            aliases: setting
                .aliases
                .iter()
                .map(|alias| (alias.name.to_owned(), alias.denied_in))
                .collect(),
            kind: Some(setting.kind.name()),
            unit,
            min,
            max,
            default: DraftDefault::Kept(setting.default),
            required_in: setting.required_in,
            scope: setting.scope,
            category: setting.category.map(|c| c.mismatch_code().to_owned()),
            role: setting.role,
            encoding: setting.encoding,
            description: setting.description.to_owned(),
            spans: SettingSpans {
                entry: at.clone(),
                keys: BTreeMap::new(),
                aliases: vec![at; setting.aliases.len()],
                defaults: Default::default(),
            },
        }
    }

    pub(super) fn new(name: String, entry: Span) -> DraftSetting {
        DraftSetting {
            name,
            aliases: Vec::new(),
            kind: None,
            unit: None,
            min: None,
            max: None,
            default: DraftDefault::Kept(DefaultValue::None),
            required_in: EnvSet::NONE,
            scope: Scope::Shared,
            category: None,
            role: None,
            encoding: crate::registry::Encoding::Text,
            description: String::new(),
            spans: SettingSpans {
                entry,
                ..SettingSpans::default()
            },
        }
    }

    /// The setting's kind, once the file is read; `Err` names what is missing.
    pub(super) fn kind(&self) -> Result<Kind, (&'static str, String)> {
        let name = &self.name;
        // Either bound may be left out: no `min` is 0, no `max` no bound.
        let bounds = || Ok::<_, (&'static str, String)>((self.min.unwrap_or(0), self.max));
        Ok(match self.kind {
            None => {
                return Err((
                    "name",
                    format!(
                        "`{name}` is a new setting and needs a `kind`, one of {}",
                        Kind::NAMES.join(", ")
                    ),
                ));
            }
            Some("duration") => {
                let Some(unit) = self.unit else {
                    return Err((
                        "kind",
                        format!(
                            "`{name}` is a duration and needs a `unit`, one of {}",
                            unit_names()
                        ),
                    ));
                };
                let (min, max) = bounds()?;
                Kind::Duration { unit, min, max }
            }
            Some("integer") => {
                let (min, max) = bounds()?;
                Kind::Integer { min, max }
            }
            Some("secret") => Kind::Secret,
            Some("text") => Kind::Text,
            Some("text_list") => Kind::TextList,
            Some("flag") => Kind::Flag,
            Some("algorithm") => Kind::Algorithm,
            Some("environment") => Kind::Environment,
            Some("url") => Kind::Url,
            // `kind` is only ever set from `Kind::NAMES`.
            Some(other) => return Err(("kind", format!("unknown kind `{other}`"))),
        })
    }
}

pub(super) struct DraftRule {
    pub(super) rule: Rule,
    pub(super) spans: BTreeMap<&'static str, Span>,
    pub(super) entry: Span,
}

/// The whole file, read.
pub(super) struct Draft {
    pub(super) settings: Vec<DraftSetting>,
    pub(super) rules: Vec<DraftRule>,
    pub(super) secrets: SecretPolicyDraft,
    pub(super) environments: Vec<(String, Environment, Span)>,
    pub(super) headers: [String; 2],
    pub(super) header_span: Span,
    pub(super) services: Vec<DraftService>,
    pub(super) whole: Span,
}

/// A `[[service]]` as written.
pub(super) struct DraftService {
    pub(super) name: String,
    pub(super) reads: Vec<String>,
    pub(super) vars: Vec<DraftServiceVar>,
    pub(super) loader: Option<crate::registry::Loader>,
    /// `required_in`: each setting with the environments where the service
    /// requires it.
    pub(super) required_in: Vec<(String, EnvSet)>,
    pub(super) ignore: Vec<String>,
    pub(super) sources: Vec<String>,
    pub(super) spans: ServiceSpans,
}

/// One entry of a service's `vars`.
pub(super) struct DraftServiceVar {
    pub(super) var: String,
    pub(super) setting: String,
    pub(super) format: Option<VarFormat>,
}

/// Where a service's parts were written.
#[derive(Clone, Default)]
pub(super) struct ServiceSpans {
    pub(super) entry: Span,
    pub(super) name: Span,
    pub(super) reads: Vec<Span>,
    pub(super) vars: Vec<Span>,
    /// Each key of `required_in`.
    pub(super) required_in: Vec<Span>,
    /// Each entry of `ignore`.
    pub(super) ignore: Vec<Span>,
    /// Each entry of `sources`.
    pub(super) sources: Vec<Span>,
}

pub(super) struct SecretPolicyDraft {
    pub(super) min_bytes: [usize; 4],
    pub(super) strict_in: EnvSet,
    pub(super) weak_patterns: Vec<String>,
    pub(super) spans: BTreeMap<&'static str, Span>,
}

/// Where each part of a built registry was written.
pub(super) struct Spans {
    pub(super) whole: Span,
    pub(super) settings: Vec<SettingSpans>,
    pub(super) rules: Vec<(Span, BTreeMap<&'static str, Span>)>,
    pub(super) secrets: BTreeMap<&'static str, Span>,
    pub(super) environments: Vec<Span>,
    pub(super) service_auth: Span,
    pub(super) services: Vec<ServiceSpans>,
}

impl Spans {
    pub(super) fn of(&self, place: Place) -> Span {
        let found = match place {
            Place::Registry => None,
            Place::Setting { index, key } => self.settings.get(index).map(|setting| {
                setting
                    .keys
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| setting.entry.clone())
            }),
            Place::Default { index, env } => self.settings.get(index).map(|setting| {
                setting.defaults[env.index()]
                    .clone()
                    .or_else(|| setting.keys.get("default").cloned())
                    .unwrap_or_else(|| setting.entry.clone())
            }),
            Place::Alias { setting, alias } => self.settings.get(setting).map(|spans| {
                spans
                    .aliases
                    .get(alias)
                    .cloned()
                    .unwrap_or_else(|| spans.entry.clone())
            }),
            Place::Rule { index, key } => self
                .rules
                .get(index)
                .map(|(entry, keys)| keys.get(key).cloned().unwrap_or_else(|| entry.clone())),
            Place::Secrets { key } => self.secrets.get(key).cloned(),
            Place::Environment { index } => self.environments.get(index).cloned(),
            Place::ServiceAuth => Some(self.service_auth.clone()),
            Place::Service { index } => self.services.get(index).map(|spans| spans.name.clone()),
            Place::ServiceRead { service, read } => self.services.get(service).map(|spans| {
                spans
                    .reads
                    .get(read)
                    .cloned()
                    .unwrap_or_else(|| spans.entry.clone())
            }),
            Place::ServiceVar { service, var } => self.services.get(service).map(|spans| {
                spans
                    .vars
                    .get(var)
                    .cloned()
                    .unwrap_or_else(|| spans.entry.clone())
            }),
            Place::ServiceRequirement { service, entry } => {
                self.services.get(service).map(|spans| {
                    spans
                        .required_in
                        .get(entry)
                        .cloned()
                        .unwrap_or_else(|| spans.entry.clone())
                })
            }
            Place::ServiceIgnore { service, entry } => self.services.get(service).map(|spans| {
                spans
                    .ignore
                    .get(entry)
                    .cloned()
                    .unwrap_or_else(|| spans.entry.clone())
            }),
            Place::ServiceSource { service, entry } => self.services.get(service).map(|spans| {
                spans
                    .sources
                    .get(entry)
                    .cloned()
                    .unwrap_or_else(|| spans.entry.clone())
            }),
        };
        found.unwrap_or_else(|| self.whole.clone())
    }
}

impl Draft {
    /// The registry and where each of its parts was written.
    pub(super) fn build(self, path: &'static str) -> (&'static Registry, Spans) {
        let mut setting_spans = Vec::new();
        let mut settings = Vec::new();
        for draft in self.settings {
            // Kinds were checked while reading; a draft without one was refused.
            let Ok(kind) = draft.kind() else { continue };
            let default = match draft.default {
                DraftDefault::Kept(default) => default,
                DraftDefault::Always(value) => DefaultValue::Always(leak(value)),
                DraftDefault::ByEnvironment(values) => {
                    DefaultValue::ByEnvironment(values.map(|value| value.map(leak)))
                }
            };
            settings.push(Setting {
                name: leak(draft.name),
                aliases: leak_slice(
                    draft
                        .aliases
                        .into_iter()
                        .map(|(name, denied)| Alias::new(leak(name)).denied_in(denied))
                        .collect(),
                ),
                kind,
                default,
                required_in: draft.required_in,
                scope: draft.scope,
                category: draft.category.map(|c| Category::new(leak(c))),
                role: draft.role,
                encoding: draft.encoding,
                description: leak(draft.description),
            });
            setting_spans.push(draft.spans);
        }
        let rule_spans = self
            .rules
            .iter()
            .map(|rule| (rule.entry.clone(), rule.spans.clone()))
            .collect();
        let rules = leak_slice(self.rules.into_iter().map(|rule| rule.rule).collect());
        let environment_spans = self
            .environments
            .iter()
            .map(|(_, _, span)| span.clone())
            .collect();
        let environments = leak_slice(
            self.environments
                .into_iter()
                .map(|(name, follows, _)| NamedEnvironment {
                    name: leak(name),
                    follows,
                })
                .collect(),
        );
        let policy = SecretPolicy {
            min_bytes: self.secrets.min_bytes,
            strict_in: self.secrets.strict_in,
            weak_patterns: leak_slice(self.secrets.weak_patterns.into_iter().map(leak).collect()),
        };
        let [id_header, secret_header] = self.headers.map(leak);
        let service_spans = self.services.iter().map(|s| s.spans.clone()).collect();
        let services = leak_slice(
            self.services
                .into_iter()
                .map(|service| Service {
                    name: leak(service.name),
                    reads: leak_slice(service.reads.into_iter().map(leak).collect()),
                    vars: leak_slice(
                        service
                            .vars
                            .into_iter()
                            .map(|var| ServiceVar {
                                var: leak(var.var),
                                setting: leak(var.setting),
                                format: var.format,
                            })
                            .collect(),
                    ),
                    loader: service.loader,
                    required_in: leak_slice(
                        service
                            .required_in
                            .into_iter()
                            .map(|(setting, required_in)| ServiceRequirement {
                                setting: leak(setting),
                                required_in,
                            })
                            .collect(),
                    ),
                    ignore: leak_slice(service.ignore.into_iter().map(leak).collect()),
                    sources: leak_slice(service.sources.into_iter().map(leak).collect()),
                })
                .collect(),
        );
        let registry = Registry::new(leak_slice(settings), rules, policy)
            .with_environments(environments)
            .with_service_headers(id_header, secret_header)
            .with_services(services)
            .with_source(RegistrySource::File(path));
        let spans = Spans {
            whole: self.whole,
            settings: setting_spans,
            rules: rule_spans,
            secrets: self.secrets.spans,
            environments: environment_spans,
            service_auth: self.header_span,
            services: service_spans,
        };
        (Box::leak(Box::new(registry)), spans)
    }
}

/// The unit names a duration accepts, comma-separated.
pub(super) fn unit_names() -> String {
    Unit::ALL.map(Unit::name).join(", ")
}
