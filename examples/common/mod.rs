//! What both example services do around their settings: choose a source,
//! load, and report.

use std::ffi::OsStr;
use std::process::ExitCode;

use jwt_config::{DotenvFile, JwtSettings, Loaded, ProcessEnv, Source, resolve};

/// The example's `main`: loads `T` from the `.env` file named by the first
/// argument, or from the process environment without one, then hands the
/// settings to `serve`. Exits 1 on a failed load (every problem printed),
/// 2 when the file cannot be read.
pub fn run<T: JwtSettings>(serve: impl FnOnce(&T)) -> ExitCode {
    match load::<T>(std::env::args_os().nth(1).as_deref()) {
        Ok(settings) => {
            serve(&settings);
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Loads `T` from the `.env` file at `path`, or from the process environment
/// when there is none. Prints each setting with its value (secrets as
/// fingerprints) and origin, and the load's warnings; or every problem of a
/// failed load.
fn load<T: JwtSettings>(path: Option<&OsStr>) -> Result<Loaded<T>, ExitCode> {
    match path {
        Some(path) => match DotenvFile::open(path) {
            Ok(file) => load_from(&file, &file.path().display().to_string()),
            Err(err) => {
                eprintln!("error: {err}");
                Err(ExitCode::from(2))
            }
        },
        None => load_from(&ProcessEnv, "the process environment"),
    }
}

fn load_from<T: JwtSettings, S: Source>(source: &S, name: &str) -> Result<Loaded<T>, ExitCode> {
    let loaded =
        resolve::environment_of(T::registry(), source).and_then(|env| T::load(source, env));
    match loaded {
        Ok(loaded) => {
            println!(
                "{} settings from {name} ({}):",
                T::SERVICE,
                loaded.environment()
            );
            for line in loaded.snapshot().to_string().lines() {
                println!("  {line}");
            }
            for warning in loaded.warnings() {
                println!("warning: {warning}");
            }
            Ok(loaded)
        }
        Err(err) => {
            eprintln!("error: {err}");
            Err(ExitCode::FAILURE)
        }
    }
}
