//! What makes a crate rebuild when its registry changes: an `option_env!`
//! of `JWT_CONFIG_REGISTRY` and an `include_bytes!` of the registry file.
//!
//! Cargo rebuilds a crate when anything one of its items tracks changes, so
//! each is emitted by the first derive that needs it, not by every derive:
//! fifty structs would otherwise embed fifty copies of the file (some 4% of
//! such a crate's build). The compiler loads the macro into the process
//! that compiles one crate and runs every derive of the crate there on
//! every build, so the first derive's items are always there. An editor's
//! long-lived macro server sees them once for all its crates, which costs
//! nothing: rebuilding is cargo's business, not the editor's.

use std::collections::BTreeSet;
use std::sync::Mutex;

/// `items` (tracking items, as text) the first time this process asks for
/// them, then nothing.
pub fn once(items: String) -> String {
    static EMITTED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let first = match EMITTED.lock() {
        Ok(mut emitted) => emitted.insert(items.clone()),
        // Emitting them again is always correct.
        Err(_) => true,
    };
    if first { items } else { String::new() }
}

#[cfg(test)]
mod tests {
    use super::once;

    #[test]
    fn each_tracking_is_emitted_by_the_first_derive_only() {
        let file = "const _: &[u8] = include_bytes!(\"/a/jwt-config.toml\");".to_owned();
        let other = "const _: &[u8] = include_bytes!(\"/b/jwt-config.toml\");".to_owned();
        assert_eq!(once(file.clone()), file);
        assert_eq!(once(file.clone()), "");
        assert_eq!(once(other.clone()), other, "another file is tracked too");
    }
}
