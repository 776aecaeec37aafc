//! A check report as SARIF 2.1.0, the format code-scanning services read:
//! one result per finding, located at the file and line that set it, so
//! that the deployment file is annotated where it needs fixing.

use std::collections::BTreeMap;

use jwt_config_core::Origin;
use serde_json::{Value, json};

use crate::report::Report;

/// `report` as a SARIF log.
pub(crate) fn log(report: &Report) -> Value {
    let mut results = Vec::new();
    let mut rules: BTreeMap<String, String> = BTreeMap::new();
    for env in &report.environments {
        for service in &env.services {
            for problem in &service.problems {
                let rule = problem.finding.kind().code();
                rules.insert(
                    rule.to_owned(),
                    format!("A setting's value is refused: {rule}"),
                );
                results.push(result(
                    rule,
                    "error",
                    &problem.to_string(),
                    vec![location(&problem.file, problem.line)],
                ));
            }
            for warning in &service.warnings {
                let rule = warning.finding.code();
                rules.insert(
                    rule.to_owned(),
                    format!("A setting deserves attention: {rule}"),
                );
                results.push(result(
                    rule,
                    "warning",
                    &warning.to_string(),
                    vec![location(&warning.file, warning.line)],
                ));
            }
            for unknown in &service.unknown {
                rules.insert(
                    "unknown_name".to_owned(),
                    "A name that looks like a setting but is not one".to_owned(),
                );
                results.push(result(
                    "unknown_name",
                    "warning",
                    &unknown.finding.message,
                    vec![location(&unknown.file, unknown.line)],
                ));
            }
        }
        let upper = env.name.name.to_ascii_uppercase();
        // A declaration that matches nothing: at the registry file that
        // declares it.
        for absent in &env.absent {
            rules.insert(
                "absent_service".to_owned(),
                "A declared service the environment does not hold".to_owned(),
            );
            let at = match report.registry.source.as_str() {
                "built-in" => Vec::new(),
                file => vec![location(file, None)],
            };
            results.push(result("absent_service", "warning", &absent.to_string(), at));
        }
        // What could not be compared is said, at the service's file.
        for unseen in env.drift.not_compared() {
            rules.insert(
                "not_compared".to_owned(),
                "A value that could not be compared with other services'".to_owned(),
            );
            let at = env
                .services
                .iter()
                .find(|s| s.service == unseen.service())
                .map(|s| vec![location(&s.file, None)])
                .unwrap_or_default();
            results.push(result(
                "not_compared",
                "note",
                &format!("[{upper}] not compared: {unseen}"),
                at,
            ));
        }
        for mismatch in env.drift.mismatches() {
            let category = mismatch.category();
            rules.insert(
                category.to_owned(),
                format!("Services of one environment disagree: {category}"),
            );
            // Each service's value, where its file sets it.
            let locations = mismatch
                .values()
                .iter()
                .filter_map(|value| {
                    let service = env.services.iter().find(|s| s.service == value.service())?;
                    let var = match value.origin() {
                        Some(Origin::Alias(var) | Origin::Own(var)) => var,
                        _ => value.setting(),
                    };
                    Some(match service.locations.get(var) {
                        Some((file, line)) => location(file, Some(*line)),
                        None => location(&service.file, None),
                    })
                })
                .collect();
            results.push(result(
                category,
                "error",
                &format!("[{upper}] {mismatch}"),
                locations,
            ));
        }
    }
    let rules: Vec<Value> = rules
        .into_iter()
        .map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}}))
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "jwt-config",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn result(rule: &str, level: &str, text: &str, locations: Vec<Value>) -> Value {
    json!({
        "ruleId": rule,
        "level": level,
        "message": {"text": text},
        "locations": locations,
    })
}

fn location(file: &str, line: Option<usize>) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": file}});
    if let Some(line) = line {
        physical["region"] = json!({"startLine": line});
    }
    json!({"physicalLocation": physical})
}
