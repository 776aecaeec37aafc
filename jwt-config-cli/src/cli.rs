//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Checks JWT settings across services and environments against the
/// jwt-config registry.
#[derive(Debug, Parser)]
#[command(name = "jwt-config", version, about, long_about = None)]
pub struct Cli {
    /// The registry file to follow (`builtin` for the built-in table).
    /// Without it: the nearest jwt-config.toml above the checked directory
    /// (or the current one), else the built-in table.
    #[arg(long, global = true, env = "JWT_CONFIG_REGISTRY", value_name = "FILE")]
    pub registry: Option<PathBuf>,
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
        /// The deployment directory, or one Compose file (with `--env`).
        dir: PathBuf,
        /// Check this environment only (one of the four, or one the
        /// registry names); for a Compose file, the environment it is.
        #[arg(long = "env", value_name = "NAME")]
        environment: Option<String>,
        /// For a Compose file given directly: the file `${VAR}` is filled
        /// from, instead of the `.env` beside it.
        #[arg(long, value_name = "FILE")]
        env_file: Option<PathBuf>,
        /// Text for people, JSON for tools, SARIF for code scanning.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Text: print only problems, drift and the summary (no line for
        /// a service that is fine, no warnings, no information).
        #[arg(long, short)]
        quiet: bool,
        /// The most a file of the deployment may hold (bytes, or with K, M
        /// or G); a larger one is refused, naming the file and the cap.
        #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = jwt_config::deployment::parse_size)]
        max_file_size: u64,
    },
    /// Scans services' code (Python, TypeScript, JavaScript, Go, Rust) for the JWT
    /// variables it reads and the defaults it holds, checked against the
    /// registry, and for services whose code falls back to different
    /// values. Exits 0 when nothing is found, 1 on findings, 2 on usage or
    /// I/O errors.
    Scan {
        /// The directory holding the services' code (a `[[service]]`'s
        /// `sources` name its directories; else each top-level directory is
        /// a service); `.gitignore` is honoured.
        dir: PathBuf,
        /// Text for people, JSON for tools, SARIF for code scanning.
        #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
        format: ScanFormat,
        /// Text: one line per finding, without fixes or summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Prints the registry: every setting, its aliases, kind, defaults and rules.
    Registry {
        /// Markdown (the README's table), JSON, or TOML (a registry file
        /// that reads back to the same table).
        #[arg(long, value_enum, default_value_t = RegistryFormat::Markdown)]
        format: RegistryFormat,
    },
    /// Prints a commented .env template for an environment.
    Template {
        /// The environment (one of the four, or one the registry names).
        #[arg(long = "env", value_name = "NAME")]
        environment: String,
    },
    /// Says what a variable is: a setting, a legacy alias of one, or unknown.
    Explain {
        /// The variable's name.
        name: String,
    },
    /// Writes a starter registry file that extends the built-in table.
    Init {
        /// Where to write it.
        #[arg(default_value = "jwt-config.toml")]
        path: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning services: one result per finding,
    /// located at the file and line that set it.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning services: one result per finding,
    /// located at the source file and line.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegistryFormat {
    Markdown,
    Json,
    Toml,
}
