//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jwt_config::Environment;

/// Checks JWT settings across services and environments against the
/// jwt-config registry.
#[derive(Debug, Parser)]
#[command(name = "jwt-config", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Checks a deployment: DIR/ENVIRONMENT/SERVICE.env for every
    /// environment and service found. Exits 0 when every service is valid
    /// and the services agree, 1 when there are problems or drift, 2 on
    /// usage or I/O errors.
    Check {
        /// The deployment directory.
        dir: PathBuf,
        /// Check this environment only.
        #[arg(long = "env", value_name = "NAME", value_parser = parse_environment)]
        environment: Option<Environment>,
        /// Text for people, JSON for tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Prints the registry: every setting, its aliases, kind, defaults and rules.
    Registry {
        /// Markdown (the README's table) or JSON.
        #[arg(long, value_enum, default_value_t = RegistryFormat::Markdown)]
        format: RegistryFormat,
    },
    /// Prints a commented .env template for an environment.
    Template {
        /// The environment.
        #[arg(long = "env", value_name = "NAME", value_parser = parse_environment)]
        environment: Environment,
    },
    /// Says what a variable is: a setting, a legacy alias of one, or unknown.
    Explain {
        /// The variable's name.
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegistryFormat {
    Markdown,
    Json,
}

fn parse_environment(value: &str) -> Result<Environment, String> {
    value
        .parse()
        .map_err(|err: jwt_config::ParseEnvironmentError| err.to_string())
}
