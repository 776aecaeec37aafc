//! Go: `os.Getenv` and `os.LookupEnv` (with the default of a `cmp.Or` or
//! of the `if` that fills an empty read), wrappers whose first argument names
//! a setting, the struct tags of the two common env libraries
//! (caarlos0/env's `env:"X" envDefault:"d"`, kelseyhightower/envconfig's
//! `envconfig:"X" default:"d"`), and `const`/`var` declarations named
//! after a setting.

use tree_sitter::Node;

use super::{Found, Literal, Reader, Via, line};

/// Records what `node` is, if it is a read or a hard-coded value.
pub(super) fn visit(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    match node.kind() {
        "call_expression" => call(reader, node, found),
        // `const A, B = 1, 2` names its values in order; `var` the same.
        "const_spec" | "var_spec" => {
            let mut cursor = node.walk();
            let names: Vec<Node<'_>> = node
                .children_by_field_name("name", &mut cursor)
                .filter(|name| name.kind() == "identifier")
                .collect();
            declared(reader, &names, node.child_by_field_name("value"), found);
        }
        "short_var_declaration" => {
            let names = node
                .child_by_field_name("left")
                .map(|left| {
                    let mut cursor = left.walk();
                    left.named_children(&mut cursor).collect::<Vec<_>>()
                })
                .unwrap_or_default();
            declared(reader, &names, node.child_by_field_name("right"), found);
        }
        "field_declaration" => {
            if let Some(tag) = node.child_by_field_name("tag") {
                struct_tag(reader, tag, found);
            }
        }
        _ => {}
    }
}

/// Each name of a declaration paired with its value, by position: a
/// hard-coded value when the name stands for a setting and the value is a
/// literal.
fn declared(
    reader: &Reader<'_>,
    names: &[Node<'_>],
    values: Option<Node<'_>>,
    found: &mut Vec<Found>,
) {
    let Some(values) = values else {
        return;
    };
    let mut cursor = values.walk();
    let values: Vec<Node<'_>> = values
        .named_children(&mut cursor)
        .filter(|value| value.kind() != "comment")
        .collect();
    for (name, value) in names.iter().zip(values) {
        if name.kind() != "identifier" {
            continue;
        }
        let Some(var) = reader.setting_named(reader.text(*name)) else {
            continue;
        };
        if let Some(literal) = literal(reader, value, Some(&var)) {
            found.extend(reader.hard_coded(*name, literal));
        }
    }
}

/// `os.Getenv("X")`, `os.LookupEnv("X")`, or a wrapper: any call whose
/// first argument names a setting, its second the default
/// (`getEnv("X", "15")`, `viper.SetDefault("X", 15)`).
fn call(reader: &Reader<'_>, node: Node<'_>, found: &mut Vec<Found>) {
    let Some((function, args)) = reader.call_parts(node) else {
        return;
    };
    let Some(var) = args.first().and_then(|first| string(reader, *first)) else {
        return;
    };
    let env = function.kind() == "selector_expression"
        && function
            .child_by_field_name("operand")
            .is_some_and(|operand| reader.text(operand) == "os")
        && function
            .child_by_field_name("field")
            .is_some_and(|field| matches!(reader.text(field), "Getenv" | "LookupEnv"));
    let (via, default) = if env {
        (Via::Env, fallback(reader, node, &var))
    } else if reader.is_registry_name(&var) {
        let default = args
            .get(1)
            .and_then(|arg| literal(reader, *arg, Some(&var)));
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

/// The default Go code gives the env read `call`, which takes none itself:
/// `cmp.Or(os.Getenv("X"), "d")`, or the `if` right after the read that
/// fills an empty or missing value (`v := os.Getenv("X")` then
/// `if v == "" { v = "d" }`; `v, ok := os.LookupEnv("X")` then
/// `if !ok { v = "d" }`).
fn fallback(reader: &Reader<'_>, call: Node<'_>, var: &str) -> Option<Literal> {
    let parent = call.parent()?;
    if parent.kind() == "argument_list" {
        let or = parent.parent()?;
        if reader.text(or.child_by_field_name("function")?) != "cmp.Or"
            || parent.named_child(0)? != call
        {
            return None;
        }
        let mut cursor = parent.walk();
        return parent
            .named_children(&mut cursor)
            .skip(1)
            .find_map(|arg| literal(reader, arg, Some(var)));
    }
    if parent.kind() != "expression_list" || parent.named_child_count() != 1 {
        return None;
    }
    let declaration = parent.parent()?;
    let mut cursor = declaration.walk();
    let (names, statement): (Vec<&str>, Node<'_>) = match declaration.kind() {
        "short_var_declaration" | "assignment_statement" => {
            let left = declaration.child_by_field_name("left")?;
            let mut cursor = left.walk();
            let names = left
                .named_children(&mut cursor)
                .map(|name| reader.text(name))
                .collect();
            (names, declaration)
        }
        "var_spec" => (
            declaration
                .children_by_field_name("name", &mut cursor)
                .map(|name| reader.text(name))
                .collect(),
            declaration
                .parent()
                .filter(|parent| parent.kind() == "var_declaration")?,
        ),
        _ => return None,
    };
    let value = *names.first()?;
    let mut next = statement.next_named_sibling()?;
    while next.kind() == "comment" {
        next = next.next_named_sibling()?;
    }
    if next.kind() != "if_statement" {
        return None;
    }
    let condition = next.child_by_field_name("condition")?;
    let fills = match condition.kind() {
        // `v == ""`, `"" == v`.
        "binary_expression" => {
            let (left, right) = (
                condition.child_by_field_name("left")?,
                condition.child_by_field_name("right")?,
            );
            condition.child_by_field_name("operator")?.kind() == "=="
                && [(left, right), (right, left)].iter().any(|(name, empty)| {
                    reader.text(*name) == value
                        && string(reader, *empty).is_some_and(|s| s.is_empty())
                })
        }
        // `!ok`, the second name of a `LookupEnv`.
        "unary_expression" => {
            condition.child_by_field_name("operator")?.kind() == "!"
                && names.get(1).is_some_and(|ok| {
                    condition
                        .child_by_field_name("operand")
                        .is_some_and(|operand| reader.text(operand) == *ok)
                })
        }
        _ => false,
    };
    if !fills {
        return None;
    }
    let block = next.child_by_field_name("consequence")?;
    let statements = block
        .named_child(0)
        .filter(|list| list.kind() == "statement_list")?;
    let mut cursor = statements.walk();
    let assigned = statements
        .named_children(&mut cursor)
        .find_map(|statement| {
            let left = statement.child_by_field_name("left")?;
            let right = statement.child_by_field_name("right")?;
            (statement.kind() == "assignment_statement"
                && reader.text(left) == value
                && right.named_child_count() == 1)
                .then(|| right.named_child(0))
                .flatten()
        })?;
    literal(reader, assigned, Some(var))
}

/// A struct field's tag: `env:"X" envDefault:"d"` (caarlos0/env, and
/// sethvargo/go-envconfig's `env:"X, default=d"`) or `envconfig:"X"
/// default:"d"` (kelseyhightower/envconfig). Options after the name
/// (`,required`) are not part of it.
fn struct_tag(reader: &Reader<'_>, tag: Node<'_>, found: &mut Vec<Found>) {
    let Some(tag_text) = string(reader, tag) else {
        return;
    };
    let pairs = tag_pairs(&tag_text);
    let value_of = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    };
    let (named, default_key) = match (value_of("env"), value_of("envconfig")) {
        (Some(env), _) => (env.to_owned(), "envDefault"),
        // envconfig reads `PREFIX_NAME`, then `NAME`, both upper-cased
        // (`info.Alt = strings.ToUpper(tag)`); the prefix is the
        // `Process` call's, not the tag's: the name alone is what is known.
        (None, Some(envconfig)) => (envconfig.to_ascii_uppercase(), "default"),
        (None, None) => return,
    };
    let mut options = named.split(',').map(str::trim);
    let var = options.next().unwrap_or_default();
    // `env:"-"` opts a field out; an empty name is the field's own, which
    // depends on the library's prefix rules: neither is a name to check.
    if var.is_empty() || var == "-" {
        return;
    }
    let inline_default = options.find_map(|option| option.strip_prefix("default="));
    let default = value_of(default_key)
        .or(inline_default)
        .map(|text| Literal {
            text: text.to_owned(),
            quoted: true,
        });
    found.push(Found {
        var: var.to_owned(),
        written: var.to_owned(),
        default,
        line: line(tag),
        via: Via::Env,
    });
}

/// The `key:"value"` pairs of a struct tag, as Go's `reflect.StructTag`
/// reads them (values unquoted with Go's escapes); reading stops at the
/// first malformed pair, as `Lookup` does.
fn tag_pairs(tag: &str) -> Vec<(&str, String)> {
    let mut pairs = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(' ');
        let Some(colon) = rest.find(':') else {
            return pairs;
        };
        let key = &rest[..colon];
        if key.is_empty() || key.contains(['"', ' ']) {
            return pairs;
        }
        let Some(quoted) = rest[colon + 1..].strip_prefix('"') else {
            return pairs;
        };
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        let end = loop {
            match chars.next() {
                Some((i, '"')) => break i,
                Some((_, '\\')) => match chars.next() {
                    Some((_, c)) => value.push(c),
                    None => return pairs,
                },
                Some((_, c)) => value.push(c),
                None => return pairs,
            }
        };
        pairs.push((key, value));
        rest = &quoted[end + 1..];
    }
}

/// The content of a string literal (`"..."`, or a raw `` `...` ``).
fn string(reader: &Reader<'_>, node: Node<'_>) -> Option<String> {
    if !matches!(
        node.kind(),
        "interpreted_string_literal" | "raw_string_literal"
    ) {
        return None;
    }
    let mut cursor = node.walk();
    let mut text = String::new();
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "interpreted_string_literal_content"
            | "raw_string_literal_content"
            | "escape_sequence" => text.push_str(reader.text(child)),
            _ => return None,
        }
    }
    Some(text)
}

/// A literal for the setting `var` names: a string, a number, `true` /
/// `false`, or a constant duration (`15 * time.Minute`) in the setting's
/// unit.
fn literal(reader: &Reader<'_>, node: Node<'_>, var: Option<&str>) -> Option<Literal> {
    match node.kind() {
        "interpreted_string_literal" | "raw_string_literal" => {
            string(reader, node).map(|text| Literal { text, quoted: true })
        }
        "int_literal" | "float_literal" => Some(reader.number(node)),
        "true" | "false" => Some(Literal {
            text: reader.text(node).to_owned(),
            quoted: false,
        }),
        "binary_expression"
        | "selector_expression"
        | "call_expression"
        | "parenthesized_expression" => match constant(reader, node)? {
            Constant::Duration(nanos) if nanos.is_multiple_of(1_000_000) => {
                Some(reader.duration(var, nanos / 1_000_000))
            }
            Constant::Number(n) => Some(Literal {
                text: n.to_string(),
                quoted: false,
            }),
            Constant::Duration(_) => None,
        },
        _ => None,
    }
}

/// A constant expression of whole numbers and `time` units.
enum Constant {
    /// A plain number (`15 * 60`).
    Number(u64),
    /// A `time.Duration`, in nanoseconds as Go counts it.
    Duration(u64),
}

/// `node` as a constant: decimal integers, `time.Second` ... `time.Hour`,
/// `time.Duration(n)`, products and parentheses; `None` for anything else
/// (a variable, a division, an overflow).
fn constant(reader: &Reader<'_>, node: Node<'_>) -> Option<Constant> {
    constant_within(reader, node, super::MAX_STEPS)
}

/// [`constant`], `steps` levels deep at most.
fn constant_within(reader: &Reader<'_>, node: Node<'_>, steps: usize) -> Option<Constant> {
    let steps = steps.checked_sub(1)?;
    match node.kind() {
        "int_literal" => reader.number(node).text.parse().ok().map(Constant::Number),
        "parenthesized_expression" => constant_within(reader, node.named_child(0)?, steps),
        "selector_expression" => {
            let operand = node.child_by_field_name("operand")?;
            if reader.text(operand) != "time" {
                return None;
            }
            let nanos = match reader.text(node.child_by_field_name("field")?) {
                "Nanosecond" => 1,
                "Microsecond" => 1_000,
                "Millisecond" => 1_000_000,
                "Second" => 1_000_000_000,
                "Minute" => 60_000_000_000,
                "Hour" => 3_600_000_000_000,
                _ => return None,
            };
            Some(Constant::Duration(nanos))
        }
        // `time.Duration(15)`: 15 nanoseconds, as a conversion.
        "call_expression" => {
            if reader.text(node.child_by_field_name("function")?) != "time.Duration" {
                return None;
            }
            let arguments = node.child_by_field_name("arguments")?;
            if arguments.named_child_count() != 1 {
                return None;
            }
            match constant_within(reader, arguments.named_child(0)?, steps)? {
                Constant::Number(n) | Constant::Duration(n) => Some(Constant::Duration(n)),
            }
        }
        "binary_expression" => {
            if node
                .child_by_field_name("operator")
                .is_none_or(|op| op.kind() != "*")
            {
                return None;
            }
            let left = constant_within(reader, node.child_by_field_name("left")?, steps)?;
            let right = constant_within(reader, node.child_by_field_name("right")?, steps)?;
            Some(match (left, right) {
                (Constant::Number(a), Constant::Number(b)) => Constant::Number(a.checked_mul(b)?),
                (Constant::Number(a) | Constant::Duration(a), Constant::Duration(b))
                | (Constant::Duration(a), Constant::Number(b)) => {
                    Constant::Duration(a.checked_mul(b)?)
                }
            })
        }
        _ => None,
    }
}
