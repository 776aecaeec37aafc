//! `jwt-config`: checks deployments for JWT configuration drift, scans
//! services' code for the names and defaults it holds, and prints the
//! registry every service follows.
//!
//! Exit codes: 0 when everything checked is valid and consistent, 1 when a
//! check or a scan found problems or drift (or `explain` an unknown name), 2 for usage
//! and I/O errors.

mod cli;
mod init;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use jwt_config::Environment;
use jwt_config::deployment::{self, Check};
use jwt_config::docs;
use jwt_config::registry::Registry;

use crate::cli::{Cli, Command, Format, RegistryFormat, ScanFormat};

const FOUND: u8 = 1;
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.registry.as_deref(), cli.command) {
        Ok(code) => code,
        Err(message) => {
            let style = anstyle::AnsiColor::Red.on_default().bold();
            let _ = writeln!(anstream::stderr(), "{style}error{style:#}: {message}");
            ExitCode::from(USAGE)
        }
    }
}

/// Runs `command` with the registry `flag` names (or the one found);
/// `Err` is a usage or I/O error.
fn run(flag: Option<&Path>, command: Command) -> Result<ExitCode, String> {
    let start = match &command {
        Command::Check { dir, .. } | Command::Scan { dir, .. } => dir.clone(),
        _ => PathBuf::from("."),
    };
    if let Command::Init { path, force } = command {
        return init::init(&path, force);
    }
    let registry = deployment::find_registry(flag, &start).map_err(|err| err.to_string())?;
    match command {
        Command::Init { .. } => unreachable!("handled above"),
        Command::Check {
            dir,
            environment,
            format,
            quiet,
            max_file_size,
            env_file,
        } => {
            let mut check = Check::new(&dir)
                .registry(registry)
                .max_file_size(max_file_size);
            if let Some(name) = environment {
                check = check.environment(name);
            }
            if let Some(file) = env_file {
                check = check.env_file(file);
            }
            let report = check.run().map_err(|err| err.to_string())?;
            let code = if report.is_consistent() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(FOUND)
            };
            match format {
                Format::Text => {
                    let mut text = Vec::new();
                    report
                        .write_text(&mut text, quiet, true)
                        .map_err(|err| format!("cannot write the output: {err}"))?;
                    print(&text, code)
                }
                Format::Json => print(json(&report)?.as_bytes(), code),
                Format::Sarif => print(json(&report.sarif())?.as_bytes(), code),
            }
        }
        Command::Scan { dir, format, quiet } => scan(registry, &dir, format, quiet),
        Command::Registry { format } => {
            let text = match format {
                RegistryFormat::Markdown => docs::markdown(registry),
                RegistryFormat::Json => json(registry)?,
                RegistryFormat::Toml => registry.to_toml(),
            };
            print(text.as_bytes(), ExitCode::SUCCESS)
        }
        Command::Template { environment } => print(
            docs::dotenv_template(registry, environment_named(registry, &environment)?).as_bytes(),
            ExitCode::SUCCESS,
        ),
        Command::Explain { name } => match docs::explain(registry, &name) {
            Ok(text) => print(text.as_bytes(), ExitCode::SUCCESS),
            Err(text) => {
                let _ = writeln!(anstream::stderr(), "{text}");
                Ok(ExitCode::from(FOUND))
            }
        },
    }
}

/// `scan DIR`: the code's findings, exit 1 when there are any.
#[cfg(feature = "scan")]
fn scan(
    registry: &'static Registry,
    dir: &Path,
    format: ScanFormat,
    quiet: bool,
) -> Result<ExitCode, String> {
    let report = jwt_config::scan::Scan::new(dir)
        .registry(registry)
        .run()
        .map_err(|err| err.to_string())?;
    let code = if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FOUND)
    };
    match format {
        ScanFormat::Text => print(report.text(quiet).as_bytes(), code),
        ScanFormat::Json => print(json(&report)?.as_bytes(), code),
        ScanFormat::Sarif => print(json(&report.sarif())?.as_bytes(), code),
    }
}

/// `scan DIR` in a build without the `scan` feature: a usage error.
#[cfg(not(feature = "scan"))]
fn scan(_: &'static Registry, _: &Path, _: ScanFormat, _: bool) -> Result<ExitCode, String> {
    Err(
        "this jwt-config was built without the `scan` feature: build it with `--features scan`"
            .to_owned(),
    )
}

/// The environment `name` follows, or a usage error listing the names.
fn environment_named(registry: &Registry, name: &str) -> Result<Environment, String> {
    registry
        .environment(name)
        .map(|named| named.follows)
        .ok_or_else(|| {
            format!(
                "unknown environment `{name}`, expected one of {}",
                registry.environment_names()
            )
        })
}

/// Writes `output` whole to stdout (colour stripped unless it is a
/// terminal), then exits with `code`. A reader that closed the pipe early
/// (`| head`) is not an error.
fn print(output: &[u8], code: ExitCode) -> Result<ExitCode, String> {
    let mut out = anstream::stdout();
    match out.write_all(output).and_then(|()| out.flush()) {
        Ok(()) => Ok(code),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(err) => Err(format!("cannot write the output: {err}")),
    }
}

/// `value` as pretty JSON, whole, so that a failure never leaves half a
/// document on stdout.
fn json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|err| format!("cannot write the output as JSON: {err}"))
}
