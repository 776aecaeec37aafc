//! What a scan returns: the findings, their JSON form, their text, and
//! their SARIF log for code scanning ([`sarif`]).

mod sarif;

use std::fmt;

use jwt_config_core::registry::Category;
use serde::{Serialize, Serializer};

pub use sarif::SarifLog;

/// The version of the JSON document's shape; raised when a key changes
/// meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// What a scan found: `Display` is the command's text report, `Serialize`
/// its `--format json` document, [`Report::sarif`] its `--format sarif`
/// log.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The directory scanned, as given.
    pub directory: String,
    /// The registry the code was checked against, with its fingerprint
    /// ("the built-in registry (reg:…)", "the registry acme.toml (reg:…)").
    pub registry: String,
    /// Whether nothing was found.
    pub ok: bool,
    /// How many source files were read (a file in which no reader can find
    /// anything is read, not parsed).
    pub files: usize,
    /// The services whose files were parsed (each the `[[service]]` whose
    /// `sources` hold its files, else their top-level directory), sorted.
    pub services: Vec<String>,
    /// Every finding: those of one place by file and line, then the drift
    /// between services.
    pub findings: Vec<Finding>,
    /// The source files not read, and why, by path.
    pub skipped: Vec<Skipped>,
}

/// A source file the scan did not read.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Skipped {
    /// The file, relative to the scanned directory, `/`-separated.
    pub file: String,
    /// Why (larger than the cap, nested deeper than its grammar holds).
    pub reason: String,
}

impl Report {
    /// Whether the code holds nothing to report.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// The text report; with `quiet`, only one line per finding (no fix,
    /// no header, no summary).
    pub fn text(&self, quiet: bool) -> String {
        let mut out = String::new();
        if !quiet {
            out.push_str(&format!(
                "scanned {} in {} against {}\n",
                count(self.files, "source file"),
                self.directory,
                self.registry
            ));
        }
        for finding in &self.findings {
            out.push_str(&format!("{finding}\n"));
            if !quiet {
                out.push_str(&format!("  fix: {}\n", finding.fix));
            }
        }
        if !quiet {
            for skipped in &self.skipped {
                out.push_str(&format!("skipped {}: {}\n", skipped.file, skipped.reason));
            }
            let drift = self
                .findings
                .iter()
                .filter(|f| matches!(f.kind, FindingKind::Drift(_)))
                .count();
            if self.files == 0 {
                out.push_str(
                    "ok, but no source file of a language the scan reads (Python, TypeScript, JavaScript, Go, Rust) was found\n",
                );
            } else if self.findings.is_empty() {
                out.push_str(&format!(
                    "ok: nothing found in {}\n",
                    count(self.services.len(), "service")
                ));
            } else {
                out.push_str(&format!(
                    "{} in {} ({} between services)\n",
                    count(self.findings.len(), "finding"),
                    count(self.services.len(), "service"),
                    drift
                ));
            }
        }
        out
    }
}

impl Report {
    /// The report as a SARIF 2.1.0 log, the format code-scanning services
    /// read: one result per finding, its `ruleId` the finding's JSON code
    /// (`legacy_name`, `expiry_mismatch`), located at the source file
    /// (relative to the scanned directory, `uriBaseId` `SRCROOT`) and line;
    /// drift at its first place. A secret appears only as its fingerprint,
    /// as in the text.
    ///
    /// ```
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scan/drifted");
    /// let report = jwt_config_scan::scan(dir).unwrap();
    /// let log = serde_json::to_value(report.sarif()).unwrap();
    /// assert_eq!(log["version"], "2.1.0");
    /// let result = &log["runs"][0]["results"][0];
    /// let place = &result["locations"][0]["physicalLocation"];
    /// assert_eq!(place["artifactLocation"]["uriBaseId"], "SRCROOT");
    /// assert!(place["region"]["startLine"].as_u64().unwrap() >= 1);
    /// ```
    pub fn sarif(&self) -> SarifLog {
        sarif::log(self)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(false))
    }
}

/// `n` and `what`, plural unless one.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// One finding, located at a file and line.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The file, relative to the scanned directory, `/`-separated.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// The service the file belongs to: the `[[service]]` whose `sources`
    /// hold it, else its top-level directory.
    pub service: String,
    /// The variable as the code reads it, or the name of the constant or
    /// parameter that holds a value; for drift, the setting's name.
    pub var: String,
    /// The registry setting it is, when it is one.
    pub setting: Option<&'static str>,
    /// What is wrong.
    pub kind: FindingKind,
    /// What was found, in a sentence (a secret only by its fingerprint).
    pub message: String,
    /// What to change.
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FindingKind::Drift(_) => write!(f, "[CODE] {}: {}", self.kind.label(), self.message),
            _ => write!(
                f,
                "[CODE] {}: {}:{}: {}",
                self.kind.label(),
                self.file,
                self.line,
                self.message
            ),
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FindingKind {
    /// A legacy alias read: `legacy_name`.
    LegacyName,
    /// A name no setting has that looks like one: `unknown_name`.
    UnknownName,
    /// A default in code that is not the registry's: `default_differs`.
    DefaultDiffers,
    /// A secret with a default in code: `secret_default`.
    SecretDefault,
    /// A value fixed in code, whatever the environment says: `hard_coded`.
    HardCoded,
    /// A declared service's code reads a setting its `[[service]]` does not
    /// list in `reads` (so the deployment check never judges it there):
    /// `undeclared`.
    Undeclared,
    /// Services whose code falls back to different values for one setting:
    /// the setting's category (`expiry_mismatch`).
    Drift(Category),
}

impl FindingKind {
    /// The JSON form: lower snake case, such as `legacy_name` or
    /// `expiry_mismatch`.
    pub fn code(self) -> String {
        self.label().to_ascii_lowercase()
    }

    /// The text form: upper snake case, such as `LEGACY_NAME`.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::LegacyName => "LEGACY_NAME",
            FindingKind::UnknownName => "UNKNOWN_NAME",
            FindingKind::DefaultDiffers => "DEFAULT_DIFFERS",
            FindingKind::SecretDefault => "SECRET_DEFAULT",
            FindingKind::HardCoded => "HARD_CODED",
            FindingKind::Undeclared => "UNDECLARED",
            FindingKind::Drift(category) => category.mismatch_code(),
        }
    }
}

impl Serialize for FindingKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}
