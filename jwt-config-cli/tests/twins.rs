//! One deployment written three ways (`.env` files, Compose, Kubernetes
//! manifests in `examples/`): each form finds what the others find.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{check_json, deploy};
use serde_json::Value;

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
fn the_kubernetes_deployment_finds_what_its_env_twin_finds() {
    let kube = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/kubernetes/drifted");
    let (code, from_kube) = check_json(&kube, &[]);
    let (_, from_env) = check_json(&deploy("drifted"), &[]);
    assert_eq!(code, 1);
    assert_eq!(what_is_found(&from_kube), what_is_found(&from_env));
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
