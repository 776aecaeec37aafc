//! How a load reads its source: every name it consults, read once, and
//! the setting a variable stands for.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use zeroize::Zeroizing;

use crate::load::source::{Defect, FileVars, NotUnicode, Source, Unreadable, Unseen};
use crate::registry::Registry;
use crate::value::Value;

use super::FieldSpec;
use super::resolution::Slot;

/// Every name a load of `fields` consults, each once (see
/// [`Registry::names_consulted`]).
pub(super) fn names_to_read<'n>(registry: &'n Registry, fields: &[FieldSpec<'n>]) -> Vec<&'n str> {
    let consulted: Vec<(&'n str, Option<&'n str>, &'n [&'n str])> = fields
        .iter()
        .map(|field| (field.setting, field.var, field.aliases))
        .collect();
    registry.names_consulted(&consulted)
}

/// What [`Source::var`] gave for a name.
pub(super) type ReadValue<'s> = Result<Option<Cow<'s, str>>, NotUnicode>;

/// `source` with some names read once, up front: what a load consults
/// again (the environment variable, a rule's setting) costs no second read
/// of the process environment. A name not foreseen is read from the source.
///
/// `R` holds the names read: one in an array for the environment variable
/// of a service's load ([`Remembered::environment_of`]), which a `Vec` would
/// cost an allocation per load (about 480 instructions, callgrind); every
/// name a load consults in a `Vec` ([`Remembered::names`]).
pub(crate) struct Remembered<'s, S: ?Sized, R> {
    source: &'s S,
    read: R,
    /// Whether a name read ends with `_FILE`: else a `NAME_FILE` the load
    /// asks for is read from the source without a search.
    file_listed: bool,
}

/// The environment variable of a service's load, remembered.
pub(crate) type EnvironmentRead<'s, S> = Remembered<'s, S, [(&'s str, ReadValue<'s>); 1]>;

impl<'s, S: Source + ?Sized> EnvironmentRead<'s, S> {
    /// `source`, with the variable `service` reads the environment from
    /// read now.
    pub(crate) fn environment_of(
        registry: &'s Registry,
        source: &'s S,
        service: &str,
    ) -> EnvironmentRead<'s, S> {
        let name = registry.environment_var(service).unwrap_or("");
        Remembered::new(source, [(name, source.var(name))])
    }

    /// The name remembered.
    pub(crate) fn name(&self) -> &'s str {
        self.read[0].0
    }
}

impl<'s, S: Source + ?Sized> Remembered<'s, S, Vec<(&'s str, ReadValue<'s>)>> {
    /// `source`, with each of `names` read now.
    pub(super) fn names(source: &'s S, names: &[&'s str]) -> Self {
        let read = names.iter().map(|&name| (name, source.var(name))).collect();
        Remembered::new(source, read)
    }
}

impl<'s, S: ?Sized, R: AsRef<[(&'s str, ReadValue<'s>)]>> Remembered<'s, S, R> {
    fn new(source: &'s S, read: R) -> Self {
        let file_listed = read
            .as_ref()
            .iter()
            .any(|(name, _)| name.ends_with(FILE_SUFFIX));
        Remembered {
            source,
            read,
            file_listed,
        }
    }
}

impl<'s, S, R> Source for Remembered<'s, S, R>
where
    S: Source + ?Sized,
    R: AsRef<[(&'s str, ReadValue<'s>)]>,
{
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        if !self.file_listed && name.ends_with(FILE_SUFFIX) {
            return self.source.var(name);
        }
        match self
            .read
            .as_ref()
            .iter()
            .find(|(read, _)| crate::registry::same_name(read, name))
        {
            Some((_, value)) => value
                .as_ref()
                .map(|value| value.as_deref().map(Cow::Borrowed))
                .map_err(|err| *err),
            // Not foreseen: read it now rather than miss it.
            None => self.source.var(name),
        }
    }

    fn defects(&self, name: &str) -> Vec<Defect> {
        self.source.defects(name)
    }

    fn held_outside(&self, name: &str) -> Option<Unseen> {
        self.source.held_outside(name)
    }

    fn maybe_held_outside(&self, name: &str) -> Option<Unseen> {
        self.source.maybe_held_outside(name)
    }

    fn secret_material(&self, name: &str) -> bool {
        self.source.secret_material(name)
    }

    fn file_vars(&self) -> FileVars {
        self.source.file_vars()
    }

    fn file(&self, path: &Path) -> Result<Zeroizing<String>, Unreadable> {
        self.source.file(path)
    }
}

/// The canonical name of the setting `var` stands for in a load of
/// `fields`: a field's own variable (`GOTRUE_JWT_EXP`), a canonical name or
/// a registered alias.
pub(super) fn setting_of(
    registry: &Registry,
    fields: &[FieldSpec<'_>],
    var: &str,
) -> Option<&'static str> {
    let own = fields.iter().find(|field| field.var == Some(var));
    let setting = match own {
        Some(field) => registry.get(field.setting),
        None => registry.setting_for(var),
    };
    match setting {
        Some(setting) => Some(setting.name),
        // A `NAME_FILE` stands for the setting `NAME` does.
        None => var
            .strip_suffix(FILE_SUFFIX)
            .filter(|name| !name.is_empty())
            .and_then(|name| setting_of(registry, fields, name)),
    }
}

/// What a variable that names the file holding another's value ends with.
pub(super) const FILE_SUFFIX: &str = "_FILE";

/// `NAME_FILE` for `name`, kept for the life of the process so that an
/// [`Origin::File`] can name it: one copy of each ever asked for, and
/// only when a value is read from a file (or its variable has a problem).
/// Names come from the registry and the derive, so there are few.
pub(super) fn file_var(name: &str) -> &'static str {
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    let found = names
        .iter()
        .find(|known| known.len() == name.len() + FILE_SUFFIX.len() && known.starts_with(name));
    if let Some(found) = found {
        return found;
    }
    let made: &'static str = Box::leak(format!("{name}{FILE_SUFFIX}").into_boxed_str());
    names.push(made);
    made
}

/// The value the load read for the setting named `name`, with the variable
/// it came from (a refused secret too: one problem must not hide another).
pub(super) fn read_value<'a>(slots: &'a [Slot], name: &str) -> Option<(&'static str, &'a Value)> {
    let slot = slots.iter().find(|slot| {
        slot.setting
            .is_some_and(|setting| crate::registry::same_name(setting.name, name))
    })?;
    let refused = slot
        .refused
        .as_ref()
        .filter(|value| matches!(value, Value::Secret(_)));
    let value = slot.value.as_ref().or(refused)?;
    Some((slot.var, value))
}

pub(super) enum Read<'a> {
    Unset,
    Set(Cow<'a, str>),
    NotUnicode,
}

/// Reads `name`; empty or whitespace-only counts as unset.
pub(super) fn read<'a, S: Source + ?Sized>(source: &'a S, name: &str) -> Read<'a> {
    match source.var(name) {
        Ok(Some(value)) if !crate::lexical::blank(&value) => Read::Set(value),
        Ok(_) => Read::Unset,
        Err(_) => Read::NotUnicode,
    }
}
