//! `check` against a registry file: an organisation's found above the
//! deployment, declared `[[service]]`s judged by what they read under
//! their own names and units, rules across services, names a service
//! ignores.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Scratch, check_json, findings, org, problems, run, set};
use serde_json::Value;

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
