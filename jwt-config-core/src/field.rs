//! The types a settings field may have, per kind of setting.
//!
//! `#[derive(JwtSettings)]` requires each field's type to implement the
//! trait of its setting's kind (a secret field must be [`SecretField`], and
//! so on), so that a wrong type fails to compile with a message saying which
//! type to use. [`FieldType`] turns a resolved [`Value`] into the field.

use std::time::Duration;

use secrecy::SecretString;

use crate::algorithm::Algorithm;
use crate::environment::{Environment, NamedEnvironment};
use crate::registry::{Kind, Registry, Setting, Unit};
use crate::value::Value;

/// A type a settings field may have: built from the resolved value, or from
/// its absence.
pub trait FieldType: Sized {
    /// The field from the setting's value (`None` when it has none); `None`
    /// when the value does not fit the type.
    fn from_value(value: Option<Value>) -> Option<Self>;

    /// A value of the type for a field whose value does not fit: what
    /// [`Resolution::take`](crate::__private::Resolution::take) gives it, so
    /// that every field of a struct is taken before the load fails with
    /// each misfit. The failed load drops the struct unreturned (a `Drop`
    /// of the struct runs on it). Cheap, never panicking, never a secret:
    /// `Option`'s is `None`, a number's `0`, a `SecretString`'s empty.
    fn stand_in() -> Self;

    /// The field's value as a value of `setting`; `None` when it has none,
    /// or when the type does not fit the setting's kind.
    fn to_value(&self, setting: &Setting) -> Option<Value>;
}

#[doc(hidden)]
/// The value of `field`, which holds the setting named `name` of `registry`.
pub fn field_value<T: FieldValue + ?Sized>(
    field: &T,
    registry: &Registry,
    name: &str,
) -> Option<Value> {
    field.field_value(registry.get(name)?)
}

#[doc(hidden)]
/// [`FieldType::to_value`] behind `dyn`: what [`values`] takes, so that a
/// derived struct's `values()` is one call with its fields' references, not
/// a generic call per field.
pub trait FieldValue {
    /// The field's value as a value of `setting` (see [`FieldType::to_value`]).
    fn field_value(&self, setting: &Setting) -> Option<Value>;
}

impl<T: FieldType> FieldValue for T {
    fn field_value(&self, setting: &Setting) -> Option<Value> {
        self.to_value(setting)
    }
}

#[doc(hidden)]
/// Each of `fields`, a setting's canonical name with the field that holds
/// it, with the field's value: what a derived struct's `values()` returns.
///
/// ```
/// use jwt_config::{field, registry, Value};
/// use std::time::Duration;
///
/// let access = Duration::from_secs(15 * 60);
/// let values = field::values(
///     registry::standard(),
///     &[("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", &access), ("JWT_ISSUER", &None::<String>)],
/// );
/// assert_eq!(values[0].1.as_ref().and_then(Value::as_duration), Some(access));
/// assert_eq!(values[1].0, "JWT_ISSUER");
/// assert!(values[1].1.is_none(), "an unset issuer has no value");
/// ```
pub fn values(
    registry: &Registry,
    fields: &[(&'static str, &dyn FieldValue)],
) -> Vec<(&'static str, Option<Value>)> {
    fields
        .iter()
        .map(|&(name, field)| (name, field_value(field, registry, name)))
        .collect()
}

/// The unit of a duration setting.
fn unit_of(setting: &Setting) -> Option<Unit> {
    match setting.kind {
        Kind::Duration { unit, .. } => Some(unit),
        _ => None,
    }
}

/// `amount` as a value of `setting`: a duration in its unit, or an integer.
fn number(amount: u64, setting: &Setting) -> Option<Value> {
    match setting.kind {
        Kind::Integer { .. } => Some(Value::Integer(amount)),
        _ => Some(Value::Duration {
            amount,
            unit: unit_of(setting)?,
        }),
    }
}

/// A type that can hold a secret setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a secret setting",
    label = "a secret must be held in `SecretString`",
    note = "declare the field as `jwt_config::SecretString` (or `Option<SecretString>`), which keeps the value out of `Debug` and logs"
)]
pub trait SecretField: FieldType {}

/// A type that can hold a duration setting (minutes, days or seconds).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a duration setting",
    label = "declare this field as `std::time::Duration`, `u64` or `u32`",
    note = "a `Duration` converts the unit for you; a number counts the unit in the setting's name"
)]
pub trait DurationField: FieldType {}

/// A type that can hold a text setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a text setting",
    label = "declare this field as `String`"
)]
pub trait TextField: FieldType {}

/// A type that can hold a comma-separated text list setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a text list setting",
    label = "declare this field as `Vec<String>`"
)]
pub trait TextListField: FieldType {}

/// A type that can hold a flag setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a flag setting",
    label = "declare this field as `bool`"
)]
pub trait FlagField: FieldType {}

/// A type that can hold an algorithm setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an algorithm setting",
    label = "declare this field as `jwt_config::Algorithm`"
)]
pub trait AlgorithmField: FieldType {}

/// A type that can hold an integer setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an integer setting",
    label = "declare this field as `u64`, `u32` or `u16`"
)]
pub trait IntegerField: FieldType {}

/// A type that can hold a URL setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a URL setting",
    label = "declare this field as `String`"
)]
pub trait UrlField: FieldType {}

/// A type that can hold an environment setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an environment setting",
    label = "declare this field as `jwt_config::Environment`, or `jwt_config::NamedEnvironment` to keep an organisation's name (`qa`)"
)]
pub trait EnvironmentField: FieldType {}

// Written out rather than generated, so that a compile error listing the
// types that hold a kind shows these lines, not a macro's insides.
impl SecretField for SecretString {}
impl SecretField for Option<SecretString> {}
impl DurationField for Duration {}
impl DurationField for Option<Duration> {}
impl DurationField for u64 {}
impl DurationField for Option<u64> {}
impl DurationField for u32 {}
impl DurationField for Option<u32> {}
impl TextField for String {}
impl TextField for Option<String> {}
impl TextListField for Vec<String> {}
impl TextListField for Option<Vec<String>> {}
impl FlagField for bool {}
impl FlagField for Option<bool> {}
impl AlgorithmField for Algorithm {}
impl AlgorithmField for Option<Algorithm> {}
impl IntegerField for u64 {}
impl IntegerField for Option<u64> {}
impl IntegerField for u32 {}
impl IntegerField for Option<u32> {}
impl IntegerField for u16 {}
impl IntegerField for Option<u16> {}
impl UrlField for String {}
impl UrlField for Option<String> {}
impl EnvironmentField for Environment {}
impl EnvironmentField for Option<Environment> {}
impl EnvironmentField for NamedEnvironment {}
impl EnvironmentField for Option<NamedEnvironment> {}

/// Implements [`FieldType`] for `$ty` and `Option<$ty>`, with `$convert`
/// turning a [`Value`] into `Option<$ty>`, `$back` the field into a value,
/// and `$stand_in` the type's stand-in.
macro_rules! field_types {
    ($($ty:ty => $convert:expr, $back:expr, $stand_in:expr;)*) => {$(
        impl FieldType for $ty {
            fn from_value(value: Option<Value>) -> Option<Self> {
                let convert: fn(Value) -> Option<$ty> = $convert;
                convert(value?)
            }

            fn stand_in() -> Self {
                $stand_in
            }

            fn to_value(&self, setting: &Setting) -> Option<Value> {
                let back: fn(&$ty, &Setting) -> Option<Value> = $back;
                back(self, setting)
            }
        }

        impl FieldType for Option<$ty> {
            fn from_value(value: Option<Value>) -> Option<Self> {
                let convert: fn(Value) -> Option<$ty> = $convert;
                match value {
                    None => Some(None),
                    Some(value) => convert(value).map(Some),
                }
            }

            fn stand_in() -> Self {
                None
            }

            fn to_value(&self, setting: &Setting) -> Option<Value> {
                self.as_ref()?.to_value(setting)
            }
        }
    )*};
}

field_types! {
    SecretString => |value| match value {
        Value::Secret(secret) => Some(secret),
        _ => None,
    }, |secret, setting| setting.is_secret().then(|| Value::secret(setting, secrecy::ExposeSecret::expose_secret(secret))),
        SecretString::default();
    Duration => |value| value.as_duration(), |duration, setting| {
        let unit = unit_of(setting)?;
        Some(Value::Duration { amount: duration.as_secs() / unit.seconds(), unit })
    }, Duration::ZERO;
    u64 => |value| match value {
        Value::Duration { amount, .. } | Value::Integer(amount) => Some(amount),
        _ => None,
    }, |amount, setting| number(*amount, setting), 0;
    u32 => |value| match value {
        Value::Duration { amount, .. } | Value::Integer(amount) => u32::try_from(amount).ok(),
        _ => None,
    }, |amount, setting| number(u64::from(*amount), setting), 0;
    u16 => |value| match value {
        Value::Integer(amount) => u16::try_from(amount).ok(),
        _ => None,
    }, |amount, setting| number(u64::from(*amount), setting), 0;
    String => |value| match value {
        Value::Text(text) | Value::Url(text) => Some(text),
        _ => None,
    }, |text, setting| match setting.kind {
        Kind::Url => Some(Value::Url(text.clone())),
        _ => Some(Value::Text(text.clone())),
    }, String::new();
    Vec<String> => |value| match value {
        Value::TextList(items) => Some(items),
        _ => None,
    }, |items, _| Some(Value::TextList(items.clone())), Vec::new();
    bool => |value| match value {
        Value::Flag(flag) => Some(flag),
        _ => None,
    }, |flag, _| Some(Value::Flag(*flag)), false;
    Algorithm => |value| match value {
        Value::Algorithm(algorithm) => Some(algorithm),
        _ => None,
    }, |algorithm, _| Some(Value::Algorithm(*algorithm)), Algorithm::HS256;
    Environment => |value| match value {
        Value::Environment(env) => Some(env.follows),
        _ => None,
    }, |env, _| Some(Value::Environment((*env).into())), Environment::Development;
    NamedEnvironment => |value| match value {
        Value::Environment(env) => Some(env),
        _ => None,
    }, |env, _| Some(Value::Environment(*env)), Environment::Development.into();
}
