//! A service's `environment:` and `env_file:` entries, as compose-go reads
//! them: each entry's variants, its `${}` lookups, and its file's table.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use jwt_config_core::Defect;
use zeroize::Zeroizing;

use crate::sandbox;
use crate::vars::VarTable;
use crate::yaml::{Node, Tag, Value};

use super::interpolate::TemplateError;
use super::{ComposeError, Layer};

/// How many readings of one `env_file` (for services whose lookups answer
/// it differently) are kept to share; past it, each further service reads
/// the file for itself.
pub(super) const MAX_VARIANTS: usize = 64;

/// The lookups a reading of an `env_file` made, and their answers: another
/// service whose lookups answer them alike reads the file alike.
#[derive(Default)]
pub(super) struct Asked {
    pub(super) asked: RefCell<Vec<Ask>>,
}

/// One lookup of a reading: of `earlier` (else of `find`), its name, and
/// what it answered (wiped when dropped: it may be a secret).
pub(super) struct Ask {
    pub(super) earlier: bool,
    pub(super) name: String,
    pub(super) answer: Option<Zeroizing<String>>,
}

impl Asked {
    /// Records `find(name)`'s `answer`, and gives it back.
    pub(super) fn find<'a>(&self, name: &str, answer: Option<&'a str>) -> Option<&'a str> {
        self.record(false, name, answer);
        answer
    }

    /// Records `earlier(name)`'s `answer`, and gives it back.
    pub(super) fn earlier<'a>(&self, name: &str, answer: Option<&'a str>) -> Option<&'a str> {
        self.record(true, name, answer);
        answer
    }

    fn record(&self, earlier: bool, name: &str, answer: Option<&str>) {
        self.asked.borrow_mut().push(Ask {
            earlier,
            name: name.to_owned(),
            answer: answer.map(|answer| Zeroizing::new(answer.to_owned())),
        });
    }

    /// Whether `find` and `earlier` answer every lookup recorded alike.
    pub(super) fn answered_alike<'v>(
        &self,
        find: &dyn Fn(&str) -> Option<&'v str>,
        earlier: &dyn Fn(&str) -> Option<&'v str>,
    ) -> bool {
        self.asked.borrow().iter().all(
            |Ask {
                 earlier: is_earlier,
                 name,
                 answer,
             }| {
                let now = if *is_earlier {
                    earlier(name)
                } else {
                    find(name)
                };
                now == answer.as_deref().map(String::as_str)
            },
        )
    }
}

/// An `env_file`'s assignments, in order, as a table.
pub(super) fn table_of(assignments: Vec<super::dotenv::Assignment>, shown: &Arc<str>) -> VarTable {
    let mut vars = VarTable::default();
    for assignment in assignments {
        let key = assignment.key;
        // A bare `KEY` the lookup does not know leaves what the files
        // before set; Compose would take the shell's.
        if let Some(value) = assignment.value {
            vars.set_in(&key, value, shown, assignment.line);
        }
        for reference in assignment.unresolved {
            vars.defect(
                &key,
                Defect::FromOutside {
                    reference,
                    line: assignment.line,
                    outside: crate::unseen::FROM_SHELL,
                },
            );
        }
    }
    vars
}

/// Why Compose refuses the value of `key` in service `service`.
pub(super) fn template_message(key: &str, service: &str, err: &TemplateError) -> String {
    let (key, service) = (sandbox::text(key), sandbox::text(service));
    match err {
        TemplateError::Invalid => format!(
            "the value of {key} in service `{service}` has a `${{` Compose cannot read; close it, or write `$$` for a literal `$`"
        ),
        TemplateError::Required { name } => format!(
            "the value of {key} in service `{service}` requires {} (`${{{}?...}}`), which the project's .env does not set; Compose refuses the file without it",
            sandbox::text(name),
            sandbox::text(name),
        ),
        TemplateError::TooLarge => format!(
            "the value of {key} in service `{service}` expands past what interpolation may add (sixteen times the files read, 1 MiB at least, --max-file-size at most); no deployment needs that"
        ),
        TemplateError::TooDeep => format!(
            "the value of {key} in service `{service}` nests defaults more than {} deep",
            super::interpolate::MAX_NESTING
        ),
    }
}

/// The `env_file` of a service: each path, whether it is required, its line.
pub(super) fn env_files(node: &Node) -> Vec<(String, bool, usize)> {
    let one = |item: &Node| match &item.value {
        Value::Scalar(Some(path)) => Some((path.as_str().to_owned(), true, item.line)),
        Value::Mapping(_) => {
            let path = item.get("path")?.text()?.to_owned();
            let required = item.get("required").and_then(Node::text) != Some("false");
            Some((path, required, item.line))
        }
        _ => None,
    };
    match &node.value {
        Value::Sequence(items) => items.iter().filter_map(one).collect(),
        _ => one(node).into_iter().collect(),
    }
}

/// What an `environment:` entry gives its key.
pub(super) enum Entry<'n> {
    /// A value to interpolate.
    Value(Cow<'n, str>),
    /// `KEY` or `KEY:` alone: the project's value, else the shell's.
    Bare,
    /// `KEY: !reset`: nothing, and what earlier files set goes.
    Reset,
}

/// `environment:` as `(KEY, entry, line)`, from the map form (`KEY: value`)
/// or the list form (`- KEY=value`, `- KEY`). A value that is a list or a
/// mapping is refused, as Compose refuses it.
pub(super) fn environment_entries<'n>(
    layer: &Layer<'_>,
    service: &str,
    environment: &'n Node,
) -> Result<Vec<(String, Entry<'n>, usize)>, ComposeError> {
    match &environment.value {
        Value::Mapping(entries) => {
            let mut found = Vec::with_capacity(entries.len());
            for (key, value) in entries {
                let Some(name) = key.text() else { continue };
                let entry = match (&value.value, value.tag) {
                    (_, Some(Tag::Reset)) => Entry::Reset,
                    // Unquoted, YAML may read it as a number or a boolean,
                    // which Compose writes back in its own way.
                    (Value::Scalar(Some(text)), _) if value.plain => {
                        Entry::Value(super::scalar::as_compose_reads(text))
                    }
                    (Value::Scalar(Some(text)), _) => Entry::Value(Cow::Borrowed(text.as_str())),
                    (Value::Scalar(None), _) => Entry::Bare,
                    _ => {
                        return Err(ComposeError::Invalid(
                            layer.path.to_path_buf(),
                            value.line,
                            format!(
                                "the value of {} in service `{}` is a list or a mapping; Compose takes text, a number, a boolean or nothing",
                                sandbox::text(name),
                                sandbox::text(service)
                            ),
                        ));
                    }
                };
                found.push((name.to_owned(), entry, key.line));
            }
            Ok(found)
        }
        Value::Sequence(items) => Ok(items
            .iter()
            // `- !reset KEY=value`: compose-go drops the item.
            .filter(|item| item.tag != Some(Tag::Reset))
            .filter_map(|item| {
                let text = item.text()?;
                Some(match text.split_once('=') {
                    Some((key, value)) => (
                        key.to_owned(),
                        Entry::Value(Cow::Borrowed(value)),
                        item.line,
                    ),
                    None => (text.to_owned(), Entry::Bare, item.line),
                })
            })
            .collect()),
        Value::Scalar(_) => Ok(Vec::new()),
    }
}
