//! YAML documents as the Compose and Kubernetes readers need them: scalars
//! kept as written, each node with its line, merge keys (`<<: *defaults`)
//! applied, and limits that hold under hostile input.
//!
//! Built on `saphyr-parser`'s events: the maintained YAML 1.2 parser of the
//! yaml-rust line (serde_yaml is archived), with positions on every event
//! and no type coercion to undo. The tree is built here, so that aliases
//! are expanded within a budget (a "billion laughs" file is refused, not
//! expanded) and nesting has a bound.
//!
//! What Compose (compose-go, through go-yaml v3) and `kubectl` (strict
//! field validation, its default) refuse is refused here too, by its line:
//! a key twice in one mapping (merge keys aside), and characters YAML does
//! not allow in a stream (C0 controls but tab and line breaks, DEL, C1
//! controls but NEL), which some parsers drop or stop at in silence. A
//! leading byte-order mark is skipped, as both skip it.

use std::collections::{HashMap, HashSet};
use std::fmt;

use saphyr_parser::{Event, Parser};
use zeroize::Zeroizing;

/// Deeper than any real Compose file or manifest.
const MAX_DEPTH: usize = 128;

/// How many nodes aliases may copy in all: ordinary sharing (an `&env`
/// anchor used by every service) fits many times over; go-yaml v3, which
/// Compose reads with, refuses only aliasing out of proportion too.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// How many scalar bytes aliases may copy in all, for a text of `len`
/// bytes: sixteen times the text, 1 MiB at least.
fn alias_bytes(len: usize) -> usize {
    len.saturating_mul(16).max(1 << 20)
}

/// A YAML node and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
    /// Compose's `!reset` or `!override`, when the node has one.
    pub tag: Option<Tag>,
    /// A scalar written plain (no quotes) and with no tag: YAML's
    /// resolution may read it as a number or a boolean.
    pub plain: bool,
}

/// The tags of Compose's merge of files and documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `!reset`: what earlier files set here goes, and this too.
    Reset,
    /// `!override`: what earlier files set here goes; this replaces it.
    Override,
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

    /// What this node costs to copy: the nodes it holds, itself included,
    /// and the bytes of its scalars.
    fn size(&self) -> (usize, usize) {
        let add = |(n, b): (usize, usize), (m, c): (usize, usize)| (n + m, b + c);
        match &self.value {
            Value::Scalar(text) => (1, text.as_ref().map_or(0, |text| text.len())),
            Value::Sequence(items) => items.iter().map(Node::size).fold((1, 0), add),
            Value::Mapping(entries) => entries
                .iter()
                .map(|(k, v)| add(k.size(), v.size()))
                .fold((1, 0), add),
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

/// Every document of `text`. Aliases may copy at most
/// `MAX_ALIAS_NODES` (100,000) nodes, and sixteen times the text's bytes (1 MiB at
/// least), in all.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = text.find(not_allowed) {
        let c = text[at..].chars().next().unwrap_or_default();
        return Err(YamlError {
            line: 1 + text[..at].bytes().filter(|&b| b == b'\n').count(),
            message: format!(
                "the control character U+{:04X}, which YAML does not allow (Compose and kubectl refuse the file); remove it, or write it as an escape in a double-quoted string",
                u32::from(c)
            ),
        });
    }
    let mut builder = Builder {
        anchors: HashMap::new(),
        stack: Vec::new(),
        documents: Vec::new(),
        nodes_left: MAX_ALIAS_NODES,
        bytes_left: alias_bytes(text.len()),
        anchored_left: MAX_ALIAS_NODES,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|err| YamlError {
            line: err.marker().line(),
            message: err.info().to_owned(),
        })?;
        // An anchor may keep a copy of anything read so far.
        builder.anchored_left = builder.anchored_left.saturating_add(1);
        builder.event(event, span.start.line())?;
    }
    Ok(builder.documents)
}

/// Whether YAML refuses `c` in a stream: outside its printable set.
fn not_allowed(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{85}' => false,
        c => c.is_control() || c == '\u{fffe}' || c == '\u{ffff}',
    }
}

/// The tag of an event, when it is one of Compose's.
fn tag_of(tag: Option<&saphyr_parser::Tag>) -> Option<Tag> {
    let tag = tag?;
    match (tag.handle.as_str(), tag.suffix.as_str()) {
        ("!", "reset") => Some(Tag::Reset),
        ("!", "override") => Some(Tag::Override),
        _ => None,
    }
}

/// A collection being built: where it starts, and what it holds so far.
enum Open {
    Sequence(Start, Vec<Node>),
    /// A mapping, and a key waiting for its value.
    Mapping(Start, Vec<(Node, Node)>, Option<Node>),
}

/// Where a collection starts: its line, anchor and tag.
struct Start {
    line: usize,
    anchor: usize,
    tag: Option<Tag>,
}

struct Builder {
    anchors: HashMap<usize, Node>,
    stack: Vec<Open>,
    documents: Vec<Node>,
    /// What aliases (and the copies anchors keep) may still copy.
    nodes_left: usize,
    bytes_left: usize,
    /// The nodes anchors may still keep copies of: one for each node read,
    /// and [`MAX_ALIAS_NODES`] more. Anchors nested in anchors copy their
    /// nodes once for each, which this bounds.
    anchored_left: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, line: usize) -> Result<(), YamlError> {
        let fail = |message: &str| YamlError {
            line,
            message: message.to_owned(),
        };
        match event {
            Event::Scalar(text, style, anchor, tag) => {
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
                        plain: plain && tag.is_none(),
                        tag: tag_of(tag.as_deref()),
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
            Event::SequenceStart(anchor, tag) => self.stack.push(Open::Sequence(
                Start {
                    line,
                    anchor,
                    tag: tag_of(tag.as_deref()),
                },
                Vec::new(),
            )),
            Event::MappingStart(anchor, tag) => self.stack.push(Open::Mapping(
                Start {
                    line,
                    anchor,
                    tag: tag_of(tag.as_deref()),
                },
                Vec::new(),
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                let (start, value) = match self.stack.pop() {
                    Some(Open::Sequence(start, items)) => (start, Value::Sequence(items)),
                    Some(Open::Mapping(start, entries, _)) => {
                        unique_keys(&entries)?;
                        (start, Value::Mapping(merge(entries)))
                    }
                    None => return Err(fail("a collection ends that never began")),
                };
                let node = Node {
                    line: start.line,
                    value,
                    tag: start.tag,
                    plain: false,
                };
                self.node(node, start.anchor)?;
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id) else {
                    return Err(fail("an alias to an anchor that is not defined"));
                };
                let (nodes, bytes) = node.size();
                if nodes > self.nodes_left || bytes > self.bytes_left {
                    return Err(fail(&format!(
                        "aliases copy more than {MAX_ALIAS_NODES} nodes, or sixteen times the file's bytes, in all: refused as a \"billion laughs\""
                    )));
                }
                self.nodes_left -= nodes;
                self.bytes_left -= bytes;
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
            let (nodes, bytes) = node.size();
            if nodes > self.anchored_left || bytes > self.bytes_left {
                return Err(YamlError {
                    line: node.line,
                    message: "anchors nested in anchors copy more than the file holds: refused as a \"billion laughs\"".to_owned(),
                });
            }
            self.anchored_left -= nodes;
            self.bytes_left -= bytes;
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Open::Sequence(_, items)) => items.push(node),
            Some(Open::Mapping(_, entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// Refuses a mapping that holds a scalar key twice, as go-yaml v3 (and so
/// Compose, whose loader refuses two merge keys `<<` too) and `kubectl`'s
/// strict validation do.
fn unique_keys(entries: &[(Node, Node)]) -> Result<(), YamlError> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    for (key, _) in entries {
        let Some(text) = key.text() else {
            continue;
        };
        if let Some(first) = seen.insert(text, key.line) {
            return Err(YamlError {
                line: key.line,
                message: format!(
                    "the key `{}` is set again in the mapping where line {first} sets it; Compose and kubectl refuse the file: keep one",
                    crate::sandbox::text(text)
                ),
            });
        }
    }
    Ok(())
}

/// A mapping with its merge keys (`<<: *map` or `<<: [*a, *b]`) applied:
/// merged entries come after the mapping's own, and never replace them; of
/// two merged mappings that set one key, the first wins. Linear in the
/// entries.
fn merge(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| k.text() == Some("<<")) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(k, _)| k.text() == Some("<<"));
    let mut keys: HashSet<Option<String>> = own
        .iter()
        .map(|(key, _)| key.text().map(str::to_owned))
        .collect();
    for (_, value) in merges {
        let sources = match value.value {
            Value::Mapping(_) => vec![value],
            Value::Sequence(items) => items,
            Value::Scalar(_) => Vec::new(),
        };
        for source in sources {
            if let Value::Mapping(merged) = source.value {
                for (k, v) in merged {
                    if keys.insert(k.text().map(str::to_owned)) {
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
        assert!(err.message.contains("billion laughs"), "{err}");
    }

    #[test]
    fn an_anchor_shared_by_services_is_read() {
        // Twenty variables in one anchor, used by two services: 938 bytes
        // that an earlier budget (the file's length) refused.
        let mut text = String::from("x-env: &env\n");
        for i in 0..20 {
            text.push_str(&format!("  VARIABLE_NUMBER_{i:02}: value-number-{i:02}\n"));
        }
        text.push_str("services:\n  api:\n    environment: *env\n  web:\n    environment:\n      <<: *env\n      EXTRA: x\n");
        let docs = parse(&text).unwrap();
        let web = docs[0].get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("environment").unwrap().entries().len(), 21);
    }

    #[test]
    fn a_large_anchor_merged_into_three_services_is_read() {
        // A real stack's 17 KB anchor of shared settings, merged three times.
        let mut text = String::from("x-shared: &shared\n");
        for i in 0..450 {
            text.push_str(&format!("  SHARED_SETTING_{i:03}: shared-value-{i:03}\n"));
        }
        assert!(text.len() > 17_000, "{}", text.len());
        text.push_str("services:\n");
        for name in ["auth", "rest", "studio"] {
            text.push_str(&format!(
                "  {name}:\n    environment:\n      <<: *shared\n      OWN: x\n"
            ));
        }
        let docs = parse(&text).unwrap();
        let services = docs[0].get("services").unwrap();
        for (_, service) in services.entries() {
            assert_eq!(service.get("environment").unwrap().entries().len(), 451);
        }
    }

    #[test]
    fn a_key_twice_in_one_mapping_is_refused_by_its_line() {
        let err = parse("services:\n  api:\n    image: a\n  api:\n    image: b\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(
            err.message.contains("`api`") && err.message.contains("line 2"),
            "{err}"
        );
        // Two merge keys are refused too (a list merges several); merged
        // keys never clash with own keys.
        assert!(parse("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n").is_err());
        assert!(parse("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n").is_ok());
    }

    #[test]
    fn control_characters_are_refused_by_their_line_and_a_bom_is_skipped() {
        for bad in ["a: 1\nb: x\u{0}y\n", "a: 1\nb: x\u{7f}y\n"] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.line, 2, "{bad:?}");
            assert!(err.message.contains("control character"), "{err}");
        }
        let docs = parse("\u{feff}services:\n  api: {}\n").unwrap();
        assert!(docs[0].get("services").is_some());
    }

    #[test]
    fn compose_tags_are_kept() {
        let docs = parse("environment: !override\n  A: '1'\nenv_file: !reset []\n").unwrap();
        assert_eq!(docs[0].get("environment").unwrap().tag, Some(Tag::Override));
        assert_eq!(docs[0].get("env_file").unwrap().tag, Some(Tag::Reset));
    }

    #[test]
    fn merging_many_keys_is_linear_and_bounded() {
        let merged = |keys: usize| {
            let mut text = String::from("base: &base\n");
            for i in 0..keys {
                text.push_str(&format!("  K{i}: v\n"));
            }
            text.push_str("svc:\n  <<: *base\n  K1: own\n");
            parse(&text)
        };
        // 40,000 keys merged into a mapping that sets one of them.
        let docs = merged(40_000).unwrap();
        let svc = docs[0].get("svc").unwrap();
        assert_eq!(svc.entries().len(), 40_000);
        assert_eq!(svc.get("K1").unwrap().text(), Some("own"));
        // 80,000 keys copy 160,001 nodes: past the bound.
        assert!(
            merged(80_000)
                .unwrap_err()
                .message
                .contains("billion laughs")
        );
    }

    #[test]
    fn anchors_nested_in_anchors_are_refused_not_copied_at_every_level() {
        // 120 anchors, each around the next, around 20,000 scalars: each
        // level keeps a copy of all below it.
        let mut text = String::from("x: ");
        for i in 0..120 {
            text.push_str(&format!("&a{i} ["));
        }
        text.push_str(&vec!["v"; 20_000].join(", "));
        text.push_str(&"]".repeat(120));
        text.push('\n');
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("billion laughs"), "{err}");
        // One anchor around the whole of it is a copy of what was read.
        let once = format!("x: &all [{}]\ny: 1\n", vec!["v"; 20_000].join(", "));
        assert!(parse(&once).is_ok());
    }

    #[test]
    fn one_long_scalar_aliased_many_times_is_refused() {
        // 64 KiB of text that would copy its one scalar 1,000 times (64 MB)
        // with few nodes: the budget counts bytes, not nodes alone.
        let mut text = format!("a: &a {}\nb: [", "x".repeat(60_000));
        text.push_str(&vec!["*a"; 1_000].join(", "));
        text.push_str("]\n");
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("billion laughs"), "{err}");
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
