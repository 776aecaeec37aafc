//! Rust: `std::env::var`, `env::var_os`, `dotenvy::var`, `env!` and
//! `option_env!`, with the default of an `unwrap_or` / `unwrap_or_else` on
//! the read; wrappers whose first argument names a setting; and `const` /
//! `static` items named after a setting. A struct deriving `JwtSettings`
//! names its variables in `#[jwt(...)]` attributes, which the derive
//! checks at compile time: attributes are not read here, so it yields
//! nothing. Test-only code (`#[cfg(test)]`, `#[test]`) is not entered.

use tree_sitter::Node;

use super::{Found, Literal, Reader, Via, line};

/// Records what `node` is, if it is a read or a hard-coded value.
pub(super) fn visit(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    match node.kind() {
        "call_expression" => call(reader, node, found),
        "macro_invocation" => env_macro(reader, node, found),
        "token_tree" => token_read(reader, node, found),
        "const_item" | "static_item" => {
            let (Some(name), Some(value)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) else {
                return;
            };
            let Some(var) = reader.setting_named(reader.text(name)) else {
                return;
            };
            if let Some(literal) = literal(reader, value, Some(&var)) {
                found.extend(reader.hard_coded(name, literal));
            }
        }
        _ => {}
    }
}

/// Whether `node` is an item compiled for tests only: preceded by
/// `#[cfg(test)]`, `#[test]` or a `…::test` attribute (`#[tokio::test]`).
pub(super) fn test_only(reader: &Reader<'_>, node: Node<'_>) -> bool {
    if !matches!(node.kind(), "mod_item" | "function_item" | "impl_item") {
        return false;
    }
    let mut sibling = node.prev_named_sibling();
    while let Some(attribute) = sibling.filter(|s| s.kind() == "attribute_item") {
        let text: String = reader
            .text(attribute)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if text == "#[cfg(test)]" || text == "#[test]" || text.ends_with("::test]") {
            return true;
        }
        sibling = attribute.prev_named_sibling();
    }
    false
}

/// `std::env::var("X")`, `env::var_os("X")`, `dotenvy::var("X")`, or a
/// wrapper: any other call whose first argument names a setting, its second
/// the default (`get_env("X", "15")`, `config.get("X")`).
fn call(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    let Some((function, args)) = reader.call_parts(node) else {
        return;
    };
    let Some(var) = args.first().and_then(|first| string(reader, *first)) else {
        return;
    };
    let (via, default) = if is_env_read(reader, function) {
        (Via::Env, chained_default(reader, node, &var))
    } else if reader.is_registry_name(&var) {
        let default = args
            .get(1)
            .and_then(|arg| literal(reader, *arg, Some(&var)))
            .or_else(|| chained_default(reader, node, &var));
        (Via::Wrapper, default)
    } else {
        return;
    };
    found.push(Found {
        written: var.clone(),
        var,
        default,
        line: line(node),
        via,
    });
}

/// A path to a function that reads the environment: `…env::var`,
/// `…env::var_os`, `dotenvy::var`, `dotenv::var`.
fn is_env_read(reader: &Reader<'_>, function: Node<'_>) -> bool {
    if function.kind() != "scoped_identifier" {
        return false;
    }
    let (Some(path), Some(name)) = (
        function.child_by_field_name("path"),
        function.child_by_field_name("name"),
    ) else {
        return false;
    };
    let module = reader.text(path).rsplit("::").next().unwrap_or("").trim();
    let name = reader.text(name);
    match module {
        "env" => matches!(name, "var" | "var_os"),
        "dotenvy" | "dotenv" => name == "var",
        _ => false,
    }
}

/// `env!("X")` and `option_env!("X")` (and their `std::` paths): the
/// string literal in the macro's tokens.
fn env_macro(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    let Some(name) = node.child_by_field_name("macro") else {
        return;
    };
    let name = reader.text(name);
    let name = name.rsplit("::").next().unwrap_or(name);
    if !matches!(name, "env" | "option_env") {
        return;
    }
    let mut cursor = node.walk();
    let Some(tokens) = node
        .named_children(&mut cursor)
        .find(|child| child.kind() == "token_tree")
    else {
        return;
    };
    let mut cursor = tokens.walk();
    let Some(var) = tokens
        .named_children(&mut cursor)
        .find_map(|token| string(reader, token))
    else {
        return;
    };
    // `env!` fails the build when unset; only `option_env!` can fall back.
    let default = if name == "option_env" {
        chained_default(reader, node, &var)
    } else {
        None
    };
    found.push(Found {
        written: var.clone(),
        var,
        default,
        line: line(node),
        via: Via::Env,
    });
}

/// A read inside a macro's tokens, which the grammar leaves unparsed
/// (`lazy_static! { static ref K: String = env::var("X").unwrap_or(…); }`,
/// `println!("{}", env!("X"))`): the group `("X")` after `env::var`,
/// `env::var_os`, `dotenvy::var`, `env!` or `option_env!`, with the literal
/// of an `.unwrap_or(…)` / `.unwrap_or_else(…)` after it.
fn token_read(reader: &Reader<'_>, group: Node<'_>, found: &mut Vec<Found>) {
    // A macro's own tokens are `env_macro`'s; only a group within them.
    if group
        .parent()
        .is_none_or(|parent| parent.kind() != "token_tree")
    {
        return;
    }
    let Some(var) = group.named_child(0).and_then(|first| string(reader, first)) else {
        return;
    };
    let Some(name) = group.prev_sibling() else {
        return;
    };
    let owner = name.prev_sibling();
    let owner_text = owner.map_or("", |owner| reader.text(owner));
    let read = match reader.text(name) {
        "!" => matches!(owner_text, "env" | "option_env"),
        method @ ("var" | "var_os") if owner_text == "::" => {
            let module = owner
                .and_then(|owner| owner.prev_sibling())
                .map_or("", |module| reader.text(module));
            module == "env" || (method == "var" && matches!(module, "dotenvy" | "dotenv"))
        }
        _ => false,
    };
    if !read {
        return;
    }
    found.push(Found {
        written: var.clone(),
        default: token_default(reader, group, &var),
        var,
        line: line(group),
        via: Via::Env,
    });
}

/// The literal of `.unwrap_or(d)` or `.unwrap_or_else(|_| d)` following
/// `group` among a macro's tokens, through `.ok()`, `.as_deref()`,
/// `.map(…)`, `.and_then(…)`, `.map_err(…)`.
fn token_default(reader: &Reader<'_>, group: Node<'_>, var: &str) -> Option<Literal> {
    let mut at = group;
    for _ in 0..super::MAX_STEPS {
        let dot = at.next_sibling()?;
        let method = dot.next_sibling()?;
        let arguments = method.next_sibling()?;
        if reader.text(dot) != "." || arguments.kind() != "token_tree" {
            return None;
        }
        match reader.text(method) {
            "unwrap_or" | "unwrap_or_else" => {
                let mut cursor = arguments.walk();
                let first = arguments.named_children(&mut cursor).find(|token| {
                    matches!(
                        token.kind(),
                        "string_literal"
                            | "raw_string_literal"
                            | "integer_literal"
                            | "boolean_literal"
                    )
                })?;
                return literal(reader, first, Some(var));
            }
            "ok" | "as_deref" | "map" | "and_then" | "map_err" => at = arguments,
            _ => return None,
        }
    }
    // A chain longer than any a default is written with.
    None
}

/// The default given to the read `node` further along its method chain:
/// `.unwrap_or(d)`, `.unwrap_or_else(|_| d)`, through the adapters that
/// keep the read's meaning (`.ok()`, `.as_deref()`, `.map(…)`,
/// `.and_then(…)`, `.map_err(…)`).
fn chained_default(reader: &Reader<'_>, node: Node<'_>, var: &str) -> Option<Literal> {
    let mut receiver = node;
    for _ in 0..super::MAX_STEPS {
        let method = receiver.parent()?;
        if method.kind() != "field_expression" || method.child_by_field_name("value")? != receiver {
            return None;
        }
        let call = method.parent()?;
        if call.kind() != "call_expression" || call.child_by_field_name("function")? != method {
            return None;
        }
        let argument = call
            .child_by_field_name("arguments")
            .and_then(|arguments| arguments.named_child(0));
        match reader.text(method.child_by_field_name("field")?) {
            "unwrap_or" => return literal(reader, argument?, Some(var)),
            "unwrap_or_else" => {
                let closure = argument?;
                if closure.kind() != "closure_expression" {
                    return None;
                }
                return literal(reader, closure.child_by_field_name("body")?, Some(var));
            }
            "ok" | "as_deref" | "map" | "and_then" | "map_err" => receiver = call,
            _ => return None,
        }
    }
    // A chain longer than any a default is written with.
    None
}

/// The content of a string literal, plain or raw.
fn string(reader: &Reader<'_>, node: Node<'_>) -> Option<String> {
    if !matches!(node.kind(), "string_literal" | "raw_string_literal") {
        return None;
    }
    let mut cursor = node.walk();
    let mut text = String::new();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "string_content" | "escape_sequence" => text.push_str(reader.text(child)),
            _ => return None,
        }
    }
    Some(text)
}

/// A literal for the setting `var` names: a string (also as
/// `"d".into()`, `.to_string()`, `.to_owned()`, `String::from("d")`), a
/// number, `true`/`false`, or a `Duration::from_secs(n)` (and `from_millis`,
/// `from_mins`, `from_hours`) in the setting's unit. A block holding only
/// one of these counts as it.
fn literal(reader: &Reader<'_>, node: Node<'_>, var: Option<&str>) -> Option<Literal> {
    match node.kind() {
        "string_literal" | "raw_string_literal" => {
            string(reader, node).map(|text| Literal { text, quoted: true })
        }
        "integer_literal" => integer(reader.text(node)).map(|n| Literal {
            text: n.to_string(),
            quoted: false,
        }),
        "float_literal" => Some(Literal {
            text: reader
                .text(node)
                .trim_end_matches("f32")
                .trim_end_matches("f64")
                .replace('_', ""),
            quoted: false,
        }),
        "boolean_literal" => Some(Literal {
            text: reader.text(node).to_owned(),
            quoted: false,
        }),
        "block" if node.named_child_count() == 1 => literal(reader, node.named_child(0)?, var),
        "call_expression" => {
            let function = node.child_by_field_name("function")?;
            let arguments = node.child_by_field_name("arguments")?;
            match function.kind() {
                // `"d".into()`, `"d".to_string()`, `"d".to_owned()`.
                "field_expression" => {
                    let conversion = reader.text(function.child_by_field_name("field")?);
                    if arguments.named_child_count() != 0
                        || !matches!(conversion, "into" | "to_string" | "to_owned")
                    {
                        return None;
                    }
                    literal(reader, function.child_by_field_name("value")?, var)
                }
                "scoped_identifier" => {
                    if arguments.named_child_count() != 1 {
                        return None;
                    }
                    let argument = arguments.named_child(0)?;
                    let path = reader.text(function);
                    if path == "String::from" {
                        return string(reader, argument).map(|text| Literal { text, quoted: true });
                    }
                    let (owner, constructor) = path.rsplit_once("::")?;
                    if owner.rsplit("::").next()? != "Duration" {
                        return None;
                    }
                    let per: u64 = match constructor {
                        "from_millis" => 1,
                        "from_secs" => 1_000,
                        "from_mins" => 60_000,
                        "from_hours" => 3_600_000,
                        _ => return None,
                    };
                    let millis = super::product(argument, &|node| {
                        (node.kind() == "integer_literal")
                            .then(|| integer(reader.text(node)))
                            .flatten()
                    })?
                    .checked_mul(per)?;
                    Some(reader.duration(var, millis))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A decimal integer literal's value, its `_` separators and type suffix
/// (`30_u64`) taken off; `None` for hex, octal or binary.
fn integer(text: &str) -> Option<u64> {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '_')
        .filter(|c| *c != '_')
        .collect();
    let rest = &text[text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len())..];
    if !(rest.is_empty() || rest.starts_with(['u', 'i'])) {
        return None;
    }
    digits.parse().ok()
}
