//! What `check` prints: the text report (colour, `--quiet`, the README's
//! sample), the JSON document, SARIF, keyed fingerprints, and no secret of
//! the bundled deployments in any of them.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{check_json, deploy, jwt_config, run, run_with_env};
use jwt_config::registry::{self, Lookup};
use jwt_config::{DotenvFile, Source};
use serde_json::Value;

#[test]
fn problems_and_warnings_have_one_json_shape() {
    let (_, report) = check_json(&deploy("drifted"), &[]);
    let mut findings = Vec::new();
    for env in report["environments"].as_array().unwrap() {
        for service in env["services"].as_array().unwrap() {
            findings.extend(service["problems"].as_array().unwrap().iter().cloned());
            findings.extend(service["warnings"].as_array().unwrap().iter().cloned());
        }
    }
    let severities: BTreeSet<&str> = findings
        .iter()
        .map(|finding| finding["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, BTreeSet::from(["problem", "warning"]));
    for finding in &findings {
        let keys: BTreeSet<&str> = finding
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "var",
                "setting",
                "environment",
                "severity",
                "kind",
                "message",
                "fix",
                "file",
                "line"
            ]),
            "{finding}"
        );
        assert!(!finding["fix"].as_str().unwrap().is_empty(), "{finding}");
    }
    // Categories belong to findings of drift only.
    let text = report.to_string();
    for env in report["environments"].as_array().unwrap() {
        for service in env["services"].as_array().unwrap() {
            assert!(!service["snapshot"].to_string().contains("_MISMATCH"));
        }
    }
    assert!(text.contains("EXPIRY_MISMATCH"));
}

#[test]
fn the_drifted_text_report_names_environment_category_and_setting() {
    let run = run(&["check", deploy("drifted").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    for line in [
        "[DEVELOPMENT] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: services disagree (auth_service 15 from alias JWT_ACCESS_EXPIRY_MINUTES, backend 30 from canonical)",
        "[STAGING] SERVICE_AUTH_ERROR: SERVICE_SECRET: backend has SERVICE_ID but no SERVICE_SECRET",
        "[PRODUCTION] EXPIRY_MISMATCH: JWT_REFRESH_TOKEN_EXPIRE_DAYS",
        "problem: SERVICE_SECRET (staging): not set",
        "not consistent: 1 problem, 4 drift findings",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains('\x1b'), "colour written to a pipe");
}

#[test]
fn colour_is_written_when_forced_and_never_to_a_pipe() {
    let forced = run_with_env(
        &["check", deploy("drifted").to_str().unwrap()],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(forced.stdout.contains('\x1b'), "no colour when forced");
}

#[test]
fn no_secret_from_the_bundled_deployments_appears_in_any_output() {
    let mut secrets = BTreeSet::new();
    for deployment in ["drifted", "consistent"] {
        for env in std::fs::read_dir(deploy(deployment)).unwrap() {
            for file in std::fs::read_dir(env.unwrap().path()).unwrap() {
                let file = DotenvFile::open(file.unwrap().path()).unwrap();
                for name in file.names() {
                    let secret = match registry::standard().lookup(name) {
                        Lookup::Canonical(setting) | Lookup::Alias { setting, .. } => {
                            setting.is_secret()
                        }
                        Lookup::Unknown { .. } => false,
                    };
                    if secret {
                        secrets.insert(file.var(name).unwrap().unwrap().into_owned());
                    }
                }
            }
        }
    }
    assert!(
        secrets.len() >= 6,
        "the bundled files hold secrets to look for"
    );
    for deployment in ["drifted", "consistent"] {
        for format in ["text", "json"] {
            let run = run(&[
                "check",
                deploy(deployment).to_str().unwrap(),
                "--format",
                format,
            ]);
            for secret in &secrets {
                assert!(
                    !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
                    "a secret leaked into `check {deployment} --format {format}`"
                );
                // Not even a part long enough to matter.
                assert!(
                    !run.stdout.contains(&secret[..12]),
                    "a secret's prefix leaked"
                );
            }
        }
    }
}

#[test]
fn the_readme_sample_of_the_main_command_is_what_it_prints() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let section = &readme[readme.find("## Two commands").unwrap()..];
    let start = section.find("```text\n").unwrap() + "```text\n".len();
    let sample = &section[start..start + section[start..].find("```").unwrap()];
    let run = run(&["check", deploy("drifted").to_str().unwrap()]);
    assert!(sample.lines().count() >= 4);
    for line in sample.lines() {
        assert!(
            run.stdout.contains(line),
            "the README shows a line the command does not print:\n{line}"
        );
    }
}

#[test]
fn fingerprints_are_keyed_per_run_unless_the_operator_gives_a_key() {
    // Each run is its own process, with its own key.
    let fingerprints = |key: Option<&str>| {
        let mut command = jwt_config();
        command.args([
            "check",
            deploy("consistent").to_str().unwrap(),
            "--format",
            "json",
        ]);
        command.env_remove(jwt_config::snapshot::FINGERPRINT_KEY_VARIABLE);
        if let Some(key) = key {
            command.env(jwt_config::snapshot::FINGERPRINT_KEY_VARIABLE, key);
        }
        let text = String::from_utf8(command.output().unwrap().stdout).unwrap();
        let found: Vec<String> = text
            .split('"')
            .filter(|token| token.starts_with(jwt_config::snapshot::FINGERPRINT_PREFIX))
            .map(str::to_owned)
            .collect();
        assert!(!found.is_empty(), "{text}");
        found
    };
    let (first, second) = (fingerprints(None), fingerprints(None));
    assert!(
        first.iter().all(|fp| !second.contains(fp)),
        "a fresh key each run"
    );
    assert_eq!(
        fingerprints(Some("operator key")),
        fingerprints(Some("operator key")),
        "the operator's key makes runs comparable"
    );
}

#[test]
fn quiet_prints_only_problems_drift_and_the_summary() {
    let quiet = run(&["check", deploy("drifted").to_str().unwrap(), "--quiet"]);
    let full = run(&["check", deploy("drifted").to_str().unwrap()]);
    assert_eq!((quiet.code, full.code), (1, 1));
    assert!(full.stdout.contains(" ok") && full.stdout.contains("warning"));
    assert!(!quiet.stdout.contains(" ok"), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("warning:"), "{}", quiet.stdout);
    assert!(
        !quiet.stdout.contains("across environments"),
        "{}",
        quiet.stdout
    );
    for line in full.stdout.lines() {
        if line.contains("problem:") || line.contains("_MISMATCH") || line.contains("_ERROR") {
            assert!(
                quiet.stdout.contains(line.trim()),
                "{line} missing from\n{}",
                quiet.stdout
            );
        }
    }
    assert_eq!(quiet.stdout.lines().last(), full.stdout.lines().last());
    let clean = run(&["check", deploy("consistent").to_str().unwrap(), "-q"]);
    assert_eq!(clean.code, 0);
    assert_eq!(clean.stdout.trim().lines().count(), 1, "{}", clean.stdout);
}

#[test]
fn sarif_has_one_result_per_finding_located_at_its_file_and_line() {
    let dir = deploy("drifted");
    let (_, report) = check_json(&dir, &[]);
    let summary = &report["summary"];
    let findings = ["problems", "warnings", "drift"]
        .iter()
        .map(|key| summary[key].as_u64().unwrap())
        .sum::<u64>();
    let run = run(&["check", dir.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len() as u64, findings);
    let rules: BTreeSet<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    for result in results {
        assert!(
            rules.contains(result["ruleId"].as_str().unwrap()),
            "{result}"
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.ends_with(".env"), "{result}");
        // A variable that is not set has no line: the finding is the file's.
        if result["ruleId"] != "missing" {
            assert!(
                location["region"]["startLine"].as_u64().unwrap() >= 1,
                "{result}"
            );
        }
    }
}
