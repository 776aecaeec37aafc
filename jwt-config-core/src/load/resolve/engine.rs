//! The load itself: each field resolved from its names, defaults and
//! requirements, its problems and warnings collected.

use std::borrow::Cow;

use crate::environment::NamedEnvironment;
use crate::load::error::{Problem, ProblemKind};
use crate::load::loaded::UnseenValue;
use crate::load::loaded::{Origin, Warning, WarningKind};
use crate::load::parse;
use crate::load::source::{FileVars, Source, Unseen};
use crate::registry::{Encoding, Kind, Registry, Setting, VarFormat};
use crate::value::Value;

use super::aliases::declared_aliases;
use super::files::{FromFile, Wiped};
use super::reads::{Read, Remembered, names_to_read, read, setting_of};
use super::resolution::Slot;
use super::{FieldSpec, environment_read_as};

/// A value a field read: the name read, the variable the value came from
/// (its `NAME_FILE`, when read from a file) and the file's path.
pub(super) struct Chosen<'a> {
    pub(super) name: &'static str,
    pub(super) var: &'static str,
    pub(super) value: Cow<'a, str>,
    pub(super) path: Option<String>,
}

/// A value `setting` refused, as drift compares it: a secret as one; a
/// number (a lifetime out of bounds, in the service's own unit or the
/// setting's) as its amount in the setting's unit, so that it is compared
/// with the other services' values; anything else as the text read.
pub(super) fn refused_value(setting: &Setting, raw: &str, written: Option<VarFormat>) -> Value {
    if setting.is_secret() {
        return Value::secret(setting, raw);
    }
    let amount = match setting.kind {
        Kind::Duration { unit, .. } => written
            .unwrap_or(unit.format())
            .to_unit(raw, unit)
            .ok()
            .map(|amount| Value::Duration { amount, unit }),
        Kind::Integer { .. } => raw.trim().parse().ok().map(Value::Integer),
        _ => None,
    };
    amount.unwrap_or_else(|| Value::Text(raw.trim().to_owned()))
}

/// `raw`, written in the service's own `format`, as reports quote it:
/// `3600 seconds`, `` `7d` ``.
pub(super) fn written_text(raw: &str, format: VarFormat) -> String {
    let raw = raw.trim();
    match (format, raw.parse::<u64>()) {
        (VarFormat::Span, _) | (_, Err(_)) => format!("`{raw}`"),
        (format, Ok(amount)) => crate::words::count(amount, format.name().trim_end_matches('s')),
    }
}

/// How a load reads the names of a field after the first one set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aliases {
    /// Each is compared with the first: the service reads them all, so
    /// two different values are a conflict. What a service that declares
    /// its aliases does.
    Compared,
    /// Each is left unread: a check that does not know which names a
    /// service reads assumes it reads the first name set, in the order
    /// canonical name, then aliases.
    Fallback,
}

pub(crate) struct Outcome {
    pub(crate) slots: Vec<Slot>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) warnings: Vec<Warning>,
}

impl Outcome {
    pub(crate) fn origins(&self) -> impl Iterator<Item = (&'static str, Origin)> + '_ {
        self.slots.iter().filter_map(Slot::named_origin)
    }
}

pub(super) struct Load<'r, 's, 'f, S: ?Sized> {
    pub(super) registry: &'r Registry,
    pub(super) source: &'s S,
    pub(super) env: NamedEnvironment,
    /// What the load reads: how each problem's variable is traced to its
    /// setting.
    pub(super) fields: &'f [FieldSpec<'f>],
    pub(super) aliases: Aliases,
    /// The variable the service reads the environment from, when the
    /// registry has an environment setting: its own name, if declared.
    pub(super) environment_var: Option<&'static str>,
    /// Whether the load follows `NAME_FILE` variables ([`Source::file_vars`]).
    pub(super) follow_files: bool,
    /// Where each name's `NAME_FILE` is spelled, allocated once per load
    /// rather than once per name.
    pub(super) file_var: String,
    pub(super) problems: Vec<Problem>,
    pub(super) warnings: Vec<Warning>,
}

impl<'s, 'f, S: Source + ?Sized> Load<'_, 's, 'f, S> {
    /// [`Load::run_reading`] for no service in particular.
    #[cfg(test)]
    pub(super) fn run(
        registry: &Registry,
        source: &S,
        env: NamedEnvironment,
        fields: &[FieldSpec<'_>],
        names: Option<&[&str]>,
    ) -> Outcome {
        Load::run_reading(registry, source, env, "", fields, names, Aliases::Compared)
    }

    /// Resolves every field of `service`, reading a field's aliases as
    /// `aliases` says, then checks the rules between them.
    pub(super) fn run_reading(
        registry: &Registry,
        source: &S,
        env: NamedEnvironment,
        service: &str,
        fields: &[FieldSpec<'_>],
        names: Option<&[&str]>,
        aliases: Aliases,
    ) -> Outcome {
        // Every name the load consults, read once, before anything else:
        // the derive lists them at compile time.
        let listed;
        let names = match names {
            Some(names) => names,
            None => {
                listed = names_to_read(registry, fields);
                &listed[..]
            }
        };
        let source = Remembered::names(source, names);
        let mut load = Load {
            registry,
            source: &source,
            env,
            fields,
            aliases,
            environment_var: registry.environment_var(service),
            follow_files: source.file_vars() == FileVars::Followed,
            file_var: String::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        load.check_environment_var();
        let slots: Vec<Slot> = fields.iter().map(|field| load.field(field)).collect();
        load.check_rules(&slots);
        load.check_key_material(&slots);
        Outcome {
            slots,
            problems: load.problems,
            warnings: load.warnings,
        }
    }

    pub(super) fn problem(&mut self, var: &str, kind: ProblemKind, fix: impl Into<String>) {
        self.push(Problem::new(var, Some(self.env), kind, fix));
    }

    /// Every problem of the load goes through here, to be traced to the
    /// setting its variable stands for.
    pub(super) fn push(&mut self, mut problem: Problem) {
        problem.setting = setting_of(self.registry, self.fields, problem.var());
        self.problems.push(problem);
    }

    /// The variable the load reads the environment from: a field's own
    /// name for the environment setting, else the declared service's
    /// (`NODE_ENV`), else the setting's.
    pub(super) fn environment_var(&self, setting: &'static Setting) -> &'static str {
        self.fields
            .iter()
            .find(|field| field.setting == setting.name)
            .and_then(|field| field.var)
            .or(self.environment_var)
            .unwrap_or(setting.name)
    }

    /// The environment variable, when set, must name the environment being loaded.
    pub(super) fn check_environment_var(&mut self) {
        let Some(setting) = self.registry.environment_setting() else {
            return;
        };
        let env = self.env;
        let name = self.environment_var(setting);
        // The variable names the environment as it is called: what a load
        // from the variable always finds, told without parsing it again.
        if let Read::Set(value) = read(self.source, name)
            && value.trim() == env.name
        {
            return;
        }
        match environment_read_as(self.registry, self.source, name) {
            Ok(found) if found != env && matches!(read(self.source, name), Read::Set(_)) => {
                self.problem(
                    name,
                    ProblemKind::WrongEnvironment { found },
                    format!("set {name} to {env}, or load the settings for {found}"),
                );
            }
            Ok(_) => {}
            Err(err) => {
                for problem in err.into_problems() {
                    self.push(problem.in_environment(env));
                }
            }
        }
    }

    pub(super) fn field(&mut self, field: &FieldSpec<'_>) -> Slot {
        let Some(setting) = self.registry.get_at(field.position, field.setting) else {
            self.problem(
                field.setting,
                ProblemKind::Invalid {
                    value: None,
                    expected: "a setting of this registry".to_owned(),
                },
                "read a canonical setting name; `jwt-config registry` lists them",
            );
            return Slot::default();
        };
        let mut slot = Slot {
            setting: Some(setting),
            var: setting.name,
            ..Slot::default()
        };
        if setting.kind == Kind::Environment {
            // The environment was chosen before the load, from this variable
            // or by the caller; check_environment_var holds the two equal.
            let own = field.var.unwrap_or(setting.name);
            self.warn_unread_canonical(setting, own);
            self.defects(own);
            slot.var = own;
            slot.origin = match read(self.source, own) {
                Read::Set(_) if own == setting.name => Some(Origin::Canonical),
                Read::Set(_) => Some(Origin::Own(own)),
                _ if setting.default_for(self.env.follows) == Some(self.env.name) => {
                    Some(Origin::Default)
                }
                // Chosen by the caller, not read from anywhere.
                _ => None,
            };
            slot.value = Some(Value::Environment(self.env));
            return slot;
        }

        self.warn_ignored_aliases(setting, field);
        let own = field.var.unwrap_or(setting.name);
        self.warn_unread_canonical(setting, own);
        let names = std::iter::once(own).chain(declared_aliases(setting, field));
        let mut chosen: Option<Chosen<'_>> = None;
        let mut written = None;
        let mut unreadable = false;
        // A file's problem is told of: neither a default nor missing then.
        let mut failed = false;
        if let Some(unseen) = self.source.held_outside(own) {
            slot.var = own;
            slot.origin = Some(if own == setting.name {
                Origin::Canonical
            } else {
                Origin::Own(own)
            });
            slot.unseen = Some(UnseenValue::HeldOutside);
            self.warn_unseen(own, setting, WarningKind::HeldOutside, unseen);
            return slot;
        }
        for name in names {
            // Even a value that reads as empty (`K=$UNSET`) may be a defect.
            self.defects(name);
            let direct = read(self.source, name);
            let from_file = if self.follow_files {
                self.read_file_var(name, !matches!(direct, Read::Unset))
            } else {
                FromFile::Unset
            };
            let (var, value, path) = match (direct, from_file) {
                (_, FromFile::Failed) => {
                    failed = true;
                    continue;
                }
                (Read::Set(value), _) => (name, value, None),
                (Read::NotUnicode, _) => {
                    unreadable = true;
                    self.problem(
                        name,
                        ProblemKind::NotUnicode,
                        format!("set {name} to valid UTF-8 text"),
                    );
                    continue;
                }
                (Read::Unset, FromFile::Unset) => continue,
                (Read::Unset, FromFile::Read { var, path, text }) => {
                    (var, Cow::Owned(text), Some(path))
                }
            };
            match &chosen {
                None => {
                    chosen = Some(Chosen {
                        name,
                        var,
                        value,
                        path,
                    })
                }
                Some(_) if self.aliases == Aliases::Fallback => {
                    self.warn(var, setting, WarningKind::ShadowedAlias);
                }
                Some(first) => self.compare_alias(setting, first.var, &first.value, var, &value),
            }
        }

        let raw: Cow<'_, str> = match chosen {
            Some(Chosen {
                name,
                var,
                value,
                path,
            }) => {
                slot.var = var;
                slot.material = self.source.secret_material(var);
                let alias = name != setting.name && Some(name) != field.var;
                if alias {
                    self.read_alias(setting, name);
                }
                slot.origin = Some(if path.is_some() {
                    Origin::File { var }
                } else if name == setting.name {
                    Origin::Canonical
                } else if !alias {
                    Origin::Own(name)
                } else {
                    Origin::Alias(name)
                });
                slot.file = path;
                self.check_untrimmed(setting, var, &value);
                // A service's own variable in its own unit or format is
                // parsed as written, and its problems speak of it so.
                if name == own {
                    written = field.format;
                }
                value
            }
            None if failed => return slot,
            None if unreadable => {
                slot.unseen = Some(UnseenValue::NotUnicode);
                return slot;
            }
            None => match setting.default_for(self.env.follows) {
                Some(default) => {
                    slot.origin = Some(Origin::Default);
                    Cow::Borrowed(default)
                }
                None => {
                    if setting
                        .required_in
                        .union(field.required_in)
                        .contains(self.env.follows)
                    {
                        if let Some(unseen) = self.source.maybe_held_outside(own) {
                            // A field that cannot do without the value is
                            // told of under the name it reads.
                            slot.var = own;
                            slot.unseen = Some(UnseenValue::MaybeHeldOutside);
                            self.warn_unseen(own, setting, WarningKind::MaybeHeldOutside, unseen);
                        } else {
                            self.missing(setting, own, field);
                        }
                    }
                    return slot;
                }
            },
        };
        // A key the registry says is named by its path: the file's text,
        // read through the source, from here on.
        // A value read from a file (`NAME_FILE`) is owned text: wiped when
        // the field is done with it, as the file's reader wipes its own.
        let raw = Wiped(raw);
        let from_file;
        let raw = if setting.encoding == Encoding::Path && slot.origin != Some(Origin::Default) {
            match self.key_file(setting, slot.var, &raw) {
                Some(text) => {
                    from_file = text;
                    Wiped(Cow::Borrowed(from_file.as_str()))
                }
                None => {
                    slot.unseen = Some(UnseenValue::HeldOutside);
                    return slot;
                }
            }
        } else {
            raw
        };
        match parse::parse_written(
            setting,
            slot.var,
            &raw,
            written,
            self.env,
            self.registry.secret_policy(),
        ) {
            Ok(value) => {
                slot.written = written.map(|format| written_text(&raw, format));
                slot.value = Some(value);
            }
            Err(problems) => {
                // A value that is not a secret's may still hold one (a
                // `${JWT_SECRET}` in a lifetime by mistake): never quoted.
                // A file's content is never quoted either (a `_FILE` that
                // names the key file by mistake): its path is.
                let hide = !setting.is_secret()
                    && (slot.material
                        || matches!(slot.origin, Some(Origin::File { .. }))
                        || self.quotes_a_secret(&raw));
                for problem in problems {
                    self.push(if hide {
                        problem.without_value()
                    } else {
                        problem
                    });
                }
                slot.refused = Some(refused_value(setting, &raw, written));
            }
        }
        slot
    }

    pub(super) fn warn(&mut self, var: &'static str, setting: &'static Setting, kind: WarningKind) {
        self.warnings
            .push(Warning::new(var, setting.name, self.env, kind));
    }

    /// The value of `var` cannot be seen, or `var` may be set where the
    /// source cannot see: a warning in the source's words.
    pub(super) fn warn_unseen(
        &mut self,
        var: &'static str,
        setting: &'static Setting,
        kind: WarningKind,
        unseen: Unseen,
    ) {
        self.warnings
            .push(Warning::unseen(var, setting.name, self.env, kind, unseen));
    }

    /// `setting`, read as `name` (the service's own variable, when it has
    /// one), is required and unset.
    pub(super) fn missing(
        &mut self,
        setting: &'static Setting,
        name: &'static str,
        field: &FieldSpec<'_>,
    ) {
        let env = self.env;
        let who = if setting.required_in.contains(env.follows) {
            "the registry"
        } else {
            "this service"
        };
        let mut fix = if setting.is_secret() {
            let min = self.registry.secret_policy().min_bytes(env.follows);
            format!(
                "set {name} to a random secret of at least {}; {who} requires it in {env}",
                crate::words::count(min as u64, "byte")
            )
        } else {
            format!("set {name}; {who} requires it in {env}")
        };
        if let Some(alias) = self.ignored_aliases(setting, field).next() {
            fix.push_str(&format!(
                "; {alias} is set but this service does not read it: rename it to {name}"
            ));
        }
        self.problem(name, ProblemKind::Missing, fix);
    }
}
