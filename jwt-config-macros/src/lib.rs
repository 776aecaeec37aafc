//! `#[derive(JwtSettings)]` for [jwt-config](https://docs.rs/jwt-config).
//!
//! Use it through the `jwt-config` crate, which re-exports it beside the
//! trait of the same name. The derive checks every variable a struct names
//! against the registry of `jwt-config-core` while compiling, and generates
//! the code that resolves each field at run time.
//!
//! The modules follow the macro's three steps: `attr` and `ast` parse the
//! input, `valid` checks it against the registry, `expand` writes the impl.
//! Every error of a struct is collected in a `ctxt::Ctxt` and reported in
//! one compile.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod registry;
mod symbol;
mod track;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `jwt_config::JwtSettings`, validating every setting name against
/// the registry at compile time.
///
/// Struct attribute `#[jwt(...)]`: `service = "name"` (the struct's name in
/// snake case when left out), `crate = "path"` (where `jwt_config` is) and
/// `registry = "file.toml"` (a registry file, relative to the source file;
/// otherwise `JWT_CONFIG_REGISTRY`, otherwise the built-in table).
///
/// Field attribute `#[jwt(...)]`: `var = "CANONICAL_NAME"` (the field's
/// name upper-cased when left out), `alias = "LEGACY_NAME"` (repeatable),
/// `required`, `required_in(development, test, staging, production)` and
/// `skip` (not a setting: filled with `Default`).
#[proc_macro_derive(JwtSettings, attributes(jwt))]
pub fn derive_jwt_settings(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
