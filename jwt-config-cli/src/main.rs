//! `jwt-config`: checks deployments for JWT configuration drift, and prints
//! the registry every service follows.
//!
//! Exit codes: 0 when everything checked is valid and consistent, 1 when a
//! check found problems or drift (or `explain` an unknown name), 2 for usage
//! and I/O errors.

mod cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use jwt_config::Environment;
use jwt_config::docs;
use jwt_config::registry::Registry;

use jwt_config_cli::{check, choose, deployment, render, sarif};

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
        return init(&path, force);
    }
    let registry = choose::registry(flag, &start)?;
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
            let environments = if dir.is_file() {
                let Some(name) = environment.as_deref() else {
                    return Err(format!(
                        "{} is a file: say which environment it is with --env NAME",
                        dir.display()
                    ));
                };
                deployment::read_compose_file(registry, &dir, name, env_file.as_deref(), max_file_size)
            } else if env_file.is_some() {
                return Err("--env-file goes with a Compose file given directly: jwt-config check --env NAME FILE --env-file FILE".to_owned());
            } else {
                deployment::read(registry, &dir, environment.as_deref(), max_file_size)
            }
            .map_err(|err| err.to_string())?;
            let report = check::run(registry, &dir, &environments);
            let code = if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(FOUND)
            };
            match format {
                Format::Text => {
                    let mut text = Vec::new();
                    render::text(&mut text, &report, quiet)
                        .map_err(|err| format!("cannot write the output: {err}"))?;
                    print(&text, code)
                }
                Format::Json => print(json(&report)?.as_bytes(), code),
                Format::Sarif => print(json(&sarif::log(&report))?.as_bytes(), code),
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

/// Writes the starter registry file to `path`, never over an existing
/// file unless `force`.
fn init(path: &Path, force: bool) -> Result<ExitCode, String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let written = options
        .open(path)
        .and_then(|mut file| file.write_all(choose::STARTER.as_bytes()));
    match written {
        Ok(()) => {
            let _ = writeln!(
                anstream::stdout(),
                "wrote {}: it extends the built-in table; uncomment and edit its examples, then point the derive at it with `[env] JWT_CONFIG_REGISTRY = {{ value = \"{}\", relative = true }}` in the .cargo/config.toml beside it",
                path.display(),
                path.file_name().map_or_else(
                    || jwt_config::registry::FILE_NAME.into(),
                    |name| name.to_string_lossy()
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Err(format!(
            "{} exists; pass --force to replace it",
            path.display()
        )),
        Err(err) => Err(format!("cannot write {}: {err}", path.display())),
    }
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
