//! The registry: every JWT setting's one name, its legacy aliases, kind,
//! default, the environments that require it, and the rules between settings.
//!
//! The registry is the single source of truth. `#[derive(JwtSettings)]`
//! checks names against it at compile time, the resolver reads it at run time
//! and the settings table in the README is generated from it. Nothing else
//! knows a fact about a setting.
//!
//! Everything takes a [`Registry`] as a value; [`standard()`] is the table
//! this crate ships.
//!
//! ```
//! use jwt_config::registry::{self, Lookup};
//!
//! let registry = registry::standard();
//! for setting in registry {
//!     assert!(setting.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
//! }
//! match registry.lookup("JWT_ACCESS_EXPIRY_MINUTES") {
//!     Lookup::Alias { setting, .. } => assert_eq!(setting.name, "JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
//!     other => panic!("{other:?}"),
//! }
//! ```
//!
//! # The registry file, `jwt-config.toml`
//!
//! An organisation brings its own table as a TOML file. The derive reads it
//! while compiling and embeds the table in the code it generates (a service
//! never parses it); the `jwt-config` command reads it to check a
//! deployment; `Registry::from_file` reads it at run time (feature `file`).
//! The derive follows the file `JWT_CONFIG_REGISTRY` names (absolute, or
//! `builtin` for the built-in table), set once for a crate in
//! `.cargo/config.toml` (`JWT_CONFIG_REGISTRY = { value = "jwt-config.toml",
//! relative = true }` under `[env]`); a struct may name one with
//! `#[jwt(registry = "...")]`. A file with problems is refused with every
//! problem at once, each at its line and column, as compile errors of the
//! derive.
//!
//! ```toml
//! schema = 1                 # required; the version of this format
//! extends = "standard"       # the default; "none": a table of its own settings only
//! remove = ["JWT_SKIP_EXPIRY_VERIFICATION"]   # with "standard": drop built-in settings (and their rules)
//!
//! [environments]             # beyond the four: each follows one of them
//! qa = "staging"
//!
//! [secrets]                  # all optional; the built-in values otherwise
//! min_bytes = { production = 128 }                # floors in bytes, by environment
//! strict_in = ["staging", "production"]            # where the weak-pattern and whitespace checks apply
//! weak_patterns = ["changeme", "acme-dev"]         # with "standard": added to the built-in ones
//!
//! [service_auth]             # the headers of service credentials
//! id_header = "X-Service-ID"
//! secret_header = "X-Service-Secret"
//!
//! [[setting]]
//! name = "SESSION_IDLE"
//! aliases = ["IDLE_TIMEOUT", { name = "SESSION_TTL", deny_in = ["production"] }]
//! kind = "duration"
//! unit = "span"
//! min = "1m"
//! default = { development = "8h", test = "30m", staging = "30m", production = "30m" }
//! category = "EXPIRY_MISMATCH"
//! description = "How long an idle session lives."
//!
//! [[rule]]
//! rule = "longer_than"
//! setting = "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
//! than = "SESSION_IDLE"
//! across_services = true
//!
//! [[service]]
//! name = "gotrue"
//! reads = ["JWT_SECRET_KEY", "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "SERVICE_SECRET"]
//! loader = "dotenvy"
//! required_in = { SERVICE_SECRET = ["development", "test"] }
//! ignore = ["MINIO_SECRET_KEY", "S3_*"]
//! sources = ["services/gotrue"]
//! [service.vars]
//! GOTRUE_JWT_SECRET = "JWT_SECRET_KEY"
//! GOTRUE_JWT_EXP = { setting = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", unit = "seconds" }
//! ```
//!
//! Wherever a key lists environments (`required_in`, `deny_in`, `in`,
//! `strict_in`, the keys of `min_bytes`), it names the four; an
//! organisation's environment follows its tier's.
//!
//! **Top level.** `schema` (required, `1`); `extends`: `"standard"` (the
//! default) starts from [`standard()`], where a `[[setting]]` of a built-in
//! name changes only the keys it gives, or `"none"`; `remove`: built-in
//! settings to drop, with their rules (with `"standard"` only).
//!
//! **`[environments]`**: an organisation's environment name = the one of
//! `development`, `test`, `staging`, `production` whose defaults,
//! requirements, floors and rules it follows; it keeps its own name in
//! problems and reports ([`Registry::environment`]). A name may not shadow
//! one of the four.
//!
//! **`[secrets]`** ([`SecretPolicy`]): `min_bytes`, the least bytes of a
//! secret per environment (a table; the environments left out keep their
//! built-in floor); `strict_in`, where a secret must contain no weak
//! pattern and no leading or trailing whitespace; `weak_patterns`, text a
//! secret may not contain there (in any case, whatever `_`, `-` or spaces
//! separate its words).
//!
//! **`[service_auth]`** ([`ServiceAuth`]): `id_header` and `secret_header`,
//! the header names of a service's credentials.
//!
//! **`[[setting]]`** ([`Setting`]):
//!
//! | key | meaning |
//! |---|---|
//! | `name` | the canonical variable name (letters, digits, `_`) |
//! | `aliases` | legacy names, each a string or `{ name, deny_in = [...] }`: a struct reads an alias only when it declares it; where denied, reading it is a problem, elsewhere a warning |
//! | `kind` | [`Kind`]: `secret`, `duration`, `integer`, `text`, `text_list`, `url`, `flag`, `algorithm`, `environment` (the variable that names the environment; one at most) |
//! | `unit` | a duration's [`Unit`]: `seconds`, `minutes`, `hours`, `days`, or `span` (values, bounds and default written as `7d`, `15m`, `1h30m`) |
//! | `min`, `max` | optional bounds of a duration or an integer |
//! | `default` | one value for every environment, or a table by environment; never for a secret, always within bounds |
//! | `required_in` | the environments where it must be set |
//! | `scope` | [`Scope`]: `shared` (the default: the services of an environment must agree) or `per_service` |
//! | `category` | what a disagreement between services is called in drift reports (`EXPIRY_MISMATCH`); required for a shared setting |
//! | `role` | [`Role`]: what the setting is for, so code finds it whatever it is called (`signing_secret`, `algorithm`, `issuer`, `access_lifetime`, `service_id`, `private_key`, ...); each played by one setting at most, of a kind that fits |
//! | `encoding` | [`Encoding`]: how a key's variable gives it: `text` (the default), `base64` (a secret only: the key is the decoded bytes, and the floor counts them), `path` (a `private_key` or `public_key` only: the path of a PEM file, read at load) |
//! | `description` | one line; required |
//!
//! **`[[rule]]`** ([`Rule`]), by its `rule`:
//!
//! | `rule` | keys | holds when |
//! |---|---|---|
//! | `longer_than` | `setting`, `than` (two durations) | `setting` lasts longer than `than` |
//! | `differs_from` | `setting`, `from` (two secrets), `in` (default: every environment) | the two differ, in the environments `in` names |
//! | `true_only_in` | `setting` (a flag), `in` (required) | the flag is true only in those environments |
//!
//! A rule holds in each service that reads both its settings; with
//! `across_services = true` (not for `true_only_in`) it holds between the
//! services of an environment too, one's value of `setting` against
//! another's of `than` or `from` (a `RULE_BROKEN` drift finding).
//!
//! **`[[service]]`** ([`Service`]): a service of the deployment, by the
//! name a struct gives in `#[jwt(service = "...")]`, a Compose service, a
//! Kubernetes workload or a `.env` file's stem. A declared service is judged
//! by its declaration alone.
//!
//! | key | meaning |
//! |---|---|
//! | `name` | the service's name (required) |
//! | `reads` | the settings it reads, by canonical name (`[]` for a service that reads none); a struct of the service may read no other |
//! | `vars` | its own variable names ([`ServiceVar`]): `OWN_NAME = "SETTING"`, or `{ setting = "SETTING", unit = "seconds" }` where its unit differs ([`VarFormat`]: `milliseconds`, `seconds`, `minutes`, `hours`, `days`, `span`); one variable per setting; an own name is never a legacy name |
//! | `loader` | the library that reads its `.env` file ([`Loader`]): `dotenvy`, `python-dotenv`, `node-dotenv`, `compose` |
//! | `required_in` | settings it requires beyond the registry, each with its environments: `{ SERVICE_SECRET = ["staging"] }` |
//! | `ignore` | variable names, or prefixes ending in one `*`, that the check never lists as unknown |
//! | `sources` | the directories holding its code, relative to the registry file's directory (or, for a file outside it, to the directory `jwt-config scan` is given): `["services/auth"]`, `["."]` for all of it; a file belongs to the service with the deepest directory above it, else to its top-level directory |

use std::fmt;

use crate::environment::{Environment, NamedEnvironment};

#[cfg(feature = "runtime")]
mod digest;
#[doc(hidden)]
pub mod embed;
#[cfg(feature = "file")]
mod file;
mod kind;
mod nearest;
mod role;
mod rule;
mod service;
mod setting;
mod standard;
mod unit;
mod validate;
#[cfg(feature = "file")]
mod write;

#[cfg(feature = "file")]
pub use file::{
    BUILT_IN, Choice, FILE_NAME, FileError, FileProblem, STANDARD_TOML, VARIABLE, find, find_file,
};
pub use kind::{Kind, SecretPolicy};
pub use nearest::{GENERIC_WORDS, LooksLike, NameIndex};
pub use role::{Role, ServiceAuth};
pub use rule::Rule;
pub use service::{Loader, Service, ServiceRequirement, ServiceVar};
pub use setting::{Alias, Category, DefaultValue, Encoding, Scope, Setting};
pub use standard::standard;
pub use unit::{Unit, VarFormat};
pub use validate::{Place, ValidationProblem, validate};

/// A table of settings, the rules between them, the secret policy and the
/// organisation's own environments.
///
/// The built-in table is [`standard()`]; an organisation's comes from its
/// `jwt-config.toml` (`Registry::from_toml` with the `file` feature), or is
/// embedded by `#[derive(JwtSettings)]` in the code it generates.
#[derive(Debug, PartialEq)]
pub struct Registry {
    settings: &'static [Setting],
    rules: &'static [Rule],
    secrets: SecretPolicy,
    environments: &'static [NamedEnvironment],
    service_headers: [&'static str; 2],
    services: &'static [Service],
    source: RegistrySource,
}

impl Registry {
    /// A registry of the given settings, rules and secret policy, with no
    /// environment beyond the four, the standard service headers, and
    /// [`RegistrySource::BuiltIn`] as its source.
    ///
    /// Names in `rules` refer to canonical names in `settings`;
    /// [`validate`] says whether the table holds together.
    pub const fn new(
        settings: &'static [Setting],
        rules: &'static [Rule],
        secrets: SecretPolicy,
    ) -> Registry {
        Registry {
            settings,
            rules,
            secrets,
            environments: &[],
            service_headers: ["X-Service-ID", "X-Service-Secret"],
            services: &[],
            source: RegistrySource::BuiltIn,
        }
    }

    /// The registry with these declared services.
    #[must_use]
    pub const fn with_services(self, services: &'static [Service]) -> Registry {
        Registry { services, ..self }
    }

    /// The services the registry declares (`[[service]]`); none in the
    /// built-in table, where every service may read every setting.
    pub fn services(&self) -> &'static [Service] {
        self.services
    }

    /// The declared service named `name`.
    pub fn service(&self, name: &str) -> Option<&'static Service> {
        self.services.iter().find(|service| service.name == name)
    }

    /// The declared service whose code holds `file` (relative to the
    /// scanned directory, `/`-separated): the one with the deepest of its
    /// `sources` above it. `None` when no service names a directory above
    /// it.
    ///
    /// ```
    /// use jwt_config::registry::{self, Registry, Service};
    ///
    /// // As `[[service]]` entries with `sources = [...]`.
    /// const fn service(name: &'static str, sources: &'static [&'static str]) -> Service {
    ///     Service { name, reads: &[], vars: &[], loader: None, required_in: &[], ignore: &[], sources }
    /// }
    /// static SERVICES: [Service; 2] =
    ///     [service("auth", &["services"]), service("billing", &["services/billing"])];
    /// let standard = registry::standard();
    /// let registry = Registry::new(standard.settings(), standard.rules(), *standard.secret_policy())
    ///     .with_services(&SERVICES);
    /// assert_eq!(registry.service_of_file("services/auth/app.py").unwrap().name, "auth");
    /// assert_eq!(registry.service_of_file("services/billing/app.ts").unwrap().name, "billing");
    /// assert!(registry.service_of_file("tools/seed.py").is_none());
    /// ```
    pub fn service_of_file(&self, file: &str) -> Option<&'static Service> {
        self.services
            .iter()
            .filter_map(|service| Some((service.source_depth(file)?, service)))
            .max_by_key(|(depth, _)| *depth)
            .map(|(_, service)| service)
    }

    /// The registry with these environments beyond the four.
    #[must_use]
    pub const fn with_environments(self, environments: &'static [NamedEnvironment]) -> Registry {
        Registry {
            environments,
            ..self
        }
    }

    /// The registry with these headers for the service id and the service
    /// secret ([`ServiceAuth`]).
    #[must_use]
    pub const fn with_service_headers(self, id: &'static str, secret: &'static str) -> Registry {
        Registry {
            service_headers: [id, secret],
            ..self
        }
    }

    /// The registry, saying where it was read from.
    #[must_use]
    pub const fn with_source(self, source: RegistrySource) -> Registry {
        Registry { source, ..self }
    }

    /// Where the table comes from: built in, or an organisation's file.
    pub fn source(&self) -> RegistrySource {
        self.source
    }

    /// The environments the organisation names beyond the four, each
    /// following the rules of one of them.
    pub fn environments(&self) -> &'static [NamedEnvironment] {
        self.environments
    }

    /// The environment `name` stands for: one of the four (in any of their
    /// spellings, any case), or one of the organisation's own, which follows
    /// one of the four. `None` for anything else, never a fallback.
    ///
    /// ```
    /// use jwt_config::{registry, Environment};
    ///
    /// let standard = registry::standard();
    /// assert_eq!(standard.environment("PROD").unwrap().follows, Environment::Production);
    /// assert!(standard.environment("qa").is_none());
    /// ```
    pub fn environment(&self, name: &str) -> Option<NamedEnvironment> {
        let trimmed = name.trim();
        if let Some(named) = self
            .environments
            .iter()
            .find(|named| named.name.eq_ignore_ascii_case(trimmed))
        {
            return Some(*named);
        }
        trimmed
            .parse::<Environment>()
            .ok()
            .map(NamedEnvironment::from)
    }

    /// The names of every environment, the four then the organisation's
    /// own, comma-separated, as messages list them.
    pub fn environment_names(&self) -> String {
        Environment::ALL
            .map(Environment::as_str)
            .into_iter()
            .chain(self.environments.iter().map(|env| env.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    #[doc(hidden)]
    /// Every variable a load of `fields` consults, each once, in the order
    /// first met: the environment variable; each field's own name (or the
    /// setting's), its declared aliases and the setting's registered ones
    /// (set but unread, they are warned about); the settings of the rules.
    /// A field is `(setting, its own variable, its declared aliases)`.
    ///
    /// The load reads exactly these, once each; the derive lists them while
    /// compiling.
    pub fn names_consulted<'n>(
        &'n self,
        fields: &[(&'n str, Option<&'n str>, &'n [&'n str])],
    ) -> Vec<&'n str> {
        let mut names: Vec<&'n str> = Vec::with_capacity(fields.len() * 2 + 4);
        let mut add = |name: &'n str| {
            if !names.contains(&name) {
                names.push(name);
            }
        };
        if let Some(setting) = self.environment_setting() {
            add(setting.name);
        }
        let consult = |setting: &'static Setting, add: &mut dyn FnMut(&'n str)| {
            add(setting.name);
            for alias in setting.aliases {
                add(alias.name);
            }
        };
        for (setting, own, aliases) in fields {
            if let Some(own) = own {
                add(own);
            }
            for alias in *aliases {
                add(alias);
            }
            if let Some(setting) = self.get(setting) {
                consult(setting, &mut add);
            }
        }
        for rule in self.rules {
            for name in rule.settings() {
                if let Some(setting) = self.get(name) {
                    consult(setting, &mut add);
                }
            }
        }
        names
    }

    /// The settings that make up a service's credentials for calling other
    /// services (the settings of roles [`Role::ServiceId`] and
    /// [`Role::ServiceSecret`]), if the registry has both.
    pub fn service_auth(&self) -> Option<ServiceAuth> {
        Some(ServiceAuth {
            id: self.by_role(Role::ServiceId)?.name,
            secret: self.by_role(Role::ServiceSecret)?.name,
            id_header: self.service_headers[0],
            secret_header: self.service_headers[1],
        })
    }

    /// The setting that plays `role`, whatever the registry calls it.
    ///
    /// ```
    /// use jwt_config::registry::{self, Role};
    ///
    /// let secret = registry::standard().by_role(Role::SigningSecret).unwrap();
    /// assert_eq!(secret.name, "JWT_SECRET_KEY");
    /// ```
    pub fn by_role(&self, role: Role) -> Option<&'static Setting> {
        self.settings
            .iter()
            .find(|setting| setting.role == Some(role))
    }

    /// Every setting, in table order.
    pub fn settings(&self) -> &'static [Setting] {
        self.settings
    }

    /// Iterates over every setting, in table order.
    pub fn iter(&self) -> std::slice::Iter<'static, Setting> {
        self.settings.iter()
    }

    /// The rules that relate settings to each other.
    pub fn rules(&self) -> &'static [Rule] {
        self.rules
    }

    /// How strong a secret must be in each environment.
    pub fn secret_policy(&self) -> &SecretPolicy {
        &self.secrets
    }

    /// The setting that selects the environment (the one of
    /// [`Kind::Environment`]), if the registry has one.
    pub fn environment_setting(&self) -> Option<&'static Setting> {
        self.settings
            .iter()
            .find(|setting| setting.kind == Kind::Environment)
    }

    /// The variable `service` reads the environment from: the environment
    /// setting's name, or the service's own name for it when the registry
    /// declares one (`[service.vars] NODE_ENV = "ENVIRONMENT"`); `None`
    /// when the registry has no environment setting.
    ///
    /// ```
    /// let registry = jwt_config::registry::standard();
    /// assert_eq!(registry.environment_var("auth"), Some("ENVIRONMENT"));
    /// ```
    pub fn environment_var(&self, service: &str) -> Option<&'static str> {
        let setting = self.environment_setting()?;
        Some(
            self.service(service)
                .map_or(setting.name, |declared| declared.var_name(setting.name)),
        )
    }

    /// The setting whose canonical name is `name`.
    pub fn get(&self, name: &str) -> Option<&'static Setting> {
        // A search of its own rather than through `position`: a load looks
        // settings up this way, and the detour cost it 40 to 80 of its
        // 23,750 instructions (callgrind).
        self.settings
            .iter()
            .find(|setting| same_name(setting.name, name))
    }

    #[doc(hidden)]
    /// Where the setting whose canonical name is `name` is in the table
    /// (in [`iter`](Registry::iter) order): what [`FieldSpec::at`] records.
    ///
    /// [`FieldSpec::at`]: crate::resolve::FieldSpec::at
    pub fn position(&self, name: &str) -> Option<usize> {
        self.settings
            .iter()
            .position(|setting| same_name(setting.name, name))
    }

    #[doc(hidden)]
    /// The setting whose canonical name is `name`, looked for first at
    /// `position` in the table (as [`FieldSpec::at`] records it), then
    /// everywhere.
    ///
    /// [`FieldSpec::at`]: crate::resolve::FieldSpec::at
    pub fn get_at(&self, position: Option<usize>, name: &str) -> Option<&'static Setting> {
        position
            .and_then(|position| self.settings.get(position))
            .filter(|setting| same_name(setting.name, name))
            .or_else(|| self.get(name))
    }

    /// What `name` is: a canonical name, a legacy alias of one, or unknown
    /// (with the nearest canonical name, if one is close).
    pub fn lookup(&self, name: &str) -> Lookup {
        self.lookup_with(name, |name| self.name_index().nearest(name))
    }

    /// [`lookup`](Registry::lookup), with `nearest` finding the suggestion
    /// for a name that is unknown (and only then).
    fn lookup_with(
        &self,
        name: &str,
        nearest: impl FnOnce(&str) -> Option<&'static Setting>,
    ) -> Lookup {
        match self.known(name) {
            Some((setting, None)) => Lookup::Canonical(setting),
            Some((setting, Some(alias))) => Lookup::Alias { alias, setting },
            None => Lookup::Unknown {
                suggestion: nearest(name),
            },
        }
    }

    /// The setting `name` stands for: a canonical name or a registered
    /// alias (what [`lookup`](Registry::lookup) answers, without looking
    /// for a suggestion when it is neither).
    pub fn setting_for(&self, name: &str) -> Option<&'static Setting> {
        self.known(name).map(|(setting, _)| setting)
    }

    /// The setting `name` stands for, with the alias when `name` is one.
    fn known(&self, name: &str) -> Option<(&'static Setting, Option<&'static Alias>)> {
        if let Some(setting) = self.get(name) {
            return Some((setting, None));
        }
        self.settings.iter().find_map(|setting| {
            let alias = setting.aliases.iter().find(|alias| alias.name == name)?;
            Some((setting, Some(alias)))
        })
    }
}

/// One of the four environments by its canonical name, as `required_in`
/// lists and registry files write them. `follows` is the environment
/// `written` follows when it names one of the organisation's own. `Err`
/// says what to write instead.
///
/// ```
/// use jwt_config::{registry::tier_named, Environment};
///
/// assert_eq!(tier_named("staging", None), Ok(Environment::Staging));
/// assert_eq!(tier_named("prod", None).unwrap_err(), "write the environment `prod` as `production`");
/// assert!(tier_named("qa", Some(Environment::Staging)).unwrap_err().contains("write `staging`"));
/// ```
pub fn tier_named(written: &str, follows: Option<Environment>) -> Result<Environment, String> {
    if let Some(env) = Environment::ALL
        .into_iter()
        .find(|env| env.as_str() == written)
    {
        return Ok(env);
    }
    Err(match (follows, written.parse::<Environment>()) {
        (Some(follows), _) => {
            format!("`{written}` follows {follows} and has its rules: write `{follows}`")
        }
        (None, Ok(env)) => format!("write the environment `{written}` as `{env}`"),
        (None, Err(_)) => format!(
            "unknown environment `{written}`, expected one of {}",
            Environment::names()
        ),
    })
}

impl IntoIterator for &Registry {
    type Item = &'static Setting;
    type IntoIter = std::slice::Iter<'static, Setting>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The answer of [`Registry::lookup`].
#[derive(Clone, Copy, Debug)]
pub enum Lookup {
    /// The name is a setting's canonical name.
    Canonical(&'static Setting),
    /// The name is a legacy alias of `setting`.
    Alias {
        /// The alias as registered.
        alias: &'static Alias,
        /// The setting it is an alias of.
        setting: &'static Setting,
    },
    /// The name is not in the registry.
    Unknown {
        /// The setting whose name is closest, if any is close.
        suggestion: Option<&'static Setting>,
    },
}

/// Where a registry was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrySource {
    /// The table this crate ships ([`standard()`]).
    BuiltIn,
    /// An organisation's file, by the path it was read from.
    File(&'static str),
}

impl RegistrySource {
    /// The registry as a sentence names it: "the built-in registry", "the
    /// registry jwt-config.toml".
    ///
    /// ```
    /// use jwt_config::registry::RegistrySource;
    ///
    /// assert_eq!(RegistrySource::BuiltIn.described(), "the built-in registry");
    /// assert_eq!(RegistrySource::File("acme.toml").described(), "the registry acme.toml");
    /// ```
    pub fn described(self) -> String {
        match self {
            RegistrySource::BuiltIn => "the built-in registry".to_owned(),
            RegistrySource::File(path) => format!("the registry {path}"),
        }
    }
}

impl fmt::Display for RegistrySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrySource::BuiltIn => f.write_str("built-in"),
            RegistrySource::File(path) => f.write_str(path),
        }
    }
}

/// `a == b`, for variable names, which a load compares many times: names of
/// one length mostly differ in their last byte (`SERVICE_ID`, `JWT_ISSUER`),
/// and one literal compared with itself needs no byte compared.
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (std::ptr::eq(a.as_ptr(), b.as_ptr())
            || (a.as_bytes().last() == b.as_bytes().last() && a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_tells_canonical_alias_and_unknown_apart() {
        let registry = standard();
        assert!(matches!(
            registry.lookup("JWT_SECRET_KEY"),
            Lookup::Canonical(setting) if setting.name == "JWT_SECRET_KEY"
        ));
        assert!(matches!(
            registry.lookup("JWT_SECRET"),
            Lookup::Alias { alias, setting } if alias.name == "JWT_SECRET" && setting.name == "JWT_SECRET_KEY"
        ));
        assert!(matches!(
            registry.lookup("JWT_SECRET_KEYY"),
            Lookup::Unknown { suggestion: Some(setting) } if setting.name == "JWT_SECRET_KEY"
        ));
        assert!(matches!(
            registry.lookup("DATABASE_URL"),
            Lookup::Unknown { suggestion: None }
        ));
    }

    #[test]
    fn a_typo_of_an_alias_suggests_the_canonical_setting() {
        let Lookup::Unknown {
            suggestion: Some(setting),
        } = standard().lookup("JWT_REFRESH_EXPIRY_DAY")
        else {
            panic!("expected a suggestion");
        };
        assert_eq!(setting.name, "JWT_REFRESH_TOKEN_EXPIRE_DAYS");
    }
}

#[cfg(test)]
mod consistency {
    use super::*;

    /// A registry whose data contradicts itself would fail at run time, far
    /// from the mistake: the validation every loaded file goes through holds
    /// for the built-in table too.
    #[test]
    fn the_standard_registry_is_valid() {
        let problems = validate(standard());
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(
            standard().environment_setting().map(|s| s.name),
            Some("ENVIRONMENT")
        );
        let auth = standard().service_auth().unwrap();
        assert_eq!((auth.id, auth.secret), ("SERVICE_ID", "SERVICE_SECRET"));
    }
}
