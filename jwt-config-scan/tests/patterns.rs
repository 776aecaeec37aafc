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
    assert!(found_in("Main.java", "class Main {}", registry::standard()).is_none());
}

/// Several findings, in line order.
fn all(expected: &[(&str, Option<&str>, usize, Via)]) -> Vec<(String, Option<String>, usize, Via)> {
    expected
        .iter()
        .flat_map(|(var, default, line, via)| one(var, *default, *line, *via))
        .collect()
}

#[test]
fn go_getenv() {
    assert_eq!(
        found("go/getenv.go"),
        one("JWT_SECRET_KEY", None, 6, Via::Env)
    );
}

#[test]
fn go_lookupenv() {
    assert_eq!(
        found("go/lookupenv.go"),
        one("JWT_ISSUER", None, 6, Via::Env)
    );
}

#[test]
fn go_any_name_read_from_the_environment_is_found() {
    assert_eq!(
        found("go/unknown_name.go"),
        all(&[
            ("APP_JWT_SECRET", None, 6, Via::Env),
            ("DATABASE_URL", None, 7, Via::Env),
        ])
    );
}

#[test]
fn go_wrapper_get_env_reads_registry_names_only() {
    assert_eq!(
        found("go/wrapper_get_env.go"),
        one("JWT_ACCESS_EXPIRY_MINUTES", Some("15"), 13, Via::Wrapper)
    );
}

#[test]
fn go_wrapper_duration_default_in_the_settings_unit() {
    // `15*time.Minute` for a setting counted in minutes is 15.
    assert_eq!(
        found("go/wrapper_duration.go"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("15"),
            7,
            Via::Wrapper
        )
    );
}

#[test]
fn go_hard_coded_const_in_camel_case() {
    assert_eq!(
        found("go/const_hard_coded.go"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("30"),
            3,
            Via::HardCoded
        )
    );
}

#[test]
fn go_hard_coded_const_block_with_initialisms_and_several_names() {
    assert_eq!(
        found("go/const_block.go"),
        all(&[
            ("JWT_ISSUER", Some("netra"), 5, Via::HardCoded),
            ("JWT_LEEWAY_SECONDS", Some("30"), 6, Via::HardCoded),
            (
                "JWT_SERVICE_TOKEN_EXPIRE_MINUTES",
                Some("1440"),
                7,
                Via::HardCoded
            ),
        ])
    );
}

#[test]
fn go_hard_coded_var_block_with_a_duration() {
    // `7 * 24 * time.Hour` for a setting counted in days is 7.
    assert_eq!(
        found("go/var_block.go"),
        all(&[
            ("JWT_ALGORITHM", Some("HS256"), 6, Via::HardCoded),
            (
                "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
                Some("7"),
                7,
                Via::HardCoded
            ),
        ])
    );
}

#[test]
fn go_hard_coded_short_variable_declaration() {
    assert_eq!(
        found("go/short_var.go"),
        one("JWT_SECRET", Some("changeme"), 4, Via::HardCoded)
    );
}

#[test]
fn go_struct_tag_env_with_env_default() {
    assert_eq!(
        found("go/struct_tag_env.go"),
        all(&[
            ("JWT_SECRET_KEY", None, 5, Via::Env),
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("15"), 6, Via::Env),
        ])
    );
}

#[test]
fn go_struct_tag_envconfig_with_default() {
    assert_eq!(
        found("go/struct_tag_envconfig.go"),
        all(&[
            ("JWT_ISSUER", Some("netra"), 5, Via::Env),
            ("JWT_LEEWAY_SECONDS", None, 6, Via::Env),
            ("JWT_AUDIENCE", None, 8, Via::Env),
        ])
    );
}

#[test]
fn go_struct_tag_default_option() {
    assert_eq!(
        found("go/struct_tag_default_option.go"),
        one("JWT_ALGORITHM", Some("RS256"), 5, Via::Env)
    );
}

#[test]
fn go_test_files_are_not_read() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patterns/go/config_test.go"),
    )
    .unwrap();
    assert!(found_in("config_test.go", &source, registry::standard()).is_none());
    // The same text in an ordinary file is read: only the name decides
    // (the constant; `t.Setenv` writes a variable).
    assert_eq!(
        found_in("config.go", &source, registry::standard())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn rust_std_env_var() {
    assert_eq!(
        found("rust/std_env_var.rs"),
        one("JWT_SECRET_KEY", None, 2, Via::Env)
    );
}

#[test]
fn rust_env_var_unwrap_or_into() {
    assert_eq!(
        found("rust/unwrap_or_into.rs"),
        one("JWT_ISSUER", Some("netra"), 4, Via::Env)
    );
}

#[test]
fn rust_env_var_unwrap_or_else_to_string() {
    assert_eq!(
        found("rust/unwrap_or_else_to_string.rs"),
        one("JWT_ALGORITHM", Some("HS256"), 4, Via::Env)
    );
}

#[test]
fn rust_env_var_unwrap_or_to_owned() {
    assert_eq!(
        found("rust/unwrap_or_to_owned.rs"),
        one("JWT_AUDIENCE", Some("web"), 4, Via::Env)
    );
}

#[test]
fn rust_env_var_unwrap_or_else_into() {
    assert_eq!(
        found("rust/unwrap_or_else_into.rs"),
        one("JWT_LEEWAY_SECONDS", Some("30"), 2, Via::Env)
    );
}

#[test]
fn rust_env_var_parsed_then_defaulted() {
    assert_eq!(
        found("rust/parsed_default.rs"),
        one("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("15"), 4, Via::Env)
    );
}

#[test]
fn rust_env_var_os() {
    assert_eq!(
        found("rust/var_os.rs"),
        one("JWT_SECRET", None, 4, Via::Env)
    );
}

#[test]
fn rust_dotenvy_var() {
    assert_eq!(
        found("rust/dotenvy_var.rs"),
        one("JWT_AUDIENCE", None, 3, Via::Env)
    );
}

#[test]
fn rust_env_macro() {
    // `ISSUER` stands for JWT_ISSUER, but its value is no literal.
    assert_eq!(
        found("rust/env_macro.rs"),
        one("JWT_ISSUER", None, 2, Via::Env)
    );
}

#[test]
fn rust_option_env_macro_with_default() {
    assert_eq!(
        found("rust/option_env_macro.rs"),
        one("JWT_ALGORITHM", Some("RS256"), 2, Via::Env)
    );
}

#[test]
fn rust_wrapper_reads_registry_names_only() {
    assert_eq!(
        found("rust/wrapper.rs"),
        one("JWT_ACCESS_EXPIRY_MINUTES", Some("15"), 5, Via::Wrapper)
    );
}

#[test]
fn rust_any_name_read_from_the_environment_is_found() {
    assert_eq!(
        found("rust/unknown_name.rs"),
        all(&[
            ("APP_JWT_SECRET", None, 3, Via::Env),
            ("DATABASE_URL", None, 4, Via::Env),
        ])
    );
}

#[test]
fn rust_hard_coded_const_and_static() {
    assert_eq!(
        found("rust/const_hard_coded.rs"),
        all(&[
            (
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                Some("30"),
                1,
                Via::HardCoded
            ),
            ("JWT_ISSUER", Some("netra"), 2, Via::HardCoded),
        ])
    );
}

#[test]
fn rust_hard_coded_duration_in_the_settings_unit() {
    // Seven days of seconds, for a setting counted in days, is 7.
    assert_eq!(
        found("rust/duration_const.rs"),
        one(
            "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
            Some("7"),
            3,
            Via::HardCoded
        )
    );
}

#[test]
fn rust_struct_deriving_jwt_settings_is_not_reported() {
    assert_eq!(found("rust/derive_jwt_settings.rs"), []);
}

#[test]
fn rust_test_only_code_is_not_read() {
    assert_eq!(
        found("rust/test_code_ignored.rs"),
        one("JWT_ISSUER", None, 2, Via::Env)
    );
}

#[test]
fn rust_reads_inside_macro_tokens() {
    // `settings.var("…")` is no env read: only `env::`, `dotenvy::` and
    // the two macros count inside tokens.
    assert_eq!(
        found("rust/inside_macros.rs"),
        all(&[
            ("JWT_SECRET_KEY", Some("dev-secret"), 4, Via::Env),
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("15"), 5, Via::Env),
            ("JWT_ISSUER", None, 9, Via::Env),
            ("JWT_AUDIENCE", None, 10, Via::Env),
        ])
    );
}

#[test]
fn go_getenv_filled_by_the_next_if_when_empty() {
    assert_eq!(
        found("go/getenv_if_empty.go"),
        one("JWT_SECRET", Some("jwt-secret"), 6, Via::Env)
    );
}

#[test]
fn go_lookupenv_filled_by_the_next_if_when_missing() {
    assert_eq!(
        found("go/lookupenv_if_missing.go"),
        one("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("15"), 9, Via::Env)
    );
}

#[test]
fn go_cmp_or_default() {
    assert_eq!(
        found("go/cmp_or.go"),
        one("JWT_ISSUER", Some("netra"), 8, Via::Env)
    );
}

// pydantic-settings `BaseSettings` fields (issue 28, step 2): each field is
// an environment read under the name pydantic-settings looks up, never a
// hard-coded value.

/// `(var, default, line, Via::Env)` for each of `reads`.
fn env_reads(reads: &[(&str, Option<&str>, usize)]) -> Vec<(String, Option<String>, usize, Via)> {
    reads
        .iter()
        .flat_map(|(var, default, line)| one(var, *default, *line, Via::Env))
        .collect()
}

#[test]
fn pydantic_field_is_read_as_prefix_and_name_in_upper_case() {
    assert_eq!(
        found("python/pydantic_env_prefix.py"),
        env_reads(&[
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("30"), 8),
            ("JWT_SECRET_KEY", None, 9),
            ("JWT_ISSUER", Some("netra"), 10),
        ])
    );
}

#[test]
fn pydantic_alias_is_read_without_the_prefix() {
    assert_eq!(
        found("python/pydantic_alias.py"),
        env_reads(&[("JWT_ACCESS_EXPIRY_MINUTES", Some("15"), 9)])
    );
}

#[test]
fn pydantic_validation_alias_wins_over_alias_and_prefix() {
    assert_eq!(
        found("python/pydantic_validation_alias.py"),
        env_reads(&[("JWT_LEEWAY_SECONDS", Some("10"), 9)])
    );
}

#[test]
fn pydantic_alias_choices_reads_each_name_with_one_default_per_setting() {
    // The alias list itself is no wrapper read, and its `AliasPath` reaches
    // into a JSON value rather than naming a variable.
    assert_eq!(
        found("python/pydantic_alias_choices.py"),
        env_reads(&[
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("30"), 6),
            ("JWT_ACCESS_EXPIRY_MINUTES", None, 6),
            ("TOKEN_MINUTES", Some("30"), 6),
        ])
    );
}

#[test]
fn pydantic_default_factory_and_required_field_have_no_literal_default() {
    assert_eq!(
        found("python/pydantic_default_factory.py"),
        env_reads(&[("JWT_ISSUER", None, 10), ("JWT_AUDIENCE", None, 11)])
    );
}

#[test]
fn pydantic_v1_inner_config_prefix_and_env_names() {
    assert_eq!(
        found("python/pydantic_v1_config.py"),
        env_reads(&[
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("30"), 5),
            ("JWT_ISSUER", Some("netra"), 7),
            ("JWT_SECRET_KEY", None, 9),
            ("JWT_SECRET", None, 9),
        ])
    );
}

#[test]
fn pydantic_v1_is_recognised_by_its_import() {
    assert_eq!(
        found("python/pydantic_v1_bare_import.py"),
        env_reads(&[("JWT_ALGORITHM", Some("HS256"), 5)])
    );
}

#[test]
fn pydantic_class_keywords_configure_case_and_names() {
    // Case-sensitive: names as written; by name: the prefixed field name
    // beside the alias.
    assert_eq!(
        found("python/pydantic_class_keywords.py"),
        env_reads(&[
            ("JWT_ISSUER", Some("netra"), 6),
            ("AUDIENCE_LIST", Some("web"), 7),
            ("JWT_audience", Some("web"), 7),
        ])
    );
}

#[test]
fn pydantic_dictionary_config_with_prefix_on_aliases() {
    assert_eq!(
        found("python/pydantic_dict_config.py"),
        env_reads(&[
            ("JWT_ALGORITHM", Some("HS256"), 8),
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("60"), 9),
        ])
    );
}

#[test]
fn pydantic_field_in_annotated() {
    assert_eq!(
        found("python/pydantic_annotated.py"),
        env_reads(&[("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("60"), 8)])
    );
}

#[test]
fn pydantic_class_variables_and_plain_classes_stay_hard_coded() {
    let mut expected = one("JWT_ISSUER", Some("netra"), 9, Via::HardCoded);
    expected.extend(one("JWT_ALGORITHM", Some("HS256"), 14, Via::HardCoded));
    assert_eq!(found("python/pydantic_not_fields.py"), expected);
}

#[test]
fn pydantic_prefix_held_in_a_variable_reports_only_known_names() {
    assert_eq!(
        found("python/pydantic_prefix_unknown.py"),
        env_reads(&[("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("60"), 11)])
    );
}

// A constant used as a read's fallback (issue 28, step 2): the read's
// default, not a hard-coded value.

#[test]
fn python_constant_fallback_is_the_reads_default() {
    assert_eq!(
        found("python/constant_fallback.py"),
        env_reads(&[
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("30"), 8),
            ("JWT_LEEWAY_SECONDS", Some("10"), 12),
        ])
    );
}

#[test]
fn python_name_bound_twice_is_no_constant() {
    let mut expected = Vec::new();
    for (default, line) in [("30", 3), ("15", 5), ("60", 6)] {
        expected.extend(one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some(default),
            line,
            Via::HardCoded,
        ));
    }
    expected.extend(one("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", None, 8, Via::Env));
    assert_eq!(found("python/constant_bound_twice.py"), expected);
}

#[test]
fn pydantic_field_defaulting_to_a_constant() {
    assert_eq!(
        found("python/pydantic_constant_default.py"),
        env_reads(&[
            ("JWT_ISSUER", Some("netra"), 9),
            ("JWT_LEEWAY_SECONDS", Some("0"), 10),
        ])
    );
}

#[test]
fn ts_const_fallback_is_the_reads_default_and_let_is_not() {
    let mut expected = one("JWT_ISSUER", Some("netra"), 3, Via::HardCoded);
    expected.extend(one(
        "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        Some("30"),
        6,
        Via::Env,
    ));
    expected.extend(one("JWT_ISSUER", None, 7, Via::Env));
    expected.extend(one("JWT_LEEWAY_SECONDS", Some("10"), 8, Via::Wrapper));
    assert_eq!(found("ts/constant_fallback.ts"), expected);
}

// What the judge makes of them: a settings field and a read falling back to
// a constant are reads with defaults, never hard-coded values.

#[test]
fn settings_fields_and_constant_fallbacks_are_judged_as_reads() {
    let dir =
        std::env::temp_dir().join(format!("jwt-config-scan-fallbacks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = [
        (
            "api/settings.py",
            "from pydantic_settings import BaseSettings\n\n\
             class Settings(BaseSettings):\n    \
             jwt_secret_key: str = \"code-secret-value\"\n    \
             jwt_access_token_expire_minutes: int = 30\n",
        ),
        (
            "api/limits.py",
            "import os\n\nDEFAULT_JWT_LEEWAY_SECONDS = 5\nDEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30\n\
             leeway = os.getenv(\"JWT_LEEWAY_SECONDS\", DEFAULT_JWT_LEEWAY_SECONDS)\n",
        ),
        (
            "web/auth.ts",
            "const DEFAULT_JWT_ISSUER = \"netra\";\n\
             export const issuer = process.env.JWT_ISSUER ?? DEFAULT_JWT_ISSUER;\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let report = jwt_config_scan::scan(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let findings: Vec<(String, &str, usize, &str)> = report
        .findings
        .iter()
        .map(|f| (f.kind.code(), f.file.as_str(), f.line, f.var.as_str()))
        .collect();
    assert_eq!(
        findings,
        [
            (
                "hard_coded".to_owned(),
                "api/limits.py",
                4,
                "DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES"
            ),
            (
                "default_differs".to_owned(),
                "api/limits.py",
                5,
                "JWT_LEEWAY_SECONDS"
            ),
            (
                "secret_default".to_owned(),
                "api/settings.py",
                4,
                "JWT_SECRET_KEY"
            ),
            (
                "default_differs".to_owned(),
                "api/settings.py",
                5,
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
            ),
            ("default_differs".to_owned(), "web/auth.ts", 2, "JWT_ISSUER"),
        ]
    );
    let text = report.to_string();
    assert!(!text.contains("code-secret"), "{text}");
    assert!(
        text.contains("JWT_LEEWAY_SECONDS falls back to 5 in code"),
        "{text}"
    );
}

// Literals converted by the setting's kind and unit.

#[test]
fn a_span_written_for_a_setting_counted_in_minutes_is_read_in_minutes() {
    let dir = std::env::temp_dir().join(format!("jwt-config-scan-spans-{}", std::process::id()));
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let _ = std::fs::remove_dir_all(&dir);
    write(
        "api/config.py",
        "import os\n\nttl = os.getenv(\"JWT_SERVICE_TOKEN_EXPIRE_MINUTES\", \"120\")\n",
    );
    // Two hours are the registry's 120 minutes in every environment, and
    // the API's: nothing to say.
    write(
        "web/auth.ts",
        "export const ttl = process.env.JWT_SERVICE_TOKEN_EXPIRE_MINUTES ?? '2h';\n",
    );
    assert!(jwt_config_scan::scan(&dir).unwrap().is_clean());
    write(
        "web/auth.ts",
        "export const ttl = process.env.JWT_SERVICE_TOKEN_EXPIRE_MINUTES ?? '30m';\n",
    );
    let report = jwt_config_scan::scan(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "[CODE] DEFAULT_DIFFERS: web/auth.ts:1: JWT_SERVICE_TOKEN_EXPIRE_MINUTES falls back to 30m (30 minutes) in code; the registry's default is 120 in every environment",
            "[CODE] EXPIRY_MISMATCH: JWT_SERVICE_TOKEN_EXPIRE_MINUTES: api falls back to 120 (api/config.py:3), web to 30m (30 minutes) (web/auth.ts:1)",
        ]
    );
}

#[test]
fn python_product_of_numbers_is_a_default() {
    assert_eq!(
        found("python/product_default.py"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("11520"),
            5,
            Via::Env
        )
    );
}

#[test]
fn ts_product_of_numbers_is_a_hard_coded_value() {
    assert_eq!(
        found("ts/product_default.ts"),
        one(
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            Some("60"),
            1,
            Via::HardCoded
        )
    );
}

#[test]
fn ts_joi_schema_of_process_env_keys_are_reads_with_their_defaults() {
    assert_eq!(
        found("ts/joi_schema.js"),
        all(&[
            ("NODE_ENV", None, 6, Via::Env),
            ("JWT_SECRET", None, 7, Via::Env),
            ("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", Some("30"), 8, Via::Env),
        ])
    );
}

#[test]
fn ts_envalid_schema_keys_are_reads_with_their_defaults() {
    assert_eq!(
        found("ts/envalid_schema.ts"),
        all(&[
            ("JWT_ISSUER", Some("netra"), 4, Via::Env),
            ("JWT_LEEWAY_SECONDS", Some("5"), 5, Via::Env),
        ])
    );
}

#[test]
fn ts_object_keys_are_no_reads_where_process_env_is_not_validated() {
    assert_eq!(found("ts/object_without_schema.ts"), []);
}

#[test]
fn ts_zod_schema_keys_are_reads_with_their_defaults() {
    assert_eq!(
        found("ts/zod_schema.ts"),
        all(&[
            ("JWT_ISSUER", Some("netra"), 4, Via::Env),
            ("JWT_LEEWAY_SECONDS", Some("5"), 5, Via::Env),
        ])
    );
}

#[test]
fn setters_write_variables_and_are_no_reads() {
    assert_eq!(
        found("python/setters.py"),
        one("JWT_ISSUER", Some("netra"), 9, Via::Env),
        "os.environ.setdefault reads, with a default"
    );
    for file in ["go/setters.go", "rust/setters.rs", "ts/setters.ts"] {
        assert_eq!(found(file), [], "{file}");
    }
}

#[test]
fn python_or_default() {
    assert_eq!(
        found("python/or_default.py"),
        one("JWT_ISSUER", Some("netra"), 3, Via::Env)
    );
}

#[test]
fn ts_names_destructured_from_process_env_are_reads() {
    assert_eq!(
        found("ts/destructured.ts"),
        all(&[
            ("JWT_ISSUER", None, 2, Via::Env),
            ("JWT_SECRET", Some("dev-secret"), 3, Via::Env),
            ("JWT_AUDIENCE", Some("web"), 4, Via::Env),
        ])
    );
}
