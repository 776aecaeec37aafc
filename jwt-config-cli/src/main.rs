//! `jwt-config`: checks deployments for JWT configuration drift, and prints
//! the registry every service follows.
//!
//! Exit codes: 0 when everything checked is valid and consistent, 1 when a
//! check found problems or drift (or `explain` an unknown name), 2 for usage
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

use crate::cli::{Cli, Command, Format, RegistryFormat};

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
        Command::Check { dir, .. } => dir.clone(),
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
