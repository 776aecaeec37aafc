//! The variables one service of a deployment gets, whatever wrote them
//! (a `.env` file, a Compose file and its `env_file`s, a manifest), each
//! with the file and line it came from, and what is wrong with how it is set.
//!
//! What many services take whole (an `env_file` that a thousand Compose
//! services name, a ConfigMap every Pod takes with `envFrom`) is read once
//! into a [`VarTable`] and held once: each service keeps a reference to it,
//! under its own variables, so that memory grows with the files, not with
//! the files times the services.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use jwt_config_core::{Defect, DotenvFile, FileVars, NotUnicode, Source, Unreadable, Unseen};
use zeroize::Zeroizing;

use crate::{sandbox, unseen};

/// Variables with the file and line that set each, and what is wrong with
/// how each is set: one file's, or a service's own.
#[derive(Default)]
pub struct VarTable {
    entries: BTreeMap<String, Entry>,
    defects: BTreeMap<String, Vec<Defect>>,
    /// The names ending in `_FILE` it has set (some perhaps since taken
    /// out): what [`ServiceVars::follow_files`] looks at, without going
    /// through every name of every table of every service.
    file_names: BTreeSet<String>,
}

/// A service's variables: its own, over the tables it shares with others.
#[derive(Default)]
pub struct ServiceVars {
    own: VarTable,
    /// Tables taken whole, in order: a later one wins over an earlier one,
    /// the service's own over all of them. A table taken again leaves an
    /// empty slot where it was (compacted when half are empty), so that
    /// moving it to the top costs nothing per table held.
    shared: Vec<Option<Arc<VarTable>>>,
    /// Each table held, by address: its slot in `shared`.
    slots: HashMap<usize, usize>,
    /// With more than [`INDEXED`] tables: each name a table sets, and the
    /// address of the last table taken that sets it, so that a lookup does
    /// not go through every table (20,000 `env_file`s or `envFrom`s).
    index: Option<HashMap<Box<str>, usize>>,
    /// What sets names the check cannot list (a Kubernetes `envFrom` of a
    /// Secret the manifests do not hold): the prefix of the names it may
    /// set, and where it is named.
    opaque: Vec<(String, Arc<str>, usize)>,
    /// The `NAME_FILE` variables followed to the file they name.
    followed: BTreeSet<String>,
    /// The key files the deployment provides at the paths the service's
    /// key settings name (`encoding = "path"`), by path.
    key_files: HashMap<String, Zeroizing<String>>,
}

/// Up to this many tables, a lookup goes through them, last first; past
/// it, through [`ServiceVars::index`].
const INDEXED: usize = 8;

/// A table's address: the key of [`ServiceVars::slots`] and of the index.
fn address(table: &Arc<VarTable>) -> usize {
    Arc::as_ptr(table) as usize
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
    /// The text of a key of a Kubernetes Secret, or of a file a `NAME_FILE`
    /// names: never copied into another variable (see
    /// [`ServiceVars::from_secret`]), never shown.
    Secret(Zeroizing<String>),
    /// Nothing: it is set where the check cannot see (a key of a Secret the
    /// manifests do not hold), or to a value that quotes a Secret's.
    Unseen(Unseen),
    /// Not set, whatever a shared table sets: Compose's `KEY` alone in
    /// `environment:` that nothing gives a value.
    Absent,
    /// Bytes that are not UTF-8 (a Secret's binary key): the service reads
    /// them, the check can neither show nor compare them.
    NotUnicode,
}

impl Held {
    fn text(&self) -> Option<&str> {
        match self {
            Held::Text(value) | Held::Secret(value) => Some(value.as_str()),
            Held::Unseen(_) | Held::Absent | Held::NotUnicode => None,
        }
    }
}

impl VarTable {
    /// Sets `name` from the file shown as `file` (shared by its entries),
    /// replacing any earlier value and its defects.
    ///
    /// Every name is kept as [`sandbox::text`] shows it (a line break as
    /// `\n`, an escape as `\u{1b}`): a name read from a file is printed,
    /// and must not forge a line of the report. No setting's name changes.
    pub fn set_in(&mut self, name: &str, value: Zeroizing<String>, file: &Arc<str>, line: usize) {
        self.insert(name, Held::Text(value), Arc::clone(file), line);
    }

    fn insert(&mut self, name: &str, value: Held, file: Arc<str>, line: usize) {
        self.insert_shown(sandbox::text(name), value, file, line);
    }

    /// [`VarTable::insert`] of a name already as [`sandbox::text`] shows it.
    fn insert_shown(&mut self, name: String, value: Held, file: Arc<str>, line: usize) {
        if name.ends_with("_FILE") {
            self.file_names.insert(name.clone());
        }
        self.defects.remove(&name);
        self.entries.insert(name, Entry { value, file, line });
    }

    /// Records what is wrong with how `name` is set.
    pub fn defect(&mut self, name: &str, defect: Defect) {
        self.defects
            .entry(sandbox::text(name))
            .or_default()
            .push(defect);
    }

    /// Whether the table sets `name` or says something of it.
    fn knows(&self, name: &str) -> bool {
        self.entries.contains_key(name) || self.defects.contains_key(name)
    }

    /// The names it sets, in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|(_, entry)| !matches!(entry.value, Held::Absent))
            .map(|(name, _)| name.as_str())
    }
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
        let own = &mut self.own;
        own.file_names.extend(
            entries
                .keys()
                .filter(|name| name.ends_with("_FILE"))
                .cloned(),
        );
        own.defects.retain(|name, _| !entries.contains_key(name));
        own.defects.append(&mut defects);
        if own.entries.is_empty() {
            own.entries = entries;
        } else {
            own.entries.extend(entries);
        }
    }

    /// Adds `table`'s variables as the service's own, over what was set
    /// before: a name it sets replaces an earlier value and its defects; a
    /// defect of a name it does not set joins the earlier ones.
    pub fn add_own(&mut self, table: VarTable) {
        let own = &mut self.own;
        own.file_names.extend(table.file_names);
        for (name, entry) in table.entries {
            own.defects.remove(&name);
            own.entries.insert(name, entry);
        }
        for (name, defects) in table.defects {
            own.defects.entry(name).or_default().extend(defects);
        }
    }

    /// Takes `table` whole, over what was set before: its names no longer
    /// read the service's own values or earlier tables'. A table taken
    /// again moves to the top, and is held once.
    pub fn add_shared(&mut self, table: &Arc<VarTable>) {
        let own = &mut self.own;
        if own.entries.len() + own.defects.len() <= table.entries.len() + table.defects.len() {
            own.entries.retain(|name, _| !table.knows(name));
            own.defects.retain(|name, _| !table.knows(name));
        } else {
            for name in table.entries.keys().chain(table.defects.keys()) {
                own.entries.remove(name);
                own.defects.remove(name);
            }
        }
        let at = address(table);
        if let Some(slot) = self.slots.remove(&at) {
            self.shared[slot] = None;
        }
        self.slots.insert(at, self.shared.len());
        self.shared.push(Some(Arc::clone(table)));
        if self.shared.len() > 2 * self.slots.len() + INDEXED {
            self.shared.retain(Option::is_some);
            for (slot, held) in self.shared.iter().flatten().enumerate() {
                self.slots.insert(address(held), slot);
            }
        }
        match &mut self.index {
            Some(index) => index_table(index, table),
            None if self.slots.len() > INDEXED => {
                let mut index = HashMap::new();
                for held in self.shared.iter().flatten() {
                    index_table(&mut index, held);
                }
                self.index = Some(index);
            }
            None => {}
        }
    }

    /// The tables taken whole, in order, each once.
    fn tables(&self) -> impl DoubleEndedIterator<Item = &Arc<VarTable>> {
        self.shared.iter().flatten()
    }

    /// Sets `name`, replacing any earlier value and its defects.
    ///
    /// Every name is kept as [`sandbox::text`] shows it (a line break as
    /// `\n`, an escape as `\u{1b}`): a name read from a file is printed,
    /// and must not forge a line of the report. No setting's name changes.
    pub fn set(&mut self, name: &str, value: Zeroizing<String>, file: &str, line: usize) {
        self.own
            .insert(name, Held::Text(value), Arc::from(file), line);
    }

    /// Sets `name` from the file shown as `file`, shared by its entries.
    pub fn set_in(&mut self, name: &str, value: Zeroizing<String>, file: &Arc<str>, line: usize) {
        self.own.set_in(name, value, file, line);
    }

    /// Takes back what was set for `name`, here and in the tables taken:
    /// Compose's `KEY` alone in `environment:` with nothing to give it.
    pub fn unset(&mut self, name: &str, file: &str, line: usize) {
        self.own.insert(name, Held::Absent, Arc::from(file), line);
    }

    /// The text of `name`, when the check can see it.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.entry(name)?.value.text()
    }

    /// Sets `name` to the value of a key of a Kubernetes Secret.
    pub fn set_from_secret(
        &mut self,
        name: &str,
        value: Zeroizing<String>,
        file: &str,
        line: usize,
    ) {
        self.own
            .insert(name, Held::Secret(value), Arc::from(file), line);
    }

    /// Sets `name` to a value the check cannot see, and says why: a key of
    /// a Secret the manifests do not hold, or a value quoting a Secret's.
    pub fn set_unseen(&mut self, name: &str, why: Unseen, file: &str, line: usize) {
        self.own
            .insert(name, Held::Unseen(why), Arc::from(file), line);
    }

    /// Sets `name` to bytes that are not UTF-8 (a Secret's binary key): a
    /// problem of the variable, where the service reads it.
    pub fn set_not_unicode(&mut self, name: &str, file: &str, line: usize) {
        self.own
            .insert(name, Held::NotUnicode, Arc::from(file), line);
    }

    /// The entry that decides `name`, and its table: the service's own,
    /// else the last table taken that sets it.
    fn deciding(&self, name: &str) -> Option<(&VarTable, &Entry)> {
        if let Some(entry) = self.own.entries.get(name) {
            return Some((&self.own, entry));
        }
        if let Some(index) = &self.index {
            let slot = *self.slots.get(index.get(name)?)?;
            let table = self.shared.get(slot)?.as_deref()?;
            return Some((table, table.entries.get(name)?));
        }
        self.tables()
            .rev()
            .find_map(|table| Some((&**table, table.entries.get(name)?)))
    }

    /// The entry that sets `name`, unless `name` is taken back.
    fn entry(&self, name: &str) -> Option<&Entry> {
        self.deciding(name)
            .map(|(_, entry)| entry)
            .filter(|entry| !matches!(entry.value, Held::Absent))
    }

    /// Whether `name` holds a Kubernetes Secret's value: a reference to it
    /// from another variable (`$(NAME)`) would put secret text where the
    /// check shows values, so the check takes that one as unseen.
    pub fn from_secret(&self, name: &str) -> bool {
        self.entry(name)
            .is_some_and(|entry| matches!(entry.value, Held::Secret(_)))
    }

    /// Names starting with `prefix` (all, for an empty one) may be set by a
    /// source the check cannot read, named at `file` and `line`.
    pub fn set_opaque(&mut self, prefix: &str, file: &str, line: usize) {
        self.opaque
            .push((sandbox::text(prefix), Arc::from(file), line));
    }

    fn opaque(&self, name: &str) -> Option<&(String, Arc<str>, usize)> {
        self.opaque
            .iter()
            .find(|(prefix, _, _)| name.starts_with(prefix.as_str()))
    }

    /// Records what is wrong with how `name` is set.
    pub fn defect(&mut self, name: &str, defect: Defect) {
        self.own.defect(name, defect);
    }

    /// The names set, in sorted order, each once.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.own.names().collect();
        for table in self.tables() {
            names.extend(table.names());
        }
        names.sort_unstable();
        names.dedup();
        names.retain(|name| self.entry(name).is_some());
        names
    }

    /// The service's own names (set, or taken back), and the tables it takes
    /// whole: what [`ServiceVars::names`] is made of, for a caller that
    /// works out something of each table once for all the services that
    /// take it.
    pub fn layers(
        &self,
    ) -> (
        impl Iterator<Item = &str>,
        impl DoubleEndedIterator<Item = &Arc<VarTable>>,
    ) {
        (self.own.names(), self.tables())
    }

    /// Follows every `NAME_FILE` variable (the convention of Docker
    /// secrets and most official images: its value is the path of a file
    /// holding `NAME`'s) to what the deployment provides at that path:
    /// `NAME` takes the file's text, its line breaks at the end dropped (as
    /// the images' `file_env` reads it with the shell's `$(< file)`, and
    /// vaultwarden and lldap trim it), located at the file; or, where
    /// `provide` has nothing, a value the check cannot see, located at the
    /// `NAME_FILE` line. A `NAME` set directly stays as it is.
    ///
    /// Each of `key_vars` (the variables that name a key file by its path:
    /// a key setting of `encoding = "path"`, its aliases, a service's own
    /// name for it) the service sets is followed too: the file the
    /// deployment provides at its path is what the service's load reads
    /// ([`Source::file`]); a path nothing provides leaves the key unseen.
    pub fn follow_files(
        &mut self,
        provide: impl Fn(&str) -> Option<(Zeroizing<String>, String, usize)>,
        key_vars: &[&str],
    ) {
        let key_paths: Vec<String> = key_vars
            .iter()
            .filter_map(|name| Some(self.text(name)?.trim().to_owned()))
            .filter(|path| !path.is_empty())
            .collect();
        for path in key_paths {
            if let Some((text, _, _)) = provide(&path) {
                self.key_files.insert(path, text);
            }
        }
        let mut candidates: BTreeSet<&str> =
            self.own.file_names.iter().map(String::as_str).collect();
        for table in self.tables() {
            candidates.extend(table.file_names.iter().map(String::as_str));
        }
        let found: Vec<(String, String, Arc<str>, usize)> = candidates
            .into_iter()
            .filter_map(|name| {
                let target = name.strip_suffix("_FILE").filter(|t| !t.is_empty())?;
                let entry = self.entry(name)?;
                let path = entry.value.text()?;
                Some((
                    name.to_owned(),
                    target.to_owned(),
                    Arc::clone(&entry.file),
                    entry.line,
                ))
                .filter(|_| !path.is_empty())
            })
            .collect();
        for (name, target, file, line) in found {
            self.followed.insert(name.clone());
            if self.sets(&target) {
                continue;
            }
            let path = self.text(&name).unwrap_or_default().to_owned();
            match provide(&path) {
                Some((mut text, shown, at)) => {
                    let kept = text.trim_end_matches(['\n', '\r']).len();
                    text.truncate(kept);
                    // `target` is a name as shown already. What a
                    // `NAME_FILE` names is secret material (Docker
                    // secrets' convention), whatever setting it lands in:
                    // held as a Secret's key is, never quoted or copied.
                    self.own
                        .insert_shown(target, Held::Secret(text), Arc::from(shown), at);
                }
                None => self.own.insert(
                    &target,
                    Held::Unseen(unseen::file_not_provided(&target)),
                    file,
                    line,
                ),
            }
        }
    }

    /// Whether `name` is a `NAME_FILE` variable the check followed: a path,
    /// not a setting mistyped.
    pub fn followed(&self, name: &str) -> bool {
        self.followed.contains(name)
    }

    /// Whether `name` is set (to a value seen or not).
    pub fn sets(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    /// The file and line that set `name`, or that name what may set it.
    pub fn location(&self, name: &str) -> Option<(&str, usize)> {
        match self.entry(name) {
            Some(entry) => Some((&*entry.file, entry.line)),
            None => self.opaque(name).map(|(_, file, line)| (&**file, *line)),
        }
    }
}

/// Points every name `table` sets at it: the last table taken wins.
fn index_table(index: &mut HashMap<Box<str>, usize>, table: &Arc<VarTable>) {
    let at = address(table);
    for name in table.entries.keys() {
        match index.get_mut(name.as_str()) {
            Some(slot) => *slot = at,
            None => {
                index.insert(name.as_str().into(), at);
            }
        }
    }
}

impl Source for ServiceVars {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        if self
            .entry(name)
            .is_some_and(|entry| matches!(entry.value, Held::NotUnicode))
        {
            return Err(NotUnicode);
        }
        Ok(self.text(name).map(Cow::Borrowed))
    }

    /// The check follows `NAME_FILE` itself, to the file the deployment
    /// provides ([`ServiceVars::follow_files`]): the resolver must never
    /// read the checker's filesystem at a path a deployment names.
    fn file_vars(&self) -> FileVars {
        FileVars::Own
    }

    /// A key file the deployment provides at `path` (see
    /// [`ServiceVars::follow_files`]); never the checker's own file.
    fn file(&self, path: &std::path::Path) -> Result<Zeroizing<String>, Unreadable> {
        let path = path.to_str().unwrap_or_default();
        match self.key_files.get(path) {
            Some(text) => Ok(text.clone()),
            None => Err(Unreadable::NotProvided(unseen::key_file_not_provided())),
        }
    }

    /// A Kubernetes Secret's key, or the content of a file a `NAME_FILE`
    /// names: shown as a secret's wherever it lands.
    fn secret_material(&self, name: &str) -> bool {
        self.from_secret(name)
    }

    fn held_outside(&self, name: &str) -> Option<Unseen> {
        match &self.entry(name)?.value {
            Held::Unseen(why) => Some(why.clone()),
            Held::Text(_) | Held::Secret(_) | Held::Absent | Held::NotUnicode => None,
        }
    }

    fn maybe_held_outside(&self, name: &str) -> Option<Unseen> {
        (self.entry(name).is_none() && self.opaque(name).is_some())
            .then(|| unseen::maybe_from_env_from(name))
    }

    /// The defects of the table whose entry decides `name`, and the
    /// service's own (a bare `KEY` of a later file that nothing gives a
    /// value leaves the value, and says so).
    fn defects(&self, name: &str) -> Vec<Defect> {
        let mut defects = Vec::new();
        if let Some((table, _)) = self.deciding(name)
            && !std::ptr::eq(table, &self.own)
        {
            defects.extend(table.defects.get(name).into_iter().flatten().cloned());
        }
        defects.extend(self.own.defects.get(name).into_iter().flatten().cloned());
        defects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dotenv(text: &str) -> DotenvFile {
        DotenvFile::parse("test.env", text).expect("the file parses")
    }

    #[test]
    fn the_resolver_never_reads_the_checkers_filesystem_at_a_path_a_deployment_names() {
        // A file that exists on the checker's machine, named by the
        // deployment and not provided by it.
        let dir = std::env::temp_dir().join(format!("jwt-config-cli-vars-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("secret");
        std::fs::write(&path, "checkers-own-secret-0123456789-0123456789-abcdef\n").unwrap();
        let text = format!("JWT_SECRET_KEY_FILE={}\n", path.display());
        let vars = ServiceVars::from_dotenv(dotenv(&text), "test.env");
        let check = jwt_config_core::resolve::check(
            jwt_config_core::registry::standard(),
            &vars,
            jwt_config_core::Environment::Development,
            "svc",
        );
        let entry = check.snapshot.get("JWT_SECRET_KEY").unwrap();
        assert_eq!(entry.value(), None);
        assert_eq!(entry.file(), None);
        std::fs::remove_dir_all(dir).unwrap();
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
            vars.names(),
            ["EXTRA", "JWT_AUDIENCE", "JWT_ISSUER", "SERVICE_ID"]
        );
    }

    fn table(entries: &[(&str, &str)]) -> Arc<VarTable> {
        let file: Arc<str> = Arc::from("shared.env");
        let mut table = VarTable::default();
        for (line, (name, value)) in entries.iter().enumerate() {
            table.set_in(name, Zeroizing::new((*value).to_owned()), &file, line + 1);
        }
        Arc::new(table)
    }

    #[test]
    fn a_shared_table_is_read_in_its_place_among_the_files() {
        let shared = table(&[("JWT_ISSUER", "https://shared"), ("SERVICE_ID", "shared")]);
        let mut vars = ServiceVars::default();
        vars.set(
            "JWT_ISSUER",
            Zeroizing::new("https://before".into()),
            "own.env",
            1,
        );
        // Taken after: it wins over what was set before...
        vars.add_shared(&shared);
        assert_eq!(vars.text("JWT_ISSUER"), Some("https://shared"));
        assert_eq!(vars.location("JWT_ISSUER"), Some(("shared.env", 1)));
        // ...and what is set after wins over it.
        vars.set(
            "SERVICE_ID",
            Zeroizing::new("own".into()),
            "compose.yaml",
            9,
        );
        assert_eq!(vars.text("SERVICE_ID"), Some("own"));
        // Taken back: not set, whatever the table says.
        vars.unset("JWT_ISSUER", "compose.yaml", 10);
        assert_eq!(vars.text("JWT_ISSUER"), None);
        assert!(!vars.sets("JWT_ISSUER"));
        assert_eq!(vars.names(), ["SERVICE_ID"]);
        // Taken again: held once, and on top again.
        vars.add_shared(&shared);
        vars.add_shared(&shared);
        assert_eq!(vars.layers().1.count(), 1);
        assert_eq!(vars.text("JWT_ISSUER"), Some("https://shared"));
        assert_eq!(Arc::strong_count(&shared), 2);
    }

    #[test]
    fn a_later_files_defect_of_a_name_it_does_not_set_keeps_the_value() {
        let shared = table(&[("JWT_ISSUER", "https://shared")]);
        let mut vars = ServiceVars::default();
        vars.add_shared(&shared);
        let mut later = VarTable::default();
        later.defect(
            "JWT_ISSUER",
            Defect::FromOutside {
                reference: "JWT_ISSUER".into(),
                line: 3,
                outside: crate::unseen::FROM_SHELL,
            },
        );
        vars.add_own(later);
        assert_eq!(vars.text("JWT_ISSUER"), Some("https://shared"));
        assert_eq!(vars.defects("JWT_ISSUER").len(), 1);
    }
}

#[cfg(test)]
mod many_tables {
    use std::time::Instant;

    use super::*;

    fn table(name: &str, value: &str) -> Arc<VarTable> {
        let file: Arc<str> = Arc::from(format!("{value}.env"));
        let mut table = VarTable::default();
        table.set_in(name, Zeroizing::new(value.to_owned()), &file, 1);
        Arc::new(table)
    }

    /// Past [`INDEXED`] tables, lookups go through the index: the same
    /// answers as going through the tables, last first.
    #[test]
    fn with_many_tables_a_later_one_wins_and_one_taken_again_moves_to_the_top() {
        for count in [2, INDEXED, INDEXED + 1, 100] {
            let tables: Vec<Arc<VarTable>> = (0..count)
                .map(|i| table(if i % 2 == 0 { "EVEN" } else { "ODD" }, &format!("t{i}")))
                .collect();
            let mut vars = ServiceVars::default();
            for held in &tables {
                vars.add_shared(held);
            }
            let last_even = (count - 1) / 2 * 2;
            assert_eq!(
                vars.text("EVEN"),
                Some(&*format!("t{last_even}")),
                "{count}"
            );
            // The first table taken again: on top, held once.
            vars.add_shared(&tables[0]);
            assert_eq!(vars.text("EVEN"), Some("t0"), "{count}");
            assert_eq!(vars.location("EVEN"), Some(("t0.env", 1)));
            assert_eq!(vars.layers().1.count(), count, "{count}");
            assert!(Arc::ptr_eq(vars.layers().1.last().unwrap(), &tables[0]));
            // Every table taken again, last first: the first is on top.
            for held in tables.iter().rev() {
                vars.add_shared(held);
            }
            assert_eq!(vars.text("EVEN"), Some("t0"), "{count}");
            assert_eq!(vars.layers().1.count(), count, "{count}");
            assert_eq!(
                vars.names(),
                if count > 1 {
                    vec!["EVEN", "ODD"]
                } else {
                    vec!["EVEN"]
                }
            );
            // The service's own value still wins; one taken back stays so.
            vars.set("EVEN", Zeroizing::new("own".into()), "compose.yaml", 3);
            vars.unset("ODD", "compose.yaml", 4);
            assert_eq!(vars.text("EVEN"), Some("own"));
            assert!(!vars.sets("ODD"));
            // A table taken after them wins over both.
            vars.add_shared(&tables[1 % count]);
            assert_eq!(vars.text("ODD").is_some(), count > 1);
        }
    }

    /// One service taking 20,000 small tables (an `env_file` list, a Pod's
    /// `envFrom`), each again, and asking for every name: linear, where
    /// going through every earlier table was quadratic (seconds).
    #[test]
    fn twenty_thousand_tables_taken_by_one_service_stay_linear() {
        let tables: Vec<Arc<VarTable>> = (0..20_000)
            .map(|i| table(&format!("VAR_{i}_FILE"), &format!("v{i}")))
            .collect();
        let start = Instant::now();
        let mut vars = ServiceVars::default();
        for held in tables.iter().chain(&tables) {
            vars.add_shared(held);
        }
        assert_eq!(vars.names().len(), 20_000);
        vars.follow_files(|_| None, &[]);
        assert!(vars.followed("VAR_19999_FILE"));
        assert_eq!(vars.layers().1.count(), 20_000);
        let took = start.elapsed();
        assert!(took.as_secs() < 2, "{took:?}");
    }
}
