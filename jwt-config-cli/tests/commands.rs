//! The commands beside `check`: `registry` (and the global `--registry`),
//! `template`, `explain`, `init`, and usage errors.

mod common;

use std::path::Path;

use common::{Scratch, org, run};
use jwt_config::registry;
use jwt_config::{DotenvFile, Source};
use serde_json::Value;

#[test]
fn registry_markdown_is_the_readme_table_and_json_lists_every_setting() {
    let markdown = run(&["registry"]);
    assert_eq!(markdown.code, 0);
    assert_eq!(
        markdown.stdout,
        run(&["registry", "--format", "markdown"]).stdout
    );
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    assert!(
        readme.contains(&markdown.stdout),
        "the README's settings table differs from `jwt-config registry`"
    );

    let json = run(&["registry", "--format", "json"]);
    assert_eq!(json.code, 0);
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    let names: Vec<&str> = value["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = registry::standard().iter().map(|s| s.name).collect();
    assert_eq!(names, expected);
    assert_eq!(value["settings"][3]["default"]["staging"], "30");
    assert_eq!(value["settings"][1]["secret"], true);
}

#[test]
fn registry_is_a_global_option_and_the_built_in_table_is_the_default() {
    let file = org().join("jwt-config.toml");
    let file = file.to_str().unwrap();
    let before = run(&["--registry", file, "registry", "--format", "toml"]);
    let after = run(&["registry", "--format", "toml", "--registry", file]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert_eq!(before.stdout, after.stdout);
    let read = jwt_config::registry::Registry::from_toml("printed", &before.stdout).unwrap();
    assert!(read.get("AUTH_JWT_SECRET").is_some());

    let built_in = run(&["--registry", "builtin", "registry", "--format", "toml"]);
    assert_eq!(built_in.stdout, jwt_config::registry::STANDARD_TOML);
}

#[test]
fn a_broken_registry_file_exits_2_naming_every_problem_at_its_line() {
    let scratch = Scratch::new(
        "broken-registry",
        &[(
            "jwt-config.toml",
            "schema = 1\ncolour = 1\n[[setting]]\nname = \"X\"\nkind = \"sekret\"\n",
        )],
    );
    let path = scratch.0.join("jwt-config.toml");
    let out = run(&["registry", "--registry", path.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("(2 problems)"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("jwt-config.toml:2:1: unknown key `colour`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("jwt-config.toml:5:8: unknown kind `sekret`"),
        "{}",
        out.stderr
    );
}

#[test]
fn template_prints_a_valid_env_file_for_the_environment() {
    let run_ = run(&["template", "--env", "production"]);
    assert_eq!(run_.code, 0);
    let file = DotenvFile::parse("template.env", &run_.stdout).unwrap();
    assert_eq!(
        file.var("ENVIRONMENT").unwrap().as_deref(),
        Some("production")
    );
    assert!(
        run_.stdout.contains("\nSERVICE_SECRET=\n"),
        "{}",
        run_.stdout
    );
    assert!(run_.stdout.contains("at least 64 bytes"), "{}", run_.stdout);
    assert_eq!(run(&["template"]).code, 2, "--env is required");
}

#[test]
fn explain_tells_canonical_alias_and_unknown_apart() {
    let canonical = run(&["explain", "JWT_AUDIENCE"]);
    assert_eq!(canonical.code, 0);
    assert!(
        canonical.stdout.starts_with("JWT_AUDIENCE: "),
        "{}",
        canonical.stdout
    );
    let alias = run(&["explain", "JWT_REFRESH_EXPIRY_DAYS"]);
    assert_eq!(alias.code, 0);
    assert!(
        alias
            .stdout
            .contains("legacy alias of JWT_REFRESH_TOKEN_EXPIRE_DAYS"),
        "{}",
        alias.stdout
    );
    let unknown = run(&["explain", "JWT_ISUER"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("did you mean JWT_ISSUER?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn init_writes_a_starter_file_once() {
    let scratch = Scratch::new("init", &[]);
    let path = scratch.0.join("jwt-config.toml");
    let path = path.to_str().unwrap();
    assert_eq!(run(&["init", path]).code, 0);
    let written = std::fs::read_to_string(path).unwrap();
    assert!(jwt_config::registry::Registry::from_toml(path, &written).is_ok());
    let again = run(&["init", path]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(run(&["init", path, "--force"]).code, 0);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).code, 2);
    assert_eq!(run(&["check"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["registry", "--format", "yaml"]).code, 2);
}
