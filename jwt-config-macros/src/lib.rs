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

/// Derives `jwt_config::JwtSettings`. Depend on `jwt-config`, which
/// re-exports this derive beside the trait; its page there
/// (<https://docs.rs/jwt-config/latest/jwt_config/derive.JwtSettings.html>)
/// gives an example, every attribute and the compile errors.
#[proc_macro_derive(JwtSettings, attributes(jwt))]
pub fn derive_jwt_settings(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
