//! Comparing services: a deployment check of one service ([`check`]), what
//! a load saw as a [`snapshot`], and the drift between snapshots
//! ([`drift`]).

pub(crate) mod check;
pub mod drift;
pub mod snapshot;
