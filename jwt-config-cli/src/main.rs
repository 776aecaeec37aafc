//! `jwt-config`: checks deployments for JWT configuration drift, and prints
//! the registry every service follows.
//!
//! Exit codes: 0 when everything checked is valid and consistent, 1 when a
//! check found problems or drift (or `explain` an unknown name), 2 for usage
//! and I/O errors.

mod check;
mod cli;
mod deployment;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use jwt_config::{docs, registry};

use crate::cli::{Cli, Command, Format, RegistryFormat};

const FOUND: u8 = 1;
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            let style = anstyle::AnsiColor::Red.on_default().bold();
            let _ = writeln!(anstream::stderr(), "{style}error{style:#}: {message}");
            ExitCode::from(USAGE)
        }
    }
}

/// Runs `command`; `Err` is a usage or I/O error.
fn run(command: Command) -> Result<ExitCode, String> {
    let registry = registry::standard();
    let mut out = anstream::stdout();
    let written = |result: std::io::Result<()>| {
        result.map_err(|err| format!("cannot write the output: {err}"))
    };
    match command {
        Command::Check {
            dir,
            environment,
            format,
        } => {
            let environments =
                deployment::read(&dir, environment).map_err(|err| err.to_string())?;
            let report = check::run(registry, dir, &environments);
            match format {
                Format::Text => written(render::text(&mut out, &report))?,
                Format::Json => written(json(&mut out, &report))?,
            }
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(FOUND)
            })
        }
        Command::Registry { format } => {
            match format {
                RegistryFormat::Markdown => written(write!(out, "{}", docs::markdown(registry)))?,
                RegistryFormat::Json => written(json(&mut out, registry))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Template { environment } => {
            written(write!(
                out,
                "{}",
                docs::dotenv_template(registry, environment)
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { name } => match docs::explain(registry, &name) {
            Ok(text) => {
                written(write!(out, "{text}"))?;
                Ok(ExitCode::SUCCESS)
            }
            Err(text) => {
                written(writeln!(out, "{text}"))?;
                Ok(ExitCode::from(FOUND))
            }
        },
    }
}

fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
