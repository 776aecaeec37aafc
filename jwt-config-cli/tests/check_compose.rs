//! `check` on Docker Compose deployments: interpolation from the project's
//! `.env` (never the shell), `env_file`, override files, a Compose file
//! given directly with `--env` and `--env-file`.

mod common;

use std::path::Path;

use common::{Run, Scratch, check_json, findings, run, run_with_env};
use serde_json::Value;

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
