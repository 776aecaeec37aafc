//! What the command's tests share: the command run with arguments (and
//! variables in its environment), `jwt-config check` run on a fixture of
//! `tests/fixtures`, a bundled deployment or a scratch directory, its exit
//! code and what it says, and the findings of a JSON report.
//!
//! Each file of `tests/` is a crate of its own that uses some of these.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The fixture `name` (`compose/stack`, `kubernetes/one-down`).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `check DIR --format json`, which must say nothing on standard error:
/// the exit code and the report.
pub fn check_dir(dir: &Path) -> (i32, Value) {
    let output = Command::cargo_bin("jwt-config")
        .unwrap()
        .args(["check", dir.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.is_empty(), "{}: {stderr}", dir.display());
    (
        output.status.code().unwrap(),
        serde_json::from_str(&String::from_utf8(output.stdout).unwrap()).unwrap(),
    )
}

/// `check DIR`, which must fail with exit 2 and print nothing on standard
/// output: what it says.
pub fn refused_dir(dir: &Path) -> String {
    let output = Command::cargo_bin("jwt-config")
        .unwrap()
        .args(["check", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", dir.display());
    assert!(output.stdout.is_empty(), "{}", dir.display());
    String::from_utf8(output.stderr).unwrap()
}

/// The bundled deployment `name` of `examples/deploy` (`drifted`, `consistent`).
pub fn deploy(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/deploy")
        .join(name)
}

/// The command, built by cargo for these tests.
pub fn jwt_config() -> Command {
    Command::cargo_bin("jwt-config").unwrap()
}

/// How a run of the command ended: its exit code and what it printed.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The command run with `args`.
pub fn run(args: &[&str]) -> Run {
    run_with_env(args, &[])
}

/// `run` with these variables in the command's environment (the
/// operator's shell, as the check must never read it).
pub fn run_with_env(args: &[&str], vars: &[(&str, &str)]) -> Run {
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

/// `check DIR --format json` with `extra` arguments, which must say nothing
/// on standard error: the exit code and the report.
pub fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", dir.to_str().unwrap(), "--format", "json"];
    args.extend(extra);
    let run = run(&args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (run.code, serde_json::from_str(&run.stdout).unwrap())
}

/// Every (environment, category, setting) of the drift findings.
pub fn findings(report: &Value) -> BTreeSet<(String, String, String)> {
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
pub fn problems(report: &Value) -> BTreeSet<(String, String, String, String)> {
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

/// The set of these (environment, category, setting) findings.
pub fn set<const N: usize>(items: [(&str, &str, &str); N]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect()
}

/// `examples/org`: an organisation's registry above its deployment.
pub fn org() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/org")
}

/// A scratch deployment directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str, files: &[(&str, &str)]) -> Scratch {
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
