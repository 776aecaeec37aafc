//! The variables one service of a deployment gets, whatever wrote them
//! (a `.env` file, a Compose file and its `env_file`s, a manifest), each
//! with the file and line it came from, and what is wrong with how it is set.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use jwt_config::{Defect, DotenvFile, NotUnicode, Source, Unseen};
use zeroize::Zeroizing;

use crate::files;

/// A service's variables.
#[derive(Default)]
pub struct ServiceVars {
    entries: BTreeMap<String, Entry>,
    defects: BTreeMap<String, Vec<Defect>>,
    /// What sets names the check cannot list (a Kubernetes `envFrom` of a
    /// Secret the manifests do not hold): the prefix of the names it may
    /// set, and where it is named.
    opaque: Vec<(String, Arc<str>, usize)>,
}

struct Entry {
    value: Held,
    /// Shared by every entry of one file.
    file: Arc<str>,
    line: usize,
}

/// What the check knows of a variable's value.
enum Held {
    /// Its text.
    Text(Zeroizing<String>),
    /// The text of a key of a Kubernetes Secret: never copied into another
    /// variable (see [`ServiceVars::from_secret`]).
    Secret(Zeroizing<String>),
    /// Nothing: it is set where the check cannot see (a key of a Secret the
    /// manifests do not hold), or to a value that quotes a Secret's.
    Unseen(Unseen),
}

impl ServiceVars {
    /// The variables of a `.env` file shown as `shown`.
    pub fn from_dotenv(file: DotenvFile, shown: &str) -> ServiceVars {
        let mut vars = ServiceVars::default();
        vars.add_dotenv(file, shown);
        vars
    }

    /// Adds a `.env` file's variables, replacing any set before (as a later
    /// `env_file` replaces an earlier one), and its defects. The values
    /// move: nothing is copied.
    pub fn add_dotenv(&mut self, file: DotenvFile, shown: &str) {
        let shown: Arc<str> = Arc::from(shown);
        let mut defects = BTreeMap::new();
        // The file's variables come sorted: built into a map of their own
        // in one pass, rather than searched for one by one. That map is the
        // service's when it is the first file; a later one (a Compose
        // service's second `env_file`) is inserted into it.
        let entries: BTreeMap<String, Entry> = file
            .into_vars()
            .map(|var| {
                if !var.defects.is_empty() {
                    defects.insert(var.name.clone(), var.defects);
                }
                let entry = Entry {
                    value: Held::Text(var.value),
                    file: Arc::clone(&shown),
                    line: var.line,
                };
                (var.name, entry)
            })
            .collect();
        self.defects.retain(|name, _| !entries.contains_key(name));
        self.defects.append(&mut defects);
        if self.entries.is_empty() {
            self.entries = entries;
        } else {
            self.entries.extend(entries);
        }
    }

    /// Sets `name`, replacing any earlier value and its defects.
    ///
    /// Every name is kept as [`files::text`] shows it (a line break as
    /// `\n`, an escape as `\u{1b}`): a name read from a file is printed,
    /// and must not forge a line of the report. No setting's name changes.
    pub fn set(&mut self, name: &str, value: Zeroizing<String>, file: &str, line: usize) {
        self.insert(name, Held::Text(value), file, line);
    }

    /// Sets `name` from the file shown as `file`, shared by its entries.
    pub fn set_in(&mut self, name: &str, value: Zeroizing<String>, file: &Arc<str>, line: usize) {
        let name = files::text(name);
        self.defects.remove(&name);
        self.entries.insert(
            name,
            Entry {
                value: Held::Text(value),
                file: Arc::clone(file),
                line,
            },
        );
    }

    /// Takes back what was set for `name`: a later file names it without
    /// giving it a value (Compose's bare `NAME` with nothing to take).
    pub fn unset(&mut self, name: &str) {
        let name = files::text(name);
        self.defects.remove(&name);
        self.entries.remove(&name);
    }

    /// The text of `name`, when the check can see it.
    pub fn text(&self, name: &str) -> Option<&str> {
        match &self.entries.get(name)?.value {
            Held::Text(value) | Held::Secret(value) => Some(value.as_str()),
            Held::Unseen(_) => None,
        }
    }

    /// Sets `name` to the value of a key of a Kubernetes Secret.
    pub fn set_from_secret(
        &mut self,
        name: &str,
        value: Zeroizing<String>,
        file: &str,
        line: usize,
    ) {
        self.insert(name, Held::Secret(value), file, line);
    }

    /// Sets `name` to a value the check cannot see, and says why: a key of
    /// a Secret the manifests do not hold, or a value quoting a Secret's.
    pub fn set_unseen(&mut self, name: &str, why: Unseen, file: &str, line: usize) {
        self.insert(name, Held::Unseen(why), file, line);
    }

    fn insert(&mut self, name: &str, value: Held, file: &str, line: usize) {
        let name = files::text(name);
        self.defects.remove(&name);
        self.entries.insert(
            name,
            Entry {
                value,
                file: Arc::from(file),
                line,
            },
        );
    }

    /// Whether `name` holds a Kubernetes Secret's value: a reference to it
    /// from another variable (`$(NAME)`) would put secret text where the
    /// check shows values, so the check takes that one as unseen.
    pub fn from_secret(&self, name: &str) -> bool {
        self.entries
            .get(name)
            .is_some_and(|entry| matches!(entry.value, Held::Secret(_)))
    }

    /// Names starting with `prefix` (all, for an empty one) may be set by a
    /// source the check cannot read, named at `file` and `line`.
    pub fn set_opaque(&mut self, prefix: &str, file: &str, line: usize) {
        self.opaque
            .push((files::text(prefix), Arc::from(file), line));
    }

    fn opaque(&self, name: &str) -> Option<&(String, Arc<str>, usize)> {
        self.opaque
            .iter()
            .find(|(prefix, _, _)| name.starts_with(prefix.as_str()))
    }

    /// Records what is wrong with how `name` is set.
    pub fn defect(&mut self, name: &str, defect: Defect) {
        self.defects
            .entry(files::text(name))
            .or_default()
            .push(defect);
    }

    /// The names set, in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The file and line that set `name`, or that name what may set it.
    pub fn location(&self, name: &str) -> Option<(&str, usize)> {
        match self.entries.get(name) {
            Some(entry) => Some((&*entry.file, entry.line)),
            None => self.opaque(name).map(|(_, file, line)| (&**file, *line)),
        }
    }
}

impl Source for ServiceVars {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        Ok(self.entries.get(name).and_then(|entry| match &entry.value {
            Held::Text(value) | Held::Secret(value) => Some(Cow::Borrowed(value.as_str())),
            Held::Unseen(_) => None,
        }))
    }

    fn held_outside(&self, name: &str) -> Option<Unseen> {
        match self.entries.get(name)?.value {
            Held::Unseen(why) => Some(why),
            Held::Text(_) | Held::Secret(_) => None,
        }
    }

    fn maybe_held_outside(&self, name: &str) -> bool {
        !self.entries.contains_key(name) && self.opaque(name).is_some()
    }

    fn defects(&self, name: &str) -> Vec<Defect> {
        self.defects.get(name).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dotenv(text: &str) -> DotenvFile {
        DotenvFile::parse("test.env", text).expect("the file parses")
    }

    #[test]
    fn a_later_file_replaces_an_earlier_ones_values_and_defects() {
        let mut vars = ServiceVars::from_dotenv(
            dotenv("JWT_ISSUER=https://old\nJWT_AUDIENCE=web,$UNSET\nSERVICE_ID=a\n"),
            "first.env",
        );
        assert_eq!(vars.defects("JWT_AUDIENCE").len(), 1);
        vars.add_dotenv(
            dotenv("JWT_AUDIENCE=web\nJWT_ISSUER=https://new\nEXTRA=$ALSO_UNSET\n"),
            "second.env",
        );
        assert_eq!(
            vars.var("JWT_ISSUER").unwrap().as_deref(),
            Some("https://new")
        );
        assert_eq!(vars.location("JWT_ISSUER"), Some(("second.env", 2)));
        // The earlier file's defect went with its value.
        assert!(vars.defects("JWT_AUDIENCE").is_empty());
        assert_eq!(vars.defects("EXTRA").len(), 1);
        assert_eq!(vars.location("SERVICE_ID"), Some(("first.env", 3)));
        assert_eq!(
            vars.names().collect::<Vec<_>>(),
            ["EXTRA", "JWT_AUDIENCE", "JWT_ISSUER", "SERVICE_ID"]
        );
    }
}
