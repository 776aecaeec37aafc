//! `jwt-config init`: a starter registry file, written where asked.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use jwt_config::registry::FILE_NAME;

/// Writes the starter registry file to `path`, never over an existing
/// file unless `force`.
pub(crate) fn init(path: &Path, force: bool) -> Result<ExitCode, String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let written = options
        .open(path)
        .and_then(|mut file| file.write_all(STARTER.as_bytes()));
    match written {
        Ok(()) => {
            let _ = writeln!(
                anstream::stdout(),
                "wrote {}: it extends the built-in table; uncomment and edit its examples, then point the derive at it with `[env] JWT_CONFIG_REGISTRY = {{ value = \"{}\", relative = true }}` in the .cargo/config.toml beside it",
                path.display(),
                path.file_name()
                    .map_or_else(|| FILE_NAME.into(), |name| name.to_string_lossy())
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

/// A starter registry file: it extends the built-in table and changes
/// nothing until its examples are uncommented.
const STARTER: &str = r#"# The organisation's JWT settings, read by `#[derive(JwtSettings)]` (through
# JWT_CONFIG_REGISTRY) and by `jwt-config check`. README.md, "The registry
# file", documents every key; `jwt-config registry --format toml` prints the
# whole effective table.
schema = 1
# Change or add to the built-in table; "none" starts from an empty one.
extends = "standard"

# Built-in settings this organisation does not use.
# remove = ["JWT_SKIP_EXPIRY_VERIFICATION"]

# Environments beyond development, test, staging and production, each
# following the defaults, requirements and rules of one of them.
# [environments]
# qa = "staging"

# Secret floors in bytes, and fragments that mark a placeholder secret
# (added to the built-in ones).
# [secrets]
# min_bytes = { development = 8, test = 8, staging = 32, production = 64 }
# weak_patterns = ["acme-dev"]

# Change a built-in setting: the keys given replace the built-in ones.
# [[setting]]
# name = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
# aliases = ["JWT_ACCESS_EXPIRY_MINUTES", { name = "ACCESS_TTL", deny_in = ["production"] }]
# default = { development = "60", test = "15", staging = "30", production = "15" }

# Add a setting of the organisation's own.
# [[setting]]
# name = "JWT_JWKS_URL"
# kind = "url"
# scope = "per_service"
# description = "Where verifiers fetch the signer's public keys."
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use jwt_config::registry::{self, Registry};

    #[test]
    fn the_starter_file_is_the_built_in_table_until_edited() {
        let read = Registry::from_toml(FILE_NAME, STARTER).unwrap();
        assert_eq!(read.fingerprint(), registry::standard().fingerprint());
    }

    /// A table header or a `key = value` line, as opposed to prose.
    fn is_toml_line(line: &str) -> bool {
        line.starts_with('[')
            || line.split_once(" = ").is_some_and(|(key, _)| {
                !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
    }

    #[test]
    fn the_starter_examples_read_when_uncommented() {
        let uncommented: String = STARTER
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if is_toml_line(rest) => rest,
                _ => line,
            })
            .filter(|line| !line.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let read = Registry::from_toml(FILE_NAME, &uncommented)
            .unwrap_or_else(|err| panic!("{err}\n{uncommented}"));
        assert!(read.get("JWT_JWKS_URL").is_some());
        assert!(read.environment("qa").is_some());
    }
}
