//! `jwt-config scan`: the bundled code examples, the JSON keys tools read,
//! and no secret found in code ever printed.

mod common;

use std::path::{Path, PathBuf};

use common::run;
use serde_json::Value;

/// The bundled code example `name` of `examples/scan`.
fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/scan")
        .join(name)
}

fn scan_json(dir: &Path) -> (i32, Value) {
    let run = run(&["scan", dir.to_str().unwrap(), "--format", "json"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (run.code, serde_json::from_str(&run.stdout).unwrap())
}

#[test]
fn drifted_reports_the_drift_the_legacy_name_and_the_secret_default() {
    let out = run(&["scan", example("drifted").to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "[CODE] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: auth_service falls back to 15 \
             (auth_service/auth_core/config.py:16, legacy JWT_ACCESS_EXPIRY_MINUTES), netra_backend to 30 \
             (netra_backend/app/auth_constants.py:3; netra_backend/app/core/unified/jwt_validator.py:13)"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(
        "[CODE] LEGACY_NAME: auth_service/auth_core/config.py:16: reads JWT_ACCESS_EXPIRY_MINUTES, a legacy alias of JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
    ));
    assert!(
        out.stdout
            .contains("[CODE] SECRET_DEFAULT: web/src/auth.ts:2:")
    );
    assert!(
        out.stdout
            .contains("[CODE] HARD_CODED: netra_backend/app/auth_constants.py:3:")
    );

    let (code, json) = scan_json(&example("drifted"));
    assert_eq!(code, 1);
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["ok"], false);
    let findings = json["findings"].as_array().unwrap();
    for finding in findings {
        for key in [
            "file", "line", "service", "var", "setting", "kind", "message", "fix",
        ] {
            assert!(finding.get(key).is_some(), "no `{key}` in {finding}");
        }
    }
    let kinds: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["service"].as_str().unwrap()))
        .collect();
    for expected in [
        ("legacy_name", "auth_service"),
        ("default_differs", "auth_service"),
        ("hard_coded", "netra_backend"),
        ("secret_default", "web"),
        ("expiry_mismatch", "auth_service"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
    let legacy = findings
        .iter()
        .find(|f| f["kind"] == "legacy_name")
        .unwrap();
    assert_eq!(legacy["var"], "JWT_ACCESS_EXPIRY_MINUTES");
    assert_eq!(legacy["setting"], "JWT_ACCESS_TOKEN_EXPIRE_MINUTES");
    assert_eq!(legacy["line"], 16);
}

#[test]
fn consistent_exits_0() {
    let out = run(&["scan", example("consistent").to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("ok: nothing found in 3 services"));
    let (code, json) = scan_json(&example("consistent"));
    assert_eq!(code, 0);
    assert_eq!(json["findings"], Value::Array(Vec::new()));
}

#[test]
fn no_secret_default_appears_in_any_output() {
    let dir = example("drifted");
    let source = std::fs::read_to_string(dir.join("web/src/auth.ts")).unwrap();
    assert!(source.contains("dev-secret-change-me"));
    for args in [
        vec!["scan", dir.to_str().unwrap()],
        vec!["scan", dir.to_str().unwrap(), "--quiet"],
        vec!["scan", dir.to_str().unwrap(), "--format", "json"],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 1);
        for text in [&out.stdout, &out.stderr] {
            assert!(!text.contains("dev-secret-change-me"), "{text}");
            assert!(!text.contains("dev-secret"), "{text}");
        }
        assert!(out.stdout.contains("fp:"), "{}", out.stdout);
    }
}

#[test]
fn quiet_prints_one_line_per_finding() {
    let out = run(&["scan", example("drifted").to_str().unwrap(), "--quiet"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.lines().all(|line| line.starts_with("[CODE] ")),
        "{}",
        out.stdout
    );
}

#[test]
fn a_file_or_a_missing_directory_is_a_usage_error() {
    let out = run(&["scan", "/nonexistent/jwt-config-scan"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("is not a directory"), "{}", out.stderr);
}

// `--format sarif` (issue 28): the findings of the JSON report, as results
// located at their file and line.

#[test]
fn sarif_locates_each_finding_at_its_file_and_line() {
    let dir = example("drifted");
    let (_, report) = scan_json(&dir);
    let findings = report["findings"].as_array().unwrap();
    let run = run(&["scan", dir.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "jwt-config");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["kind"], "{result}");
        assert!(
            rules.contains(&result["ruleId"].as_str().unwrap()),
            "{result}"
        );
        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], finding["file"]);
        assert_eq!(place["artifactLocation"]["uriBaseId"], "SRCROOT");
        assert_eq!(place["region"]["startLine"], finding["line"]);
        let expected_level = match finding["kind"].as_str().unwrap() {
            "secret_default" | "expiry_mismatch" => "error",
            _ => "warning",
        };
        assert_eq!(result["level"], expected_level, "{result}");
    }
    // Each rule described once, for the kinds found.
    let mut kinds: Vec<&str> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(rules, kinds);
    // The drift is located at its first place, as in the JSON report.
    let drift = results
        .iter()
        .find(|r| r["ruleId"] == "expiry_mismatch")
        .unwrap();
    let place = &drift["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "auth_service/auth_core/config.py"
    );
    assert_eq!(place["region"]["startLine"], 16);
}

#[test]
fn sarif_never_holds_a_secret_and_is_empty_when_consistent() {
    let out = run(&[
        "scan",
        example("drifted").to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains("dev-secret"), "{text}");
        assert!(!text.contains("change-me"), "{text}");
    }
    assert!(out.stdout.contains("fp:"), "{}", out.stdout);

    let out = run(&[
        "scan",
        example("consistent").to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], Value::Array(Vec::new()));
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"],
        Value::Array(Vec::new())
    );
}
