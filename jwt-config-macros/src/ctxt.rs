//! Collects every error of one derive so that a single compile shows them all.

use std::fmt::Display;

use quote::ToTokens;

/// The errors found so far. Must be turned into a result with
/// [`Ctxt::check`]; dropping it unchecked is a bug in the macro.
#[derive(Default)]
pub struct Ctxt {
    errors: Option<syn::Error>,
    checked: bool,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt::default()
    }

    /// Adds an error pointing at `tokens`.
    pub fn error_spanned_by<T: ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Adds an error produced by syn.
    pub fn syn_error(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    /// Every error as one, if any.
    pub fn check(mut self) -> Result<(), syn::Error> {
        self.checked = true;
        match self.errors.take() {
            Some(errors) => Err(errors),
            None => Ok(()),
        }
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !self.checked && !std::thread::panicking() {
            panic!("jwt-config-macros: Ctxt dropped without check()");
        }
    }
}
