//! YAML documents as the Compose and Kubernetes readers need them: scalars
//! kept as written, each node with its line, merge keys (`<<: *defaults`)
//! applied, and limits that hold under hostile input.
//!
//! Built on `saphyr-parser`'s events: the maintained YAML 1.2 parser of the
//! yaml-rust line (serde_yaml is archived), with positions on every event
//! and no type coercion to undo. The tree is built here, so that aliases
//! are expanded within a budget (a "billion laughs" file is refused, not
//! expanded) and nesting has a bound.

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser};
use zeroize::Zeroizing;

/// Deeper than any real Compose file or manifest.
const MAX_DEPTH: usize = 128;

/// A YAML node and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

/// `Debug` shows a scalar's length, never its text: a Secret's
/// `stringData` or a Compose `environment:` value is a secret.
#[derive(Clone, PartialEq)]
pub enum Value {
    /// A scalar as written (`true`, `0123` and `~` stay text), wiped when
    /// dropped; `null` for an empty or `null`/`~` plain scalar.
    Scalar(Option<Zeroizing<String>>),
    Sequence(Vec<Node>),
    /// Entries in document order.
    Mapping(Vec<(Node, Node)>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Scalar(None) => f.write_str("Null"),
            Value::Scalar(Some(text)) => write!(f, "Scalar({} bytes)", text.len()),
            Value::Sequence(items) => f.debug_tuple("Sequence").field(items).finish(),
            Value::Mapping(entries) => f.debug_tuple("Mapping").field(entries).finish(),
        }
    }
}

impl Node {
    /// The scalar's text, if this is a scalar that is not null.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => text.as_deref().map(String::as_str),
            _ => None,
        }
    }

    /// The value of `key` in this mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| k.text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entries of this mapping; none for anything else.
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// What this node costs to copy: one per node it holds, itself
    /// included, plus the bytes of its scalars.
    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Scalar(text) => text.as_ref().map_or(0, |text| text.len()),
            Value::Sequence(items) => items.iter().map(Node::size).sum(),
            Value::Mapping(entries) => entries.iter().map(|(k, v)| k.size() + v.size()).sum(),
        }
    }
}

/// A document that cannot be read, by its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Every document of `text`. Aliases may expand to at most as many nodes
/// and scalar bytes, in all, as the text is long (1,000 at least).
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder {
        anchors: HashMap::new(),
        stack: Vec::new(),
        documents: Vec::new(),
        // Expansions may add as much as the text could hold itself.
        budget: text.len().max(1_000),
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|err| YamlError {
            line: err.marker().line(),
            message: err.info().to_owned(),
        })?;
        builder.event(event, span.start.line())?;
    }
    Ok(builder.documents)
}

/// A collection being built: its line, anchor, and what it holds so far.
enum Open {
    Sequence(usize, usize, Vec<Node>),
    /// A mapping, and a key waiting for its value.
    Mapping(usize, usize, Vec<(Node, Node)>, Option<Node>),
}

struct Builder {
    anchors: HashMap<usize, Node>,
    stack: Vec<Open>,
    documents: Vec<Node>,
    budget: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, line: usize) -> Result<(), YamlError> {
        let fail = |message: &str| YamlError {
            line,
            message: message.to_owned(),
        };
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let plain = matches!(style, saphyr_parser::ScalarStyle::Plain);
                let value = if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    None
                } else {
                    Some(Zeroizing::new(text.into_owned()))
                };
                self.node(
                    Node {
                        line,
                        value: Value::Scalar(value),
                    },
                    anchor,
                )?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _)
                if self.stack.len() >= MAX_DEPTH =>
            {
                let _ = anchor;
                return Err(fail("nested too deeply"));
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::Sequence(line, anchor, Vec::new()))
            }
            Event::MappingStart(anchor, _) => {
                self.stack
                    .push(Open::Mapping(line, anchor, Vec::new(), None))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Open::Sequence(line, anchor, items)) => (
                        Node {
                            line,
                            value: Value::Sequence(items),
                        },
                        anchor,
                    ),
                    Some(Open::Mapping(line, anchor, entries, _)) => (
                        Node {
                            line,
                            value: Value::Mapping(merge(entries)),
                        },
                        anchor,
                    ),
                    None => return Err(fail("a collection ends that never began")),
                };
                self.node(node.0, node.1)?;
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id) else {
                    return Err(fail("an alias to an anchor that is not defined"));
                };
                let size = node.size();
                if size > self.budget {
                    return Err(fail(
                        "aliases expand to more than the file could hold: refused",
                    ));
                }
                self.budget -= size;
                let mut node = node.clone();
                node.line = line;
                self.node(node, 0)?;
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
        Ok(())
    }

    /// A finished node: into the collection being built, or a document.
    fn node(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Open::Sequence(_, _, items)) => items.push(node),
            Some(Open::Mapping(_, _, entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// A mapping with its merge keys (`<<: *map` or `<<: [*a, *b]`) applied:
/// merged entries come after the mapping's own, and never replace them.
fn merge(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| k.text() == Some("<<")) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(k, _)| k.text() == Some("<<"));
    for (_, value) in merges {
        let sources = match value.value {
            Value::Mapping(_) => vec![value],
            Value::Sequence(items) => items,
            Value::Scalar(_) => Vec::new(),
        };
        for source in sources {
            if let Value::Mapping(merged) = source.value {
                for (k, v) in merged {
                    if !own.iter().any(|(key, _)| key.text() == k.text()) {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_scalar_text() {
        let docs = parse("stringData:\n  JWT_SECRET_KEY: s3cr3t-from-a-manifest\n").unwrap();
        let shown = format!("{docs:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!shown.contains("JWT_SECRET_KEY"), "{shown}");
        assert!(shown.contains("Scalar(22 bytes)"), "{shown}");
    }

    #[test]
    fn scalars_stay_as_written_with_their_lines() {
        let docs = parse("a: true\nb: 0123\nc:\nd: 'x'\n---\n- 1\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].get("a").unwrap().text(), Some("true"));
        assert_eq!(docs[0].get("b").unwrap().text(), Some("0123"));
        assert_eq!(docs[0].get("c").unwrap().text(), None);
        assert_eq!(docs[0].get("d").unwrap().line, 4);
        let Value::Sequence(items) = &docs[1].value else {
            panic!("{:?}", docs[1])
        };
        assert_eq!(items[0].text(), Some("1"));
    }

    #[test]
    fn merge_keys_fill_in_without_replacing() {
        let text = "base: &base\n  A: '1'\n  B: '2'\nsvc:\n  <<: *base\n  B: '3'\n";
        let docs = parse(text).unwrap();
        let svc = docs[0].get("svc").unwrap();
        assert_eq!(svc.get("A").unwrap().text(), Some("1"));
        assert_eq!(svc.get("B").unwrap().text(), Some("3"));
    }

    #[test]
    fn a_billion_laughs_is_refused_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='k' {
            text.push_str(&format!(
                "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
            previous = name;
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{err}");
    }

    #[test]
    fn one_long_scalar_aliased_many_times_is_refused() {
        // 64 KiB of text that would copy its one scalar 1,000 times (64 MB)
        // with few nodes: the budget counts bytes, not nodes alone.
        let mut text = format!("a: &a {}\nb: [", "x".repeat(60_000));
        text.push_str(&vec!["*a"; 1_000].join(", "));
        text.push_str("]\n");
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{err}");
        // One copy stays within the budget.
        let once = format!("a: &a {}\nb: *a\n", "x".repeat(60_000));
        assert_eq!(
            parse(&once).unwrap()[0]
                .get("b")
                .unwrap()
                .text()
                .map(str::len),
            Some(60_000)
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&text).is_err());
    }
}
