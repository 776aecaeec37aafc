//! Which registry the command follows: `--registry` (or
//! `JWT_CONFIG_REGISTRY`), else the nearest `jwt-config.toml` above the
//! directory being checked, else the built-in table.

use std::path::{Path, PathBuf};

use jwt_config::registry::{self, BUILT_IN, Registry};

/// The registry for a command given `flag`, working from `start`.
///
/// # Errors
///
/// The file cannot be read or has problems: every one, each at its line.
pub fn registry(flag: Option<&Path>, start: &Path) -> Result<&'static Registry, String> {
    let file = match flag {
        Some(path) if path == Path::new(BUILT_IN) => return Ok(registry::standard()),
        Some(path) => path.to_owned(),
        None => match nearest(start) {
            Some(found) => found,
            None => return Ok(registry::standard()),
        },
    };
    Registry::from_file(&file).map_err(|err| {
        let count = err.problems().len();
        format!(
            "the registry file {} cannot be used ({count} problem{}):\n{err}",
            file.display(),
            if count == 1 { "" } else { "s" }
        )
    })
}

/// The nearest `jwt-config.toml` in `start` or a directory above it,
/// relative to the current directory when it is below it.
fn nearest(start: &Path) -> Option<PathBuf> {
    let found = registry::find_file(&std::path::absolute(start).ok()?)?;
    let cwd = std::env::current_dir().ok();
    Some(
        cwd.and_then(|cwd| found.strip_prefix(cwd).ok().map(Path::to_owned))
            .unwrap_or(found),
    )
}

/// A starter registry file: it extends the built-in table and changes
/// nothing until its examples are uncommented.
pub const STARTER: &str = r#"# The organisation's JWT settings, read by `#[derive(JwtSettings)]` (through
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
    use jwt_config::registry::FILE_NAME;

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
