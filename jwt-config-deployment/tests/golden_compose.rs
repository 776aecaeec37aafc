//! The Compose reader held to compose-go: every input of
//! `tests/golden/compose` read here and compared with what compose-go's own
//! `dotenv` and `template` packages answered for it (`generate.sh` there
//! regenerates the answers; this test needs no Go).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jwt_config_deployment::__private::Root;
use jwt_config_deployment::__private::compose;
use jwt_config_deployment::__private::compose::dotenv::{self, Bare};
use jwt_config_deployment::__private::compose::interpolate::{Budget, interpolate};
use serde_json::Value;

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/compose")
}

/// An answer of the oracle: the variables, whether Compose refused the
/// input, and the names it would take from the shell.
struct Answer {
    vars: BTreeMap<String, String>,
    refused: bool,
    unset: BTreeSet<String>,
}

impl Answer {
    fn of(json: &Value) -> Answer {
        let strings = |value: &Value| -> BTreeSet<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .map(|name| name.as_str().unwrap().to_owned())
                .collect()
        };
        Answer {
            vars: json["vars"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect(),
            refused: json.get("error").is_some(),
            unset: strings(&json["unset"]),
        }
    }
}

#[test]
fn every_project_env_reads_as_compose_reads_it() {
    let dir = golden().join("env");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "env"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 50, "the corpus went missing: {dir:?}");
    let mut wrong = Vec::new();
    for input in &inputs {
        let text = std::fs::read_to_string(input).unwrap();
        let answer: Value =
            serde_json::from_str(&std::fs::read_to_string(input.with_extension("json")).unwrap())
                .unwrap();
        let answer = Answer::of(&answer);
        let none = |_: &str| None;
        let ours = dotenv::parse(
            &text,
            &none,
            &none,
            Bare::LookupThenFile,
            &mut Budget::new(1 << 20),
        );
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        match ours {
            Err(err) if !answer.refused => {
                wrong.push(format!("{name}: refused ({err}), Compose reads it"))
            }
            Ok(_) if answer.refused => wrong.push(format!("{name}: read, Compose refuses it")),
            Err(_) => {}
            Ok(assignments) => {
                let mut vars = BTreeMap::new();
                let mut unset = BTreeSet::new();
                for assignment in assignments {
                    unset.extend(assignment.unresolved);
                    if let Some(value) = assignment.value {
                        vars.insert(assignment.key, value.to_string());
                    }
                }
                if vars != answer.vars {
                    wrong.push(format!("{name}: {vars:?}, Compose {:?}", answer.vars));
                }
                if unset != answer.unset {
                    wrong.push(format!(
                        "{name}: unset {unset:?}, Compose {:?}",
                        answer.unset
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        inputs.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_template_interpolates_as_compose_interpolates_it() {
    let dir = golden();
    let project: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("project.json")).unwrap()).unwrap();
    let templates = std::fs::read_to_string(dir.join("templates.txt")).unwrap();
    let answers = std::fs::read_to_string(dir.join("templates.jsonl")).unwrap();
    let lookup = |name: &str| project.get(name).map(String::as_str);
    let mut count = 0;
    for (template, answer) in templates.lines().zip(answers.lines()) {
        count += 1;
        let answer = Answer::of(&serde_json::from_str(answer).unwrap());
        let ours = interpolate(template, &lookup, &mut Budget::new(1 << 20));
        match ours {
            Ok(done) => {
                assert!(!answer.refused, "{template:?}: read, Compose refuses it");
                assert_eq!(done.value.as_str(), answer.vars["value"], "{template:?}");
                let unset: BTreeSet<String> = done.unresolved.into_iter().collect();
                assert_eq!(unset, answer.unset, "{template:?}");
            }
            Err(err) => assert!(
                answer.refused,
                "{template:?}: refused ({err:?}), Compose reads it"
            ),
        }
    }
    assert_eq!(count, templates.lines().count());
    assert!(count >= 30);
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_services_env_files_look_up_names_as_compose_2_5_does() {
    let dir = golden();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir.join("service"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".spec.json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 2);
    for (n, spec_path) in specs.iter().enumerate() {
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(spec_path).unwrap()).unwrap();
        let answer_path = spec_path
            .to_string_lossy()
            .replace(".spec.json", ".answer.json");
        let answer: Value =
            serde_json::from_str(&std::fs::read_to_string(answer_path).unwrap()).unwrap();
        let answer = Answer::of(&answer["new"]);
        // The spec laid out as a Compose project: its `.env`, its env_files,
        // and a compose.yaml naming them.
        let scratch = Scratch(
            std::env::temp_dir().join(format!("jwt-config-golden-{}-{n}", std::process::id())),
        );
        std::fs::create_dir_all(&scratch.0).unwrap();
        if let Some(project) = spec["project"].as_str().filter(|p| !p.is_empty()) {
            std::fs::copy(dir.join(project), scratch.0.join(".env")).unwrap();
        }
        let mut yaml = String::from("services:\n  svc:\n    env_file:\n");
        for (i, file) in spec["env_files"].as_array().unwrap().iter().enumerate() {
            std::fs::copy(
                dir.join(file.as_str().unwrap()),
                scratch.0.join(format!("{i}.env")),
            )
            .unwrap();
            yaml.push_str(&format!("      - {i}.env\n"));
        }
        yaml.push_str("    environment:\n");
        for pair in spec["environment"].as_array().unwrap() {
            let json = |v: &Value| serde_json::to_string(v).unwrap();
            yaml.push_str(&format!("      {}: {}\n", json(&pair[0]), json(&pair[1])));
        }
        std::fs::write(scratch.0.join("compose.yaml"), yaml).unwrap();
        let root = Root::new(&scratch.0, 1 << 20).unwrap();
        let services = compose::read(&root, &scratch.0.join("compose.yaml"), &[]).unwrap();
        let vars = &services[0].vars;
        let ours: BTreeMap<String, String> = vars
            .names()
            .into_iter()
            .filter_map(|name| Some((name.to_owned(), vars.text(name)?.to_owned())))
            .collect();
        assert_eq!(ours, answer.vars, "{spec_path:?}");
    }
}

#[test]
fn every_unquoted_environment_value_reaches_the_container_as_compose_writes_it() {
    let answers: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(golden().join("scalars.json")).unwrap())
            .unwrap();
    assert!(answers.len() >= 50);
    for answer in answers {
        let written = answer["in"].as_str().unwrap();
        let read = answer["out"].as_str().unwrap();
        assert_eq!(
            jwt_config_deployment::__private::compose::scalar::as_compose_reads(written),
            read,
            "{written}"
        );
    }
}
