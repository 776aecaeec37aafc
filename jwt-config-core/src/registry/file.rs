//! Reading an organisation's registry file, `jwt-config.toml`.
//!
//! The file is read into drafts that remember where each key was written,
//! built into a [`Registry`], and judged by [`validate`](super::validate);
//! every problem of the file comes back at once, each at its line and
//! column. The reader walks the spanned TOML tree itself rather than going
//! through serde, which stops at the first error.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::validate::{Place, validate};
use super::{
    Alias, Category, DefaultValue, Kind, Registry, RegistrySource, Role, Rule, Scope, SecretPolicy,
    Setting, Unit, standard, tier_named,
};
use crate::environment::{EnvSet, Environment, NamedEnvironment};

/// The built-in table as a registry file: `jwt-config registry --format
/// toml` prints it, and a test holds it equal to [`standard()`].
pub const STANDARD_TOML: &str = include_str!("standard.toml");

/// The name of an organisation's registry file.
pub const FILE_NAME: &str = "jwt-config.toml";

/// The variable that names the registry file, for the derive (at compile
/// time) and the command.
pub const VARIABLE: &str = "JWT_CONFIG_REGISTRY";

/// The value of [`VARIABLE`] (or `--registry`) that asks for the built-in
/// table explicitly.
pub const BUILT_IN: &str = "builtin";

/// The nearest [`FILE_NAME`] in `start` or a directory above it.
pub fn find_file(start: &Path) -> Option<std::path::PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The schema version this crate reads.
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
    "description",
];
const ALIAS_KEYS: &[&str] = &["name", "deny_in"];
const RULE_KEYS: &[&str] = &["rule", "setting", "than", "from", "in"];
const SECRET_KEYS: &[&str] = &["min_bytes", "strict_in", "weak_patterns"];
const SERVICE_AUTH_KEYS: &[&str] = &["id_header", "secret_header"];
const RULES: &[&str] = &["longer_than", "differs_from", "true_only_in"];

impl Registry {
    /// Reads the registry file at `path`.
    ///
    /// The table lives for the rest of the process (it is leaked, as a
    /// registry is read once, when a command or a build starts).
    ///
    /// # Errors
    ///
    /// The file cannot be read, or it has problems: every one of them, each
    /// with its line and column.
    pub fn from_file(path: impl AsRef<Path>) -> Result<&'static Registry, FileError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| FileError {
            path: shown.clone(),
            problems: vec![FileProblem {
                position: None,
                message: format!("cannot read the registry file: {err}"),
            }],
        })?;
        Registry::from_toml(&shown, &text)
    }

    /// Reads a registry file's `text`; `path` names it in errors and in
    /// [`Registry::source`].
    ///
    /// ```
    /// use jwt_config_core::registry::{Registry, Role};
    ///
    /// let registry = Registry::from_toml("jwt-config.toml", r#"
    ///     schema = 1
    ///     extends = "none"
    ///
    ///     [[setting]]
    ///     name = "AUTH_JWT_SECRET"
    ///     kind = "secret"
    ///     role = "signing_secret"
    ///     required_in = ["development", "test", "staging", "production"]
    ///     category = "SECRET_MISMATCH"
    ///     description = "The key that signs and verifies tokens."
    /// "#).unwrap();
    /// assert_eq!(registry.by_role(Role::SigningSecret).unwrap().name, "AUTH_JWT_SECRET");
    ///
    /// let err = Registry::from_toml("jwt-config.toml", "schema = 1\ncolour = 1\n").unwrap_err();
    /// assert_eq!(err.to_string(), "jwt-config.toml:2:1: unknown key `colour`, expected one of \
    ///     schema, extends, remove, environments, secrets, service_auth, setting, rule");
    /// ```
    ///
    /// # Errors
    ///
    /// Every problem of the file, each with its line and column.
    pub fn from_toml(path: &str, text: &str) -> Result<&'static Registry, FileError> {
        let mut reader = Reader::new(text);
        let draft = reader.document();
        let mut problems = reader.problems;
        let Some(draft) = draft else {
            // Not TOML: nothing further can be said.
            return Err(FileError::new(path, text, problems));
        };
        // A setting the file does not describe well enough to build is left
        // out of the table; what the table's validation says about its name
        // would only repeat the problem already found.
        let unbuilt: Vec<String> = draft
            .settings
            .iter()
            .filter(|setting| setting.kind().is_err())
            .map(|setting| format!("`{}`", setting.name))
            .collect();
        let (registry, spans) = draft.build(leak(path.to_owned()));
        problems.extend(
            validate(registry)
                .into_iter()
                .filter(|problem| !unbuilt.iter().any(|name| problem.message.contains(name)))
                .map(|problem| (spans.of(problem.place), problem.message)),
        );
        if problems.is_empty() {
            Ok(registry)
        } else {
            Err(FileError::new(path, text, problems))
        }
    }
}

/// A registry file that cannot be used: every problem found in it.
///
/// `Display` writes one `path:line:column: message` line per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    path: String,
    problems: Vec<FileProblem>,
}

impl FileError {
    fn new(path: &str, text: &str, mut found: Vec<(Range<usize>, String)>) -> FileError {
        found.sort_by_key(|(span, _)| span.start);
        FileError {
            path: path.to_owned(),
            problems: found
                .into_iter()
                .map(|(span, message)| FileProblem {
                    position: Some(Position::of(text, span.start)),
                    message,
                })
                .collect(),
        }
    }

    /// The file's path, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Every problem, in the order of the file.
    pub fn problems(&self) -> &[FileProblem] {
        &self.problems
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&self.path)?;
            if let Some(Position { line, column }) = problem.position {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": {}", problem.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FileError {}

/// One problem of a registry file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    position: Option<Position>,
    message: String,
}

impl FileProblem {
    /// The line (from 1) the problem is on, if it has one.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|p| p.line)
    }

    /// The column (from 1, in characters) the problem starts at, if it has one.
    pub fn column(&self) -> Option<usize> {
        self.position.map(|p| p.column)
    }

    /// What is wrong and what to write instead.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    fn of(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line,
            column: before[start..].chars().count() + 1,
        }
    }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

type Span = Range<usize>;

/// A setting as the file builds it: a built-in one being changed, or a new one.
struct DraftSetting {
    name: String,
    aliases: Vec<(String, EnvSet)>,
    kind: Option<&'static str>,
    unit: Option<Unit>,
    min: Option<u64>,
    max: Option<u64>,
    default: DraftDefault,
    required_in: EnvSet,
    scope: Scope,
    category: Option<String>,
    role: Option<Role>,
    description: String,
    spans: SettingSpans,
}

/// A setting's default: the built-in one kept, or the file's.
enum DraftDefault {
    Kept(DefaultValue),
    Always(String),
    ByEnvironment([Option<String>; 4]),
}

#[derive(Default, Clone)]
struct SettingSpans {
    entry: Span,
    keys: BTreeMap<&'static str, Span>,
    aliases: Vec<Span>,
    /// Each environment's entry of a `default` table.
    defaults: [Option<Span>; 4],
}

impl DraftSetting {
    fn from_builtin(setting: &'static Setting, at: Span) -> DraftSetting {
        let (unit, min, max) = match setting.kind {
            Kind::Duration { unit, min, max } => (Some(unit), Some(min), Some(max)),
            Kind::Integer { min, max } => (None, Some(min), Some(max)),
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
            description: setting.description.to_owned(),
            spans: SettingSpans {
                entry: at.clone(),
                keys: BTreeMap::new(),
                aliases: vec![at; setting.aliases.len()],
                defaults: Default::default(),
            },
        }
    }

    fn new(name: String, entry: Span) -> DraftSetting {
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
            description: String::new(),
            spans: SettingSpans {
                entry,
                ..SettingSpans::default()
            },
        }
    }

    /// The setting's kind, once the file is read; `Err` names what is missing.
    fn kind(&self) -> Result<Kind, (&'static str, String)> {
        let name = &self.name;
        let bounds = || match (self.min, self.max) {
            (Some(min), Some(max)) => Ok((min, max)),
            _ => Err((
                "kind",
                format!("`{name}` needs its bounds: add `min = ...` and `max = ...`"),
            )),
        };
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

struct DraftRule {
    rule: Rule,
    spans: BTreeMap<&'static str, Span>,
    entry: Span,
}

/// The whole file, read.
struct Draft {
    settings: Vec<DraftSetting>,
    rules: Vec<DraftRule>,
    secrets: SecretPolicyDraft,
    environments: Vec<(String, Environment, Span)>,
    headers: [String; 2],
    header_span: Span,
    whole: Span,
}

struct SecretPolicyDraft {
    min_bytes: [usize; 4],
    strict_in: EnvSet,
    weak_patterns: Vec<String>,
    spans: BTreeMap<&'static str, Span>,
}

/// Where each part of a built registry was written.
struct Spans {
    whole: Span,
    settings: Vec<SettingSpans>,
    rules: Vec<(Span, BTreeMap<&'static str, Span>)>,
    secrets: BTreeMap<&'static str, Span>,
    environments: Vec<Span>,
    service_auth: Span,
}

impl Spans {
    fn of(&self, place: Place) -> Span {
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
        };
        found.unwrap_or_else(|| self.whole.clone())
    }
}

impl Draft {
    /// The registry and where each of its parts was written.
    fn build(self, path: &'static str) -> (&'static Registry, Spans) {
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
        let registry = Registry::new(leak_slice(settings), rules, policy)
            .with_environments(environments)
            .with_service_headers(id_header, secret_header)
            .with_source(RegistrySource::File(path));
        let spans = Spans {
            whole: self.whole,
            settings: setting_spans,
            rules: rule_spans,
            secrets: self.secrets.spans,
            environments: environment_spans,
            service_auth: self.header_span,
        };
        (Box::leak(Box::new(registry)), spans)
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Walks the TOML tree, collecting every problem.
struct Reader<'t> {
    text: &'t str,
    problems: Vec<(Span, String)>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Reader<'t> {
        Reader {
            text,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push((span, message.into()));
    }

    fn document(&mut self) -> Option<Draft> {
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
                let number = self.integer(value, key);
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
        let rule = match kind.as_str() {
            "longer_than" => {
                let longer = name(self, "setting");
                let shorter = name(self, "than");
                Rule::LongerThan {
                    longer: longer?,
                    shorter: shorter?,
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
                }
            }
            "true_only_in" => {
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

fn unit_names() -> String {
    Unit::ALL.map(Unit::plural).join(", ")
}

/// "; did you mean `x`?" when one of `candidates` is close to `written`.
fn suggest<'a>(written: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|candidate| (strsim::jaro_winkler(written, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match Registry::from_toml("jwt-config.toml", text) {
            Ok(_) => Vec::new(),
            Err(err) => err.to_string().lines().map(str::to_owned).collect(),
        }
    }

    #[test]
    fn the_standard_file_is_the_standard_table() {
        let read = Registry::from_toml("standard.toml", STANDARD_TOML).unwrap();
        let standard = standard();
        assert_eq!(read.settings(), standard.settings());
        assert_eq!(read.rules(), standard.rules());
        assert_eq!(read.secret_policy(), standard.secret_policy());
        assert_eq!(read.service_auth(), standard.service_auth());
        assert_eq!(read.environments(), standard.environments());
    }

    #[test]
    fn an_empty_extension_is_the_standard_table() {
        let read = Registry::from_toml("x.toml", "schema = 1\n").unwrap();
        assert_eq!(read.settings(), standard().settings());
        assert_eq!(read.rules(), standard().rules());
        assert_eq!(read.source(), RegistrySource::File("x.toml"));
    }

    #[test]
    fn the_issue_example_reads() {
        let read = Registry::from_toml("jwt-config.toml", ORG).unwrap();
        let secret = read.get("AUTH_JWT_SECRET").unwrap();
        assert_eq!(secret.aliases[1].name, "JWT_SECRET");
        assert!(secret.aliases[1].is_denied_in(Environment::Production));
        assert!(!secret.aliases[0].is_denied_in(Environment::Production));
        let ttl = read.get("TOKEN_TTL_MINUTES").unwrap();
        assert_eq!(
            ttl.kind,
            Kind::Duration {
                unit: Unit::Minutes,
                min: 1,
                max: 1440
            }
        );
        assert_eq!(ttl.default_for(Environment::Staging), Some("30"));
        assert_eq!(ttl.category.unwrap().mismatch_code(), "EXPIRY_MISMATCH");
        let qa = read.environment("qa").unwrap();
        assert_eq!((qa.name, qa.follows), ("qa", Environment::Staging));
        assert_eq!(read.secret_policy().min_bytes, [8, 8, 32, 64]);
        assert_eq!(read.secret_policy().weak_patterns, ["changeme", "acme-dev"]);
        assert!(read.get("JWT_SECRET_KEY").is_none(), "extends = none");
    }

    const ORG: &str = r#"
schema = 1
extends = "none"

[environments]
qa = "staging"
preview = "development"

[secrets]
min_bytes = { development = 8, test = 8, staging = 32, production = 64 }
weak_patterns = ["changeme", "acme-dev"]

[[setting]]
name = "AUTH_JWT_SECRET"
aliases = ["JWT_SECRET_KEY", { name = "JWT_SECRET", deny_in = ["production"] }]
kind = "secret"
required_in = ["development", "test", "staging", "production"]
category = "SECRET_MISMATCH"
description = "The key that signs and verifies tokens."

[[setting]]
name = "TOKEN_TTL_MINUTES"
kind = "duration"
unit = "minutes"
min = 1
max = 1440
default = { development = "60", test = "15", staging = "30", production = "15" }
category = "EXPIRY_MISMATCH"
description = "How long an access token lives."
"#;

    #[test]
    fn every_problem_of_a_broken_file_is_reported_with_its_place() {
        let found = problems(
            r#"schema = 1
extends = "none"
colour = "red"

[environments]
qa = "stagin"

[[setting]]
name = "TTL"
kind = "duration"
unit = "minutes"
min = 1
max = 60
default = { development = "0", qa = "5" }
category = "EXPIRY_MISMATCH"
description = "x"

[[setting]]
name = "KEY"
aliases = ["TTL"]
kind = "secret"
default = "hunter2-hunter2"
category = "SECRET_MISMATCH"
description = "y"
rol = "signing_secret"

[[rule]]
rule = "longer_than"
setting = "TTL"
than = "NOPE"
"#,
        );
        assert_eq!(
            found,
            [
                "jwt-config.toml:3:1: unknown key `colour`, expected one of schema, extends, remove, environments, secrets, service_auth, setting, rule",
                "jwt-config.toml:6:6: `qa = \"stagin\"` must follow one of the four environments: development, test, staging, production",
                "jwt-config.toml:14:27: the development default `0` of `TTL` is outside 1..=60",
                "jwt-config.toml:14:32: unknown environment `qa`, expected one of development, test, staging, production",
                "jwt-config.toml:20:12: alias `TTL` of `KEY` is already the setting `TTL`; a name may stand for one setting only",
                "jwt-config.toml:22:11: `KEY` is a secret and a secret never has a default: remove `default` and set it in each deployment",
                "jwt-config.toml:25:1: unknown key `rol` in [[setting]] `KEY`, expected one of name, aliases, kind, unit, min, max, default, required_in, scope, category, role, description; did you mean `role`?",
                "jwt-config.toml:30:8: the rule names `NOPE`, which is not a setting of this registry",
            ],
        );
        assert!(!found.iter().any(|line| line.contains("hunter2")));
    }

    #[test]
    fn a_setting_missing_its_kind_is_reported_once() {
        let found = problems(
            r#"schema = 1
extends = "none"

[[setting]]
name = "TTL"
unit = "minutes"
description = "x"

[[rule]]
rule = "longer_than"
setting = "TTL"
than = "TTL"
"#,
        );
        assert_eq!(
            found,
            [
                "jwt-config.toml:5:8: `TTL` is a new setting and needs a `kind`, one of secret, duration, text, text_list, flag, algorithm, environment, integer, url",
                "jwt-config.toml:6:8: `unit` applies to a duration, and `TTL` is not one: remove it",
            ],
        );
    }

    #[test]
    fn every_problem_of_a_readable_but_invalid_table_is_placed() {
        let found = problems(
            r#"schema = 1
extends = "none"

[[setting]]
name = "TTL"
kind = "duration"
unit = "minutes"
min = 1
max = 60
default = { development = "0" }
category = "EXPIRY_MISMATCH"
description = "x"

[[setting]]
name = "KEY"
aliases = ["TTL"]
kind = "secret"
default = "hunter2-hunter2"
category = "SECRET_MISMATCH"
description = "y"

[[rule]]
rule = "longer_than"
setting = "TTL"
than = "NOPE"
"#,
        );
        assert_eq!(
            found,
            [
                "jwt-config.toml:10:27: the development default `0` of `TTL` is outside 1..=60",
                "jwt-config.toml:16:12: alias `TTL` of `KEY` is already the setting `TTL`; a name may stand for one setting only",
                "jwt-config.toml:18:11: `KEY` is a secret and a secret never has a default: remove `default` and set it in each deployment",
                "jwt-config.toml:25:8: the rule names `NOPE`, which is not a setting of this registry",
            ],
        );
        assert!(!found.iter().any(|line| line.contains("hunter2")));
    }

    #[test]
    fn toml_syntax_errors_are_placed() {
        let found = problems("schema = 1\n[[setting]]\nname = \n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("jwt-config.toml:3:"), "{found:?}");
        assert!(found[0].contains("not valid TOML"), "{found:?}");
    }

    #[test]
    fn extending_changes_adds_and_removes_settings() {
        let read = Registry::from_toml(
            "x.toml",
            r#"schema = 1
remove = ["JWT_SKIP_EXPIRY_VERIFICATION"]

[[setting]]
name = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
default = "20"

[[setting]]
name = "JWT_JWKS_URL"
kind = "url"
scope = "per_service"
description = "Where verifiers fetch the signer's public keys."
"#,
        )
        .unwrap();
        let access = read.get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert_eq!(access.default_for(Environment::Production), Some("20"));
        assert_eq!(access.aliases, standard().get(access.name).unwrap().aliases);
        assert!(read.get("JWT_SKIP_EXPIRY_VERIFICATION").is_none());
        assert_eq!(read.rules().len(), standard().rules().len() - 1);
        assert_eq!(read.get("JWT_JWKS_URL").unwrap().kind, Kind::Url);
        assert_ne!(read.fingerprint(), standard().fingerprint());
    }

    #[test]
    fn a_file_without_schema_or_with_another_is_refused() {
        assert_eq!(
            problems("extends = \"none\"\n"),
            ["jwt-config.toml:1:1: the file names no schema: add `schema = 1` at the top"]
        );
        assert_eq!(
            problems("schema = 2\n"),
            ["jwt-config.toml:1:10: schema 2 is not one this version reads; write `schema = 1`"]
        );
    }

    #[test]
    fn positions_count_characters_from_one() {
        assert_eq!(Position::of("ab\ncé=1", 6), Position { line: 2, column: 3 });
        assert_eq!(Position::of("", 0), Position { line: 1, column: 1 });
    }
}
