//! What the crate writes for people and programs: the registry as
//! documentation, and the serialized forms of problems, warnings and
//! snapshots.

pub mod docs;
#[cfg(feature = "runtime")]
pub(crate) mod json;
