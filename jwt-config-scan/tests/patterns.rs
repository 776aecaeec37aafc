//! One small source file per pattern the scan reads, in each language:
//! the variable, the default, the line and how the value is reached.

use std::path::Path;

use jwt_config_core::registry;
use jwt_config_scan::__private::{Found, Via, found_in};

/// What the scan finds in `tests/patterns/<path>`: (var, default, line, via).
fn found(path: &str) -> Vec<(String, Option<String>, usize, Via)> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/patterns")
        .join(path);
    let source = std::fs::read_to_string(&file).unwrap();
    found_in(path, &source, registry::standard())
        .unwrap()
        .into_iter()
        .map(
            |Found {
                 var,
                 default,
                 line,
                 via,
                 ..
             }| (var, default.map(|d| d.text), line, via),
        )
        .collect()
}

fn one(
    var: &str,
    default: Option<&str>,
    line: usize,
    via: Via,
) -> Vec<(String, Option<String>, usize, Via)> {
    vec![(var.to_owned(), default.map(str::to_owned), line, via)]
}

#[test]
fn python_getenv() {
    assert_eq!(
        found("python/getenv.py"),
        one("JWT_SECRET_KEY", None, 3, Via::Env)
    );
}

#[test]
fn python_getenv_with_default() {
    assert_eq!(
        found("python/getenv_default.py"),
        one("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("15"), 3, Via::Env)
    );
}

#[test]
fn python_environ_get() {
    assert_eq!(
        found("python/environ_get.py"),
        one("JWT_ISSUER", Some("netra"), 3, Via::Env)
    );
}

#[test]
fn python_environ_subscript() {
    assert_eq!(
        found("python/environ_subscript.py"),
        one("JWT_SECRET", None, 3, Via::Env)
    );
}

#[test]
fn python_from_os_import() {
    let mut expected = one("JWT_AUDIENCE", Some("web"), 3, Via::Env);
    expected.extend(one("JWT_ALGORITHM", None, 4, Via::Env));
    assert_eq!(found("python/from_os_import.py"), expected);
}

#[test]
fn python_wrapper_get_env_reads_registry_names_only() {
    assert_eq!(
        found("python/wrapper_get_env.py"),
        one("JWT_ACCESS_EXPIRY_MINUTES", Some("15"), 3, Via::Wrapper)
    );
}

#[test]
fn python_wrapper_default_keyword() {
    assert_eq!(
        found("python/wrapper_config_default_kw.py"),
        one("JWT_LEEWAY_SECONDS", Some("30"), 3, Via::Wrapper)
    );
}

#[test]
fn python_hard_coded_constant_with_default_prefix() {
    assert_eq!(
        found("python/hard_coded_constant.py"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("30"),
            1,
            Via::HardCoded
        )
    );
}

#[test]
fn python_hard_coded_parameter_default() {
    assert_eq!(
        found("python/hard_coded_param.py"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("30"),
            2,
            Via::HardCoded
        )
    );
}

#[test]
fn python_hard_coded_class_field() {
    assert_eq!(
        found("python/hard_coded_field.py"),
        one("JWT_ISSUER", Some("netra"), 2, Via::HardCoded)
    );
}

#[test]
fn python_f_string_is_not_a_name() {
    assert_eq!(found("python/fstring_ignored.py"), []);
}

#[test]
fn python_any_name_read_from_the_environment_is_found() {
    let mut expected = one("APP_JWT_SECRET", Some("dev"), 3, Via::Env);
    expected.extend(one("DATABASE_URL", Some("sqlite://"), 4, Via::Env));
    assert_eq!(found("python/unknown_name.py"), expected);
}

#[test]
fn python_file_with_a_syntax_error_still_reports() {
    assert!(found("python/syntax_error.py").contains(&one("JWT_SECRET", None, 6, Via::Env)[0]));
}

#[test]
fn ts_dot() {
    assert_eq!(found("ts/dot.ts"), one("JWT_SECRET_KEY", None, 1, Via::Env));
}

#[test]
fn ts_bracket() {
    assert_eq!(found("ts/bracket.ts"), one("JWT_ISSUER", None, 1, Via::Env));
}

#[test]
fn ts_nullish_default() {
    assert_eq!(
        found("ts/nullish.ts"),
        one("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("15"), 1, Via::Env)
    );
}

#[test]
fn ts_or_default() {
    assert_eq!(
        found("ts/or_default.ts"),
        one("JWT_AUDIENCE", Some("web"), 1, Via::Env)
    );
}

#[test]
fn ts_wrapper() {
    assert_eq!(
        found("ts/wrapper.ts"),
        one("JWT_LEEWAY_SECONDS", Some("30"), 3, Via::Wrapper)
    );
}

#[test]
fn ts_hard_coded_const() {
    assert_eq!(
        found("ts/const_hard_coded.ts"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("30"),
            1,
            Via::HardCoded
        )
    );
}

#[test]
fn ts_hard_coded_class_field_in_camel_case() {
    assert_eq!(
        found("ts/class_field.ts"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("30"),
            2,
            Via::HardCoded
        )
    );
}

#[test]
fn ts_hard_coded_parameter_default() {
    assert_eq!(
        found("ts/param_default.ts"),
        one("JWT_ISSUER", Some("netra"), 1, Via::HardCoded)
    );
}

#[test]
fn jsx_is_parsed_with_the_tsx_grammar() {
    assert_eq!(
        found("ts/jsx_parsed_as_tsx.jsx"),
        one("JWT_SECRET", Some("dev"), 1, Via::Env)
    );
}

#[test]
fn commonjs_template_default() {
    assert_eq!(
        found("ts/commonjs.cjs"),
        one("JWT_ALGORITHM", Some("RS256"), 1, Via::Env)
    );
}

#[test]
fn a_file_of_another_language_is_not_read() {
    assert!(found_in("main.go", "package main", registry::standard()).is_none());
}
