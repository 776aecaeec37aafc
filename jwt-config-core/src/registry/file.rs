//! Reading an organisation's registry file, `jwt-config.toml`.
//!
//! The file is read into drafts that remember where each key was written,
//! built into a [`Registry`], and judged by [`validate`](super::validate);
//! every problem of the file comes back at once, each at its line and
//! column. The reader walks the spanned TOML tree itself rather than going
//! through serde, which stops at the first error.

use std::path::Path;

use super::Registry;
use super::validate::validate;

mod draft;
mod error;
mod read;

use draft::leak;
pub use error::{FileError, FileProblem};
use read::Reader;

/// The built-in table as a registry file: `jwt-config registry --format
/// toml` prints it, and a test holds it equal to [`standard()`](super::standard).
pub const STANDARD_TOML: &str = include_str!("standard.toml");

/// The name of an organisation's registry file.
pub const FILE_NAME: &str = "jwt-config.toml";

/// The variable that names the registry file, for the derive (at compile
/// time) and the command.
pub const VARIABLE: &str = "JWT_CONFIG_REGISTRY";

/// The value of [`VARIABLE`] (or `--registry`) that asks for the built-in
/// table explicitly.
pub const BUILT_IN: &str = "builtin";

/// The nearest [`FILE_NAME`] in `start` or a directory above it.
pub fn find_file(start: &Path) -> Option<std::path::PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The registry a tool working on `start` (a deployment, a codebase)
/// follows, as the `jwt-config` command chooses it: the file `file` names
/// (`--registry`; [`BUILT_IN`] for the built-in table), else the one
/// [`VARIABLE`] names, else the nearest [`FILE_NAME`] in or above `start`,
/// else the built-in table.
///
/// ```
/// # let start = std::env::temp_dir();
/// // `builtin` asks for the built-in table, whatever lies around `start`.
/// let registry = jwt_config::registry::find(Some("builtin".as_ref()), &start).unwrap();
/// assert_eq!(registry, jwt_config::registry::standard());
/// ```
///
/// # Errors
///
/// The file cannot be read, or it has problems (every one, each at its
/// line).
pub fn find(file: Option<&Path>, start: &Path) -> Result<&'static Registry, FileError> {
    let from_variable = std::env::var_os(VARIABLE).map(std::path::PathBuf::from);
    let file = match file.or(from_variable.as_deref()) {
        Some(path) if path == Path::new(BUILT_IN) => return Ok(super::standard()),
        Some(path) => path.to_owned(),
        None => match nearest(start) {
            Some(found) => found,
            None => return Ok(super::standard()),
        },
    };
    Registry::from_file(file)
}

/// Which registry a tool (the deployment check, the code scan) follows,
/// as its builder was told: the one [`find`] chooses, a file, or a table
/// given.
#[derive(Debug, Clone, Default)]
pub enum Choice {
    /// As the command chooses it ([`find`]).
    #[default]
    Found,
    /// The file at this path (`--registry`; [`BUILT_IN`] for the built-in
    /// table).
    File(std::path::PathBuf),
    /// This table.
    Given(&'static Registry),
}

impl Choice {
    /// The registry chosen, for a tool working on `start`.
    ///
    /// # Errors
    ///
    /// As [`find`].
    pub fn registry(&self, start: &Path) -> Result<&'static Registry, FileError> {
        match self {
            Choice::Found => find(None, start),
            Choice::File(path) => find(Some(path), start),
            Choice::Given(registry) => Ok(registry),
        }
    }
}

/// The nearest [`FILE_NAME`] in or above `start`, relative to the current
/// directory when it is below it (as reports name it).
fn nearest(start: &Path) -> Option<std::path::PathBuf> {
    let found = find_file(&std::path::absolute(start).ok()?)?;
    let cwd = std::env::current_dir().ok();
    Some(
        cwd.and_then(|cwd| found.strip_prefix(cwd).ok().map(Path::to_owned))
            .unwrap_or(found),
    )
}

/// The schema version this crate reads.
impl Registry {
    /// Reads the registry file at `path`.
    ///
    /// The table lives for the rest of the process (it is leaked, as a
    /// registry is read once, when a command or a build starts).
    ///
    /// # Errors
    ///
    /// The file cannot be read, or it has problems: every one of them, each
    /// with its line and column.
    pub fn from_file(path: impl AsRef<Path>) -> Result<&'static Registry, FileError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|err| FileError::unreadable(shown.clone(), &err))?;
        Registry::from_toml(&shown, &text)
    }

    /// Reads a registry file's `text`; `path` names it in errors and in
    /// [`Registry::source`].
    ///
    /// ```
    /// use jwt_config::registry::{Registry, Role};
    ///
    /// let registry = Registry::from_toml("jwt-config.toml", r#"
    ///     schema = 1
    ///     extends = "none"
    ///
    ///     [[setting]]
    ///     name = "AUTH_JWT_SECRET"
    ///     kind = "secret"
    ///     role = "signing_secret"
    ///     required_in = ["development", "test", "staging", "production"]
    ///     category = "SECRET_MISMATCH"
    ///     description = "The key that signs and verifies tokens."
    /// "#).unwrap();
    /// assert_eq!(registry.by_role(Role::SigningSecret).unwrap().name, "AUTH_JWT_SECRET");
    ///
    /// let err = Registry::from_toml("jwt-config.toml", "schema = 1\ncolour = 1\n").unwrap_err();
    /// assert_eq!(err.to_string(), "jwt-config.toml:2:1: unknown key `colour`, expected one of \
    ///     schema, extends, remove, environments, secrets, service_auth, setting, rule, service");
    /// ```
    ///
    /// # Errors
    ///
    /// Every problem of the file, each with its line and column.
    pub fn from_toml(path: &str, text: &str) -> Result<&'static Registry, FileError> {
        let mut reader = Reader::new(text);
        let draft = reader.document();
        let mut problems = reader.problems;
        let Some(draft) = draft else {
            // Not TOML: nothing further can be said.
            return Err(FileError::new(path, text, problems));
        };
        // A setting the file does not describe well enough to build is left
        // out of the table; what the table's validation says about its name
        // would only repeat the problem already found.
        let unbuilt: Vec<String> = draft
            .settings
            .iter()
            .filter(|setting| setting.kind().is_err())
            .map(|setting| format!("`{}`", setting.name))
            .collect();
        let (registry, spans) = draft.build(leak(path.to_owned()));
        problems.extend(
            validate(registry)
                .into_iter()
                .filter(|problem| !unbuilt.iter().any(|name| problem.message.contains(name)))
                .map(|problem| (spans.of(problem.place), problem.message)),
        );
        if problems.is_empty() {
            Ok(registry)
        } else {
            Err(FileError::new(path, text, problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::Environment;
    use crate::registry::{Encoding, Kind, RegistrySource, Setting, Unit, standard};

    fn problems(text: &str) -> Vec<String> {
        match Registry::from_toml("jwt-config.toml", text) {
            Ok(_) => Vec::new(),
            Err(err) => err.to_string().lines().map(str::to_owned).collect(),
        }
    }

    #[test]
    fn the_standard_file_is_the_standard_table() {
        let read = Registry::from_toml("standard.toml", STANDARD_TOML).unwrap();
        let standard = standard();
        assert_eq!(read.settings(), standard.settings());
        assert_eq!(read.rules(), standard.rules());
        assert_eq!(read.secret_policy(), standard.secret_policy());
        assert_eq!(read.service_auth(), standard.service_auth());
        assert_eq!(read.environments(), standard.environments());
    }

    #[test]
    fn an_empty_extension_is_the_standard_table() {
        let read = Registry::from_toml("x.toml", "schema = 1\n").unwrap();
        assert_eq!(read.settings(), standard().settings());
        assert_eq!(read.rules(), standard().rules());
        assert_eq!(read.source(), RegistrySource::File("x.toml"));
    }

    #[test]
    fn the_issue_example_reads() {
        let read = Registry::from_toml("jwt-config.toml", ORG).unwrap();
        let secret = read.get("AUTH_JWT_SECRET").unwrap();
        assert_eq!(secret.aliases[1].name, "JWT_SECRET");
        assert!(secret.aliases[1].is_denied_in(Environment::Production));
        assert!(!secret.aliases[0].is_denied_in(Environment::Production));
        let ttl = read.get("TOKEN_TTL_MINUTES").unwrap();
        assert_eq!(
            ttl.kind,
            Kind::Duration {
                unit: Unit::Minutes,
                min: 1,
                max: Some(1440)
            }
        );
        assert_eq!(ttl.default_for(Environment::Staging), Some("30"));
        assert_eq!(ttl.category.unwrap().mismatch_code(), "EXPIRY_MISMATCH");
        let qa = read.environment("qa").unwrap();
        assert_eq!((qa.name, qa.follows), ("qa", Environment::Staging));
        assert_eq!(read.secret_policy().min_bytes, [8, 8, 32, 64]);
        assert_eq!(read.secret_policy().weak_patterns, ["changeme", "acme-dev"]);
        assert!(read.get("JWT_SECRET_KEY").is_none(), "extends = none");
    }

    const ORG: &str = r#"
schema = 1
extends = "none"

[environments]
qa = "staging"
preview = "development"

[secrets]
min_bytes = { development = 8, test = 8, staging = 32, production = 64 }
weak_patterns = ["changeme", "acme-dev"]

[[setting]]
name = "AUTH_JWT_SECRET"
aliases = ["JWT_SECRET_KEY", { name = "JWT_SECRET", deny_in = ["production"] }]
kind = "secret"
required_in = ["development", "test", "staging", "production"]
category = "SECRET_MISMATCH"
description = "The key that signs and verifies tokens."

[[setting]]
name = "TOKEN_TTL_MINUTES"
kind = "duration"
unit = "minutes"
min = 1
max = 1440
default = { development = "60", test = "15", staging = "30", production = "15" }
category = "EXPIRY_MISMATCH"
description = "How long an access token lives."
"#;

    #[test]
    fn every_problem_of_a_broken_file_is_reported_with_its_place() {
        let found = problems(
            r#"schema = 1
extends = "none"
colour = "red"

[environments]
qa = "stagin"

[[setting]]
name = "TTL"
kind = "duration"
unit = "minutes"
min = 1
max = 60
default = { development = "0", qa = "5" }
category = "EXPIRY_MISMATCH"
description = "x"

[[setting]]
name = "KEY"
aliases = ["TTL"]
kind = "secret"
default = "hunter2-hunter2"
category = "SECRET_MISMATCH"
description = "y"
rol = "signing_secret"

[[rule]]
rule = "longer_than"
setting = "TTL"
than = "NOPE"
"#,
        );
        assert_eq!(
            found,
            [
                "jwt-config.toml:3:1: unknown key `colour`, expected one of schema, extends, remove, environments, secrets, service_auth, setting, rule, service",
                "jwt-config.toml:6:6: `qa = \"stagin\"` must follow one of the four environments: development, test, staging, production",
                "jwt-config.toml:14:27: the development default `0` of `TTL` is outside 1..=60",
                "jwt-config.toml:14:32: unknown environment `qa`, expected one of development, test, staging, production",
                "jwt-config.toml:20:12: alias `TTL` of `KEY` is already the setting `TTL`; a name may stand for one setting only",
                "jwt-config.toml:22:11: `KEY` is a secret and a secret never has a default: remove `default` and set it in each deployment",
                "jwt-config.toml:25:1: unknown key `rol` in [[setting]] `KEY`, expected one of name, aliases, kind, unit, min, max, default, required_in, scope, category, role, encoding, description; did you mean `role`?",
                "jwt-config.toml:30:8: the rule names `NOPE`, which is not a setting of this registry",
            ],
        );
        assert!(!found.iter().any(|line| line.contains("hunter2")));
    }

    #[test]
    fn a_misspelled_name_is_named_as_well_as_missing() {
        let found = problems("schema = 1\n[[setting]]\nnam = \"TTL\"\n");
        assert!(
            found.iter().any(|p| p.contains("needs a `name`")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("did you mean `name`?")),
            "{found:?}"
        );
    }

    #[test]
    fn a_setting_missing_its_kind_is_reported_once() {
        let found = problems(
            r#"schema = 1
extends = "none"

[[setting]]
name = "TTL"
unit = "minutes"
description = "x"

[[rule]]
rule = "longer_than"
setting = "TTL"
than = "TTL"
"#,
        );
        assert_eq!(
            found,
            [
                "jwt-config.toml:5:8: `TTL` is a new setting and needs a `kind`, one of secret, duration, text, text_list, flag, algorithm, environment, integer, url",
                "jwt-config.toml:6:8: `unit` applies to a duration, and `TTL` is not one: remove it",
            ],
        );
    }

    #[test]
    fn every_problem_of_a_readable_but_invalid_table_is_placed() {
        let found = problems(
            r#"schema = 1
extends = "none"

[[setting]]
name = "TTL"
kind = "duration"
unit = "minutes"
min = 1
max = 60
default = { development = "0" }
category = "EXPIRY_MISMATCH"
description = "x"

[[setting]]
name = "KEY"
aliases = ["TTL"]
kind = "secret"
default = "hunter2-hunter2"
category = "SECRET_MISMATCH"
description = "y"

[[rule]]
rule = "longer_than"
setting = "TTL"
than = "NOPE"
"#,
        );
        assert_eq!(
            found,
            [
                "jwt-config.toml:10:27: the development default `0` of `TTL` is outside 1..=60",
                "jwt-config.toml:16:12: alias `TTL` of `KEY` is already the setting `TTL`; a name may stand for one setting only",
                "jwt-config.toml:18:11: `KEY` is a secret and a secret never has a default: remove `default` and set it in each deployment",
                "jwt-config.toml:25:8: the rule names `NOPE`, which is not a setting of this registry",
            ],
        );
        assert!(!found.iter().any(|line| line.contains("hunter2")));
    }

    #[test]
    fn toml_syntax_errors_are_placed() {
        let found = problems("schema = 1\n[[setting]]\nname = \n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("jwt-config.toml:3:"), "{found:?}");
        assert!(found[0].contains("not valid TOML"), "{found:?}");
    }

    const SERVICES: &str = r#"schema = 1

[[service]]
name = "gotrue"
reads = ["JWT_SECRET_KEY", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"]
[service.vars]
GOTRUE_JWT_SECRET = "JWT_SECRET_KEY"
GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }

[[service]]
name = "api"
reads = ["JWT_SECRET_KEY", "JWT_REFRESH_TOKEN_EXPIRE_DAYS"]
[service.vars]
REFRESH_EXPIRES_IN = { setting = "JWT_REFRESH_TOKEN_EXPIRE_DAYS", unit = "span" }
"#;

    #[test]
    fn services_read_and_write_back() {
        let registry = Registry::from_toml("jwt-config.toml", SERVICES).unwrap();
        let gotrue = registry.service("gotrue").unwrap();
        assert_eq!(gotrue.var_name("JWT_SECRET_KEY"), "GOTRUE_JWT_SECRET");
        assert_eq!(
            gotrue
                .var_for("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
                .unwrap()
                .format,
            Some(crate::registry::VarFormat::Seconds)
        );
        let again = Registry::from_toml("jwt-config.toml", &registry.to_toml()).unwrap();
        assert_eq!(again, registry);
        assert_ne!(registry.fingerprint(), standard().fingerprint());
        let embedded = crate::registry::embed::encode(registry);
        assert_eq!(
            crate::registry::embed::decode(Box::leak(embedded.into_boxed_str())),
            registry
        );
    }

    /// A service reads one value for a setting: two variables for it would
    /// be the drift the tool exists to end.
    #[test]
    fn a_service_maps_a_setting_to_one_variable() {
        let twice = SERVICES.replace(
            "GOTRUE_JWT_SECRET = \"JWT_SECRET_KEY\"",
            "GOTRUE_JWT_SECRET = \"JWT_SECRET_KEY\"\nGOTRUE_SECRET = \"JWT_SECRET_KEY\"",
        );
        let found = problems(&twice);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].ends_with("`gotrue` maps `JWT_SECRET_KEY` to both `GOTRUE_JWT_SECRET` and `GOTRUE_SECRET`; a service reads one variable for a setting (two would be the drift this tool exists to end): keep the one the service reads"),
            "{found:?}"
        );
    }

    #[test]
    fn a_service_declares_the_loader_of_its_env_file() {
        use crate::registry::Loader;
        let with = |loader: &str| {
            SERVICES.replace(
                "name = \"api\"\n",
                &format!("name = \"api\"\nloader = \"{loader}\"\n"),
            )
        };
        let registry = Registry::from_toml("jwt-config.toml", &with("python-dotenv")).unwrap();
        assert_eq!(
            registry.service("api").unwrap().loader,
            Some(Loader::PythonDotenv)
        );
        assert_eq!(registry.service("gotrue").unwrap().loader, None);
        let again = Registry::from_toml("jwt-config.toml", &registry.to_toml()).unwrap();
        assert_eq!(again, registry);
        let embedded = crate::registry::embed::encode(registry);
        assert_eq!(
            crate::registry::embed::decode(Box::leak(embedded.into_boxed_str())),
            registry
        );
        let without = Registry::from_toml("jwt-config.toml", SERVICES).unwrap();
        assert_ne!(registry.fingerprint(), without.fingerprint());
        assert_eq!(
            problems(&with("ruby-dotenv")),
            [
                "jwt-config.toml:12:10: unknown loader `ruby-dotenv`, expected one of dotenvy, python-dotenv, node-dotenv, compose"
            ]
        );
    }

    #[test]
    fn an_embedded_file_writes_only_what_it_changes_of_the_built_in_table() {
        let registry = Registry::from_toml(
            "jwt-config.toml",
            r#"schema = 1
remove = ["JWT_SKIP_EXPIRY_VERIFICATION"]

[[setting]]
name = "JWT_ISSUER"
default = "https://auth.acme.example"

[[setting]]
name = "ACME_TENANT"
kind = "text"
category = "ACME_MISMATCH"
description = "The tenant every token names."
"#,
        )
        .unwrap();
        let text = crate::registry::embed::encode(registry);
        let decoded = crate::registry::embed::decode(Box::leak(text.clone().into_boxed_str()));
        assert_eq!(decoded, registry);
        assert_eq!(decoded.fingerprint(), registry.fingerprint());
        // Changed and new settings are written out; an unchanged one is a
        // position in the built-in table.
        assert!(text.contains("https://auth.acme.example"), "{text}");
        assert!(text.contains("The tenant every token names."), "{text}");
        let unchanged = registry.get("JWT_SECRET_KEY").unwrap();
        assert_eq!(unchanged, standard().get("JWT_SECRET_KEY").unwrap());
        assert!(!text.contains(unchanged.description), "{text}");
        let weak = standard().secret_policy().weak_patterns[0];
        assert!(!text.contains(weak), "{text}");
    }

    #[test]
    fn every_problem_of_a_service_is_placed() {
        let broken = SERVICES
            .replace(
                "\"JWT_REFRESH_TOKEN_EXPIRE_DAYS\"]",
                "\"JWT_REFRESH_TOKEN_EXPIRE_DAY\"]",
            )
            .replace("unit = \"seconds\"", "unit = \"fortnights\"")
            .replace(
                "GOTRUE_JWT_SECRET = \"JWT_SECRET_KEY\"",
                "GOTRUE_ISS = \"JWT_ISSUER\"",
            );
        assert_eq!(
            problems(&broken),
            [
                "jwt-config.toml:7:1: `gotrue` names its variable for `JWT_ISSUER` but does not read it; add `JWT_ISSUER` to `reads`",
                "jwt-config.toml:8:72: unknown unit `fortnights`, expected one of milliseconds, seconds, minutes, hours, days, span",
                "jwt-config.toml:12:28: `api` reads `JWT_REFRESH_TOKEN_EXPIRE_DAY`, which is not a setting of this registry; did you mean `JWT_REFRESH_TOKEN_EXPIRE_DAYS`?",
                "jwt-config.toml:14:1: `api` names its variable for `JWT_REFRESH_TOKEN_EXPIRE_DAYS` but does not read it; add `JWT_REFRESH_TOKEN_EXPIRE_DAYS` to `reads`",
            ]
        );
    }

    /// `auth` of a real system: it requires `SERVICE_SECRET` everywhere
    /// (the registry, in staging and production only), and shares its
    /// environment with object storage that is none of the check's business.
    const AUTH: &str = r#"schema = 1

[environments]
qa = "staging"

[[service]]
name = "auth"
reads = ["JWT_SECRET_KEY", "SERVICE_ID", "SERVICE_SECRET"]
required_in = { SERVICE_SECRET = ["development", "test", "staging", "production"] }
ignore = ["MINIO_SECRET_KEY", "S3_*"]
[service.vars]
AUTH_SERVICE_NAME = "SERVICE_ID"
"#;

    #[test]
    fn a_service_requires_settings_and_ignores_names_and_writes_them_back() {
        use crate::EnvSet;
        let registry = Registry::from_toml("jwt-config.toml", AUTH).unwrap();
        let auth = registry.service("auth").unwrap();
        assert_eq!(auth.required_in("SERVICE_SECRET"), EnvSet::ALL);
        assert_eq!(auth.required_in("JWT_SECRET_KEY"), EnvSet::NONE);
        assert!(auth.ignores("MINIO_SECRET_KEY") && auth.ignores("S3_BUCKET"));
        assert!(!auth.ignores("MINIO_ROOT_USER") && !auth.ignores("XS3_BUCKET"));
        let written = registry.to_toml();
        assert!(
            written.contains(
                "required_in = { SERVICE_SECRET = [\"development\", \"test\", \"staging\", \"production\"] }\nignore = [\"MINIO_SECRET_KEY\", \"S3_*\"]\n"
            ),
            "{written}"
        );
        let again = Registry::from_toml("jwt-config.toml", &written).unwrap();
        assert_eq!(again, registry);
        let embedded = crate::registry::embed::encode(registry);
        assert_eq!(
            crate::registry::embed::decode(Box::leak(embedded.into_boxed_str())),
            registry
        );
        // Each key changes the table's fingerprint.
        let without = |key: &str| {
            let text: String = AUTH
                .lines()
                .filter(|line| !line.starts_with(key))
                .map(|line| format!("{line}\n"))
                .collect();
            Registry::from_toml("jwt-config.toml", &text)
                .unwrap()
                .fingerprint()
        };
        assert_ne!(without("required_in"), registry.fingerprint());
        assert_ne!(without("ignore"), registry.fingerprint());
    }

    /// Two services of a monorepo: `auth`'s code in two directories,
    /// `billing`'s one directory inside the first.
    const SOURCES: &str = r#"schema = 1

[[service]]
name = "auth"
reads = ["JWT_SECRET_KEY"]
sources = ["services", "libs/auth-client/"]

[[service]]
name = "billing"
reads = ["JWT_SECRET_KEY"]
sources = ["services/billing"]
"#;

    #[test]
    fn a_file_belongs_to_the_service_with_the_deepest_source_directory() {
        let registry = Registry::from_toml("jwt-config.toml", SOURCES).unwrap();
        let owner = |file| registry.service_of_file(file).map(|service| service.name);
        assert_eq!(owner("services/auth/app.py"), Some("auth"));
        assert_eq!(owner("libs/auth-client/index.ts"), Some("auth"));
        assert_eq!(owner("services/billing/main.go"), Some("billing"));
        assert_eq!(owner("services/billing-admin/main.go"), Some("auth"));
        assert_eq!(owner("libs/auth-client-v2/index.ts"), None);
        assert_eq!(owner("services"), None);
        let written = registry.to_toml();
        assert!(
            written.contains("sources = [\"services\", \"libs/auth-client/\"]\n"),
            "{written}"
        );
        assert_eq!(
            Registry::from_toml("jwt-config.toml", &written).unwrap(),
            registry
        );
        let embedded = crate::registry::embed::encode(registry);
        assert_eq!(
            crate::registry::embed::decode(Box::leak(embedded.into_boxed_str())),
            registry
        );
        // Where code lives changes no value: snapshots stay comparable.
        let elsewhere = SOURCES.replace("\"services\", ", "\"apps\", ");
        assert_eq!(
            Registry::from_toml("jwt-config.toml", &elsewhere)
                .unwrap()
                .fingerprint(),
            registry.fingerprint()
        );
    }

    #[test]
    fn every_problem_of_a_source_directory_is_placed() {
        let broken = SOURCES
            .replace(
                "sources = [\"services\", \"libs/auth-client/\"]",
                "sources = [\"/srv/auth\", \"../libs\", \"services\", \"services/\", \"\"]",
            )
            .replace(
                "sources = [\"services/billing\"]",
                "sources = [\"services\", 7]",
            );
        assert_eq!(
            problems(&broken),
            [
                "jwt-config.toml:6:12: `/srv/auth` in `auth`'s `sources` is not a directory under the scanned one; write it relative to the directory `jwt-config scan` is given",
                "jwt-config.toml:6:25: `../libs` in `auth`'s `sources` is not a directory under the scanned one; write a directory under the scanned one with `/` between its names and no `.` or `..` step (`services/auth`), or `.` for all of it",
                "jwt-config.toml:6:48: `services/` is listed twice in `auth`'s `sources`",
                "jwt-config.toml:6:61: `` in `auth`'s `sources` is not a directory under the scanned one; write a directory under the scanned one with `/` between its names and no `.` or `..` step (`services/auth`), or `.` for all of it",
                "jwt-config.toml:11:12: `services` is a source directory of `auth` too; a directory holds one service's code: name a deeper directory for one of them",
                "jwt-config.toml:11:24: an entry of `sources` must be a string, not integer",
            ]
        );
    }

    const ACROSS: &str = r#"schema = 1
[[rule]]
rule = "longer_than"
setting = "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
than = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
across_services = true
"#;

    #[test]
    fn a_rule_across_services_reads_writes_embeds_and_is_fingerprinted() {
        let registry = Registry::from_toml("jwt-config.toml", ACROSS).unwrap();
        let rule = registry
            .rules()
            .iter()
            .find(|rule| {
                rule.across_services() && matches!(rule, crate::registry::Rule::LongerThan { .. })
            })
            .expect("the file's rule");
        assert!(
            rule.to_string()
                .ends_with("in each service and between services")
        );
        let written = registry.to_toml();
        assert_eq!(
            Registry::from_toml("jwt-config.toml", &written).unwrap(),
            registry
        );
        let embedded = crate::registry::embed::encode(registry);
        assert_eq!(
            crate::registry::embed::decode(Box::leak(embedded.into_boxed_str())),
            registry
        );
        let within = ACROSS.replace("across_services = true\n", "");
        assert_ne!(
            Registry::from_toml("jwt-config.toml", &within)
                .unwrap()
                .fingerprint(),
            registry.fingerprint()
        );
    }

    #[test]
    fn across_services_is_a_flag_of_a_rule_between_two_settings() {
        let found =
            problems(&ACROSS.replace("across_services = true", "across_services = \"yes\""));
        assert!(
            found[0].contains("6:19: `across_services` is `true` or `false`"),
            "{found:?}"
        );
        let flag = "schema = 1\n[[rule]]\nrule = \"true_only_in\"\nsetting = \"JWT_SKIP_EXPIRY_VERIFICATION\"\nin = [\"development\"]\nacross_services = true\n";
        let found = problems(flag);
        assert!(
            found[0].contains("6:19: a `true_only_in` rule names one setting, so it holds in each service alone: remove `across_services`"),
            "{found:?}"
        );
    }

    #[test]
    fn every_problem_of_a_requirement_or_an_ignored_name_is_placed() {
        let broken = AUTH
            .replace(
                "required_in = { SERVICE_SECRET = [\"development\", \"test\", \"staging\", \"production\"] }",
                "required_in = { SERVICE_SECRT = [\"development\"], JWT_ISSUER = [\"qa\"], JWT_SECRET = [\"test\"], AUTH_SERVICE_NAME = [\"prod\"], JWT_SECRET_KEY = [\"production\"], SERVICE_ID = [] }",
            )
            .replace(
                "ignore = [\"MINIO_SECRET_KEY\", \"S3_*\"]",
                "ignore = [\"MINIO_*_KEY\", \"JWT_SECRET\", \"S3_*\", \"S3_*\"]",
            );
        assert_eq!(
            problems(&broken),
            [
                "jwt-config.toml:9:17: `auth` requires `SERVICE_SECRT`, which is not a setting of this registry; did you mean `SERVICE_SECRET`?",
                "jwt-config.toml:9:50: `auth` requires `JWT_ISSUER` but does not read it; add `JWT_ISSUER` to its `reads`, or remove it from `required_in`",
                "jwt-config.toml:9:64: `qa` follows staging and has its rules: write `staging`",
                "jwt-config.toml:9:71: `JWT_SECRET` is a legacy alias of `JWT_SECRET_KEY`; `required_in` names the setting: write `JWT_SECRET_KEY`",
                "jwt-config.toml:9:94: `AUTH_SERVICE_NAME` is `auth`'s own variable for `SERVICE_ID`; `required_in` names settings: write `SERVICE_ID`",
                "jwt-config.toml:9:115: write the environment `prod` as `production`",
                "jwt-config.toml:9:124: `JWT_SECRET_KEY` already has a value wherever `auth` requires it (production): a registry default, or required by the registry; remove it from `required_in`",
                "jwt-config.toml:9:170: `required_in.SERVICE_ID` lists no environment; list where `auth` requires `SERVICE_ID`, or remove it",
                "jwt-config.toml:10:11: `MINIO_*_KEY` in `ignore` is neither a variable name nor a prefix followed by `*`; use letters, digits and `_`, with one `*` at the end for every name that starts so",
                "jwt-config.toml:10:26: `JWT_SECRET` is a name of the setting `JWT_SECRET_KEY`, which the check judges whatever `ignore` says; remove it from `auth`'s `ignore`",
                "jwt-config.toml:10:48: `S3_*` is listed twice in `ignore`",
            ]
        );
    }

    #[test]
    fn extending_changes_adds_and_removes_settings() {
        let read = Registry::from_toml(
            "x.toml",
            r#"schema = 1
remove = ["JWT_SKIP_EXPIRY_VERIFICATION"]

[[setting]]
name = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"
default = "20"

[[setting]]
name = "JWT_JWKS_URL"
kind = "url"
scope = "per_service"
description = "Where verifiers fetch the signer's public keys."
"#,
        )
        .unwrap();
        let access = read.get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert_eq!(access.default_for(Environment::Production), Some("20"));
        assert_eq!(access.aliases, standard().get(access.name).unwrap().aliases);
        assert!(read.get("JWT_SKIP_EXPIRY_VERIFICATION").is_none());
        assert_eq!(read.rules().len(), standard().rules().len() - 1);
        assert_eq!(read.get("JWT_JWKS_URL").unwrap().kind, Kind::Url);
        assert_ne!(read.fingerprint(), standard().fingerprint());
    }

    #[test]
    fn weak_patterns_that_would_never_apply_are_refused() {
        let message = "`strict_in` is empty, so the registry's 8 weak patterns (the built-in ones with `extends = \"standard\"`, which `weak_patterns` adds to) would never apply: list the environments where secrets are checked, such as `strict_in = [\"staging\", \"production\"]` (only a registry with `extends = \"none\"` and no `weak_patterns` may check none)";
        assert_eq!(
            problems("schema = 1\n[secrets]\nstrict_in = []\n"),
            [format!("jwt-config.toml:3:13: {message}")]
        );
        // Without the built-in table, no patterns: nothing contradicts,
        // and the rules say so.
        let read = Registry::from_toml(
            "x.toml",
            "schema = 1\nextends = \"none\"\n[secrets]\nstrict_in = []\n",
        )
        .unwrap();
        let table = crate::report::docs::markdown(read);
        assert!(
            table.contains("- no environment checks a secret for whitespace or weak patterns (`strict_in` is empty);"),
            "{table}"
        );
        assert!(!table.contains("- in  "), "{table}");
    }

    #[test]
    fn a_redeclared_built_in_setting_changes_only_the_keys_given() {
        let read = Registry::from_toml(
            "x.toml",
            "schema = 1\n[[setting]]\nname = \"JWT_ACCESS_TOKEN_EXPIRE_MINUTES\"\nmax = 10080\n\n[secrets]\nmin_bytes = { production = 128 }\n",
        )
        .unwrap();
        let built_in = standard().get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        let access = read.get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert_eq!(access.kind.bounds(), Some((1, Some(10080))));
        assert_eq!(
            Setting {
                kind: built_in.kind,
                ..access.clone()
            },
            *built_in
        );
        // A floor given for one environment only keeps the others.
        assert_eq!(read.secret_policy().min_bytes, [8, 8, 32, 128]);
        assert_eq!(
            read.secret_policy().weak_patterns,
            standard().secret_policy().weak_patterns
        );
    }

    const SPAN: &str = r#"schema = 1

[[setting]]
name = "JWT_GRACE"
kind = "duration"
unit = "span"
min = "1m"
max = "1d"
default = "15m"
category = "EXPIRY_MISMATCH"
description = "How long a grace period lasts."

[[setting]]
name = "JWT_SESSION_MINUTES"
kind = "duration"
unit = "minutes"
min = 1
default = "60"
category = "EXPIRY_MISMATCH"
description = "How long a session lasts: at least a minute."
"#;

    #[test]
    fn a_span_setting_and_open_bounds_read_write_and_embed() {
        let read = Registry::from_toml("x.toml", SPAN).unwrap();
        let grace = read.get("JWT_GRACE").unwrap();
        assert_eq!(
            grace.kind,
            Kind::Duration {
                unit: Unit::Span,
                min: 60,
                max: Some(86_400)
            }
        );
        assert_eq!(grace.kind.to_string(), "span, 1m to 1d");
        let session = read.get("JWT_SESSION_MINUTES").unwrap();
        assert_eq!(session.kind.bounds(), Some((1, None)));
        assert_eq!(session.kind.to_string(), "minutes, at least 1");
        // Written out and read back, embedded and decoded: the same table.
        let text = read.to_toml();
        assert!(
            text.contains("unit = \"span\"\nmin = \"1m\"\nmax = \"1d\"\n"),
            "{text}"
        );
        assert!(
            text.contains("unit = \"minutes\"\nmin = 1\ndefault"),
            "{text}"
        );
        let again = Registry::from_toml("again.toml", &text).unwrap();
        assert_eq!(again.settings(), read.settings());
        let embedded = crate::registry::embed::encode(read);
        let decoded = crate::registry::embed::decode(Box::leak(embedded.into_boxed_str()));
        assert_eq!(decoded, read);
        assert_eq!(decoded.fingerprint(), read.fingerprint());
    }

    #[cfg(feature = "runtime")]
    #[test]
    fn a_span_setting_loads_spans_and_shows_them_in_one_form() {
        use crate::resolve;
        let read = Registry::from_toml("x.toml", SPAN).unwrap();
        let load = |value: &str| {
            let vars =
                std::collections::HashMap::from([("JWT_GRACE".to_owned(), value.to_owned())]);
            resolve::check(read, &vars, Environment::Staging, "svc")
        };
        let grace = |check: &resolve::ServiceCheck| -> Vec<String> {
            check
                .problems
                .iter()
                .filter(|problem| problem.var() == "JWT_GRACE")
                .map(ToString::to_string)
                .collect()
        };
        let check = load("90m");
        assert!(grace(&check).is_empty(), "{:?}", grace(&check));
        assert_eq!(check.snapshot.value("JWT_GRACE"), Some("1h30m"));
        let unset = resolve::check(
            read,
            &std::collections::HashMap::<String, String>::new(),
            Environment::Staging,
            "svc",
        );
        assert_eq!(unset.snapshot.value("JWT_GRACE"), Some("15m"));
        assert_eq!(
            grace(&load("2d")),
            [
                "JWT_GRACE (staging): `2d` is longer than the most the registry allows, 1d; set JWT_GRACE to a span from 1m to 1d"
            ]
        );
    }

    #[test]
    fn a_span_setting_writes_its_bounds_and_default_as_spans() {
        let broken = SPAN
            .replace("max = \"1d\"", "max = 1440")
            .replace("default = \"15m\"", "default = \"15\"");
        assert_eq!(
            problems(&broken)[..2],
            [
                "jwt-config.toml:8:7: `max` of a span setting is a span such as \"15m\" or \"1d\", not integer",
                "jwt-config.toml:9:11: the development default `15` of `JWT_GRACE` is not a span such as 15m",
            ]
        );
    }

    #[test]
    fn a_file_without_schema_or_with_another_is_refused() {
        assert_eq!(
            problems("extends = \"none\"\n"),
            ["jwt-config.toml:1:1: the file names no schema: add `schema = 1` at the top"]
        );
        assert_eq!(
            problems("schema = 2\n"),
            ["jwt-config.toml:1:10: schema 2 is not one this version reads; write `schema = 1`"]
        );
    }

    #[test]
    fn an_encoding_is_read_written_embedded_and_held_to_its_kind_and_role() {
        let text = r#"schema = 1
extends = "none"

[[setting]]
name = "KEY"
kind = "secret"
role = "signing_secret"
encoding = "base64"
category = "SECRET_MISMATCH"
description = "d"

[[setting]]
name = "PUB_FILE"
kind = "text"
role = "public_key"
encoding = "path"
category = "KEY_MISMATCH"
description = "d"
"#;
        let read = Registry::from_toml("enc.toml", text).unwrap();
        assert_eq!(read.get("KEY").unwrap().encoding, Encoding::Base64);
        assert_eq!(read.get("PUB_FILE").unwrap().encoding, Encoding::Path);
        let written = read.to_toml();
        assert!(written.contains("encoding = \"base64\""), "{written}");
        let again = Registry::from_toml("enc.toml", &written).unwrap();
        assert_eq!(again.settings(), read.settings());
        let embedded = super::super::embed::decode(Box::leak(
            super::super::embed::encode(read).into_boxed_str(),
        ));
        assert_eq!(embedded.settings(), read.settings());
        assert_ne!(read.fingerprint(), {
            let plain = text.replace("encoding = \"base64\"\n", "");
            Registry::from_toml("enc.toml", &plain)
                .unwrap()
                .fingerprint()
        });

        let wrong = text
            .replace("kind = \"secret\"", "kind = \"text\"")
            .replace("role = \"public_key\"", "role = \"issuer\"")
            .replace("role = \"signing_secret\"\n", "");
        let err = Registry::from_toml("enc.toml", &wrong)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("only a secret may be written in base64"),
            "{err}"
        );
        assert!(err.contains("`PUB_FILE` is no key setting"), "{err}");
        let unknown = text.replace("\"path\"", "\"file\"");
        let err = Registry::from_toml("enc.toml", &unknown)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown encoding `file`, expected text, base64 or path"),
            "{err}"
        );
    }
}
