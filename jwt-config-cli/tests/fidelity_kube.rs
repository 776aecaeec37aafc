//! Kubernetes manifests read as the API server and the kubelet read them:
//! each fixture of `tests/fixtures/kubernetes` is shaped like a real
//! deployment (`<environment>/k8s/...`, applied with `kubectl apply -R -f`),
//! and `check` must judge it by what the kubelet gives the container, or
//! refuse it by file and line as the API server refuses it, never abort and
//! never show a secret.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::check_dir;
use serde_json::Value;

/// The fixture `name` of `tests/fixtures/kubernetes`.
fn fixture(name: &str) -> std::path::PathBuf {
    common::fixture(&format!("kubernetes/{name}"))
}

fn check(name: &str) -> (i32, Value) {
    check_dir(&fixture(name))
}

/// `check FIXTURE`, which must fail with exit 2: what it says.
fn refused(name: &str) -> String {
    common::refused_dir(&fixture(name))
}

/// Drift findings and problems, as `(category or service, setting or var)`.
fn findings(report: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for env in report["environments"].as_array().unwrap() {
        for mismatch in env["drift"]["mismatches"].as_array().unwrap() {
            found.push((
                mismatch["category"].as_str().unwrap().to_owned(),
                mismatch["setting"].as_str().unwrap().to_owned(),
            ));
        }
        for service in env["services"].as_array().unwrap() {
            for problem in service["problems"].as_array().unwrap() {
                found.push((
                    service["service"].as_str().unwrap().to_owned(),
                    problem["var"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    found
}

/// The services of the report's first environment.
fn services(report: &Value) -> &Vec<Value> {
    report["environments"][0]["services"].as_array().unwrap()
}

/// The value the report shows for `setting` of `service`.
fn shown<'r>(service: &'r Value, setting: &str) -> &'r Value {
    &service["snapshot"]["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["setting"] == setting)
        .unwrap_or_else(|| panic!("{setting}: {service}"))["value"]
}

/// Every 12-byte piece of `secret`.
fn pieces(secret: &str) -> impl Iterator<Item = &str> {
    (0..=secret.len() - 12).map(move |i| &secret[i..i + 12])
}

#[test]
fn manifests_one_directory_down_in_several_files_are_consistent() {
    // production/k8s/{namespace,configmap,secrets}.yaml, a Deployment and
    // a Service per workload one level further down, a ConfigMap written
    // as JSON and a README beside them.
    let (code, report) = check("one-down");
    assert_eq!(findings(&report), [], "{report}");
    assert_eq!(report["summary"]["warnings"], 0, "{report}");
    assert_eq!(code, 0, "{report}");
    let services = services(&report);
    let names: Vec<&str> = services
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["auth-service", "backend"], "{report}");
    assert!(
        services[1]["file"]
            .as_str()
            .unwrap()
            .ends_with("one-down/production/k8s/backend/deployment.yaml"),
        "{report}"
    );
    // `https://$(AUTH_HOST)` from the ConfigMap, `$(AUTH_URL)` from the
    // JSON one: both as the kubelet expands them.
    for service in services {
        assert_eq!(shown(service, "JWT_ISSUER"), "https://auth.internal");
        assert_eq!(shown(service, "JWT_REFRESH_TOKEN_EXPIRE_DAYS"), "7");
    }
    // The SERVICE_SECRET wrapped over lines in a `|` block decodes as the
    // one-line JWT_SECRET_KEY does: both services agree on both.
    assert_eq!(
        shown(&services[0], "SERVICE_SECRET"),
        shown(&services[1], "SERVICE_SECRET")
    );
}

#[cfg(unix)]
#[test]
fn links_to_directories_are_not_followed_as_kubectl_does_not() {
    use std::os::unix::fs::symlink;
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fidelity-kube-links");
    let _ = std::fs::remove_dir_all(&scratch);
    let pod = |name: &str, issuer: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n    - name: {name}\n      env:\n        - {{name: JWT_SECRET_KEY, value: dev-only-signing-key}}\n        - {{name: JWT_ISSUER, value: '{issuer}'}}\n"
        )
    };
    let deploy = scratch.join("deploy");
    std::fs::create_dir_all(deploy.join("development/k8s")).unwrap();
    std::fs::create_dir_all(scratch.join("outside")).unwrap();
    std::fs::write(
        deploy.join("development/k8s/api.yaml"),
        pod("api", "https://auth.dev"),
    )
    .unwrap();
    std::fs::write(
        scratch.join("outside/worker.yaml"),
        pod("worker", "https://elsewhere"),
    )
    .unwrap();
    // A link out of the deployment, and one back into it (a loop).
    symlink(scratch.join("outside"), deploy.join("development/shared")).unwrap();
    symlink(
        deploy.join("development"),
        deploy.join("development/k8s/up"),
    )
    .unwrap();
    let started = Instant::now();
    let (code, report) = check_dir(&deploy);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(code, 0, "{report}");
    let names: Vec<&str> = services(&report)
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["api"], "{report}");
    // A link to a manifest that leads out is refused, never read.
    symlink(
        scratch.join("outside/worker.yaml"),
        deploy.join("development/k8s/worker.yaml"),
    )
    .unwrap();
    let output = Command::cargo_bin("jwt-config")
        .unwrap()
        .args(["check", deploy.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains("k8s/worker.yaml: a link that leads outside the checked directory"),
        "{said}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn yaml_files_that_hold_no_kubernetes_object_are_named_as_such() {
    let said = refused("no-objects");
    assert!(
        said.contains("no-objects/production holds 4 YAML files, none a Kubernetes object"),
        "{said}"
    );
}

#[test]
fn a_secret_value_that_is_not_base64_is_refused_by_its_key_never_shown() {
    // A value wrapped by `base64` and pasted as a plain scalar: YAML folds
    // the line break into a space, which Go's decoder refuses.
    let said = refused("bad-base64");
    assert!(
        said.contains("bad-base64/production/k8s/secret.yaml:8: ")
            && said.contains("`JWT_SECRET_KEY`")
            && said.contains("the Secret `jwt-secrets`")
            && said.contains("not base64"),
        "{said}"
    );
    let text = std::fs::read_to_string(fixture("bad-base64/production/k8s/secret.yaml")).unwrap();
    let encoded = text
        .lines()
        .find_map(|line| line.strip_prefix("  JWT_SECRET_KEY: "))
        .unwrap();
    let secret = "Vb4nQe8rTz1KwX6pLm3YsD7fHc2GjA9uNo5ZiR0tEy4WqB8vMk1CxS6hUd3PaF7g";
    for piece in pieces(encoded).chain(pieces(secret)) {
        assert!(!said.contains(piece), "{said}");
    }
}

#[test]
fn a_secret_key_whose_bytes_are_not_text_is_a_located_problem_where_it_is_read() {
    // A problem of the variable the service reads, at the line that takes
    // the key; the rest of the deployment is still checked.
    let (code, report) = check("binary-secret");
    assert_eq!(code, 1, "{report}");
    let problems: Vec<&Value> = services(&report)
        .iter()
        .flat_map(|service| service["problems"].as_array().unwrap())
        .collect();
    let problem = problems
        .iter()
        .find(|problem| problem["var"] == "JWT_SECRET_KEY")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(problem["kind"], "not_unicode", "{problem}");
    assert_eq!(problem["line"], 20, "{problem}");
    assert!(
        problem["file"]
            .as_str()
            .unwrap()
            .ends_with("binary-secret/production/k8s/deployment.yaml"),
        "{problem}"
    );
    // Never "not set": the service reads it.
    assert!(
        !problems
            .iter()
            .any(|p| p["var"] == "JWT_SECRET_KEY" && p["kind"] == "missing"),
        "{report}"
    );
}

#[test]
fn string_data_wins_over_data_as_the_api_server_merges_them() {
    // auth's Secret keeps the template's `data` and overrides it in
    // `stringData`; backend's has the new value alone.
    let (code, report) = check("string-data");
    assert_eq!(findings(&report), [], "{report}");
    assert_eq!(code, 0, "{report}");
    let services = services(&report);
    assert_eq!(
        shown(&services[0], "JWT_SECRET_KEY"),
        shown(&services[1], "JWT_SECRET_KEY")
    );
}

#[test]
fn values_that_are_not_strings_are_refused_by_file_and_line() {
    for (name, at, what) in [
        (
            "value-mapping",
            "value-mapping/production/k8s/deployment.yaml:21: the `value` of `JWT_SECRET_KEY`",
            "is a mapping",
        ),
        (
            "value-list",
            "value-list/production/k8s/deployment.yaml:21: the `value` of `JWT_AUDIENCE`",
            "is a list",
        ),
        (
            "configmap-list",
            "configmap-list/production/k8s/configmap.yaml:7: the value of `JWT_AUDIENCE` in `data` of the ConfigMap `jwt-config`",
            "is a list",
        ),
    ] {
        let said = refused(name);
        assert!(said.contains(at) && said.contains(what), "{name}: {said}");
        assert!(said.contains("the API server refuses"), "{name}: {said}");
    }
}

#[test]
fn a_reference_doubled_line_after_line_is_refused_not_grown() {
    // 28 variables, each `$(previous)$(previous)`: 1.5 KiB the kubelet
    // would grow to 4 GiB.
    let started = Instant::now();
    let said = refused("doubling");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        said.contains("doubling/development/k8s/deployment.yaml:50: the value of `A16`")
            && said.contains("1048576 bytes"),
        "{said}"
    );
}

#[test]
fn references_expand_once_as_the_kubelet_expands_them() {
    let (code, report) = check("expansion");
    assert_eq!(findings(&report), [], "{report}");
    assert_eq!(code, 0, "{report}");
    let api = &services(&report)[0];
    // Defined earlier, by envFrom: substituted.
    assert_eq!(shown(api, "JWT_ISSUER"), "https://auth.dev.internal");
    // A ConfigMap's `$(AUTH_HOST)` stays as written, even substituted; `$$`
    // is a `$`; a name defined only later, and `$5`, stay as written.
    assert_eq!(
        shown(api, "JWT_AUDIENCE"),
        "https://$(AUTH_HOST)/template,$(AUTH_HOST),$(CLIENT),$5"
    );
    // Defined earlier, by `env`.
    assert_eq!(shown(api, "SERVICE_ID"), "web-api");
}

#[test]
fn a_key_file_mounted_from_a_secret_is_followed_and_a_half_done_rotation_is_drift() {
    // api mounts the Secret's key with `items`, worker one key with a
    // `subPath`; each reads JWT_SECRET_KEY from the file JWT_SECRET_KEY_FILE
    // names, its trailing line break dropped.
    let (code, report) = check("file-secrets");
    assert_eq!(
        findings(&report),
        Vec::<(String, String)>::new(),
        "{report}"
    );
    assert_eq!(code, 0);
    for service in report["environments"][0]["services"].as_array().unwrap() {
        assert!(
            service["warnings"].as_array().unwrap().is_empty(),
            "{service}"
        );
        assert!(
            service["unknown"].as_array().unwrap().is_empty(),
            "{service}"
        );
    }
    // worker mounts the next key while api still reads the old one.
    let (code, report) = check("file-secrets-rotated");
    assert_eq!(
        findings(&report),
        [("SECRET_MISMATCH".to_owned(), "JWT_SECRET_KEY".to_owned())],
        "{report}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_manifest_in_a_hidden_directory_is_read_as_kubectl_apply_r_reads_it() {
    // The same layout with an editor's `.history` beside it: `kubectl apply
    // -R` applies the old backend too, with its old issuer.
    let (code, report) = check("hidden-dir");
    let names: Vec<&str> = services(&report)
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["backend-old", "auth-service", "backend"],
        "{report}"
    );
    assert!(
        findings(&report).contains(&("ISSUER_MISMATCH".to_owned(), "JWT_ISSUER".to_owned())),
        "{report}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_key_named_by_its_path_is_read_from_the_volume_mounted_there() {
    // auth's private key is a Secret mounted with `subPath`, api's public
    // key a ConfigMap mounted with `items`; the registry names both keys by
    // path. Followed, they match; a verifier still on the old public key is
    // a half-done rotation.
    let (code, report) = check("key-paths");
    assert_eq!(
        findings(&report),
        Vec::<(String, String)>::new(),
        "{report}"
    );
    for service in services(&report) {
        assert!(
            service["warnings"].as_array().unwrap().is_empty(),
            "{service}"
        );
    }
    assert_eq!(code, 0);
    let (code, report) = check("key-paths-rotated");
    assert_eq!(
        findings(&report),
        [("KEY_MISMATCH".to_owned(), "JWT_PUBLIC_KEY".to_owned())],
        "{report}"
    );
    assert_eq!(code, 1);
}
