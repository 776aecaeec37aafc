//! `check` on deployments of `.env` files, one directory per environment:
//! each service's problems, drift between services, and the exit codes
//! (0 consistent, 1 findings, 2 a deployment the check cannot read).

mod common;

use std::collections::BTreeSet;

use common::{Run, Scratch, check_json, deploy, findings, problems, run, run_with_env, set};

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
fn a_public_key_given_as_an_hmac_secret_is_a_problem_of_the_check() {
    // Algorithm confusion: a verifier given the signer's public key as its
    // HS256 secret accepts tokens anyone holding that key can sign. The
    // check judges keys as the service's own load does, whatever features
    // the command was built with.
    let pem = "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAy0EePrH2ve2z8yjIP/7x\\nZeVLXFyWtXhal5FcttUWHf8IpnM5xdvtm9hc73z/30q3+bIc7KkcnuDRCorwnG69\\nF7svjQ/x8E27qP0v1/ryU3cesDMrOhr4L0yEDTATpVndccSq3D2/Z2ORweoX76kJ\\nq2CkVpSUidrAJe6sblSc+rcPew5ruhIedr7EZ3UKwdp8Je0W123BO0OoKPFJ/Bbt\\nBN/4KdMeX2RbLnXdhsUCJd/Eo6TQKWOCITXP4+Vh9V1XMmvTIiQ50qnJXA5O0Mvn\\naWrNkU9WEfGwwnwYCgEv/BlAvgRXUL8PLOExqE9FnBmTKjaRIYuyPKvSAmUqx3+V\\nzQIDAQAB\\n-----END PUBLIC KEY-----\\n";
    let env = format!(
        "ENVIRONMENT=development\nJWT_ALGORITHM=HS256\nJWT_SECRET_KEY=\"{pem}\"\nJWT_ISSUER=https://auth.example.org\n"
    );
    let scratch = Scratch::new("pem-as-secret", &[("development/api.env", &env)]);
    let (code, report) = check_json(&scratch.0, &[]);
    assert!(
        problems(&report).contains(&(
            "development".to_owned(),
            "api".to_owned(),
            "JWT_SECRET_KEY".to_owned(),
            "invalid".to_owned()
        )),
        "{report}"
    );
    assert!(
        !report.to_string().contains("MIIB"),
        "the key is never quoted"
    );
    assert_eq!(code, 1);
}
