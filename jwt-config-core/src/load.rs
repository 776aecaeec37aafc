//! Loading a service's settings: the sources of variables ([`source`], the
//! `.env` reader [`dotenv`]), the resolver ([`resolve`]), the parsing of
//! each value ([`parse`]), what a load returns ([`loaded`]) and its
//! problems ([`error`]).

pub(crate) mod dotenv;
pub(crate) mod error;
pub(crate) mod loaded;
pub(crate) mod parse;
pub mod resolve;
pub(crate) mod source;
