//! TypeScript and JavaScript: `process.env.X`, `process.env["X"]` with
//! `?? d` or `|| d`, wrappers whose first argument names a setting, and
//! constants, fields and parameter defaults named after a setting.

use tree_sitter::Node;

use super::{Found, Literal, Reader, Via, line};

/// Records what `node` is, if it is a read or a hard-coded value.
pub(super) fn visit(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    match node.kind() {
        "member_expression" => {
            let (Some(object), Some(property)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("property"),
            ) else {
                return;
            };
            if property.kind() == "property_identifier" && is_process_env(reader, object) {
                env_read(reader, node, reader.text(property).to_owned(), found);
            }
        }
        "subscript_expression" => {
            let (Some(object), Some(index)) = (
                node.child_by_field_name("object"),
                node.child_by_field_name("index"),
            ) else {
                return;
            };
            if let Some(var) = string(reader, index)
                && is_process_env(reader, object)
            {
                env_read(reader, node, var, found);
            }
        }
        "call_expression" => wrapper(reader, node, found),
        "arguments" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|argument| is_process_env(reader, argument))
            {
                reader.env_whole();
            }
        }
        "pair" => schema_key(reader, node),
        "variable_declarator" => {
            destructured(reader, node, found);
            module_binding(reader, node);
            named_value(reader, node, "name", "value", found);
        }
        "public_field_definition" | "field_definition" => {
            named_value(reader, node, "name", "value", found);
        }
        "required_parameter" | "optional_parameter" => {
            named_value(reader, node, "pattern", "value", found);
        }
        "assignment_pattern" if !from_env_pattern(reader, node) => {
            named_value(reader, node, "left", "right", found);
        }
        _ => {}
    }
}

/// `const { JWT_ISSUER, JWT_SECRET = "dev", JWT_AUDIENCE: audience } =
/// process.env`: each name taken out of the environment is a read, with
/// the default its pattern gives.
fn destructured(reader: &Reader<'_>, declarator: Node<'_>, found: &mut Vec<Found>) {
    let (Some(pattern), Some(value)) = (
        declarator.child_by_field_name("name"),
        declarator.child_by_field_name("value"),
    ) else {
        return;
    };
    if pattern.kind() != "object_pattern" || !is_process_env(reader, value) {
        return;
    }
    let mut cursor = pattern.walk();
    for part in pattern.named_children(&mut cursor) {
        let (name, default) = match part.kind() {
            "shorthand_property_identifier_pattern" => (Some(part), None),
            "object_assignment_pattern" => (
                part.child_by_field_name("left"),
                part.child_by_field_name("right"),
            ),
            "pair_pattern" => (
                part.child_by_field_name("key"),
                part.child_by_field_name("value")
                    .filter(|value| value.kind() == "assignment_pattern")
                    .and_then(|value| value.child_by_field_name("right")),
            ),
            _ => (None, None),
        };
        if let Some(name) = name {
            push_read(
                reader,
                part,
                reader.text(name).to_owned(),
                default,
                Via::Env,
                found,
            );
        }
    }
}

/// Whether `node` (`audience = "web"`) is the default of a name
/// destructured from `process.env` ([`destructured`] reads it).
fn from_env_pattern(reader: &Reader<'_>, node: Node<'_>) -> bool {
    let declarator = node
        .parent()
        .filter(|pair| pair.kind() == "pair_pattern")
        .and_then(|pair| pair.parent())
        .filter(|pattern| pattern.kind() == "object_pattern")
        .and_then(|pattern| pattern.parent());
    declarator.is_some_and(|declarator| {
        declarator.kind() == "variable_declarator"
            && declarator
                .child_by_field_name("value")
                .is_some_and(|value| is_process_env(reader, value))
    })
}

/// A read of `process.env`, with the default after `??` or `||`.
fn env_read(reader: &Reader<'_>, node: Node<'_>, var: String, found: &mut Vec<Found>) {
    let default = fallback(node);
    push_read(reader, node, var, default, Via::Env, found);
}

/// Records a read of `var` at `node` falling back to `default`: a literal,
/// or a name resolved once the whole file is seen.
fn push_read(
    reader: &Reader<'_>,
    node: Node<'_>,
    var: String,
    default: Option<Node<'_>>,
    via: Via,
    found: &mut Vec<Found>,
) {
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

/// A binding of the module's scope (`const X = 30`, exported or not), for
/// a read that falls back to it; a `let` or `var` binding is recorded as
/// no constant.
fn module_binding(reader: &Reader<'_>, declarator: Node<'_>) {
    let Some(name) = declarator
        .child_by_field_name("name")
        .filter(|name| name.kind() == "identifier")
    else {
        return;
    };
    let Some(declaration) = declarator.parent() else {
        return;
    };
    let mut scope = declaration.parent();
    if scope.is_some_and(|scope| scope.kind() == "export_statement") {
        scope = scope.and_then(|scope| scope.parent());
    }
    if scope.is_none_or(|scope| scope.kind() != "program") {
        return;
    }
    let constant = declaration.kind() == "lexical_declaration"
        && declaration
            .child_by_field_name("kind")
            .is_some_and(|kind| reader.text(kind) == "const");
    let literal = declarator
        .child_by_field_name("value")
        .filter(|_| constant)
        .and_then(|value| literal(reader, value));
    reader.binds(name, literal);
}

/// What follows `??` or `||` when `node` is on their left.
fn fallback(node: Node<'_>) -> Option<Node<'_>> {
    let mut left = node;
    let mut parent = node.parent()?;
    let mut steps = super::MAX_STEPS;
    while matches!(
        parent.kind(),
        "parenthesized_expression" | "non_null_expression"
    ) {
        steps = steps.checked_sub(1)?;
        left = parent;
        parent = parent.parent()?;
    }
    if parent.kind() != "binary_expression"
        || parent.child_by_field_name("left")? != left
        || !matches!(
            parent.child_by_field_name("operator").map(|op| op.kind()),
            Some("??" | "||")
        )
    {
        return None;
    }
    parent.child_by_field_name("right")
}

/// `process.env`.
fn is_process_env(reader: &Reader<'_>, node: Node<'_>) -> bool {
    node.kind() == "member_expression"
        && node
            .child_by_field_name("object")
            .is_some_and(|object| reader.text(object) == "process")
        && node
            .child_by_field_name("property")
            .is_some_and(|property| reader.text(property) == "env")
}

/// `NAME: <schema>` in an object literal, a variable in upper snake case:
/// a read if the file validates `process.env` whole (Joi, zod,
/// envalid), with the default the schema gives (`.default(30)`,
/// `{ default: 30 }`).
fn schema_key(reader: &Reader<'_>, pair: Node<'_>) {
    let (Some(key), Some(value)) = (
        pair.child_by_field_name("key"),
        pair.child_by_field_name("value"),
    ) else {
        return;
    };
    let name = match key.kind() {
        "property_identifier" => reader.text(key).to_owned(),
        "string" => match string(reader, key) {
            Some(name) => name,
            None => return,
        },
        _ => return,
    };
    let upper_snake = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if !upper_snake {
        return;
    }
    reader.schema_key(Found {
        written: name.clone(),
        var: name,
        default: schema_default(reader, value).and_then(|d| literal(reader, d)),
        line: line(pair),
        via: Via::Env,
    });
}

/// The default a schema of one variable gives: the argument of a
/// `.default(..)` in its chain (Joi, zod), or the `default` of the
/// options object a validator is called with (envalid's `num({ default:
/// 30 })`).
fn schema_default<'t>(reader: &Reader<'_>, value: Node<'t>) -> Option<Node<'t>> {
    let mut node = value;
    while node.kind() == "call_expression" {
        let function = node.child_by_field_name("function")?;
        let first = node.child_by_field_name("arguments")?.named_child(0);
        let method = (function.kind() == "member_expression")
            .then(|| function.child_by_field_name("property"))
            .flatten();
        if method.is_some_and(|method| reader.text(method) == "default") {
            return first;
        }
        if let Some(options) = first.filter(|first| first.kind() == "object") {
            let mut cursor = options.walk();
            let default = options
                .named_children(&mut cursor)
                .filter(|pair| pair.kind() == "pair")
                .find(|pair| {
                    pair.child_by_field_name("key")
                        .is_some_and(|key| reader.text(key) == "default")
                })
                .and_then(|pair| pair.child_by_field_name("value"));
            if default.is_some() {
                return default;
            }
        }
        node = function.child_by_field_name("object")?;
    }
    None
}

/// A call whose first argument names a setting: `getEnv("X", d)`.
fn wrapper(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    let Some((_, args)) = reader.call_parts(node) else {
        return;
    };
    let Some(var) = args.first().and_then(|first| string(reader, *first)) else {
        return;
    };
    if !reader.is_registry_name(&var) {
        return;
    }
    push_read(reader, node, var, args.get(1).copied(), Via::Wrapper, found);
}

/// `name = literal` where `name` stands for a setting.
fn named_value(
    reader: &Reader<'_>,
    node: Node<'_>,
    name_field: &str,
    value_field: &str,
    found: &mut Vec<Found>,
) {
    let (Some(name), Some(value)) = (
        node.child_by_field_name(name_field),
        node.child_by_field_name(value_field),
    ) else {
        return;
    };
    if !matches!(name.kind(), "identifier" | "property_identifier") {
        return;
    }
    if let Some(literal) = literal(reader, value) {
        found.extend(reader.hard_coded(name, literal));
    }
}

/// The content of a string literal, or of a template without substitutions.
fn string(reader: &Reader<'_>, node: Node<'_>) -> Option<String> {
    if !matches!(node.kind(), "string" | "template_string") {
        return None;
    }
    let mut cursor = node.walk();
    let mut text = String::new();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "string_fragment" | "escape_sequence" => text.push_str(reader.text(child)),
            _ => return None,
        }
    }
    Some(text)
}

/// A literal: a string, a number, `true`/`false`.
fn literal(reader: &Reader<'_>, node: Node<'_>) -> Option<Literal> {
    match node.kind() {
        "string" | "template_string" => {
            string(reader, node).map(|text| Literal { text, quoted: true })
        }
        "number" => Some(reader.number(node)),
        "true" | "false" => Some(Literal {
            text: reader.text(node).to_owned(),
            quoted: false,
        }),
        _ => reader.product_of(node, "number"),
    }
}
