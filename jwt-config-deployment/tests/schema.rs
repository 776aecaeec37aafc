//! The shape of the JSON documents tools read, held: every key path with
//! the JSON type at it, over the bundled deployments, against
//! `tests/schema/*.txt`. A field that goes away or changes its type fails
//! here; raise `SCHEMA_VERSION` if it changes meaning or goes away, then
//! bless with `JWT_CONFIG_BLESS=1 cargo test -p jwt-config-deployment --test
//! schema`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jwt_config_deployment::{Check, SCHEMA_VERSION};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `path: type` of `value`, arrays as `[]`.
fn shape(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(items) => {
            for item in items {
                shape(item, &format!("{path}[]"), out);
            }
            "array"
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                shape(field, &format!("{path}.{key}"), out);
            }
            "object"
        }
    };
    out.insert(format!("{path}: {kind}"));
}

/// `shape` against the file `name`, or written there when blessing.
fn hold(name: &str, shape: &BTreeSet<String>) {
    let file = root().join("jwt-config-deployment/tests/schema").join(name);
    let text: String = shape.iter().map(|line| format!("{line}\n")).collect();
    if std::env::var_os("JWT_CONFIG_BLESS").is_some() {
        std::fs::write(&file, &text).unwrap();
        return;
    }
    let held = std::fs::read_to_string(&file).unwrap_or_default();
    let held: BTreeSet<&str> = held.lines().collect();
    let now: BTreeSet<&str> = text.lines().collect();
    let gone: Vec<&&str> = held.difference(&now).collect();
    let new: Vec<&&str> = now.difference(&held).collect();
    assert!(
        gone.is_empty() && new.is_empty(),
        "the JSON shape of {name} changed (schema_version {SCHEMA_VERSION}).\n\
         gone: {gone:#?}\nnew: {new:#?}\n\
         A field that goes away or changes meaning raises SCHEMA_VERSION; then \
         JWT_CONFIG_BLESS=1 cargo test -p jwt-config-deployment --test schema"
    );
}

#[test]
fn the_check_report_keeps_its_shape() {
    let mut paths = BTreeSet::new();
    for dir in [
        "examples/deploy/drifted",
        "examples/deploy/consistent",
        "examples/compose/drifted",
        "examples/compose/own-names",
        "examples/kubernetes/drifted",
        "examples/org/deploy",
        // Values from files, unseen values, loaders that disagree.
        "jwt-config-cli/tests/fixtures/compose/file-secrets",
        "jwt-config-cli/tests/fixtures/compose/file-secrets-not-mounted",
        "jwt-config-cli/tests/fixtures/compose/key-paths-not-mounted",
        "jwt-config-cli/tests/fixtures/kubernetes/file-secrets",
        "jwt-config-cli/tests/fixtures/kubernetes/key-paths-rotated",
        "jwt-config-cli/tests/fixtures/dotenv/loaders-disagree",
    ] {
        let report = Check::new(root().join(dir)).run().unwrap();
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["schema_version"], SCHEMA_VERSION, "{dir}");
        shape(&json, "", &mut paths);
    }
    hold("report.txt", &paths);
}

#[test]
fn the_sarif_log_keeps_its_shape() {
    let mut paths = BTreeSet::new();
    for dir in ["examples/deploy/drifted", "examples/compose/own-names"] {
        let report = Check::new(root().join(dir)).run().unwrap();
        shape(&report.sarif(), "", &mut paths);
    }
    hold("sarif.txt", &paths);
}

#[test]
fn the_registry_keeps_its_shape() {
    let registry = jwt_config_core::registry::standard();
    let mut paths = BTreeSet::new();
    shape(&serde_json::to_value(registry).unwrap(), "", &mut paths);
    hold("registry.txt", &paths);
}
