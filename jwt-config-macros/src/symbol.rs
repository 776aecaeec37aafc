//! The words of the `#[jwt(...)]` attribute, in one place.

use std::fmt;

use syn::{Ident, Path};

#[derive(Copy, Clone)]
pub struct Symbol(&'static str);

pub const JWT: Symbol = Symbol("jwt");
// struct attributes
pub const SERVICE: Symbol = Symbol("service");
pub const CRATE: Symbol = Symbol("crate");
pub const REGISTRY: Symbol = Symbol("registry");
// field attributes
pub const VAR: Symbol = Symbol("var");
pub const ALIAS: Symbol = Symbol("alias");
pub const REQUIRED: Symbol = Symbol("required");
pub const REQUIRED_IN: Symbol = Symbol("required_in");
pub const SKIP: Symbol = Symbol("skip");
/// Not accepted: recognised so that the error can say where defaults live.
pub const DEFAULT: Symbol = Symbol("default");

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
