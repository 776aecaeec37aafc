//! Python: `os.getenv`, `os.environ.get` / `[...]`, wrappers whose first
//! argument names a setting, pydantic-settings `BaseSettings` fields, and
//! constants, annotated assignments and parameter defaults named after a
//! setting.

mod pydantic;

use tree_sitter::Node;

use super::{Found, Literal, Reader, Via, line};

/// Records what `node` is, if it is a read or a hard-coded value.
pub(super) fn visit(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    match node.kind() {
        "call" => call(reader, node, found),
        "subscript" => subscript(reader, node, found),
        "class_definition" => pydantic::settings_class(reader, node, found),
        "assignment" => {
            let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return;
            };
            if left.kind() != "identifier" {
                return;
            }
            if in_module_scope(node) {
                reader.binds(left, literal(reader, right));
            }
            // A settings field is an environment read, found with its class.
            if !pydantic::is_field(reader, node) {
                hard_coded(reader, left, right, found);
            }
        }
        "default_parameter" | "typed_default_parameter" => {
            let (Some(name), Some(value)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) else {
                return;
            };
            if name.kind() == "identifier" {
                hard_coded(reader, name, value, found);
            }
        }
        _ => {}
    }
}

/// Whether `node` binds a name of the module's scope: not inside a
/// function, class or lambda (an `if` or `try` at module level is still
/// the module's scope).
fn in_module_scope(node: Node<'_>) -> bool {
    let mut ancestor = node.parent();
    for _ in 0..super::MAX_STEPS {
        let Some(node) = ancestor else {
            return false;
        };
        match node.kind() {
            "module" => return true,
            "function_definition" | "class_definition" | "lambda" => return false,
            _ => ancestor = node.parent(),
        }
    }
    // Deeper than any binding of the module's own.
    false
}

/// `name = value` where `name` stands for a setting and `value` is a literal.
fn hard_coded(reader: &Reader<'_>, name: Node<'_>, value: Node<'_>, found: &mut Vec<Found>) {
    if let Some(literal) = literal(reader, value) {
        found.extend(reader.hard_coded(name, literal));
    }
}

/// `os.getenv("X", d)`, `os.environ.get("X", d)`, or a wrapper.
fn call(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    let Some((function, args)) = reader.call_parts(node) else {
        return;
    };
    let Some(var) = args.first().and_then(|first| string(reader, *first)) else {
        return;
    };
    let via = match function.kind() {
        // pydantic's alias lists name variables without reading them; a
        // settings field that holds one is read with its class.
        _ if pydantic::is_alias_list(reader, function) => return,
        "identifier" if reader.text(function) == "getenv" => Via::Env,
        "attribute" => {
            let method = function
                .child_by_field_name("attribute")
                .map_or("", |n| reader.text(n));
            let object = function.child_by_field_name("object");
            // `os.getenv`, or `get`/`setdefault`/`pop` on `os.environ`.
            if method == "getenv"
                || (matches!(method, "get" | "setdefault" | "pop")
                    && object.is_some_and(|object| is_environ(reader, object)))
            {
                Via::Env
            } else {
                Via::Wrapper
            }
        }
        _ => Via::Wrapper,
    };
    if via == Via::Wrapper && !reader.is_registry_name(&var) {
        return;
    }
    // The default: the second positional argument, else `default=`.
    let positional = args
        .iter()
        .skip(1)
        .find(|arg| arg.kind() != "keyword_argument" && arg.kind() != "comment");
    let keyword = args.iter().find_map(|arg| {
        (arg.kind() == "keyword_argument"
            && arg
                .child_by_field_name("name")
                .is_some_and(|name| reader.text(name) == "default"))
        .then(|| arg.child_by_field_name("value"))
        .flatten()
    });
    let default = positional.copied().or(keyword).or_else(|| or_default(node));
    found.push(Found {
        written: var.clone(),
        var,
        default: default.and_then(|value| literal(reader, value)),
        line: line(node),
        via,
    });
    if let Some(name) = default.filter(|value| value.kind() == "identifier") {
        reader.falls_back_to(found, name);
    }
}

/// What follows `or` when `node` is on its left (`os.getenv("X") or "15"`:
/// an empty value falls back too).
fn or_default(node: Node<'_>) -> Option<Node<'_>> {
    let parent = node.parent()?;
    (parent.kind() == "boolean_operator"
        && parent.child_by_field_name("operator")?.kind() == "or"
        && parent.child_by_field_name("left")? == node)
        .then(|| parent.child_by_field_name("right"))
        .flatten()
}

/// `os.environ["X"]`, `environ["X"]`.
fn subscript(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    let (Some(value), Some(index)) = (
        node.child_by_field_name("value"),
        node.child_by_field_name("subscript"),
    ) else {
        return;
    };
    if !is_environ(reader, value) {
        return;
    }
    let Some(var) = string(reader, index) else {
        return;
    };
    found.push(Found {
        written: var.clone(),
        var,
        default: None,
        line: line(node),
        via: Via::Env,
    });
}

/// `environ` or `<anything>.environ`.
fn is_environ(reader: &Reader<'_>, node: Node<'_>) -> bool {
    match node.kind() {
        "identifier" => reader.text(node) == "environ",
        "attribute" => node
            .child_by_field_name("attribute")
            .is_some_and(|name| reader.text(name) == "environ"),
        _ => false,
    }
}

/// The content of a plain string literal; `None` for an f-string, a
/// concatenation or anything else.
fn string(reader: &Reader<'_>, node: Node<'_>) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut cursor = node.walk();
    let mut text = String::new();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" | "string_end" => {}
            "string_content" => text.push_str(reader.text(child)),
            _ => return None,
        }
    }
    Some(text)
}

/// A literal: a string, a number, `True`/`False`.
fn literal(reader: &Reader<'_>, node: Node<'_>) -> Option<Literal> {
    match node.kind() {
        "string" => string(reader, node).map(|text| Literal { text, quoted: true }),
        "integer" | "float" => Some(reader.number(node)),
        "true" | "false" => Some(Literal {
            text: reader.text(node).to_ascii_lowercase(),
            quoted: false,
        }),
        _ => reader.product_of(node, "integer"),
    }
}
