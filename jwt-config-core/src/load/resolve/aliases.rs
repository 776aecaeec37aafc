//! Legacy names: read, retired, compared with the name read first, or set
//! but ignored.

use secrecy::SecretString;

use crate::load::error::ProblemKind;
use crate::load::loaded::WarningKind;
use crate::load::parse;
use crate::load::source::Source;
use crate::registry::Setting;

use super::FieldSpec;
use super::engine::Load;
use super::reads::{Read, read};

/// The registered aliases of `setting` that `field` declares, in the
/// field's order of preference.
pub(super) fn declared_aliases<'f>(
    setting: &'static Setting,
    field: &'f FieldSpec<'_>,
) -> impl Iterator<Item = &'static str> + 'f {
    field.aliases.iter().filter_map(move |declared| {
        setting
            .aliases
            .iter()
            .find(|alias| alias.name == *declared)
            .map(|alias| alias.name)
    })
}

impl<'s, 'f, S: Source + ?Sized> Load<'_, 's, 'f, S> {
    /// The value was read through the legacy name `alias`: a warning, or a
    /// problem where the registry retires the alias.
    pub(super) fn read_alias(&mut self, setting: &'static Setting, alias: &'static str) {
        let denied = setting
            .aliases
            .iter()
            .any(|a| a.name == alias && a.is_denied_in(self.env.follows));
        if denied {
            let name = setting.name;
            self.problem(
                alias,
                ProblemKind::DeniedAlias {
                    setting: name.to_owned(),
                },
                format!("rename {alias} to {name}"),
            );
        } else {
            self.warn(alias, setting, WarningKind::DeprecatedAlias);
        }
    }

    /// `name` is set beside `first`, which was read: equal is a warning,
    /// different a conflict.
    pub(super) fn compare_alias(
        &mut self,
        setting: &'static Setting,
        first: &str,
        first_value: &str,
        name: &'static str,
        value: &str,
    ) {
        let equal = if setting.is_secret() {
            // Compared as held: a PEM key with and without its final line
            // break is one key.
            let held = |text| SecretString::from(crate::value::held_secret(setting, text));
            parse::same_secret(&held(first_value), &held(value))
        } else {
            first_value.trim() == value.trim()
        };
        if equal {
            self.warn(name, setting, WarningKind::AliasAlsoSet);
            return;
        }
        let values = (!setting.is_secret())
            .then(|| (value.trim().to_owned(), first_value.trim().to_owned()));
        self.problem(
            name,
            ProblemKind::Conflict {
                other: first.to_owned(),
                values,
            },
            if first == setting.name {
                format!("remove {name} and keep {first}")
            } else {
                format!("remove {name}, then rename {first} to {}", setting.name)
            },
        );
    }

    /// Registered aliases of `setting` that are set but not read by `field`.
    ///
    /// A name the load reads as a field's own variable is never one: a
    /// declared service that reads `JWT_SECRET` as its own name for a
    /// setting reads it, whatever the registry calls it elsewhere.
    ///
    /// Borrows the source alone, not the load, so that the caller may warn
    /// as it goes rather than collect them first.
    pub(super) fn ignored_aliases<'a>(
        &self,
        setting: &'static Setting,
        field: &'a FieldSpec<'_>,
    ) -> impl Iterator<Item = &'static str> + use<'a, 's, 'f, S> {
        let source = self.source;
        let fields = self.fields;
        setting
            .aliases
            .iter()
            .map(|alias| alias.name)
            .filter(move |alias| {
                !field.aliases.contains(alias)
                    && !fields.iter().any(|field| field.var == Some(*alias))
                    && matches!(read(source, alias), Read::Set(_))
            })
    }

    /// The canonical name of `setting`, set beside the service's own name
    /// `own` for it, is not read: a warning, as an unread alias is one.
    pub(super) fn warn_unread_canonical(&mut self, setting: &'static Setting, own: &'static str) {
        let read_elsewhere = self
            .fields
            .iter()
            .any(|field| field.var == Some(setting.name));
        if own != setting.name
            && !read_elsewhere
            && matches!(read(self.source, setting.name), Read::Set(_))
        {
            self.warn(
                setting.name,
                setting,
                WarningKind::CanonicalUnread { read_as: own },
            );
        }
    }

    pub(super) fn warn_ignored_aliases(
        &mut self,
        setting: &'static Setting,
        field: &FieldSpec<'_>,
    ) {
        for alias in self.ignored_aliases(setting, field) {
            self.warn(alias, setting, WarningKind::IgnoredAlias);
        }
    }
}
