//! Comparing services: what a load saw ([`snapshot`]), secrets as keyed
//! fingerprints ([`fingerprint`]), and the drift between snapshots
//! ([`drift`]).

pub mod drift;
pub(crate) mod fingerprint;
pub mod snapshot;
