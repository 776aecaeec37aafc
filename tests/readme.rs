//! The README's settings table is generated from the registry: this test
//! fails when the two differ. To regenerate the table after changing the
//! registry: `JWT_CONFIG_BLESS=1 cargo test --test readme`.

use std::path::Path;

const START: &str = "<!-- settings:start (generated from the registry; JWT_CONFIG_BLESS=1 cargo test --test readme) -->\n";
const END: &str = "<!-- settings:end -->";

#[test]
fn the_readme_settings_table_is_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(START)
        .expect("README.md lacks the settings start marker")
        + START.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("README.md lacks the settings end marker");
    let generated = jwt_config::docs::markdown(jwt_config::registry::standard());
    if readme[start..end] == generated {
        return;
    }
    if std::env::var_os("JWT_CONFIG_BLESS").is_some() {
        let updated = format!("{}{generated}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "README.md's settings table differs from the registry; run `JWT_CONFIG_BLESS=1 cargo test --test readme`.\n\
         --- README.md\n{}\n--- registry\n{generated}",
        &readme[start..end]
    );
}

/// The registry file the README shows reads as it says.
#[test]
fn the_readme_registry_file_example_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find("```toml\nschema = 1")
        .expect("README.md shows a registry file")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let registry = jwt_config::registry::Registry::from_toml("README.md", &readme[start..end])
        .unwrap_or_else(|err| panic!("the README's registry file is refused:\n{err}"));
    assert_eq!(
        registry.environment("qa").map(|env| env.follows),
        Some(jwt_config::Environment::Staging)
    );
    assert!(registry.get("AUTH_JWT_SECRET").is_some());
}
