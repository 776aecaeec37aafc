//! Deployments read as their runtimes read them: each fixture of
//! `tests/fixtures` is shaped like a real stack, and `check` must judge it
//! by what Compose (compose-go) or the service's loader gives the
//! container, or refuse it by file and line as they refuse it, never abort.

mod common;

use assert_cmd::Command;
use common::fixture;
use serde_json::Value;

/// `check FIXTURE --format json`: the exit code and the report.
fn check(name: &str) -> (i32, Value) {
    common::check_dir(&fixture(name))
}

/// `check FIXTURE`, which must fail with exit 2: what it says.
fn refused(name: &str) -> String {
    common::refused_dir(&fixture(name))
}

/// (category, setting) of a drift finding.
type Drift = (String, String);
/// (service, var, kind) of a problem.
type Problem = (String, String, String);

/// Every drift finding and every problem of a report.
fn findings(report: &Value) -> (Vec<Drift>, Vec<Problem>) {
    let mut drift = Vec::new();
    let mut problems = Vec::new();
    for env in report["environments"].as_array().unwrap() {
        for mismatch in env["drift"]["mismatches"].as_array().unwrap() {
            drift.push((
                mismatch["category"].as_str().unwrap().to_owned(),
                mismatch["setting"].as_str().unwrap().to_owned(),
            ));
        }
        for service in env["services"].as_array().unwrap() {
            for problem in service["problems"].as_array().unwrap() {
                problems.push((
                    service["service"].as_str().unwrap().to_owned(),
                    problem["var"].as_str().unwrap().to_owned(),
                    problem["kind"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    (drift, problems)
}

#[test]
fn a_stack_written_as_compose_reads_it_is_consistent() {
    // Unquoted spaces, `%` and `:` in the project's .env, inline comments,
    // `${VAR:-default}` over an empty value, `${VAR:?message}`, `KEY: value`
    // in an env_file, and one `&jwt` anchor merged into three services.
    let (code, report) = check("compose/stack");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    assert_eq!(code, 0);
    let services = report["environments"][0]["services"].as_array().unwrap();
    assert_eq!(services.len(), 3);
    let access = services[0]["snapshot"]["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["setting"] == "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
        .unwrap();
    assert_eq!(access["value"], "15", "{access}");
}

#[test]
fn secrets_that_differ_only_as_compose_reads_them_are_drift() {
    // A tab before `#` is no comment to Compose; `\ ` unquoted stays a
    // backslash and a space. dotenvy reads both pairs as equal.
    for name in ["compose/tab-comment", "compose/escape"] {
        let (code, report) = check(name);
        assert_eq!(
            findings(&report),
            (
                vec![("SECRET_MISMATCH".to_owned(), "JWT_SECRET_KEY".to_owned())],
                vec![]
            ),
            "{name}"
        );
        assert_eq!(code, 1, "{name}");
    }
}

#[test]
fn every_document_of_a_compose_file_is_merged() {
    let (code, report) = check("compose/second-document");
    let (_, problems) = findings(&report);
    assert_eq!(
        problems,
        [(
            "worker".to_owned(),
            "JWT_SKIP_SIGNATURE_VERIFICATION".to_owned(),
            "rule".to_owned()
        )],
        "{report}"
    );
    assert_eq!(code, 1);
}

#[test]
fn reset_and_override_tags_of_an_override_file_are_honoured() {
    // The base file sets a flag production refuses and an old issuer; the
    // override file resets one and overrides the environment holding the other.
    let (code, report) = check("compose/reset-override");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    assert_eq!(code, 0);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let (code, report) = check("compose/bom");
    assert_eq!(report["summary"]["services"], 2, "{report}");
    assert_eq!(code, 0, "{report}");
}

#[test]
fn files_compose_refuses_are_refused_by_file_and_line() {
    let said = refused("compose/duplicate-service");
    assert!(
        said.contains("duplicate-service/production/compose.yaml:8:") && said.contains("`api`"),
        "{said}"
    );
    // A NUL byte does not end the file in silence.
    let said = refused("compose/nul");
    assert!(
        said.contains("nul/production/compose.yaml:6:") && said.contains("U+0000"),
        "{said}"
    );
}

#[test]
fn a_value_doubled_line_after_line_is_refused_not_grown() {
    // 355 bytes that would grow to 4 GiB: the project's .env of a Compose
    // file, and a service's own .env.
    let said = refused("compose/doubling");
    assert!(
        said.contains("doubling/production/.env:17: the value of A16 expands"),
        "{said}"
    );
    let said = refused("dotenv/doubling");
    assert!(said.contains("api.env:17: the value of A16"), "{said}");
}

#[test]
fn names_from_files_cannot_forge_a_report_line_or_reach_the_terminal() {
    let dir = fixture("compose/forged-names");
    let run = |format: &str| {
        let output = Command::cargo_bin("jwt-config")
            .unwrap()
            .args(["check", dir.to_str().unwrap(), "--format", format])
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        String::from_utf8(output.stdout).unwrap()
    };
    let text = run("text");
    // Colour is on: escapes are there, but only the colours' own (CSI `m`).
    assert!(text.contains("\u{1b}[1m"), "{text}");
    assert!(
        !text.contains("\u{1b}]"),
        "an OSC reached the terminal:\n{text}"
    );
    assert!(!text.contains('\u{7}'), "{text}");
    // The only summary is the real one; the fake one stays inside its line.
    let summaries: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("problems,") && !line.starts_with(' '))
        .collect();
    assert_eq!(summaries.len(), 1, "{text}");
    assert!(summaries[0].contains("not consistent"), "{text}");
    assert!(
        text.contains("api\\u{1b}]0;pwned\\u{7}\\nconsistent: 0 problems"),
        "{text}"
    );
    assert!(text.contains("JWT_ISSUER\\n is not a setting"), "{text}");
    // JSON and SARIF show the names as the text does.
    for format in ["json", "sarif"] {
        let out = run(format);
        assert!(!out.contains("\\u001b"), "{format}: {out}");
        assert!(
            out.contains("api\\\\u{1b}]0;pwned\\\\u{7}\\\\nconsistent"),
            "{format}: {out}"
        );
    }
}

#[test]
fn a_secret_held_in_a_file_is_followed_to_what_the_deployment_mounts() {
    // api reads a Compose secret, worker a bind-mounted key file: the same
    // text, each with a trailing line break.
    let (code, report) = check("compose/file-secrets");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    assert_eq!(code, 0);
    let services = report["environments"][0]["services"].as_array().unwrap();
    for service in services {
        assert!(
            service["unknown"].as_array().unwrap().is_empty(),
            "{service}"
        );
        assert!(
            service["warnings"].as_array().unwrap().is_empty(),
            "{service}"
        );
    }
    // A half-done rotation: the mounted key file differs.
    let (code, report) = check("compose/file-secrets-rotated");
    assert_eq!(
        findings(&report).0,
        [("SECRET_MISMATCH".to_owned(), "JWT_SECRET_KEY".to_owned())],
        "{report}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_file_the_deployment_does_not_provide_is_a_located_warning() {
    let (code, report) = check("compose/file-secrets-not-mounted");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    let api = &report["environments"][0]["services"][0];
    let warning = &api["warnings"][0];
    assert_eq!(warning["kind"], "in_file", "{api}");
    assert_eq!(warning["var"], "JWT_SECRET_KEY");
    // Located at the JWT_SECRET_KEY_FILE line of the Compose file.
    assert!(
        warning["file"].as_str().unwrap().ends_with("compose.yaml"),
        "{warning}"
    );
    assert_eq!(warning["line"], 17);
    assert_eq!(code, 0);
}

#[test]
fn where_loaders_read_a_setting_otherwise_and_none_is_declared_it_is_a_finding() {
    let (code, report) = check("dotenv/loaders-disagree");
    let api = &report["environments"][0]["services"][0];
    let problems = api["problems"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p["var"].as_str().unwrap(), p["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("JWT_SECRET_KEY", "loaders_disagree"),
            ("JWT_AUDIENCE", "loaders_disagree")
        ],
        "{api}"
    );
    // Each loader's reading named; the secret's as fingerprints only.
    let secret = problems[0]["message"].as_str().unwrap();
    assert!(
        secret.contains("node-dotenv fp:") && secret.contains("dotenvy fp:"),
        "{secret}"
    );
    assert!(
        !report.to_string().contains("Zm9yZ2Ut"),
        "a secret leaked: {report}"
    );
    assert_eq!(problems[0]["line"], 4);
    let audience = problems[1]["message"].as_str().unwrap();
    assert!(audience.contains("dotenvy `web app`"), "{audience}");
    // The issuer's comment reads alike everywhere: no finding.
    assert_eq!(code, 1);
}

#[test]
fn a_declared_loader_reads_the_file_as_that_loader_does() {
    // The same file, its service declared a Node service: no finding, and
    // the values are Node's (the backslash stays).
    let (code, report) = check("dotenv/loaders-declared");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    assert_eq!(code, 0);
    let settings = report["environments"][0]["services"][0]["snapshot"]["settings"]
        .as_array()
        .unwrap();
    let audience = settings
        .iter()
        .find(|s| s["setting"] == "JWT_AUDIENCE")
        .unwrap();
    assert_eq!(audience["value"], "web\\ app", "{audience}");
}

#[test]
fn a_reading_over_several_lines_is_shown_only_as_a_fingerprint() {
    // Node reads JWT_ISSUER's backtick over three lines, the secret's
    // among them: no loader's reading of a non-secret is shown then.
    let dir = fixture("dotenv/loaders-multiline");
    let secret = "Qm9pbGVkLWZyb2ctNzQxLXRyYW1wb2xpbmUtY2VsbG8tOTk1LXF1YXJ0ei1zaGFkb3ctMjY0";
    for format in ["text", "json", "sarif"] {
        let output = Command::cargo_bin("jwt-config")
            .unwrap()
            .args(["check", dir.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(said.contains("loaders"), "{format}: {said}");
        for start in 0..secret.len() - 12 {
            let piece = &secret[start..start + 12];
            assert!(
                !said.contains(piece),
                "{format}: `{piece}` of the secret leaked:\n{said}"
            );
        }
    }
    let (_, report) = check("dotenv/loaders-multiline");
    let issuer = report["environments"][0]["services"][0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["var"] == "JWT_ISSUER")
        .unwrap()
        .clone();
    assert!(
        issuer["message"]
            .as_str()
            .unwrap()
            .contains("node-dotenv fp:"),
        "{issuer}"
    );
}

#[test]
fn paths_in_a_compose_file_are_interpolated_as_compose_does() {
    // `env_file: ${STAGE:-dev}.env`, a secret's `file:` and `target`, and
    // the path JWT_SECRET_KEY_FILE names all hold `${STAGE}`.
    let (code, report) = check("compose/interpolated-paths");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    let api = &report["environments"][0]["services"][0];
    assert!(api["warnings"].as_array().unwrap().is_empty(), "{api}");
    assert_eq!(code, 0);
}

#[test]
fn what_the_check_does_not_read_yet_is_refused_by_its_line() {
    let said = refused("compose/extends");
    assert!(
        said.contains("extends/production/compose.yaml:10: service `api` uses `extends:`"),
        "{said}"
    );
}

#[test]
fn a_name_a_declared_loader_would_take_from_the_environment_is_a_problem() {
    let (code, report) = check("dotenv/loaders-python");
    let (_, problems) = findings(&report);
    assert_eq!(
        problems,
        [(
            "api".to_owned(),
            "JWT_ISSUER".to_owned(),
            "unresolved_reference".to_owned()
        )],
        "{report}"
    );
    let api = &report["environments"][0]["services"][0];
    assert_eq!(api["problems"][0]["line"], 5, "{api}");
    // python-dotenv's reading: the comment gone, the quotes too.
    let settings = api["snapshot"]["settings"].as_array().unwrap();
    let audience = settings
        .iter()
        .find(|s| s["setting"] == "JWT_AUDIENCE")
        .unwrap();
    assert_eq!(audience["value"], "web", "{audience}");
    assert_eq!(code, 1);
}

#[test]
fn a_compose_secret_read_into_a_setting_that_is_not_a_secret_is_never_shown() {
    // api and worker read their issuer from two Compose secrets, api its
    // access lifetime from a third, which is not a number: the issuers
    // differ and the lifetime is refused, but no secret file's content is
    // quoted in the problem nor printed in drift, in any format.
    let dir = fixture("compose/secret-material");
    let (code, report) = check("compose/secret-material");
    assert_eq!(code, 1);
    let (drift, problems) = findings(&report);
    assert!(
        drift.contains(&("ISSUER_MISMATCH".to_owned(), "JWT_ISSUER".to_owned())),
        "{report}"
    );
    assert!(
        problems
            .iter()
            .any(|(service, var, _)| service == "api" && var == "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
        "{report}"
    );
    for format in ["text", "json", "sarif"] {
        let output = Command::cargo_bin("jwt-config")
            .unwrap()
            .args(["check", dir.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        for content in [
            "issuer-in-a-secret",
            "AAAA",
            "BBBB",
            "ttl-in-a-secret",
            "CCCC",
        ] {
            assert!(!said.contains(content), "{format}: {content} in {said}");
        }
    }
}

/// `(service, var, kind)` of every warning of a report.
fn warnings(report: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for env in report["environments"].as_array().unwrap() {
        for service in env["services"].as_array().unwrap() {
            for warning in service["warnings"].as_array().unwrap() {
                found.push((
                    service["service"].as_str().unwrap().to_owned(),
                    warning["var"].as_str().unwrap().to_owned(),
                    warning["kind"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    found
}

#[test]
fn a_key_named_by_its_path_is_read_from_what_the_stack_mounts_there() {
    // The registry names JWT_PRIVATE_KEY and JWT_PUBLIC_KEY by path
    // (`encoding = "path"`): auth's private key is a Compose secret mounted
    // at its `target`, api's public key a bind mount. Both are followed,
    // and the public key is the private key's.
    let (code, report) = check("compose/key-paths");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    assert_eq!(warnings(&report), vec![], "{report}");
    assert_eq!(code, 0);
    let services = report["environments"][0]["services"].as_array().unwrap();
    let value = |service: &str, setting: &str| -> String {
        let service = services.iter().find(|s| s["service"] == service).unwrap();
        let entry = service["snapshot"]["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["setting"] == setting)
            .unwrap();
        entry["value"].as_str().unwrap().to_owned()
    };
    // Read, and shown only as digests: the private key's fingerprint, the
    // public key's `pem:` digest.
    assert!(
        value("auth", "JWT_PRIVATE_KEY").starts_with("fp:"),
        "{report}"
    );
    assert!(
        value("api", "JWT_PUBLIC_KEY").starts_with("pem:"),
        "{report}"
    );
    assert!(!report.to_string().contains("PRIVATE KEY-----"));
}

#[test]
fn a_half_done_key_rotation_is_drift_when_keys_are_named_by_path() {
    // api still mounts the public key of another key pair.
    let (code, report) = check("compose/key-paths-rotated");
    assert_eq!(
        findings(&report),
        (
            vec![("KEY_MISMATCH".to_owned(), "JWT_PUBLIC_KEY".to_owned())],
            vec![]
        ),
        "{report}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_key_path_the_stack_does_not_mount_is_a_key_not_seen() {
    // api's bind mount lands elsewhere: nothing is at the path it names.
    // The checker's own filesystem is never read in its place.
    let (code, report) = check("compose/key-paths-not-mounted");
    assert_eq!(findings(&report), (vec![], vec![]), "{report}");
    assert_eq!(
        warnings(&report),
        [(
            "api".to_owned(),
            "JWT_PUBLIC_KEY".to_owned(),
            "key_file".to_owned()
        )],
        "{report}"
    );
    // The pair was not compared, and the summary says so.
    let drift = &report["environments"][0]["drift"];
    assert_eq!(
        drift["not_compared"][0]["setting"], "JWT_PUBLIC_KEY",
        "{drift}"
    );
    assert_eq!(drift["not_compared"][0]["service"], "api", "{drift}");
    assert_eq!(report["summary"]["not_compared"], 1, "{report}");
    assert_eq!(code, 0);
}
