//! A scan report as SARIF 2.1.0, the format code-scanning services read:
//! one result per finding, located at the source file and line, so that
//! the code is annotated where it needs fixing. The shape and names are
//! those of the deployment check's SARIF (`jwt-config check --format
//! sarif`): one run of the tool `jwt-config`, rule ids the findings' JSON
//! codes, each rule described once.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Finding, FindingKind, Report};

/// The base every result's file is relative to: the scanned directory.
const SRCROOT: &str = "SRCROOT";

/// A SARIF 2.1.0 log of one scan: what [`Report::sarif`] returns, written
/// out by any serde serializer (`serde_json::to_string_pretty`).
///
/// The fields are SARIF's own and stay private: the wire shape is the
/// contract, not these types.
#[derive(Debug, Clone, Serialize)]
pub struct SarifLog {
    version: &'static str,
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run; 1],
}

/// The one run of the tool.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    /// What `SRCROOT` stands for: the scanned directory (described, not
    /// given as an absolute URI, so that a log does not depend on where
    /// the scan ran).
    original_uri_base_ids: BTreeMap<&'static str, BaseId>,
    results: Vec<SarifResult>,
}

/// An `originalUriBaseIds` entry.
#[derive(Debug, Clone, Serialize)]
struct BaseId {
    description: Text,
}

/// `tool`.
#[derive(Debug, Clone, Serialize)]
struct Tool {
    driver: Driver,
}

/// `tool.driver`: the command and every rule its results name.
#[derive(Debug, Clone, Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

/// A rule: one kind of finding.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
}

/// A rule's `defaultConfiguration`.
#[derive(Debug, Clone, Serialize)]
struct Configuration {
    level: Level,
}

/// A SARIF message or description.
#[derive(Debug, Clone, Serialize)]
struct Text {
    text: String,
}

/// How serious a result is.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "lowercase")]
enum Level {
    /// Must be fixed: a secret in code, services that disagree.
    Error,
    /// Should be fixed: a name or a default the registry does not own.
    Warning,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    level: Level,
    message: Text,
    locations: [Location; 1],
}

/// A result's place.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

/// A file and a line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// A file, relative to the scanned directory.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

/// A line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

/// `report` as a SARIF log.
pub(super) fn log(report: &Report) -> SarifLog {
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    let results = report
        .findings
        .iter()
        .map(|finding| {
            let rule = rules
                .entry(finding.kind.code())
                .or_insert_with(|| rule(finding.kind));
            result(finding, rule)
        })
        .collect();
    SarifLog {
        version: "2.1.0",
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "jwt-config",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: rules.into_values().collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseId {
                    description: Text {
                        text: "the directory scanned".to_owned(),
                    },
                },
            )]),
            results,
        }],
    }
}

/// The rule of findings of `kind`.
fn rule(kind: FindingKind) -> Rule {
    let (short, full) = match kind {
        FindingKind::LegacyName => (
            "A legacy name of a setting is read",
            "The code reads a legacy alias of a registry setting; read the canonical name.",
        ),
        FindingKind::UnknownName => (
            "A name that looks like a setting but is not one",
            "The code reads a variable no setting of the registry has, whose name looks like one.",
        ),
        FindingKind::DefaultDiffers => (
            "A default in code differs from the registry's",
            "The code falls back to a value that is not the registry's default.",
        ),
        FindingKind::SecretDefault => (
            "A secret has a default in code",
            "The code falls back to a secret written in it; a secret has no default.",
        ),
        FindingKind::HardCoded => (
            "A setting's value is fixed in code",
            "The code holds a setting's value whatever the environment sets.",
        ),
        FindingKind::Undeclared => (
            "A service reads a setting its declaration does not list",
            "A declared service's code reads a registry setting missing from its `reads`, so the deployment check never judges that setting for it.",
        ),
        FindingKind::Drift(_) => (
            "Services' code falls back to different values for one setting",
            "Two services whose code falls back to different values for a setting they must share.",
        ),
    };
    let id = kind.code();
    let level = level(kind);
    Rule {
        short_description: Text {
            text: format!("{short}: {id}"),
        },
        full_description: Text {
            text: full.to_owned(),
        },
        id,
        default_configuration: Configuration { level },
    }
}

/// How serious findings of `kind` are: a secret in code and drift between
/// services break things as they stand (a leak, tokens one service issues
/// and another refuses); the rest is a name or default the registry should
/// own.
fn level(kind: FindingKind) -> Level {
    match kind {
        FindingKind::SecretDefault | FindingKind::Drift(_) => Level::Error,
        FindingKind::LegacyName
        | FindingKind::UnknownName
        | FindingKind::DefaultDiffers
        | FindingKind::HardCoded
        | FindingKind::Undeclared => Level::Warning,
    }
}

/// `finding` as a result of `rule`, at its file and line (for drift, the
/// first place; the message names every other).
fn result(finding: &Finding, rule: &Rule) -> SarifResult {
    SarifResult {
        rule_id: rule.id.clone(),
        level: rule.default_configuration.level,
        message: Text {
            text: format!("{}; fix: {}", finding.message, finding.fix),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(&finding.file),
                    uri_base_id: SRCROOT,
                },
                region: Region {
                    start_line: finding.line,
                },
            },
        }],
    }
}

/// `path` (relative, `/`-separated) as a relative URI reference: every
/// byte but letters, digits, `-._~` and `/` percent-encoded, so that a
/// space, `#` or `%` in a file name cannot change what the URI points at.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn a_file_name_is_percent_encoded_in_its_uri() {
        assert_eq!(uri("svc/app/config.py"), "svc/app/config.py");
        assert_eq!(uri("my svc/a#b%.py"), "my%20svc/a%23b%25.py");
        assert_eq!(uri("é.py"), "%C3%A9.py");
    }
}
