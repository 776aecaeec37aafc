//! Reads `#[jwt(...)]` attributes, keeping every value's literal and span so
//! that later errors point at what the user wrote.

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::{Attribute, Ident, LitStr, Path, Token};

use crate::ctxt::Ctxt;
use crate::symbol::{
    ALIAS, CRATE, DEFAULT, JWT, REGISTRY, REQUIRED, REQUIRED_IN, SERVICE, SKIP, Symbol, VAR,
};

/// `#[jwt(service = "...", crate = "...", registry = "...")]` on the struct.
#[derive(Default)]
pub struct Container {
    pub service: Option<LitStr>,
    pub krate: Option<Path>,
    /// A registry file, relative to the source file (as `include_str!`).
    pub registry: Option<LitStr>,
}

/// `#[jwt(var = "...", alias = "...", required, required_in(...))]` on a field.
#[derive(Default)]
pub struct Field {
    pub var: Option<LitStr>,
    pub aliases: Vec<LitStr>,
    pub required: Option<Span>,
    /// Each environment as written.
    pub required_in: Vec<Ident>,
    /// The span of a `required_in` list, to point at it as a whole.
    pub required_in_span: Option<Span>,
    /// The `default` key, refused in validation with a reason.
    pub default: Option<Path>,
    /// `skip`: the field is not a setting and is filled with `Default`.
    pub skip: Option<Span>,
}

impl Container {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> Container {
        let mut container = Container::default();
        each_jwt_meta(cx, attrs, |cx, meta| {
            if meta.path == SERVICE {
                let lit: LitStr = meta.value()?.parse()?;
                set_once(cx, &meta, SERVICE, &mut container.service, lit);
            } else if meta.path == CRATE {
                let lit: LitStr = meta.value()?.parse()?;
                match lit.parse::<Path>() {
                        Ok(path) => set_once(cx, &meta, CRATE, &mut container.krate, path),
                        Err(_) => cx.error_spanned_by(
                            &lit,
                            format!("`crate = {:?}` is not a path, expected something like `crate = \"my_crate::jwt_config\"`", lit.value()),
                        ),
                    }
            } else if meta.path == REGISTRY {
                let lit: LitStr = meta.value()?.parse()?;
                set_once(cx, &meta, REGISTRY, &mut container.registry, lit);
            } else {
                cx.syn_error(meta.error(format!(
                    "unknown jwt struct attribute `{}`, expected `service`, `crate` or `registry`",
                    path_text(&meta.path)
                )));
                skip_value(&meta)?;
            }
            Ok(())
        });
        container
    }
}

impl Field {
    pub fn from_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> Field {
        let mut field = Field::default();
        each_jwt_meta(cx, attrs, |cx, meta| {
            if meta.path == VAR {
                let lit: LitStr = meta.value()?.parse()?;
                set_once(cx, &meta, VAR, &mut field.var, lit);
            } else if meta.path == ALIAS {
                field.aliases.push(meta.value()?.parse()?);
            } else if meta.path == REQUIRED {
                let span = meta
                    .path
                    .get_ident()
                    .map_or_else(Span::call_site, Ident::span);
                set_once(cx, &meta, REQUIRED, &mut field.required, span);
            } else if meta.path == REQUIRED_IN {
                if field.required_in_span.is_some() {
                    cx.syn_error(meta.error("duplicate jwt attribute `required_in`, list every environment in one `required_in(...)`"));
                }
                field.required_in_span = meta.path.get_ident().map(Ident::span);
                let content;
                syn::parenthesized!(content in meta.input);
                let envs = content.parse_terminated(Ident::parse, Token![,])?;
                field.required_in.extend(envs);
            } else if meta.path == DEFAULT {
                skip_value(&meta)?;
                field.default = Some(meta.path.clone());
            } else if meta.path == SKIP {
                let span = meta
                    .path
                    .get_ident()
                    .map_or_else(Span::call_site, Ident::span);
                set_once(cx, &meta, SKIP, &mut field.skip, span);
            } else {
                cx.syn_error(meta.error(format!(
                        "unknown jwt field attribute `{}`, expected one of `var`, `alias`, `required`, `required_in`, `skip`",
                        path_text(&meta.path)
                    )));
                skip_value(&meta)?;
            }
            Ok(())
        });
        field
    }
}

/// Calls `f` on each `key ...` of every `#[jwt(...)]` in `attrs`; a syntax
/// error ends that attribute and is reported, and the next one is read.
fn each_jwt_meta(
    cx: &mut Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(&mut Ctxt, ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path() == JWT) {
        if let Err(err) = attr.parse_nested_meta(|meta| f(cx, meta)) {
            cx.syn_error(err);
        }
    }
}

/// Stores `value` in `slot`, or reports the key as given twice.
fn set_once<T>(cx: &mut Ctxt, meta: &ParseNestedMeta, key: Symbol, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        cx.syn_error(meta.error(format!("duplicate jwt attribute `{key}`")));
    } else {
        *slot = Some(value);
    }
}

/// Consumes whatever follows a key (`= value` or `(...)`) up to the next comma,
/// so that parsing can go on after an error.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    let input = meta.input;
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

fn path_text(path: &Path) -> String {
    quote::quote!(#path).to_string().replace(' ', "")
}
