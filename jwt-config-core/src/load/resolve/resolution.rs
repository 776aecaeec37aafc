//! What the derive's generated code takes a struct's fields from: the
//! values of a load that had no problem, with the fields that could not hold
//! theirs.

use std::borrow::Cow;

use crate::environment::NamedEnvironment;
use crate::field::FieldType;
use crate::load::error::{LoadError, Problem, ProblemKind};
use crate::load::loaded::UnseenValue;
use crate::load::loaded::{Loaded, Origin, Warning};
use crate::registry::Setting;
use crate::value::Value;

#[doc(hidden)]
/// The resolved fields of a load whose values had no problem: taken into
/// a struct with [`Resolution::take`], then checked and wrapped by
/// [`Resolution::finish`], which fails when a field could not hold its value.
#[derive(Debug)]
#[must_use = "take each field, then call `finish`: it reports the fields that could not hold their values"]
pub struct Resolution {
    /// The service's name: borrowed from the derive, which names it in a literal.
    pub(super) service: Cow<'static, str>,
    pub(super) env: NamedEnvironment,
    pub(super) slots: Vec<Slot>,
    pub(super) warnings: Vec<Warning>,
    /// Fields whose type could not hold their value, as [`Resolution::take`]
    /// found them.
    pub(super) misfits: Vec<Problem>,
}

impl Resolution {
    /// Takes the value of field `index` (in the order given to [`resolve`])
    /// as `T`. A second take of one field finds it empty.
    ///
    /// A value `T` cannot hold (a `u16` above 65,535, no value for a type
    /// that is not an `Option`) gives [`FieldType::stand_in`] and makes
    /// [`Resolution::finish`] fail: a struct is built from every field
    /// before the load fails, so that the code building it has no early
    /// return, and the load reports every field that does not fit. So a
    /// taken value means nothing until `finish` returns `Ok`: pass it to
    /// `finish`, never use it before.
    pub fn take<T: FieldType>(&mut self, index: usize) -> T {
        let value = self.slots.get_mut(index).and_then(|slot| slot.value.take());
        let absent = value.is_none();
        T::from_value(value).unwrap_or_else(|| {
            self.misfit(index, std::any::type_name::<T>(), absent);
            T::stand_in()
        })
    }

    /// Records that field `index` cannot be held in a `ty` (having no value
    /// when `absent`): not generic, so compiled once in this crate.
    fn misfit(&mut self, index: usize, ty: &'static str, absent: bool) {
        let slot = self.slots.get(index);
        let var = slot.map_or("", |slot| slot.var);
        let (kind, fix) = if absent {
            let ty = crate::load::error::unqualified(ty);
            let fix = format!(
                "load {var} from a source that shows its value, or declare the field as `Option<{ty}>`"
            );
            (ProblemKind::NoValue { ty }, fix)
        } else {
            let setting = slot
                .and_then(|slot| slot.setting)
                .map_or(var, |setting| setting.name);
            (
                ProblemKind::FieldType { ty },
                format!(
                    "declare the field with a type that holds every value the registry allows {setting} (`u64` for a number)"
                ),
            )
        };
        let mut problem = Problem::new(var, Some(self.env), kind, fix);
        // Traced to its setting, as every problem of a load is.
        problem.setting = slot
            .and_then(|slot| slot.setting)
            .map(|setting| setting.name);
        self.misfits.push(problem);
    }

    /// Wraps the settings built from the taken values with their origins
    /// and warnings.
    ///
    /// # Errors
    ///
    /// Every field [`Resolution::take`] could not give its value: a
    /// [`ProblemKind::FieldType`] or [`ProblemKind::NoValue`] each. `value`,
    /// built with stand-ins, is dropped.
    pub fn finish<T>(self, value: T) -> Result<Loaded<T>, LoadError> {
        // Built here, not through a generic helper: this is instantiated
        // once per derived struct.
        let Loaded {
            value: (),
            environment,
            origins,
            warnings,
            files,
        } = self.into_loaded()?;
        Ok(Loaded {
            value,
            environment,
            origins,
            warnings,
            files,
        })
    }

    /// The load without its settings: not generic, so compiled once in
    /// this crate.
    fn into_loaded(self) -> Result<Loaded<()>, LoadError> {
        if !self.misfits.is_empty() {
            return Err(LoadError::new(
                Some(&self.service),
                Some(self.env),
                self.misfits,
            ));
        }
        let mut origins = Vec::with_capacity(self.slots.len());
        origins.extend(self.slots.iter().filter_map(Slot::named_origin));
        // Nothing to build unless a value was read from a file.
        let files = if self.slots.iter().any(|slot| slot.file.is_some()) {
            self.slots
                .into_iter()
                .filter_map(|slot| Some((slot.setting?.name, slot.file?)))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Loaded {
            value: (),
            environment: self.env,
            origins,
            warnings: self.warnings,
            files,
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct Slot {
    /// `None` for a field whose setting the registry does not know.
    pub(crate) setting: Option<&'static Setting>,
    /// The variable the value was read from (the canonical name for a default).
    pub(crate) var: &'static str,
    pub(crate) origin: Option<Origin>,
    pub(crate) value: Option<Value>,
    /// A value refused for its own sake (a secret too short, a lifetime out
    /// of bounds): a secret is still compared by the rules, and every such
    /// value by drift, so that one problem does not hide another. A secret
    /// is held as one; any other value as the text that was read.
    pub(crate) refused: Option<Value>,
    /// Set, but its value cannot be seen: held outside the deployment, or
    /// not valid UTF-8.
    pub(crate) unseen: Option<UnseenValue>,
    /// The value as the service wrote it, in its own unit or format, when
    /// it is not the setting's (`3600 seconds`, `` `7d` ``).
    pub(crate) written: Option<String>,
    /// The path of the file the value was read from ([`Origin::File`]).
    pub(crate) file: Option<String>,
    /// The source says the value is secret material
    /// ([`Source::secret_material`]): shown as a secret's, whatever the
    /// setting.
    pub(crate) material: bool,
}

impl Slot {
    /// The setting's name and where its value came from, when it has both.
    pub(super) fn named_origin(&self) -> Option<(&'static str, Origin)> {
        Some((self.setting?.name, self.origin?))
    }
}
