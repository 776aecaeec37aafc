//! The readers of python-dotenv and Node's `dotenv` held to the loaders
//! themselves: every input of `tests/golden/loaders/env` and
//! `tests/golden/compose/env`, read here and compared with what
//! python-dotenv 1.2.2 (`dotenv_values`) and dotenv 16.6.1 (`parse`)
//! answered for it (`generate.sh` there regenerates the answers).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jwt_config_core::registry::Loader;
use jwt_config_deployment::__private::loader::{self, Reading};
use serde_json::Value;

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Each key's last reading: its value, `None` where it sets none.
fn last(readings: Vec<Reading>) -> BTreeMap<String, Option<String>> {
    readings
        .into_iter()
        .map(|r| (r.key, r.value.map(|v| v.to_string())))
        .collect()
}

fn hold(loader: Loader, suffix: &str, skip_none: bool) {
    let mut inputs: Vec<PathBuf> = ["loaders/env", "compose/env"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(golden().join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "env"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 70, "the corpus went missing");
    let mut wrong = Vec::new();
    for input in &inputs {
        let name = input.file_stem().unwrap().to_string_lossy().into_owned();
        let answer = golden()
            .join("loaders/answers")
            .join(format!("{name}.{suffix}.json"));
        let answer: Value =
            serde_json::from_str(&std::fs::read_to_string(answer).unwrap()).unwrap();
        let theirs: BTreeMap<String, Option<String>> = answer
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned)))
            .filter(|(_, v)| !(skip_none && v.is_none()))
            .collect();
        let text = std::fs::read_to_string(input).unwrap();
        let ours = last(
            loader::read(loader, &text)
                .unwrap_or_else(|_| panic!("{name}: these loaders never refuse a file")),
        );
        if ours != theirs {
            wrong.push(format!("{name}:\n  ours   {ours:?}\n  theirs {theirs:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ from {suffix}:\n{}",
        wrong.len(),
        inputs.len(),
        wrong.join("\n")
    );
}

#[test]
fn python_dotenv_reads_as_python_dotenv() {
    hold(Loader::PythonDotenv, "python", false);
}

#[test]
fn node_dotenv_reads_as_node_dotenv() {
    hold(Loader::NodeDotenv, "node", false);
}
