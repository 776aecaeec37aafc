//! Which files need parsing at all: a look at a file's bytes that rules
//! out, before tree-sitter's parse (nearly all of a scan's time), the
//! files in which no reader can find anything.
//!
//! What the readers find, and the text it cannot be found without:
//! - a read of the environment: every form the scan reads spells `env`
//!   in some case (`os.getenv`, `os.environ`, `process.env`,
//!   `import.meta.env`, Go's `os.Getenv` / `os.LookupEnv`, Rust's
//!   `std::env::var`, `env!`, `dotenvy`), and so does pydantic's
//!   `env_prefix`; a pydantic `BaseSettings` class reads the environment
//!   through its fields, and spells `settings`;
//! - a wrapper call (`get_env().get("X")`, `config("X")`): its string
//!   names a setting or alias, or a declared service's own variable, as
//!   written;
//! - a hard-coded value: its name is a setting's name or alias in upper
//!   snake case, with or without `JWT_`, `DEFAULT_` or `_DEFAULT`.
//!
//! The last two hold the name of a setting or alias without its `JWT_`,
//! once case and `_` are set aside (`accessTokenExpireMinutes`,
//! `DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES` and `"JWT_ACCESS_TOKEN_EXPIRE_MINUTES"`
//! all hold `accesstokenexpireminutes`). A file with none of these is
//! not parsed: it is read and counted as scanned, and nothing is found in
//! it, as a parse would find nothing. Every reader's pattern tests go
//! through this filter ([`crate::lang`] applies it), so a reader that
//! finds something in text it rules out fails its own tests.

use jwt_config_core::registry::Registry;

/// Whether a reader may find something in `source` read against
/// `registry`: `false` only when none can.
pub(crate) fn may_hold(source: &str, registry: &Registry) -> bool {
    let folded = fold(source);
    if ["env", "settings"]
        .iter()
        .any(|word| contains(&folded, word.as_bytes()))
    {
        return true;
    }
    let own_vars = registry
        .services()
        .iter()
        .flat_map(|service| service.vars.iter().map(|own| own.var));
    registry
        .settings()
        .iter()
        .flat_map(|setting| {
            std::iter::once(setting.name).chain(setting.aliases.iter().map(|alias| alias.name))
        })
        .chain(own_vars)
        .any(|name| {
            let bare = name.strip_prefix("JWT_").unwrap_or(name);
            // An empty needle (a setting named `JWT_`) is in every file.
            contains(&folded, &fold(bare))
        })
}

/// `text` in ASCII lower case without `_`: how a name reads whatever its
/// case convention (`jwtExpiresIn`, `JWT_EXPIRES_IN` and
/// `jwt_expires_in` are all `jwtexpiresin`).
fn fold(text: &str) -> Vec<u8> {
    text.bytes()
        .filter(|&b| b != b'_')
        .map(|b| b.to_ascii_lowercase())
        .collect()
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use jwt_config_core::registry;

    use super::may_hold;

    #[test]
    fn a_file_reading_the_environment_or_naming_a_setting_may_hold_something() {
        let registry = registry::standard();
        for source in [
            "x = os.getenv('DATABASE_URL')",
            "const url = process.env.DATABASE_URL;",
            "v, ok := os.LookupEnv(\"PORT\")",
            "let v = std::env::var(\"PORT\");",
            "class S(BaseSettings):\n    port: int = 8000",
            "config(\"JWT_SECRET_KEY\")",
            "accessTokenExpireMinutes = 30",
            "DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30",
            "ALGORITHM = 'HS256'",
            "JWT_ACCESS_EXPIRY_MINUTES_DEFAULT = 15",
        ] {
            assert!(may_hold(source, registry), "{source}");
        }
    }

    #[test]
    fn a_declared_services_own_variable_is_a_name_to_look_for() {
        let toml = "schema = 1\n[[service]]\nname = \"gotrue\"\nreads = [\"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\"]\n\
                    [service.vars]\nGOTRUE_JWT_EXP = { setting = \"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\", unit = \"seconds\" }\n";
        let declared = registry::Registry::from_toml("jwt-config.toml", toml).unwrap();
        let source = "const gotrueJwtExp = 3600\n";
        assert!(may_hold(source, declared));
        assert!(!may_hold(source, registry::standard()));
    }

    #[test]
    fn ordinary_code_holds_nothing() {
        let registry = registry::standard();
        for source in [
            "def load(rows, limit=100):\n    return [r for r in rows[:limit]]\n",
            "export class Store { private cache = new Map<number, Item>(); }\n",
            "",
        ] {
            assert!(!may_hold(source, registry), "{source}");
        }
    }
}
