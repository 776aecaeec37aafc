//! `deployment::check` follows the registry `JWT_CONFIG_REGISTRY` names, as
//! the command does (cargo passes a `.cargo/config.toml`'s `[env]` to a
//! test). Its own process: the variable is the process's.

use std::path::Path;

#[test]
fn a_check_follows_the_registry_the_variable_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = root.join("examples/deploy/consistent");
    let built_in = jwt_config_deployment::check(&dir).unwrap();
    assert_eq!(built_in.registry.source, "built-in");
    let file = root.join("examples/org/jwt-config.toml");
    // SAFETY: this test binary runs this one test, on one thread.
    unsafe { std::env::set_var("JWT_CONFIG_REGISTRY", &file) };
    let report = jwt_config_deployment::check(&dir).unwrap();
    assert_ne!(report.registry.fingerprint, built_in.registry.fingerprint);
    assert!(
        report.registry.source.ends_with("jwt-config.toml"),
        "{}",
        report.registry.source
    );
}
