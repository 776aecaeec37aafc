//! The derive input as a borrowed model that keeps the original syntax, so
//! that every later error can point at it.

use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr;
use crate::ctxt::Ctxt;

pub struct Input<'a> {
    pub ident: &'a Ident,
    pub attrs: attr::Container,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: attr::Field,
}

impl<'a> Input<'a> {
    /// The model of `input`. When it is not a struct with named fields, the
    /// error is in `cx` and the model has no fields.
    pub fn from_syn(cx: &mut Ctxt, input: &'a DeriveInput) -> Input<'a> {
        let attrs = attr::Container::from_attrs(cx, &input.attrs);
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "JwtSettings cannot be derived for a generic struct: a settings struct holds concrete setting types",
            );
        }
        let mut model = Input {
            ident: &input.ident,
            attrs,
            fields: Vec::new(),
        };
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                _ => {
                    cx.error_spanned_by(
                        &input.ident,
                        "JwtSettings needs a struct with named fields, one field per setting",
                    );
                    return model;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "JwtSettings can be derived for a struct with named fields, not an enum",
                );
                return model;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "JwtSettings can be derived for a struct with named fields, not a union",
                );
                return model;
            }
        };
        model.fields = named
            .named
            .iter()
            .filter_map(|field| {
                Some(Field {
                    ident: field.ident.as_ref()?,
                    ty: &field.ty,
                    attrs: attr::Field::from_attrs(cx, &field.attrs),
                })
            })
            .collect();
        model
    }
}
