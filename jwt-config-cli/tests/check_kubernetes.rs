//! `check` on Kubernetes manifests: Secrets the manifests do or do not
//! hold, values held outside the deployment, workloads of several
//! containers.

mod common;

use common::{Scratch, check_json, run};
use serde_json::Value;

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
