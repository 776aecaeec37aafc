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

use std::fmt;

use crate::environment::{EnvSet, Environment, NamedEnvironment};

#[cfg(feature = "runtime")]
mod digest;
#[doc(hidden)]
pub mod embed;
#[cfg(feature = "file")]
mod file;
mod nearest;
mod service;
mod standard;
mod validate;
#[cfg(feature = "file")]
mod write;

#[cfg(feature = "file")]
pub use file::{BUILT_IN, FILE_NAME, FileError, FileProblem, STANDARD_TOML, VARIABLE, find_file};
pub use nearest::{GENERIC_WORDS, LooksLike, NameIndex};
pub use service::{Loader, Service, ServiceRequirement, ServiceVar, VarFormat};
pub use standard::standard;
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

/// One setting of the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The canonical variable name, the only one a service may declare with `var`.
    pub name: &'static str,
    /// Legacy names still found in deployments; a service reads one only when
    /// it declares it with `alias`.
    pub aliases: &'static [Alias],
    /// What the value is and how it is parsed.
    pub kind: Kind,
    /// The value used when the variable is unset. Never set for a secret.
    pub default: DefaultValue,
    /// The environments in which the variable must be set.
    pub required_in: EnvSet,
    /// Whether every service of an environment must agree on the value.
    pub scope: Scope,
    /// What a disagreement between services on the value is called; `None`
    /// for the settings services are not compared on: their own identity
    /// ([`Scope::PerService`]) and the environment itself.
    pub category: Option<Category>,
    /// What the setting is for, so that code needing "the signing secret"
    /// finds it whatever the registry calls it.
    pub role: Option<Role>,
    /// How the variable gives a key: the text itself, base64, or a path.
    pub encoding: Encoding,
    /// One line saying what the setting is for.
    pub description: &'static str,
}

/// How a key setting's variable gives its key (`encoding` in a registry
/// file): the built-in table reads every key as its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// The value is the key, as written: a secret's bytes, a PEM's text.
    #[default]
    Text,
    /// A secret written in base64 (standard alphabet, padded): the key is
    /// the decoded bytes, and a value that does not decode is a problem of
    /// the load. For a secret only.
    Base64,
    /// The path of a PEM file, read when the settings load: a file that
    /// cannot be read is a problem of the load, naming the variable and
    /// the path. For a setting of role `private_key` or `public_key` only.
    Path,
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 3] = [Encoding::Text, Encoding::Base64, Encoding::Path];

    /// The encoding's name in a registry file: `text`, `base64`, `path`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Text => "text",
            Encoding::Base64 => "base64",
            Encoding::Path => "path",
        }
    }

    /// The encoding a registry file names `name`.
    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL
            .into_iter()
            .find(|encoding| encoding.as_str() == name)
    }
}

/// A legacy name of a setting, still read by the services that declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The variable name.
    pub name: &'static str,
    /// Where reading it is a problem rather than a warning: the alias is
    /// being retired there.
    pub denied_in: EnvSet,
}

impl Alias {
    /// An alias allowed everywhere (with a warning).
    pub const fn new(name: &'static str) -> Alias {
        Alias {
            name,
            denied_in: EnvSet::NONE,
        }
    }

    /// The alias, denied in `envs`.
    #[must_use]
    pub const fn denied_in(self, envs: EnvSet) -> Alias {
        Alias {
            denied_in: envs,
            ..self
        }
    }

    /// Whether reading the alias is a problem in `env`.
    pub const fn is_denied_in(&self, env: Environment) -> bool {
        self.denied_in.contains(env)
    }
}

impl fmt::Display for Alias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
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

/// What a setting is for, independent of its name.
///
/// Code that needs "the signing secret" or "the service id" asks the
/// registry for the role ([`Registry::by_role`]); an organisation's file
/// gives its own settings these roles. Each role is played by at most one
/// setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// The environment selector.
    Environment,
    /// The key that signs and verifies tokens.
    SigningSecret,
    /// The signing algorithm.
    Algorithm,
    /// The `iss` claim.
    Issuer,
    /// The `aud` claim.
    Audience,
    /// Clock skew tolerance.
    Leeway,
    /// How long an access token lives.
    AccessLifetime,
    /// How long a refresh token lives.
    RefreshLifetime,
    /// How long a service-to-service token lives.
    ServiceTokenLifetime,
    /// The calling service's own id.
    ServiceId,
    /// The secret shared by services that call each other.
    ServiceSecret,
    /// The switch that skips signature checks.
    SkipSignatureVerification,
    /// The switch that skips expiry checks.
    SkipExpiryVerification,
    /// A PEM private key for asymmetric signing.
    PrivateKey,
    /// A PEM public key for asymmetric verification.
    PublicKey,
    /// Whether a token must carry `exp`: a flag, true when no setting
    /// plays the role (a token without `exp` is refused). A registry whose
    /// services accept tokens without one by design gives the flag the
    /// default `false`; a token that has `exp` is still checked.
    RequireExp,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 16] = [
        Role::Environment,
        Role::SigningSecret,
        Role::Algorithm,
        Role::Issuer,
        Role::Audience,
        Role::Leeway,
        Role::AccessLifetime,
        Role::RefreshLifetime,
        Role::ServiceTokenLifetime,
        Role::ServiceId,
        Role::ServiceSecret,
        Role::SkipSignatureVerification,
        Role::SkipExpiryVerification,
        Role::PrivateKey,
        Role::PublicKey,
        Role::RequireExp,
    ];

    /// The role's name in a registry file, such as `signing_secret`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Environment => "environment",
            Role::SigningSecret => "signing_secret",
            Role::Algorithm => "algorithm",
            Role::Issuer => "issuer",
            Role::Audience => "audience",
            Role::Leeway => "leeway",
            Role::AccessLifetime => "access_lifetime",
            Role::RefreshLifetime => "refresh_lifetime",
            Role::ServiceTokenLifetime => "service_token_lifetime",
            Role::ServiceId => "service_id",
            Role::ServiceSecret => "service_secret",
            Role::SkipSignatureVerification => "skip_signature_verification",
            Role::SkipExpiryVerification => "skip_expiry_verification",
            Role::PrivateKey => "private_key",
            Role::PublicKey => "public_key",
            Role::RequireExp => "require_exp",
        }
    }

    /// The role named `name` in a registry file.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// Whether a setting of `kind` can play the role: one of its
    /// [`kind_name`](Role::kind_name); the issuer may also be a list
    /// (`text_list`: a token passes when its `iss` is one of them, and the
    /// service tokens a service makes carry the first).
    pub fn fits(self, kind: Kind) -> bool {
        kind.name() == self.kind_name() || (self == Role::Issuer && kind == Kind::TextList)
    }

    /// Whether a setting playing the role is key material to sign or verify
    /// tokens with: a struct holding one implements `KeyMaterial`.
    pub const fn holds_key(self) -> bool {
        matches!(
            self,
            Role::SigningSecret | Role::PrivateKey | Role::PublicKey
        )
    }

    /// The name of the kind a setting playing the role has, such as `secret`.
    pub const fn kind_name(self) -> &'static str {
        match self {
            Role::Environment => "environment",
            Role::SigningSecret | Role::ServiceSecret | Role::PrivateKey => "secret",
            Role::Algorithm => "algorithm",
            Role::Issuer | Role::ServiceId | Role::PublicKey => "text",
            Role::Audience => "text_list",
            Role::Leeway
            | Role::AccessLifetime
            | Role::RefreshLifetime
            | Role::ServiceTokenLifetime => "duration",
            Role::SkipSignatureVerification | Role::SkipExpiryVerification | Role::RequireExp => {
                "flag"
            }
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Setting {
    /// Whether the value is secret: never printed, only fingerprinted.
    pub const fn is_secret(&self) -> bool {
        matches!(self.kind, Kind::Secret)
    }

    /// The default in `env`, as it would be written in the variable.
    pub const fn default_for(&self, env: Environment) -> Option<&'static str> {
        self.default.for_env(env)
    }

    /// Whether the setting is required in `env` by the registry.
    pub const fn is_required_in(&self, env: Environment) -> bool {
        self.required_in.contains(env)
    }

    /// The environments where a load may leave the setting without a value:
    /// no default there, and required neither by the registry nor by
    /// `also_required_in` (the service's own requirements). A field for a
    /// setting absent anywhere must be an `Option`.
    pub fn absent_in(&self, also_required_in: EnvSet) -> EnvSet {
        let required = self.required_in.union(also_required_in);
        Environment::ALL
            .into_iter()
            .filter(|env| !required.contains(*env) && self.default_for(*env).is_none())
            .fold(EnvSet::NONE, EnvSet::with)
    }
}

/// The kind of a setting's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A deployment environment, parsed as [`Environment`].
    Environment,
    /// A secret: never trimmed, never printed, checked against the [`SecretPolicy`].
    Secret,
    /// A signing algorithm, parsed as [`Algorithm`](crate::Algorithm); `none` is never accepted.
    Algorithm,
    /// A whole number of `unit`s (a span such as `15m` for [`Unit::Span`])
    /// of at least `min` and, when there is a `max`, at most `max`.
    Duration {
        /// The unit the number counts.
        unit: Unit,
        /// The smallest accepted number of `unit`s (seconds for a span); 0
        /// is no lower bound.
        min: u64,
        /// The largest accepted number of `unit`s (seconds for a span);
        /// `None`: no upper bound.
        max: Option<u64>,
    },
    /// Free text, trimmed.
    Text,
    /// A comma-separated list of text items, each trimmed; empty items are dropped.
    TextList,
    /// A boolean: `true|false|1|0|yes|no|on|off`, any case.
    Flag,
    /// A whole number of at least `min` and, when there is a `max`, at most
    /// `max`, such as a port.
    Integer {
        /// The smallest accepted number; 0 is no lower bound.
        min: u64,
        /// The largest accepted number; `None`: no upper bound.
        max: Option<u64>,
    },
    /// An absolute URL (`scheme://host...`), such as a JWKS endpoint, trimmed.
    Url,
}

impl Kind {
    /// The name of every kind, as a registry file writes it.
    pub const NAMES: [&'static str; 9] = [
        "secret",
        "duration",
        "text",
        "text_list",
        "flag",
        "algorithm",
        "environment",
        "integer",
        "url",
    ];

    /// The kind's name in a registry file, such as `duration`.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Environment => "environment",
            Kind::Secret => "secret",
            Kind::Algorithm => "algorithm",
            Kind::Duration { .. } => "duration",
            Kind::Text => "text",
            Kind::TextList => "text_list",
            Kind::Flag => "flag",
            Kind::Integer { .. } => "integer",
            Kind::Url => "url",
        }
    }

    /// The bounds of a duration or an integer: the least number (0 for no
    /// lower bound) and the most, if any.
    pub const fn bounds(self) -> Option<(u64, Option<u64>)> {
        match self {
            Kind::Duration { min, max, .. } | Kind::Integer { min, max } => Some((min, max)),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    /// How the kind reads in the settings table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Environment => f.write_str("environment"),
            Kind::Secret => f.write_str("secret"),
            Kind::Algorithm => {
                f.write_str("algorithm: ")?;
                for (i, alg) in crate::Algorithm::ALL.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(alg.as_str())?;
                }
                f.write_str(" (never `none`)")
            }
            Kind::Duration {
                unit: Unit::Span,
                min,
                max,
            } => match (min, max) {
                (0, None) => f.write_str("span (such as 15m)"),
                (0, Some(max)) => write!(f, "span, at most {}", Unit::Span.show(*max)),
                (min, None) => write!(f, "span, at least {}", Unit::Span.show(*min)),
                (min, Some(max)) => write!(
                    f,
                    "span, {} to {}",
                    Unit::Span.show(*min),
                    Unit::Span.show(*max)
                ),
            },
            Kind::Duration { unit, min, max } => {
                f.write_str(unit.plural())?;
                write_bounds(f, *min, *max)
            }
            Kind::Text => f.write_str("text"),
            Kind::TextList => f.write_str("text list (comma-separated)"),
            Kind::Flag => f.write_str("flag"),
            Kind::Integer { min, max } => {
                f.write_str("integer")?;
                write_bounds(f, *min, *max)
            }
            Kind::Url => f.write_str("url"),
        }
    }
}

/// `, min..=max`, `, at least min`, `, at most max` or nothing.
fn write_bounds(f: &mut fmt::Formatter<'_>, min: u64, max: Option<u64>) -> fmt::Result {
    match (min, max) {
        (0, None) => Ok(()),
        (min, None) => write!(f, ", at least {min}"),
        (min, Some(max)) => write!(f, ", {min}..={max}"),
    }
}

/// The unit of a [`Kind::Duration`] setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// A span such as `7d`, `15m` or `1h30m` (see
    /// [`VarFormat::Span`]): the value, the default and the bounds are
    /// written so, and a value counts whole seconds.
    Span,
}

impl Unit {
    /// How many seconds one unit lasts (one for a span, which counts seconds).
    pub const fn seconds(self) -> u64 {
        match self {
            Unit::Seconds | Unit::Span => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3_600,
            Unit::Days => 86_400,
        }
    }

    /// The plural name of what the unit counts, as in "minutes" (a span
    /// counts seconds).
    pub const fn plural(self) -> &'static str {
        match self {
            Unit::Seconds | Unit::Span => "seconds",
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
        }
    }

    /// The unit's name in a registry file: `seconds`, ..., `days`, `span`.
    pub const fn name(self) -> &'static str {
        match self {
            Unit::Span => "span",
            unit => unit.plural(),
        }
    }

    /// How a value of the unit is written: a number of the unit, or a span.
    pub const fn format(self) -> VarFormat {
        match self {
            Unit::Seconds => VarFormat::Seconds,
            Unit::Minutes => VarFormat::Minutes,
            Unit::Hours => VarFormat::Hours,
            Unit::Days => VarFormat::Days,
            Unit::Span => VarFormat::Span,
        }
    }

    /// `amount` units as a message shows them: `1 minute`, `15 minutes`,
    /// or a span in its canonical form (`1h30m`, `7d`).
    ///
    /// ```
    /// use jwt_config::registry::Unit;
    ///
    /// assert_eq!(Unit::Minutes.show(1), "1 minute");
    /// assert_eq!(Unit::Days.show(7), "7 days");
    /// assert_eq!(Unit::Span.show(5_400), "1h30m");
    /// ```
    pub fn show(self, amount: u64) -> String {
        match self {
            Unit::Span => service::span_text(amount),
            unit => crate::words::count(amount, unit.plural().trim_end_matches('s')),
        }
    }

    /// Every unit, shortest first, then the span.
    pub const ALL: [Unit; 5] = [
        Unit::Seconds,
        Unit::Minutes,
        Unit::Hours,
        Unit::Days,
        Unit::Span,
    ];

    /// The unit a registry file names `name`.
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|unit| unit.name() == name)
    }
}

/// A setting's default value, written as it would be in the variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// No default: unset means absent (or missing, where required).
    None,
    /// The same default in every environment.
    Always(&'static str),
    /// A default per environment, in [`Environment::ALL`] order.
    ByEnvironment([Option<&'static str>; 4]),
}

impl DefaultValue {
    /// The default in `env`.
    pub const fn for_env(&self, env: Environment) -> Option<&'static str> {
        match self {
            DefaultValue::None => None,
            DefaultValue::Always(value) => Some(value),
            DefaultValue::ByEnvironment(values) => values[env.index()],
        }
    }
}

impl fmt::Display for DefaultValue {
    /// How the default reads in the settings table, e.g. `development 60, staging 30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::None => f.write_str("—"),
            DefaultValue::Always(value) => f.write_str(value),
            DefaultValue::ByEnvironment(values) => {
                for (i, env) in Environment::ALL.into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match values[env.index()] {
                        Some(value) => write!(f, "{env} {value}")?,
                        None => write!(f, "{env} —")?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// Whether services must agree on a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every service of one environment must have the same value: a
    /// difference is drift.
    Shared,
    /// Each service has its own value by design (such as its own id).
    PerService,
}

/// The name a drift report gives a disagreement between services on a
/// setting, such as `EXPIRY_MISMATCH`.
///
/// The built-in table uses the constants below; an organisation's file may
/// name its own (upper-case letters, digits and `_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category(&'static str);

impl Category {
    /// Secrets differ.
    pub const SECRET: Category = Category("SECRET_MISMATCH");
    /// Signing algorithms differ.
    pub const ALGORITHM: Category = Category("ALGORITHM_MISMATCH");
    /// Token lifetimes differ.
    pub const EXPIRY: Category = Category("EXPIRY_MISMATCH");
    /// Issuers differ.
    pub const ISSUER: Category = Category("ISSUER_MISMATCH");
    /// Audiences differ.
    pub const AUDIENCE: Category = Category("AUDIENCE_MISMATCH");
    /// Clock skew tolerances differ.
    pub const LEEWAY: Category = Category("LEEWAY_MISMATCH");
    /// Switches that turn token checks off differ.
    pub const VERIFICATION: Category = Category("VERIFICATION_MISMATCH");
    /// The key pair's keys differ.
    pub const KEY: Category = Category("KEY_MISMATCH");
    /// The categories drift reports use for findings that are not about one
    /// shared setting's value; no setting may use them.
    pub const RESERVED: [&'static str; 2] = ["SERVICE_AUTH_ERROR", "LEGACY_NAME"];

    /// A category of this name. [`validate`] checks its spelling.
    pub const fn new(code: &'static str) -> Category {
        Category(code)
    }

    /// The drift report's name for a disagreement, such as `EXPIRY_MISMATCH`.
    pub const fn mismatch_code(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The settings a service calls other services with, and the headers that
/// carry them: the settings of roles [`Role::ServiceId`] and
/// [`Role::ServiceSecret`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceAuth {
    /// The setting naming the calling service.
    pub id: &'static str,
    /// The secret setting shared by the services that call each other.
    pub secret: &'static str,
    /// The header carrying the id.
    pub id_header: &'static str,
    /// The header carrying the secret.
    pub secret_header: &'static str,
}

/// A rule between settings, or on a value beyond its kind, checked whenever
/// a load reads every setting the rule names; a rule between two settings
/// that holds `across_services` is also checked by a deployment check
/// between the services of an environment, one reading each setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `longer` must last longer than `shorter` (both [`Kind::Duration`]).
    LongerThan {
        /// The setting that must last longer.
        longer: &'static str,
        /// The setting it is compared with.
        shorter: &'static str,
        /// Whether it holds between services too: `longer` as one service
        /// reads it, `shorter` as another does.
        across_services: bool,
    },
    /// Two secrets must differ in the environments of `in_envs`.
    Distinct {
        /// The setting reported when both are equal.
        setting: &'static str,
        /// The setting it must differ from.
        from: &'static str,
        /// Where the rule applies.
        in_envs: EnvSet,
        /// Whether it holds between services too: no service's `setting`
        /// may be another's `from`.
        across_services: bool,
    },
    /// A [`Kind::Flag`] setting may be true only in `allowed_in`.
    TrueOnlyIn {
        /// The flag.
        setting: &'static str,
        /// The environments where it may be true.
        allowed_in: EnvSet,
    },
}

impl Rule {
    /// The settings the rule reads, the first being the one a problem is reported on.
    pub fn settings(&self) -> [&'static str; 2] {
        match *self {
            Rule::LongerThan {
                longer, shorter, ..
            } => [longer, shorter],
            Rule::Distinct { setting, from, .. } => [setting, from],
            Rule::TrueOnlyIn { setting, .. } => [setting, setting],
        }
    }

    /// Whether the rule holds between the services of an environment too
    /// (`across_services = true` in a registry file).
    pub fn across_services(&self) -> bool {
        match *self {
            Rule::LongerThan {
                across_services, ..
            }
            | Rule::Distinct {
                across_services, ..
            } => across_services,
            Rule::TrueOnlyIn { .. } => false,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |envs: &EnvSet| {
            crate::words::and_list(&envs.iter().map(Environment::as_str).collect::<Vec<_>>())
        };
        match self {
            Rule::LongerThan {
                longer, shorter, ..
            } => {
                write!(f, "`{longer}` must last longer than `{shorter}`")?;
            }
            Rule::Distinct {
                setting,
                from,
                in_envs,
                ..
            } if in_envs.is_empty() => write!(
                f,
                "`{setting}` must differ from `{from}` in no environment (the rule is off)"
            )?,
            Rule::Distinct {
                setting,
                from,
                in_envs,
                ..
            } => write!(
                f,
                "`{setting}` must differ from `{from}` in {}",
                names(in_envs)
            )?,
            Rule::TrueOnlyIn {
                setting,
                allowed_in,
            } if allowed_in.is_empty() => write!(f, "`{setting}` may never be true")?,
            Rule::TrueOnlyIn {
                setting,
                allowed_in,
            } => write!(f, "`{setting}` may be true only in {}", names(allowed_in))?,
        }
        if self.across_services() {
            f.write_str(", in each service and between services")?;
        }
        Ok(())
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

/// How strong a secret must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretPolicy {
    /// The least number of bytes, per environment in [`Environment::ALL`] order.
    pub min_bytes: [usize; 4],
    /// Where the pattern and whitespace checks apply.
    pub strict_in: EnvSet,
    /// Fragments (compared case-insensitively) that mark a placeholder
    /// secret, refused where the policy is strict.
    pub weak_patterns: &'static [&'static str],
}

impl SecretPolicy {
    /// The least number of bytes a secret has in `env`.
    pub const fn min_bytes(&self, env: Environment) -> usize {
        self.min_bytes[env.index()]
    }
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

    #[test]
    fn absent_in_follows_defaults_and_required_environments() {
        let registry = standard();
        let issuer = registry.get("JWT_ISSUER").unwrap();
        assert_eq!(
            issuer.absent_in(EnvSet::NONE),
            EnvSet::of(&[Environment::Development, Environment::Test])
        );
        assert!(
            issuer
                .absent_in(EnvSet::of(&[Environment::Development, Environment::Test]))
                .is_empty()
        );
        let secret = registry.get("JWT_SECRET_KEY").unwrap();
        assert!(secret.absent_in(EnvSet::NONE).is_empty());
        let access = registry.get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert!(access.absent_in(EnvSet::NONE).is_empty());
    }

    #[test]
    fn defaults_read_per_environment() {
        let access = standard().get("JWT_ACCESS_TOKEN_EXPIRE_MINUTES").unwrap();
        assert_eq!(access.default_for(Environment::Development), Some("60"));
        assert_eq!(access.default_for(Environment::Staging), Some("30"));
        assert_eq!(access.default_for(Environment::Production), Some("15"));
        assert_eq!(
            access.default.to_string(),
            "development 60, test 15, staging 30, production 15"
        );
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
