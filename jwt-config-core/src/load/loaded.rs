//! A successful load: the settings, where each value came from, and warnings.

use std::fmt;
use std::ops::Deref;
use std::path::Path;

use serde::Serialize;

use crate::environment::NamedEnvironment;
use crate::load::source::Unseen;

/// Settings together with where each value came from and the warnings of
/// their load. Derefs to the settings.
///
/// ```
/// use jwt_config::{registry, resolve, Environment, Origin};
/// use std::collections::HashMap;
///
/// let vars = HashMap::from([("JWT_ACCESS_EXPIRY_MINUTES".to_owned(), "15".to_owned())]);
/// let fields = [resolve::FieldSpec::new("JWT_ACCESS_TOKEN_EXPIRE_MINUTES")
///     .with_aliases(&["JWT_ACCESS_EXPIRY_MINUTES"])];
/// let mut resolution =
///     resolve::resolve(registry::standard(), &vars, Environment::Test, "auth", &fields).unwrap();
/// let minutes: u64 = resolution.take(0);
/// let loaded = resolution.finish(minutes).unwrap();
/// assert_eq!(*loaded, 15);
/// assert_eq!(
///     loaded.origin("JWT_ACCESS_TOKEN_EXPIRE_MINUTES"),
///     Some(&Origin::Alias("JWT_ACCESS_EXPIRY_MINUTES"))
/// );
/// assert_eq!(loaded.warnings().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub(crate) value: T,
    pub(crate) environment: NamedEnvironment,
    pub(crate) origins: Vec<(&'static str, Origin)>,
    pub(crate) warnings: Vec<Warning>,
    /// The path of each file a value was read from ([`Origin::File`]), by
    /// setting: empty, and unallocated, when no value was.
    pub(crate) files: Vec<(&'static str, String)>,
}

impl<T> Loaded<T> {
    /// The settings, without origins and warnings.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The environment the settings were loaded for.
    pub fn environment(&self) -> NamedEnvironment {
        self.environment
    }

    /// What deserves attention although the load succeeded: legacy aliases
    /// in use, aliases set beside their canonical name, aliases set but ignored.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Where the value of the setting named `canonical` came from; `None`
    /// when the service does not read it or it had no value.
    pub fn origin(&self, canonical: &str) -> Option<&Origin> {
        self.origins
            .iter()
            .find(|(name, _)| *name == canonical)
            .map(|(_, origin)| origin)
    }

    /// Every setting that has a value, with its origin, in field order.
    pub fn origins(&self) -> impl Iterator<Item = (&'static str, &Origin)> {
        self.origins.iter().map(|(name, origin)| (*name, origin))
    }

    /// The path of the file the value of the setting named `canonical` was
    /// read from, when its origin is [`Origin::File`]: as its `NAME_FILE`
    /// variable names it. The file's content is never kept apart from the
    /// value.
    ///
    /// ```
    /// use jwt_config::{registry, resolve, Environment, Origin};
    /// use std::collections::HashMap;
    ///
    /// let path = std::env::temp_dir().join(format!("jwt-config-doc-issuer-{}", std::process::id()));
    /// std::fs::write(&path, "https://auth.example\n").unwrap();
    /// let vars = HashMap::from([("JWT_ISSUER_FILE".to_owned(), path.display().to_string())]);
    /// let fields = [resolve::FieldSpec::new("JWT_ISSUER")];
    /// let mut resolution =
    ///     resolve::resolve(registry::standard(), &vars, Environment::Test, "auth", &fields).unwrap();
    /// let issuer: String = resolution.take(0);
    /// let loaded = resolution.finish(issuer).unwrap();
    /// assert_eq!(*loaded, "https://auth.example"); // the final line break dropped
    /// assert_eq!(loaded.origin("JWT_ISSUER"), Some(&Origin::File { var: "JWT_ISSUER_FILE" }));
    /// assert_eq!(loaded.file("JWT_ISSUER"), Some(path.as_path()));
    /// # std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn file(&self, canonical: &str) -> Option<&Path> {
        self.files
            .iter()
            .find(|(name, _)| *name == canonical)
            .map(|(_, path)| Path::new(path))
    }
}

impl<T> Deref for Loaded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The canonical variable.
    Canonical,
    /// A legacy alias the service declared.
    Alias(&'static str),
    /// The service's own name for the setting, as the registry declares it
    /// (`[[service]]`).
    Own(&'static str),
    /// The registry's default for the environment.
    Default,
    /// The file the variable `var` (`JWT_SECRET_KEY_FILE`, a name the
    /// service reads with `_FILE` after it) names, read because the name
    /// itself is unset. [`Loaded::file`] and the snapshot's entry give the
    /// path.
    File {
        /// The `NAME_FILE` variable.
        var: &'static str,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Canonical => f.write_str("canonical"),
            Origin::Alias(alias) => write!(f, "alias {alias}"),
            Origin::Own(var) => write!(f, "its own {var}"),
            Origin::Default => f.write_str("default"),
            Origin::File { var } => write!(f, "the file {var} names"),
        }
    }
}

/// Something a load noticed that does not stop it.
///
/// `Display` names the variable, the environment and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    var: &'static str,
    setting: &'static str,
    environment: NamedEnvironment,
    kind: WarningKind,
    /// The source's words, for a value it cannot show
    /// ([`WarningKind::HeldOutside`], [`WarningKind::MaybeHeldOutside`]).
    unseen: Option<Box<Unseen>>,
}

impl Warning {
    pub(crate) fn new(
        var: &'static str,
        setting: &'static str,
        environment: NamedEnvironment,
        kind: WarningKind,
    ) -> Warning {
        Warning {
            var,
            setting,
            environment,
            kind,
            unseen: None,
        }
    }

    /// A warning that the value of `var` cannot be seen, or that `var` may
    /// be set where the source cannot see, in the source's words.
    pub(crate) fn unseen(
        var: &'static str,
        setting: &'static str,
        environment: NamedEnvironment,
        kind: WarningKind,
        unseen: Unseen,
    ) -> Warning {
        Warning {
            unseen: Some(Box::new(unseen)),
            ..Warning::new(var, setting, environment, kind)
        }
    }

    /// A stable name for the warning, as in JSON reports: its kind's
    /// ([`WarningKind::code`]), or the source's for a value it cannot show
    /// ([`Unseen::code`]).
    pub fn code(&self) -> &'static str {
        match &self.unseen {
            Some(unseen) => unseen.code(),
            None => self.kind.code(),
        }
    }

    /// The variable the warning is about.
    pub fn var(&self) -> &'static str {
        self.var
    }

    /// The canonical name of the setting it is an alias of.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// The environment of the load.
    pub fn environment(&self) -> NamedEnvironment {
        self.environment
    }

    /// What the warning is about.
    pub fn kind(&self) -> WarningKind {
        self.kind
    }
}

impl Warning {
    /// The source's words for why the value cannot be seen.
    fn reason(&self) -> &str {
        self.unseen.as_deref().map_or(
            "its value is held where the source cannot see it",
            Unseen::reason,
        )
    }

    /// The source's words for why a key file was not read.
    fn key_reason(&self) -> &str {
        self.unseen.as_deref().map_or(
            "names a key file the source does not provide",
            Unseen::reason,
        )
    }

    /// What is the matter, without the variable or the fix.
    pub fn message(&self) -> String {
        let Warning { setting, kind, .. } = self;
        match kind {
            WarningKind::DeprecatedAlias => format!("read as the legacy name of {setting}"),
            WarningKind::AliasAlsoSet => format!("set to the same value as {setting}"),
            WarningKind::ShadowedAlias => format!(
                "a legacy name of {setting}, set beside a name of it that a service reads first, so it is taken as unread and not compared"
            ),
            WarningKind::IgnoredAlias => {
                format!("set but ignored, this service reads {setting}")
            }
            WarningKind::Untrimmed => "the value starts or ends with whitespace (a line break, say), which services read as part of it".to_owned(),
            WarningKind::HeldOutside => format!("{}, so its value is not checked and not compared", self.reason()),
            WarningKind::MaybeHeldOutside => format!("required but not set here; {}, so it is not known to be missing", self.reason()),
            WarningKind::KeyFile => format!("{}, so the key is not checked and not compared", self.key_reason()),
            WarningKind::CanonicalUnread { read_as } => format!("set, but this service reads {setting} as its own {read_as}, so this value is not read"),
        }
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        let Warning {
            var, setting, kind, ..
        } = self;
        match kind {
            WarningKind::DeprecatedAlias | WarningKind::IgnoredAlias => {
                format!("rename the variable to {setting}")
            }
            WarningKind::AliasAlsoSet | WarningKind::ShadowedAlias => format!("remove {var}"),
            WarningKind::Untrimmed => "remove it".to_owned(),
            WarningKind::HeldOutside | WarningKind::MaybeHeldOutside => match &self.unseen {
                Some(unseen) => unseen.fix().to_owned(),
                None => format!("check {var} where its value is kept"),
            },
            WarningKind::KeyFile => match &self.unseen {
                Some(unseen) => unseen.fix().to_owned(),
                None => "check the key where the service runs (a load of the service reads it)"
                    .to_owned(),
            },
            WarningKind::CanonicalUnread { read_as } => {
                format!("remove {var}, or set {read_as} to the value meant")
            }
        }
    }
}

/// `VAR (environment): what is the matter; what to do`.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}; {}",
            self.var,
            self.environment,
            self.message(),
            self.fix()
        )
    }
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// The value was read through a legacy alias.
    DeprecatedAlias,
    /// A legacy alias is set to the same value as the name that was read.
    AliasAlsoSet,
    /// A registered alias is set but the service does not declare it, so it
    /// has no effect.
    IgnoredAlias,
    /// A registered alias is set beside a name of its setting that comes
    /// first (the canonical name, or an alias before it), in a check that
    /// does not know which names the service reads: taken as unread, so
    /// neither compared with that name nor with other services.
    ShadowedAlias,
    /// The value starts or ends with whitespace, which services read as
    /// part of it (a problem in staging and production).
    Untrimmed,
    /// The value is held where the source cannot see it: set, but not
    /// checked ([`Source::held_outside`](crate::Source::held_outside), which
    /// words why).
    HeldOutside,
    /// A required setting is not set, but may be set where the source cannot
    /// see: not known to be missing
    /// ([`Source::maybe_held_outside`](crate::Source::maybe_held_outside)).
    MaybeHeldOutside,
    /// The value names a key file (a setting of `encoding = "path"`) the
    /// source does not provide
    /// ([`Unreadable::NotProvided`](crate::Unreadable::NotProvided)), in the
    /// source's words: the key is not checked.
    KeyFile,
    /// The setting's canonical name is set, but the service reads the
    /// setting under its own name, `read_as` (`[service.vars]`).
    CanonicalUnread {
        /// The service's own name for the setting.
        read_as: &'static str,
    },
}

impl WarningKind {
    /// A stable name for the kind, as in JSON reports: `deprecated_alias`, ...
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::DeprecatedAlias => "deprecated_alias",
            WarningKind::AliasAlsoSet => "alias_also_set",
            WarningKind::IgnoredAlias => "ignored_alias",
            WarningKind::ShadowedAlias => "shadowed_alias",
            WarningKind::Untrimmed => "untrimmed",
            WarningKind::HeldOutside => "held_outside",
            WarningKind::MaybeHeldOutside => "maybe_held_outside",
            WarningKind::KeyFile => "key_file",
            WarningKind::CanonicalUnread { .. } => "canonical_unread",
        }
    }
}

/// Why a setting's value cannot be seen by whoever took the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnseenValue {
    /// Held where the check cannot see it: a Kubernetes Secret the
    /// manifests do not hold, a file the deployment does not provide, a
    /// value quoting a Secret's.
    HeldOutside,
    /// Not set where the check can see it, but perhaps set by an `envFrom`
    /// of an object the manifests do not hold.
    MaybeHeldOutside,
    /// Not valid UTF-8.
    NotUnicode,
}

impl fmt::Display for UnseenValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnseenValue::HeldOutside => "its value is held outside the deployment",
            UnseenValue::MaybeHeldOutside => {
                "its value may be set by an object the deployment does not hold"
            }
            UnseenValue::NotUnicode => "its value is not valid UTF-8",
        })
    }
}
