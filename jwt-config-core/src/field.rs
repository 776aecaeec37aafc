//! The types a settings field may have, per kind of setting.
//!
//! `#[derive(JwtSettings)]` requires each field's type to implement the
//! trait of its setting's kind (a secret field must be [`SecretField`], and
//! so on), so that a wrong type fails to compile with a message saying which
//! type to use. [`FieldType`] turns a resolved [`Value`] into the field.

use std::time::Duration;

use secrecy::SecretString;

use crate::algorithm::Algorithm;
use crate::environment::Environment;
use crate::value::Value;

/// A type a settings field may have: built from the resolved value, or from
/// its absence.
pub trait FieldType: Sized {
    /// The field from the setting's value (`None` when it has none); `None`
    /// when the value does not fit the type.
    fn from_value(value: Option<Value>) -> Option<Self>;
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

/// A type that can hold an environment setting.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an environment setting",
    label = "declare this field as `jwt_config::Environment`"
)]
pub trait EnvironmentField: FieldType {}

/// Implements `$kind` and [`FieldType`] for `$ty` and `Option<$ty>`, with
/// `$convert` turning a [`Value`] into `Option<$ty>`.
macro_rules! field_types {
    ($($kind:ident for $ty:ty => $convert:expr;)*) => {$(
        impl $kind for $ty {}
        impl $kind for Option<$ty> {}

        impl FieldType for $ty {
            fn from_value(value: Option<Value>) -> Option<Self> {
                let convert: fn(Value) -> Option<$ty> = $convert;
                convert(value?)
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
        }
    )*};
}

field_types! {
    SecretField for SecretString => |value| match value {
        Value::Secret(secret) => Some(secret),
        _ => None,
    };
    DurationField for Duration => |value| value.as_duration();
    DurationField for u64 => |value| match value {
        Value::Duration { amount, .. } => Some(amount),
        _ => None,
    };
    DurationField for u32 => |value| match value {
        Value::Duration { amount, .. } => u32::try_from(amount).ok(),
        _ => None,
    };
    TextField for String => |value| match value {
        Value::Text(text) => Some(text),
        _ => None,
    };
    TextListField for Vec<String> => |value| match value {
        Value::TextList(items) => Some(items),
        _ => None,
    };
    FlagField for bool => |value| match value {
        Value::Flag(flag) => Some(flag),
        _ => None,
    };
    AlgorithmField for Algorithm => |value| match value {
        Value::Algorithm(algorithm) => Some(algorithm),
        _ => None,
    };
    EnvironmentField for Environment => |value| match value {
        Value::Environment(env) => Some(env),
        _ => None,
    };
}
