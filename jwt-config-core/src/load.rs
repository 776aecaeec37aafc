//! Loading a service's settings: the sources of variables ([`source`], the
//! `.env` reader [`dotenv`]), the resolver ([`resolve`]), the values it
//! parses ([`value`]) , what a load
//! returns ([`loaded`], [`settings`]) and its problems ([`error`]).

pub(crate) mod dotenv;
pub(crate) mod error;
pub(crate) mod loaded;
pub(crate) mod parse;
pub mod resolve;
pub(crate) mod source;
