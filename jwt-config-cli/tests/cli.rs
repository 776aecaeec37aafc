//! The `jwt-config` binary, run as an operator runs it, on the bundled
//! deployments in `examples/deploy/` and on broken ones made here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jwt_config::registry::{self, Lookup};
use jwt_config::{DotenvFile, Source};
use serde_json::Value;

fn deploy(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/deploy")
        .join(name)
}

fn jwt_config() -> Command {
    Command::cargo_bin("jwt-config").unwrap()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    run_with_env(args, &[])
}

/// `run` with these variables in the command's environment (the
/// operator's shell, as the check must never read it).
fn run_with_env(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let output = jwt_config()
        .args(args)
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", dir.to_str().unwrap(), "--format", "json"];
    args.extend(extra);
    let run = run(&args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (run.code, serde_json::from_str(&run.stdout).unwrap())
}

/// Every (environment, category, setting) of the drift findings.
fn findings(report: &Value) -> BTreeSet<(String, String, String)> {
    report["environments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|env| {
            let name = env["environment"].as_str().unwrap().to_owned();
            env["drift"]["mismatches"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |m| {
                    (
                        name.clone(),
                        m["category"].as_str().unwrap().to_owned(),
                        m["setting"].as_str().unwrap().to_owned(),
                    )
                })
        })
        .collect()
}

/// Every (environment, service, variable, kind) of the per-service problems.
fn problems(report: &Value) -> BTreeSet<(String, String, String, String)> {
    let mut out = BTreeSet::new();
    for env in report["environments"].as_array().unwrap() {
        for service in env["services"].as_array().unwrap() {
            for problem in service["problems"].as_array().unwrap() {
                out.insert((
                    env["environment"].as_str().unwrap().to_owned(),
                    service["service"].as_str().unwrap().to_owned(),
                    problem["var"].as_str().unwrap().to_owned(),
                    problem["kind"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    out
}

fn set<const N: usize>(items: [(&str, &str, &str); N]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect()
}

#[test]
fn the_drifted_deployment_reports_each_scenario_and_exits_1() {
    let (code, report) = check_json(&deploy("drifted"), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["ok"], false);
    assert_eq!(
        findings(&report),
        set([
            // The auth service reads the legacy name, set to 15; the backend says 30.
            (
                "development",
                "LEGACY_NAME",
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
            ),
            (
                "development",
                "EXPIRY_MISMATCH",
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
            ),
            // The backend ships without SERVICE_SECRET.
            ("staging", "SERVICE_AUTH_ERROR", "SERVICE_SECRET"),
            // Refresh tokens live 14 days in one service and 7 in the other.
            (
                "production",
                "EXPIRY_MISMATCH",
                "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
            ),
        ])
    );
    let expected_problems: BTreeSet<_> = [("staging", "backend", "SERVICE_SECRET", "missing")]
        .iter()
        .map(|(a, b, c, d)| {
            (
                (*a).to_owned(),
                (*b).to_owned(),
                (*c).to_owned(),
                (*d).to_owned(),
            )
        })
        .collect();
    assert_eq!(problems(&report), expected_problems);

    let mismatch = &report["environments"][0]["drift"]["mismatches"][1];
    let values = mismatch["values"].as_array().unwrap();
    assert_eq!(values[0]["service"], "auth_service");
    assert_eq!(values[0]["value"], "15");
    assert_eq!(values[0]["origin"]["kind"], "alias");
    assert_eq!(values[0]["origin"]["alias"], "JWT_ACCESS_EXPIRY_MINUTES");
    assert_eq!(values[1]["value"], "30");
    assert_eq!(values[1]["origin"]["kind"], "canonical");
    assert_eq!(report["summary"]["drift"], 4);
    assert_eq!(report["schema_version"], 1);
}

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
fn the_consistent_deployment_passes_with_zero_findings() {
    let (code, report) = check_json(&deploy("consistent"), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["ok"], true);
    assert!(findings(&report).is_empty());
    assert!(problems(&report).is_empty());
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["services"], 6);
    assert_eq!(report["summary"]["environments"], 3);
    // Lifetimes differ between environments: shown, but not drift.
    let across = report["across_environments"].as_array().unwrap();
    assert!(
        across
            .iter()
            .any(|d| d["setting"] == "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
    );

    let text = run(&["check", deploy("consistent").to_str().unwrap()]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("consistent: 0 problems, 0 drift findings, 0 warnings"),
        "{}",
        text.stdout
    );
}

#[test]
fn env_limits_the_check_to_one_environment() {
    let (code, report) = check_json(&deploy("drifted"), &["--env", "prod"]);
    assert_eq!(code, 1);
    assert_eq!(report["environments"].as_array().unwrap().len(), 1);
    assert_eq!(
        findings(&report),
        set([(
            "production",
            "EXPIRY_MISMATCH",
            "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
        )])
    );
    let bad = run(&["check", deploy("drifted").to_str().unwrap(), "--env", "qa"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown environment `qa`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_missing_directory_exits_2_with_one_line() {
    let run = run(&["check", "no/such/deployment"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: no/such/deployment: no such directory"),
        "{}",
        run.stderr
    );
}

/// A scratch deployment directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, files: &[(&str, &str)]) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("jwt-config-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (path, content) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_malformed_env_line_exits_2_naming_path_and_line() {
    let scratch = Scratch::new(
        "malformed",
        &[(
            "staging/auth.env",
            "ENVIRONMENT=staging\nJWT_SECRET_KEY=\"never-closed-s3cr3t\n",
        )],
    );
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("staging/auth.env:2: not a valid .env line"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
}

#[test]
fn a_manifest_that_is_not_yaml_exits_2_as_a_manifest_not_a_compose_file() {
    let scratch = Scratch::new(
        "bad-manifest",
        &[(
            "staging/workloads.yaml",
            "kind: Secret\nmetadata: {name: jwt\nstringData: {JWT_SECRET_KEY: s3cr3t-value}\n",
        )],
    );
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("workloads.yaml:3: not a Kubernetes manifest kubectl can read"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
}

#[test]
fn a_directory_that_is_not_an_environment_exits_2() {
    let scratch = Scratch::new("not-env", &[("qa/auth.env", "ENVIRONMENT=test\n")]);
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("qa: not an environment"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_that_look_like_settings_are_flagged() {
    let scratch = Scratch::new(
        "unknown",
        &[(
            "development/auth.env",
            "JWT_SECRET_KEYY=dev-secret-1\nJWT_SECRET_KEY=dev-secret-1\nDATABASE_URL=postgres://db\n",
        )],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 0, "a warning alone does not fail the check");
    let unknown = &report["environments"][0]["services"][0]["unknown"];
    assert_eq!(unknown[0]["var"], "JWT_SECRET_KEYY");
    assert_eq!(unknown[0]["suggestion"], "JWT_SECRET_KEY");
    assert_eq!(
        unknown.as_array().unwrap().len(),
        1,
        "DATABASE_URL is not ours"
    );
    let text = run(&["check", scratch.0.to_str().unwrap()]);
    for line in [
        "JWT_SECRET_KEYY is not a setting and is ignored; did you mean JWT_SECRET_KEY?",
        "[DEVELOPMENT] consistent: auth is the only service reading a shared setting, nothing to compare",
    ] {
        assert!(
            text.stdout.contains(line),
            "missing {line:?} in:\n{}",
            text.stdout
        );
    }
}

#[test]
fn two_directories_of_one_environment_exit_2_and_hidden_ones_are_skipped() {
    let scratch = Scratch::new(
        "same-env",
        &[
            ("prod/a.env", "JWT_SECRET_KEY=x\n"),
            ("production/b.env", "JWT_SECRET_KEY=x\n"),
            (".git/HEAD", "ref\n"),
        ],
    );
    let run_ = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run_.code, 2);
    assert!(
        run_.stderr.contains("both name production"),
        "{}",
        run_.stderr
    );

    let hidden = Scratch::new(
        "hidden",
        &[
            ("development/a.env", "JWT_SECRET_KEY=dev-secret-1\n"),
            (".git/HEAD", "ref\n"),
        ],
    );
    assert_eq!(run(&["check", hidden.0.to_str().unwrap()]).code, 0);
}

#[test]
fn a_reference_to_the_shell_is_a_problem_of_its_variable_never_read_from_the_operator() {
    let scratch = Scratch::new(
        "substitution",
        &[(
            "staging/auth.env",
            "ENVIRONMENT=staging\nJWT_ALGORITHM=${JWT_CONFIG_TEST_TOKEN}\nMONGO_URL=mongodb://$DB_HOST/x\n",
        )],
    );
    let Run { code, stdout, .. } = run_with_env(
        &["check", scratch.0.to_str().unwrap()],
        &[("JWT_CONFIG_TEST_TOKEN", "operator-token-9f8e7d")],
    );
    // A problem of JWT_ALGORITHM, not an unreadable file; MONGO_URL is none
    // of the check's business.
    assert_eq!(code, 1);
    assert!(
        stdout.contains("problem: JWT_ALGORITHM (staging): its value on line 2 refers to $JWT_CONFIG_TEST_TOKEN, which the file does not define above it"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("MONGO_URL") && !stdout.contains("DB_HOST"),
        "{stdout}"
    );
    assert!(!stdout.contains("operator-token"), "{stdout}");
}

#[test]
fn a_key_set_twice_with_different_values_names_both_lines() {
    let scratch = Scratch::new(
        "redefined",
        &[(
            "staging/auth.env",
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES=15\nJWT_ISSUER=https://auth.example\nJWT_ACCESS_TOKEN_EXPIRE_MINUTES=30\nJWT_ACCESS_TOKEN_EXPIRE_MINUTES=15\n",
        )],
    );
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("problem: JWT_ACCESS_TOKEN_EXPIRE_MINUTES (staging): set on line 1 and again on lines 3 and 4, with different values: dotenvy reads the first (line 1), Docker Compose and python-dotenv the last (line 4)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_legacy_name_beside_its_canonical_name_is_drift_even_when_equal() {
    let scratch = Scratch::new(
        "legacy-equal",
        &[
            (
                "test/a.env",
                "JWT_SECRET_KEY=test-secret-1\nJWT_SECRET=test-secret-1\n",
            ),
            ("test/b.env", "JWT_SECRET_KEY=test-secret-1\n"),
        ],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        set([("test", "LEGACY_NAME", "JWT_SECRET_KEY")])
    );
    let detail = report["environments"][0]["drift"]["mismatches"][0]["detail"]
        .as_str()
        .unwrap();
    // Without [[service]], what a service reads is assumed, and said so.
    assert!(
        detail.contains(
            "a sets the legacy name JWT_SECRET beside a name of it read first, so it is assumed unread"
        ),
        "{detail}"
    );
}

#[test]
fn invalid_and_weak_values_are_problems_and_drift_and_never_leak() {
    let weak = " short-s3cr3t ";
    let a = format!("ENVIRONMENT=staging\nJWT_SECRET_KEY=\"{weak}\"\nJWT_ALGORITHM=none\n");
    let b =
        "ENVIRONMENT=staging\nJWT_SECRET='another-s3cr3t'\nJWT_SECRET_KEY='yet-another-s3cr3t'\n";
    let scratch = Scratch::new("weak", &[("staging/a.env", &a), ("staging/b.env", b)]);
    for format in ["text", "json"] {
        let run_ = run(&["check", scratch.0.to_str().unwrap(), "--format", format]);
        assert_eq!(run_.code, 1);
        assert!(
            !run_.stdout.contains("s3cr3t"),
            "a secret leaked in {format}:\n{}",
            run_.stdout
        );
    }
    let (_, report) = check_json(&scratch.0, &[]);
    let kinds: BTreeSet<(String, String)> = problems(&report)
        .into_iter()
        .map(|(_, service, var, kind)| (format!("{service} {var}"), kind))
        .collect();
    for (var, kind) in [
        ("a JWT_SECRET_KEY", "weak_secret"),
        ("a JWT_ALGORITHM", "invalid"),
    ] {
        assert!(
            kinds.contains(&(var.to_owned(), kind.to_owned())),
            "{var} {kind} in {kinds:?}"
        );
    }
    // The refused values are the services' problems, and still take part
    // in drift: a weak secret is not the other service's secret, `none` is
    // not HS256. b's JWT_SECRET, set beside JWT_SECRET_KEY, is taken as
    // unread: a legacy name, not a conflict.
    assert!(
        !kinds.iter().any(|(var, _)| var == "b JWT_SECRET"),
        "{kinds:?}"
    );
    assert_eq!(
        findings(&report),
        set([
            ("staging", "LEGACY_NAME", "JWT_SECRET_KEY"),
            ("staging", "SECRET_MISMATCH", "JWT_SECRET_KEY"),
            ("staging", "ALGORITHM_MISMATCH", "JWT_ALGORITHM"),
            // Neither has a SERVICE_ID, which staging requires.
            ("staging", "SERVICE_AUTH_ERROR", "SERVICE_ID"),
        ])
    );
}

#[test]
fn two_services_with_different_too_short_secrets_disagree() {
    // Both refused, and still not the same secret: never "agree".
    let scratch = Scratch::new(
        "refused",
        &[
            (
                "staging/api.env",
                "ENVIRONMENT=staging\nJWT_SECRET_KEY=short-one\n",
            ),
            (
                "staging/web.env",
                "ENVIRONMENT=staging\nJWT_SECRET_KEY=short-two\n",
            ),
        ],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 1);
    assert!(
        findings(&report).contains(&(
            "staging".to_owned(),
            "SECRET_MISMATCH".to_owned(),
            "JWT_SECRET_KEY".to_owned()
        )),
        "{:?}",
        findings(&report)
    );
    let text = run(&["check", scratch.0.to_str().unwrap()]).stdout;
    assert!(!text.contains("agree on every shared setting"), "{text}");
    assert!(text.contains("(refused)"), "{text}");
    assert!(
        !text.contains("short-one") && !text.contains("short-two"),
        "{text}"
    );
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
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).code, 2);
    assert_eq!(run(&["check"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["registry", "--format", "yaml"]).code, 2);
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
fn a_missing_environment_or_a_nameless_env_file_exits_2() {
    let run_ = run(&[
        "check",
        deploy("drifted").to_str().unwrap(),
        "--env",
        "test",
    ]);
    assert_eq!(run_.code, 2);
    assert!(
        run_.stderr.contains("no directory for test"),
        "{}",
        run_.stderr
    );

    let scratch = Scratch::new("nameless", &[("staging/.env", "JWT_SECRET_KEY=x\n")]);
    let run_ = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run_.code, 2);
    assert!(
        run_.stderr.contains("staging/.env: names no service"),
        "{}",
        run_.stderr
    );
}

fn org() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/org")
}

#[test]
fn an_organisation_registry_is_found_above_the_deployment_and_names_its_environments() {
    let (code, report) = check_json(&org().join("deploy"), &[]);
    assert_eq!(code, 1);
    assert!(
        report["registry"]["source"]
            .as_str()
            .unwrap()
            .ends_with("examples/org/jwt-config.toml"),
        "{}",
        report["registry"]
    );
    let names: Vec<&str> = report["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|env| env["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["qa", "production"]);
    assert_eq!(
        problems(&report)
            .into_iter()
            .map(|(env, service, var, kind)| format!("{env} {service} {var} {kind}"))
            .collect::<Vec<_>>(),
        ["production gateway JWT_SECRET denied_alias"]
    );
    assert!(findings(&report).contains(&(
        "production".to_owned(),
        "TTL_MISMATCH".to_owned(),
        "TOKEN_TTL_MINUTES".to_owned()
    )));
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

/// A deployment with one ordinary service beside whatever a test adds.
#[cfg(unix)]
fn hostile(name: &str) -> Scratch {
    Scratch::new(
        name,
        &[("development/auth.env", "JWT_SECRET_KEY=dev-secret-1\n")],
    )
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_checked_directory_is_refused_and_nothing_is_read_through_it() {
    let scratch = hostile("link-out");
    std::os::unix::fs::symlink("/proc/self/environ", scratch.0.join("development/x.env")).unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = run_with_env(
        &["check", scratch.0.to_str().unwrap()],
        &[("JWT_CONFIG_TEST_LEAK", "checker-own-secret-4711")],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("development/x.env: a link that leads outside the checked directory"),
        "{stderr}"
    );
    assert!(!format!("{stdout}{stderr}").contains("checker-own-secret"));
    // Nor a device: /dev/zero would fill memory.
    let zero = hostile("link-zero");
    std::os::unix::fs::symlink("/dev/zero", zero.0.join("development/zero.env")).unwrap();
    let run_zero = run(&["check", zero.0.to_str().unwrap()]);
    assert_eq!(run_zero.code, 2);
    assert!(
        run_zero
            .stderr
            .contains("development/zero.env: a link that leads outside"),
        "{}",
        run_zero.stderr
    );

    // A link that stays inside is followed.
    let inside = hostile("link-in");
    std::os::unix::fs::symlink("auth.env", inside.0.join("development/backend.env")).unwrap();
    let run = run(&["check", inside.0.to_str().unwrap()]);
    assert!(
        run.stdout.contains("backend"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn files_and_links_beside_the_environments_are_passed_over() {
    let scratch = hostile("beside");
    std::fs::write(scratch.0.join("README.md"), "# our deployment\n").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", scratch.0.join("NOTES.md")).unwrap();
    std::os::unix::fs::symlink("nowhere", scratch.0.join("dangling")).unwrap();
    let run_beside = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(
        run_beside.code, 0,
        "{}{}",
        run_beside.stdout, run_beside.stderr
    );
    // A directory that leads outside is still refused.
    std::os::unix::fs::symlink("/etc", scratch.0.join("staging")).unwrap();
    let run_out = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run_out.code, 2);
    assert!(
        run_out
            .stderr
            .contains("staging: a link that leads outside"),
        "{}",
        run_out.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_rather_than_waited_on() {
    let scratch = hostile("fifo");
    let fifo = scratch.0.join("development/pipe.env");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo failed");
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("development/pipe.env: not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_over_the_cap_is_refused_naming_the_file_and_the_cap() {
    let scratch = Scratch::new(
        "cap",
        &[(
            "development/auth.env",
            "JWT_SECRET_KEY=dev-secret-1\n# padding padding\n",
        )],
    );
    let run = run(&[
        "check",
        scratch.0.to_str().unwrap(),
        "--max-file-size",
        "16",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("development/auth.env: larger than 16 bytes, the most a file may hold; raise --max-file-size"),
        "{}",
        run.stderr
    );
    let fits = self::run(&[
        "check",
        scratch.0.to_str().unwrap(),
        "--max-file-size",
        "1K",
    ]);
    assert_eq!(fits.code, 0, "{}{}", fits.stdout, fits.stderr);
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_show_apart() {
    use std::os::unix::ffi::OsStrExt;
    let scratch = hostile("not-utf8");
    for byte in [0xff_u8, 0xfe] {
        let name = [b"auth".as_slice(), &[byte], b".env"].concat();
        std::fs::write(
            scratch
                .0
                .join("development")
                .join(std::ffi::OsStr::from_bytes(&name)),
            "JWT_SECRET_KEY=dev-secret-1\n",
        )
        .unwrap();
    }
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert!(run.stdout.contains("auth\\xff "), "{}", run.stdout);
    assert!(run.stdout.contains("auth\\xfe "), "{}", run.stdout);
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

const SERVICES_REGISTRY: &str = r#"schema = 1

[[service]]
name = "gotrue"
reads = ["JWT_SECRET_KEY", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
[service.vars]
GOTRUE_JWT_SECRET = "JWT_SECRET_KEY"
GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }

[[service]]
name = "postgrest"
reads = ["JWT_SECRET_KEY"]
[service.vars]
PGRST_JWT_SECRET = "JWT_SECRET_KEY"

[[service]]
name = "api"
reads = ["JWT_SECRET_KEY", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
"#;

#[test]
fn declared_services_are_judged_by_what_they_read_under_their_own_names_and_units() {
    let deployment = |api_minutes: &str| {
        Scratch::new(
            &format!("services-{api_minutes}"),
            &[
                ("jwt-config.toml", SERVICES_REGISTRY),
                (
                    "deploy/development/gotrue.env",
                    "GOTRUE_JWT_SECRET=shared-dev-secret\nGOTRUE_JWT_EXP=900\n",
                ),
                (
                    "deploy/development/postgrest.env",
                    "PGRST_JWT_SECRET=shared-dev-secret\n",
                ),
                (
                    "deploy/development/api.env",
                    &format!(
                        "JWT_SECRET_KEY=shared-dev-secret\nJWT_ACCESS_TOKEN_EXPIRE_MINUTES={api_minutes}\n"
                    ),
                ),
                (
                    "deploy/development/worker.env",
                    "MONGO_URL=mongodb://db/x\n",
                ),
            ],
        )
    };
    // 900 seconds are 15 minutes: they agree; the worker is not judged.
    let agree = deployment("15");
    let run = run(&["check", agree.0.join("deploy").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("worker")
            && run
                .stdout
                .contains("not checked: the registry declares no service `worker`"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("SECRET_MISMATCH"), "{}", run.stdout);

    let differ = deployment("30");
    let run = self::run(&["check", differ.0.join("deploy").to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("[DEVELOPMENT] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: services disagree (api 30 from canonical, gotrue 15 from its own GOTRUE_JWT_EXP (written 900 seconds))"),
        "{}",
        run.stdout
    );
}

/// What a deployment's report finds, without where: for comparing the same
/// deployment written in two forms.
/// Service names are compared with `-` as `_` (Kubernetes names have no `_`).
fn what_is_found(report: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for env in report["environments"].as_array().unwrap() {
        let name = env["name"].as_str().unwrap();
        for service in env["services"].as_array().unwrap() {
            for key in ["problems", "warnings"] {
                for finding in service[key].as_array().unwrap() {
                    found.insert(
                        format!(
                            "{name} {} {} {}",
                            service["service"], finding["var"], finding["kind"]
                        )
                        .replace('-', "_"),
                    );
                }
            }
        }
        for mismatch in env["drift"]["mismatches"].as_array().unwrap() {
            found.insert(
                format!(
                    "{name} {} {} {}",
                    mismatch["category"], mismatch["setting"], mismatch["detail"]
                )
                .replace("auth-service", "auth_service"),
            );
        }
    }
    found
}

#[test]
fn the_compose_deployment_finds_what_its_env_twin_finds() {
    let compose = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/compose/drifted");
    let (code, from_compose) = check_json(&compose, &[]);
    let (twin_code, from_env) = check_json(&deploy("drifted"), &[]);
    assert_eq!((code, twin_code), (1, 1));
    assert_eq!(what_is_found(&from_compose), what_is_found(&from_env));
    assert!(!what_is_found(&from_compose).is_empty());
    // Lines point into the Compose file, or the env_file that set the value.
    let staging = &from_compose["environments"][1]["services"][1];
    assert_eq!(staging["service"], "backend");
    assert!(
        staging["problems"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("staging/compose.yaml")
    );
}

#[test]
fn compose_interpolates_from_its_env_file_never_from_the_shell() {
    let scratch = Scratch::new(
        "compose-shell",
        &[
            (
                "development/.env",
                "JWT_SECRET_KEY=dev-secret-1\nJWT_AUDIENCE=backend\n",
            ),
            (
                "development/compose.yaml",
                "services:\n  auth:\n    environment:\n      JWT_SECRET_KEY: ${JWT_SECRET_KEY}\n      JWT_ISSUER: ${ISSUER_FROM_SHELL}\n      SERVICE_ID:\n      JWT_AUDIENCE:\n",
            ),
        ],
    );
    let Run { code, stdout, .. } = run_with_env(
        &["check", scratch.0.to_str().unwrap()],
        &[("ISSUER_FROM_SHELL", "https://from-the-checkers-shell")],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("problem: JWT_ISSUER (development): its value on line 5 comes from $ISSUER_FROM_SHELL, which neither the Compose file nor its .env sets"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "problem: SERVICE_ID (development): its value on line 6 comes from $SERVICE_ID"
        ),
        "{stdout}"
    );
    // A bare key the project's .env sets takes that value, as Compose does.
    assert!(!stdout.contains("JWT_AUDIENCE (development)"), "{stdout}");
    assert!(!stdout.contains("from-the-checkers-shell"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn an_env_file_given_on_the_command_line_is_read_wherever_its_link_leads() {
    let scratch = Scratch::new(
        "env-file-link",
        &[
            (
                "deploy/compose.yaml",
                "services:\n  auth:\n    environment:\n      JWT_SECRET_KEY: ${AUTH_SECRET}\n      JWT_ISSUER: ${ISSUER:-https://fallback.example}\n",
            ),
            (
                "secrets/staging.env",
                "AUTH_SECRET=Qm9vdHN0cmFwLWF1dGgtc2VydmljZS1zdGFnaW5nLWtleS0yMDI2\nISSUER=https://auth.staging.example\n",
            ),
            // The `.env` beside the Compose file is not read when a file is given.
            ("deploy/.env", "ISSUER=https://beside.example\n"),
        ],
    );
    let link = scratch.0.join("deploy/staging.env");
    std::os::unix::fs::symlink("../secrets/staging.env", &link).unwrap();
    let compose = scratch.0.join("deploy/compose.yaml");
    let args = [
        "check",
        "--env",
        "staging",
        compose.to_str().unwrap(),
        "--env-file",
        link.to_str().unwrap(),
        "--format",
        "json",
    ];
    let run = run(&args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let auth = &report["environments"][0]["services"][0];
    assert_eq!(auth["service"], "auth", "{report:#}");
    let issuer = auth["snapshot"]["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|setting| setting["setting"] == "JWT_ISSUER")
        .unwrap();
    assert_eq!(
        issuer["value"], "https://auth.staging.example",
        "{report:#}"
    );
    // The secret came from the file: no problem of its own (unread, it
    // would be one of a value taken from the shell).
    let problems = auth["problems"].as_array().unwrap();
    assert!(
        !problems
            .iter()
            .any(|problem| problem["var"] == "JWT_SECRET_KEY"),
        "{report:#}"
    );
    assert!(
        !run.stdout.contains("Qm9vdHN0cmFw"),
        "a secret leaked: {}",
        run.stdout
    );
}

#[test]
fn a_key_an_env_file_repeats_takes_its_last_value_as_compose_reads_it() {
    let scratch = Scratch::new(
        "compose-last",
        &[
            (
                "development/app.env",
                "JWT_SECRET_KEY=dev-secret-1\nJWT_ISSUER=https://old.example\nJWT_ISSUER=https://auth.example\n",
            ),
            (
                "development/compose.yaml",
                "services:\n  auth:\n    env_file: app.env\n  api:\n    environment:\n      JWT_SECRET_KEY: dev-secret-1\n      JWT_ISSUER: https://auth.example\n",
            ),
        ],
    );
    let (_, report) = check_json(&scratch.0, &[]);
    let env = &report["environments"][0];
    // The last line is what the container gets: no issuer drift with api.
    assert!(
        env["drift"]["mismatches"].as_array().unwrap().is_empty(),
        "{env}"
    );
    let auth = &env["services"][0];
    assert_eq!(auth["service"], "auth");
    let issuer = auth["snapshot"]["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|setting| setting["setting"] == "JWT_ISSUER")
        .unwrap();
    assert_eq!(issuer["value"], "https://auth.example", "{issuer}");
    // Compose's reading is known (the last line): no loader disagrees, so
    // the repeated key is no problem, and the line is the one read.
    assert_eq!(auth["problems"].as_array().unwrap().len(), 0, "{auth}");
}

#[test]
fn an_override_file_beside_the_compose_file_is_merged_over_it() {
    let base = "services:
  auth:
    environment:
      JWT_SECRET_KEY: dev-secret-1
      JWT_ISSUER: https://auth.example
  api:
    environment:
      JWT_SECRET_KEY: dev-secret-1
      JWT_ISSUER: https://auth.example
";
    let local = "services:
  api:
    environment:
      JWT_ISSUER: http://localhost:9999
  worker:
    env_file: worker.env
";
    let scratch = Scratch::new(
        "compose-override",
        &[
            ("development/compose.yaml", base),
            ("development/compose.override.yaml", local),
            ("development/worker.env", "JWT_SECRET_KEY=dev-secret-1\n"),
        ],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 1, "{report}");
    let env = &report["environments"][0];
    let names: Vec<&str> = env["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["auth", "api", "worker"]);
    let mismatch = &env["drift"]["mismatches"][0];
    assert_eq!(mismatch["setting"], "JWT_ISSUER", "{mismatch}");
    // SARIF points at the override's line for api.
    let sarif = self::run(&["check", scratch.0.to_str().unwrap(), "--format", "sarif"]);
    assert!(
        sarif.stdout.contains("compose.override.yaml"),
        "{}",
        sarif.stdout
    );
    // `check --env` of the file alone reads it as `docker compose -f` does.
    let alone = self::run(&[
        "check",
        "--env",
        "development",
        scratch.0.join("development/compose.yaml").to_str().unwrap(),
    ]);
    assert_eq!(alone.code, 0, "{}{}", alone.stdout, alone.stderr);
}

#[test]
fn a_compose_file_without_services_is_an_error_not_a_clean_check() {
    for text in [
        "",
        "version: '3.8'\n",
        "services: {}\n",
        "services:\n  - auth\n",
    ] {
        let scratch = Scratch::new("compose-empty", &[("staging/compose.yaml", text)]);
        let Run { code, stderr, .. } = run(&["check", scratch.0.to_str().unwrap()]);
        assert_eq!(code, 2, "{text:?}: {stderr}");
        assert!(
            stderr.contains("staging/compose.yaml") && stderr.contains("declares no services"),
            "{text:?}: {stderr}"
        );
    }
}

#[test]
fn the_kubernetes_deployment_finds_what_its_env_twin_finds() {
    let kube = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/kubernetes/drifted");
    let (code, from_kube) = check_json(&kube, &[]);
    let (_, from_env) = check_json(&deploy("drifted"), &[]);
    assert_eq!(code, 1);
    assert_eq!(what_is_found(&from_kube), what_is_found(&from_env));
}

#[test]
fn a_secret_the_manifests_do_not_hold_is_unknown_never_drift() {
    let manifest = "apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: JWT_SECRET_KEY
              valueFrom: {secretKeyRef: {name: vault-synced, key: jwt}}
---
apiVersion: v1
kind: Pod
metadata: {name: worker}
spec:
  containers:
    - name: worker
      env:
        - {name: JWT_SECRET_KEY, value: dev-secret-1}
";
    let scratch = Scratch::new("kube-outside", &[("development/app.yaml", manifest)]);
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "warning: JWT_SECRET_KEY (development): set from a Secret the manifests do not hold"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("SECRET_MISMATCH"), "{}", run.stdout);
}

#[test]
fn a_secret_referred_to_by_another_variable_never_shows_as_its_value() {
    // `$(SIGNING_KEY)` would put the Secret's text into JWT_ISSUER, a
    // setting whose value reports show.
    let manifest = "apiVersion: v1
kind: Secret
metadata: {name: auth}
stringData:
  signing-key: Zq8vTn3kLw5pXr2yHb7mCd4f
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: SIGNING_KEY
              valueFrom: {secretKeyRef: {name: auth, key: signing-key}}
            - name: JWT_SECRET_KEY
              valueFrom: {secretKeyRef: {name: auth, key: signing-key}}
            - {name: JWT_ISSUER, value: 'https://auth.example/$(SIGNING_KEY)'}
";
    let scratch = Scratch::new("kube-secret-ref", &[("development/app.yaml", manifest)]);
    let dir = scratch.0.to_str().unwrap();
    for format in ["text", "json", "sarif"] {
        let run = run(&["check", dir, "--format", format]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(!said.contains("Zq8vTn3kLw5p"), "{format}: {said}");
    }
    // Taken as a value the check cannot see, not as the text around it,
    // and said to be so.
    let (_, report) = check_json(&scratch.0, &[]);
    assert!(
        !report.to_string().contains("https://auth.example/"),
        "{report}"
    );
    let run = run(&["check", dir]);
    assert!(
        run.stdout.contains(
            "warning: JWT_ISSUER (development): its value quotes a Kubernetes Secret's value, which is never shown"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_whole_secret_the_manifests_do_not_hold_may_set_what_is_required() {
    // External Secrets or Vault fill `app-secrets`; the manifests name it only.
    let manifest = "apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          envFrom:
            - secretRef: {name: app-secrets}
          env:
            - {name: ENVIRONMENT, value: production}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  template:
    spec:
      containers:
        - name: worker
          envFrom:
            - prefix: CACHE_
              secretRef: {name: cache-secrets}
          env:
            - {name: ENVIRONMENT, value: production}
";
    let scratch = Scratch::new("kube-opaque", &[("production/app.yaml", manifest)]);
    let (_, report) = check_json(&scratch.0, &[]);
    let services = &report["environments"][0]["services"];
    let kinds = |service: &Value, key: &str| -> Vec<String> {
        service[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["var"].as_str().unwrap(),
                    f["kind"].as_str().unwrap()
                )
            })
            .collect()
    };
    let api = &services[0];
    assert_eq!(api["service"], "api");
    // Not known to be missing: a warning at the envFrom's line, no problem.
    assert!(kinds(api, "problems").is_empty(), "{api}");
    assert!(
        kinds(api, "warnings").contains(&"JWT_SECRET_KEY maybe_held_outside".to_owned()),
        "{api}"
    );
    let warning = api["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["var"] == "JWT_SECRET_KEY")
        .unwrap();
    assert_eq!(warning["line"], 10, "{warning}");
    // A prefix limits what the object may set: JWT_SECRET_KEY is missing.
    let worker = &services[1];
    assert!(
        kinds(worker, "problems").contains(&"JWT_SECRET_KEY missing".to_owned()),
        "{worker}"
    );
}

#[test]
fn a_value_held_outside_is_said_not_compared_never_to_agree() {
    // api's secret is in a Secret the manifests do not hold; web's is
    // written out. Nothing says they agree.
    let manifest = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - {name: ENVIRONMENT, value: development}
            - name: JWT_SECRET_KEY
              valueFrom: {secretKeyRef: {name: kept-elsewhere, key: jwt}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          env:
            - {name: ENVIRONMENT, value: development}
            - {name: JWT_SECRET_KEY, value: a-development-secret}
";
    let scratch = Scratch::new("kube-unseen", &[("development/app.yaml", manifest)]);
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 0, "{report}");
    let drift = &report["environments"][0]["drift"];
    assert_eq!(
        drift["not_compared"],
        serde_json::json!([{
            "setting": "JWT_SECRET_KEY",
            "service": "api",
            "reason": "held_outside"
        }]),
        "{drift}"
    );
    let text = run(&["check", scratch.0.to_str().unwrap()]).stdout;
    assert!(
        text.contains("consistent where compared: api, web agree on every shared setting whose values could be compared"),
        "{text}"
    );
    assert!(
        text.contains(
            "not compared: JWT_SECRET_KEY of api (its value is held outside the deployment)"
        ),
        "{text}"
    );
    assert!(text.contains("1 value not compared"), "{text}");
    let sarif = run(&["check", scratch.0.to_str().unwrap(), "--format", "sarif"]).stdout;
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|result| result["ruleId"] == "not_compared" && result["level"] == "note"),
        "{sarif}"
    );
}

#[test]
fn a_declared_workload_of_several_containers_is_told_how_to_name_them() {
    // The registry names the workload; its two containers are the
    // services. Before, nothing matched, and the 5-byte secret went
    // unjudged with exit 0 and no word.
    let manifest = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - {name: ENVIRONMENT, value: development}
            - {name: JWT_SECRET_KEY, value: short}
        - name: proxy
          env:
            - {name: UPSTREAM, value: http://localhost:8080}
";
    let registry =
        "schema = 1\n[[service]]\nname = \"api\"\nreads = [\"ENVIRONMENT\", \"JWT_SECRET_KEY\"]\n";
    let scratch = Scratch::new(
        "kube-workload",
        &[
            ("development/app.yaml", manifest),
            ("jwt-config.toml", registry),
        ],
    );
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert!(
        run.stdout.contains("the registry declares a service `api`, but in development `api` is a workload of several containers, each checked as a service of its own (`api/app`, `api/proxy`): declare the container that reads the settings (`name = \"api/app\"`)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 warning in 2 services (2 not checked)"),
        "{}",
        run.stdout
    );
    // SARIF says it too, at the registry file that declares it.
    let sarif = self::run(&["check", scratch.0.to_str().unwrap(), "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let absent = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["ruleId"] == "absent_service")
        .expect("an absent_service result");
    assert!(
        absent["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("jwt-config.toml"),
        "{absent}"
    );
}

#[test]
fn a_service_that_reads_no_shared_setting_is_not_said_to_agree() {
    // The database is declared and reads nothing: it is `ok`, and nothing
    // says it agrees with anyone.
    let compose = "\
services:
  auth:
    environment: {JWT_SECRET_KEY: a-development-secret}
  web:
    environment: {JWT_SECRET_KEY: a-development-secret}
  db:
    environment: {POSTGRES_PASSWORD: postgres}
";
    let registry = "schema = 1
[[service]]
name = \"auth\"
reads = [\"JWT_SECRET_KEY\"]
[[service]]
name = \"web\"
reads = [\"JWT_SECRET_KEY\"]
[[service]]
name = \"db\"
reads = []
";
    let scratch = Scratch::new(
        "reads-nothing",
        &[
            ("development/compose.yaml", compose),
            ("jwt-config.toml", registry),
        ],
    );
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("  db ("), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("[DEVELOPMENT] consistent: auth, web agree on every shared setting"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rule_that_holds_across_services_is_checked_between_them() {
    // The backend calls with a SERVICE_SECRET that is the key auth signs
    // with; neither reads the other's setting, so neither load can tell.
    // And the registry says refresh outlives access across services: auth
    // issues day-long refresh tokens, the API day-long access tokens.
    let signing = "k3Jq9vT2xLw8pRz5mNc7bHf4dGs6aYe1";
    let compose = format!(
        "\
services:
  auth:
    environment:
      ENVIRONMENT: staging
      JWT_SECRET_KEY: {signing}
      JWT_REFRESH_TOKEN_EXPIRE_DAYS: 1
  api:
    environment:
      ENVIRONMENT: staging
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: 1440
  backend:
    environment:
      ENVIRONMENT: staging
      SERVICE_ID: backend
      SERVICE_SECRET: {signing}
"
    );
    let registry = r#"schema = 1
[[rule]]
rule = "longer_than"
setting = "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
than = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
across_services = true
[[service]]
name = "auth"
reads = ["ENVIRONMENT", "JWT_SECRET_KEY", "JWT_REFRESH_TOKEN_EXPIRE_DAYS"]
[[service]]
name = "api"
reads = ["ENVIRONMENT", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
[[service]]
name = "backend"
reads = ["ENVIRONMENT", "SERVICE_ID", "SERVICE_SECRET"]
"#;
    let scratch = Scratch::new(
        "across",
        &[
            ("staging/compose.yaml", &compose),
            ("jwt-config.toml", registry),
        ],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(problems(&report), BTreeSet::new(), "{report}");
    assert_eq!(
        findings(&report),
        set([
            ("staging", "RULE_BROKEN", "SERVICE_SECRET"),
            ("staging", "RULE_BROKEN", "JWT_REFRESH_TOKEN_EXPIRE_DAYS"),
        ])
    );
    let text = run(&["check", scratch.0.to_str().unwrap()]).stdout;
    for line in [
        "[STAGING] RULE_BROKEN: SERVICE_SECRET: backend's SERVICE_SECRET is the JWT_SECRET_KEY of auth, but `SERVICE_SECRET` must differ from `JWT_SECRET_KEY` in staging and production, in each service and between services; give backend a SERVICE_SECRET of its own",
        "[STAGING] RULE_BROKEN: JWT_REFRESH_TOKEN_EXPIRE_DAYS: auth's JWT_REFRESH_TOKEN_EXPIRE_DAYS is no longer than the JWT_ACCESS_TOKEN_EXPIRE_MINUTES of api",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(!text.contains(signing), "{text}");
}

#[test]
fn a_secret_interpolated_into_a_lifetime_by_mistake_is_never_shown() {
    // A typo puts the signing secret into api's access lifetime: refused,
    // compared by fingerprint, and quoted nowhere.
    let secret = "Zq9SECRETxYz0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let compose = "\
services:
  api:
    environment:
      JWT_SECRET_KEY: ${JWT_SECRET}
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: ${JWT_SECRET}
  web:
    environment:
      JWT_SECRET_KEY: ${JWT_SECRET}
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: 15
";
    let env = format!("JWT_SECRET={secret}\n");
    let scratch = Scratch::new(
        "secret-in-lifetime",
        &[
            ("development/compose.yaml", compose),
            ("development/.env", &env),
        ],
    );
    for format in ["text", "json", "sarif"] {
        let out = run(&["check", scratch.0.to_str().unwrap(), "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stdout);
        assert!(
            !out.stdout.contains("SECRETxYz"),
            "a secret leaked in {format}:\n{}",
            out.stdout
        );
    }
    let (_, report) = check_json(&scratch.0, &[]);
    assert!(
        findings(&report).contains(&(
            "development".to_owned(),
            "EXPIRY_MISMATCH".to_owned(),
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES".to_owned()
        )),
        "{report}"
    );
}

#[test]
fn a_lifetime_refused_in_a_services_own_unit_is_still_compared() {
    // 604800 seconds are 10080 minutes: out of bounds, and not 15.
    let scratch = Scratch::new(
        "refused-own-unit",
        &[
            (
                "development/auth.env",
                "JWT_SECRET_KEY=a-development-secret\nGOTRUE_JWT_EXP=604800\n",
            ),
            (
                "development/api.env",
                "JWT_SECRET_KEY=a-development-secret\nJWT_ACCESS_TOKEN_EXPIRE_MINUTES=15\n",
            ),
        ],
    );
    let registry = "schema = 1\n[[service]]\nname = \"auth\"\nreads = [\"JWT_SECRET_KEY\", \"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\"]\n[service.vars]\nGOTRUE_JWT_EXP = { setting = \"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\", unit = \"seconds\" }\n[[service]]\nname = \"api\"\nreads = [\"JWT_SECRET_KEY\", \"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\"]\n";
    let registry_file = scratch.0.join("jwt-config.toml");
    std::fs::write(&registry_file, registry).unwrap();
    let text = run(&["check", scratch.0.to_str().unwrap()]).stdout;
    assert!(
        text.contains("services disagree (api 15 from canonical, auth 10080 (refused) from its own GOTRUE_JWT_EXP)"),
        "{text}"
    );
}

#[test]
fn a_setting_named_for_the_environment_it_is_in_is_told_to_be_renamed() {
    let scratch = Scratch::new(
        "named-for-here",
        &[(
            "development/api.env",
            "JWT_SECRET_KEY=a-development-secret\nJWT_ISSUER_DEV=https://auth.example.org\njwt_audience=api\n",
        )],
    );
    let text = run(&["check", scratch.0.to_str().unwrap()]).stdout;
    for line in [
        "JWT_ISSUER_DEV looks like JWT_ISSUER for development, but nothing reads it: rename it to JWT_ISSUER",
        "jwt_audience is not a setting and is ignored; did you mean JWT_AUDIENCE?",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

#[test]
fn a_key_named_by_its_path_is_never_read_from_the_checkers_machine() {
    // The registry says the key variable names a PEM file; the path is the
    // service's machine's. The check reads nothing there: a warning, not a
    // problem about whatever the checker's /etc/hostname holds.
    let registry = r#"schema = 1
[[setting]]
name = "JWT_PRIVATE_KEY"
encoding = "path"
"#;
    let scratch = Scratch::new(
        "key-path",
        &[
            (
                "development/signer.env",
                "JWT_SECRET_KEY=a-development-secret\nJWT_ALGORITHM=RS256\nJWT_PRIVATE_KEY=/etc/hostname\n",
            ),
            ("jwt-config.toml", registry),
        ],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 0, "{report}");
    let warnings: Vec<String> = report["environments"][0]["services"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{} {}",
                w["var"].as_str().unwrap(),
                w["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(warnings, ["JWT_PRIVATE_KEY key_file"], "{report}");
}

#[test]
fn a_canonical_name_set_beside_a_services_own_name_is_said_to_be_unread() {
    let registry = r#"schema = 1
[[service]]
name = "realtime"
reads = ["ENVIRONMENT", "JWT_SECRET_KEY"]
[service.vars]
JWT_SECRET = "JWT_SECRET_KEY"
NODE_ENV = "ENVIRONMENT"
"#;
    let scratch = Scratch::new(
        "canonical-unread",
        &[
            (
                "development/realtime.env",
                "NODE_ENV=development\nENVIRONMENT=production\nJWT_SECRET=a-development-secret\nJWT_SECRET_KEY=another-secret-here\n",
            ),
            ("jwt-config.toml", registry),
        ],
    );
    let text = run(&["check", scratch.0.to_str().unwrap()]).stdout;
    for line in [
        "JWT_SECRET_KEY (development): set, but this service reads JWT_SECRET_KEY as its own JWT_SECRET, so this value is not read; remove JWT_SECRET_KEY, or set JWT_SECRET to the value meant",
        "ENVIRONMENT (development): set, but this service reads ENVIRONMENT as its own NODE_ENV, so this value is not read",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(!text.contains("another-secret-here"), "{text}");
}

#[test]
fn the_consistent_twins_are_consistent() {
    for form in ["compose", "kubernetes"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples")
            .join(form)
            .join("consistent");
        let (code, report) = check_json(&dir, &[]);
        assert_eq!(code, 0, "{form}: {report}");
        assert!(what_is_found(&report).is_empty(), "{form}");
        assert_eq!(report["summary"]["services"], 6, "{form}");
    }
}

#[test]
fn services_with_their_own_names_and_units_are_compared_in_one_unit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/compose/own-names");
    let run = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("[PRODUCTION] EXPIRY_MISMATCH: JWT_ACCESS_TOKEN_EXPIRE_MINUTES: services disagree (auth 15 from its own GOTRUE_JWT_EXP (written 900 seconds), api 30 from its own ACCESS_TOKEN_EXPIRES_IN (written `30m`))"),
        "{}",
        run.stdout
    );
    let (_, report) = check_json(&dir, &[]);
    // Exactly what the stack should be told, and nothing else:
    // - staging: PostgREST and the API were given secrets too short for
    //   staging, and not the same: each a problem, and a SECRET_MISMATCH
    //   (a refused secret is still compared); the API's NODE_ENV, its own
    //   name for the environment, says production;
    // - no rule about a refresh lifetime for GoTrue, which reads none,
    //   though its week-long tokens outlive the registry's default refresh
    //   lifetime; no legacy name for Realtime, whose own name JWT_SECRET is
    //   a legacy name in the built-in table;
    // - production: one secret under three names (no SECRET_MISMATCH), one
    //   lifetime in two units that disagree.
    assert_eq!(
        problems(&report),
        [
            ("staging", "rest", "PGRST_JWT_SECRET", "weak_secret"),
            ("staging", "api", "APP_SECRET", "weak_secret"),
            ("staging", "api", "NODE_ENV", "wrong_environment"),
        ]
        .into_iter()
        .map(|(a, b, c, d)| (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned()))
        .collect()
    );
    assert_eq!(
        findings(&report),
        set([
            ("staging", "SECRET_MISMATCH", "JWT_SECRET_KEY"),
            (
                "production",
                "EXPIRY_MISMATCH",
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
            ),
        ])
    );
    for env in report["environments"].as_array().unwrap() {
        for service in env["services"].as_array().unwrap() {
            assert_eq!(service["warnings"], serde_json::json!([]), "{service}");
        }
    }
    // Realtime is declared and absent from production: said, not silent.
    let absent: Vec<(&str, &str)> = report["environments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|env| env["absent"].as_array().unwrap())
        .map(|a| {
            (
                a["environment"].as_str().unwrap(),
                a["service"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(absent, [("production", "realtime")]);
    // The worker is not judged, and a quiet report still says so.
    let quiet = self::run(&["check", dir.to_str().unwrap(), "--quiet"]);
    assert!(
        quiet
            .stdout
            .contains("in 8 services (1 not checked) across 2 environments"),
        "{}",
        quiet.stdout
    );
    // SARIF points at the lines that set each service's own name.
    let sarif = self::run(&["check", dir.to_str().unwrap(), "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let expiry = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["ruleId"] == "EXPIRY_MISMATCH")
        .unwrap();
    let lines: Vec<u64> = expiry["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let compose = std::fs::read_to_string(dir.join("production/compose.yaml")).unwrap();
    let line_of = |var: &str| {
        1 + compose
            .lines()
            .position(|line| line.trim_start().starts_with(var))
            .unwrap() as u64
    };
    assert_eq!(
        lines,
        [
            line_of("GOTRUE_JWT_EXP"),
            line_of("ACCESS_TOKEN_EXPIRES_IN")
        ]
    );
}

#[test]
fn a_compose_file_is_checked_directly_as_the_environment_named() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/compose/drifted/production/docker-compose.yml");
    let file = file.to_str().unwrap();
    let run = run(&["check", "--env", "production", file, "--quiet"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("[PRODUCTION] EXPIRY_MISMATCH: JWT_REFRESH_TOKEN_EXPIRE_DAYS")
    );
    let no_env = self::run(&["check", file]);
    assert_eq!(no_env.code, 2);
    assert!(
        no_env
            .stderr
            .contains("say which environment it is with --env NAME"),
        "{}",
        no_env.stderr
    );
}

/// `tests/fixtures/dotenv/declared-auth`: an auth service whose
/// `[[service]]` requires `SERVICE_SECRET` everywhere and ignores its
/// object storage's variables.
fn declared_auth() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dotenv/declared-auth")
}

#[test]
fn a_declared_service_requires_a_setting_where_the_registry_does_not() {
    let (code, report) = check_json(&declared_auth(), &[]);
    assert_eq!(code, 1);
    let services = |env: usize| &report["environments"][env]["services"][0];
    assert_eq!(report["environments"][0]["name"], "development");
    let problems = services(0)["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["var"], "SERVICE_SECRET");
    assert_eq!(problems[0]["environment"], "development");
    assert_eq!(problems[0]["kind"], "missing");
    assert!(
        problems[0]["fix"]
            .as_str()
            .unwrap()
            .contains("this service requires it in development"),
        "{problems:?}"
    );
    assert_eq!(report["environments"][1]["name"], "production");
    assert_eq!(services(1)["problems"].as_array().unwrap().len(), 0);
}

/// The development `auth.env` of `declared-auth`, checked against the
/// built-in table (no `[[service]]`, so nothing is ignored by declaration).
fn undeclared_auth() -> Scratch {
    let env = std::fs::read_to_string(declared_auth().join("development/auth.env")).unwrap();
    Scratch::new("undeclared-auth", &[("development/auth.env", &env)])
}

#[test]
fn unknown_names_are_those_that_look_like_settings_with_every_tied_suggestion() {
    let undeclared = undeclared_auth();
    for (dir, declared) in [(declared_auth(), true), (undeclared.0.clone(), false)] {
        let (_, report) = check_json(&dir, &[]);
        let unknown = report["environments"][0]["services"][0]["unknown"]
            .as_array()
            .unwrap()
            .clone();
        let vars: Vec<&str> = unknown.iter().map(|u| u["var"].as_str().unwrap()).collect();
        // MINIO_SECRET_KEY shares `SECRET` with the registry: listed, with
        // no suggestion, unless the service's `ignore` says it is none of
        // the check's business; S3_* and DATABASE_URL share nothing.
        let mut expected = vec![
            "JWT_EXPIRATION_DELTA",
            "JWT_SECRET_STAGING",
            "JWT_SERVICE_EXPIRY_MINUTES",
        ];
        if !declared {
            expected.push("MINIO_SECRET_KEY");
        }
        assert_eq!(vars, expected, "declared: {declared}");
        if !declared {
            assert_eq!(unknown[3]["suggestions"], serde_json::json!([]));
        }
        assert_eq!(unknown[0]["suggestions"], serde_json::json!([]));
        assert_eq!(unknown[0]["suggestion"], Value::Null);
        assert_eq!(
            unknown[1]["suggestions"],
            serde_json::json!(["JWT_SECRET_KEY"])
        );
        assert_eq!(unknown[1]["environment"], "staging");
        assert_eq!(
            unknown[1]["message"],
            "JWT_SECRET_STAGING looks like JWT_SECRET_KEY for staging, but nothing reads it: set JWT_SECRET_KEY in the staging deployment instead"
        );
        assert_eq!(
            unknown[2]["suggestions"],
            serde_json::json!([
                "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
                "JWT_SERVICE_TOKEN_EXPIRE_MINUTES"
            ])
        );
        assert_eq!(
            unknown[2]["suggestion"],
            Value::Null,
            "a tie has no one suggestion"
        );
        assert_eq!(unknown[2]["line"], 11);
        let text = run(&["check", dir.to_str().unwrap()]).stdout;
        assert!(
            text.contains("JWT_SERVICE_EXPIRY_MINUTES is not a setting and is ignored; did you mean JWT_ACCESS_TOKEN_EXPIRE_MINUTES or JWT_SERVICE_TOKEN_EXPIRE_MINUTES?"),
            "{text}"
        );
        assert_eq!(
            text.contains("or add it to the `ignore` of the [[service]] `auth`"),
            declared,
            "{text}"
        );
        // Listed with no suggestion where nothing says it is not ours.
        assert_eq!(
            text.contains("MINIO_SECRET_KEY looks like a setting but is none of the registry's"),
            !declared,
            "{text}"
        );
        let sarif = run(&["check", dir.to_str().unwrap(), "--format", "sarif"]).stdout;
        assert!(
            sarif.contains("JWT_SECRET_STAGING looks like JWT_SECRET_KEY for staging"),
            "{sarif}"
        );
        for shown in [&text, &sarif] {
            assert!(
                !shown.contains("staging-only-signing-key"),
                "a secret's value is never shown"
            );
        }
    }
}

#[test]
fn a_declared_service_ignores_the_names_it_lists() {
    let dir = declared_auth();
    let env = std::fs::read_to_string(dir.join("development/auth.env")).unwrap();
    // A prefix the service adds to `ignore` silences the names it covers,
    // and only those.
    let scratch = Scratch::new(
        "ignored",
        &[
            (
                "jwt-config.toml",
                &std::fs::read_to_string(dir.join("jwt-config.toml"))
                    .unwrap()
                    .replace("\"S3_*\"]", "\"S3_*\", \"JWT_EXPIRATION_*\"]"),
            ),
            ("development/auth.env", &env),
        ],
    );
    let (_, report) = check_json(&scratch.0, &[]);
    let unknown = &report["environments"][0]["services"][0]["unknown"];
    let vars: Vec<&str> = unknown
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["var"].as_str().unwrap())
        .collect();
    assert_eq!(vars, ["JWT_SECRET_STAGING", "JWT_SERVICE_EXPIRY_MINUTES"]);
}
