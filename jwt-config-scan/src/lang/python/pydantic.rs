//! pydantic-settings: each field of a class deriving `BaseSettings` is an
//! environment read, under the names pydantic-settings looks up.
//!
//! The rules follow what pydantic-settings 2.14 and pydantic 1 (as
//! `pydantic.v1` in pydantic 2.13) do when run, not their documentation
//! alone:
//! - a field is read as `env_prefix` + its name, matched in any case unless
//!   `case_sensitive` (reported in upper case, as registries write names);
//! - pydantic 2: a `validation_alias` (a string, or each string of an
//!   `AliasChoices`) replaces the field's name, else an `alias` does; the
//!   prefix does not apply to an alias unless `env_prefix_target` says
//!   `alias` or `all`; with `populate_by_name` or `validate_by_name` the
//!   prefixed field name is read as well;
//! - pydantic 1: `Field(env=...)` (a string or a list of them) replaces the
//!   prefixed name, unprefixed; an alias names no variable;
//! - the configuration comes from `model_config` (`SettingsConfigDict(...)`
//!   or a dictionary), the class's keyword arguments, or an inner
//!   `class Config`, which both versions honour.
//!
//! A name that cannot be known from the file alone (a prefix or alias held
//! in a variable, an `AliasPath` into a JSON value) is not reported: a
//! guessed name would be a false finding.

use tree_sitter::Node;

use super::{Found, Reader, Via, line, literal, string};

/// The pydantic a settings class is written for: they name variables
/// differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    /// pydantic-settings, for pydantic 2.
    V2,
    /// pydantic 1's `BaseSettings`, also reached as `pydantic.v1`.
    V1,
}

/// What a settings class's configuration says about its variables' names.
struct Config {
    /// `env_prefix`; `None` when it is not a string literal.
    prefix: Option<String>,
    /// `case_sensitive`: names are read exactly as written.
    case_sensitive: bool,
    /// `populate_by_name` or `validate_by_name`: a field with an alias is
    /// read by its own (prefixed) name too.
    by_name: bool,
    /// `env_prefix_target` is `variable` (the default) or `all`.
    prefix_names: bool,
    /// `env_prefix_target` is `alias` or `all`.
    prefix_aliases: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            prefix: Some(String::new()),
            case_sensitive: false,
            by_name: false,
            prefix_names: true,
            prefix_aliases: false,
        }
    }
}

impl Config {
    /// Applies the configuration key `key` set to `value`.
    fn set(&mut self, reader: &Reader<'_>, key: &str, value: Node<'_>) {
        let flag = value.kind() == "true";
        match key {
            "env_prefix" => self.prefix = string(reader, value),
            "case_sensitive" => self.case_sensitive = flag,
            "populate_by_name" | "validate_by_name" => self.by_name |= flag,
            "env_prefix_target" => {
                let target = string(reader, value);
                let target = target.as_deref().unwrap_or("variable");
                self.prefix_names = matches!(target, "variable" | "all");
                self.prefix_aliases = matches!(target, "alias" | "all");
            }
            _ => {}
        }
    }

    /// Applies every `key=value` of a call's arguments (`SettingsConfigDict(...)`
    /// or a class's keyword arguments).
    fn set_keywords(&mut self, reader: &Reader<'_>, arguments: Node<'_>) {
        let mut cursor = arguments.walk();
        for argument in arguments.named_children(&mut cursor) {
            if argument.kind() == "keyword_argument"
                && let (Some(key), Some(value)) = (
                    argument.child_by_field_name("name"),
                    argument.child_by_field_name("value"),
                )
            {
                self.set(reader, reader.text(key), value);
            }
        }
    }

    /// The variable read under `name`, prefixed or not.
    fn variable(&self, name: &str, prefixed: bool) -> Option<String> {
        let full = if prefixed {
            format!("{}{name}", self.prefix.as_deref()?)
        } else {
            name.to_owned()
        };
        Some(if self.case_sensitive {
            full
        } else {
            full.to_ascii_uppercase()
        })
    }
}

/// Records the fields of `class` as environment reads, when it derives
/// `BaseSettings`.
pub(super) fn settings_class(reader: &Reader<'_>, class: Node<'_>, found: &mut Vec<Found>) {
    let flavour = match base(reader, class) {
        Some(Base::Of(flavour)) => flavour,
        Some(Base::Imported) => flavour_of_imports(reader, class),
        None => return,
    };
    let Some(body) = class.child_by_field_name("body") else {
        return;
    };
    let mut config = Config::default();
    if let Some(bases) = class.child_by_field_name("superclasses") {
        config.set_keywords(reader, bases);
    }
    let mut cursor = body.walk();
    let statements: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
    for statement in &statements {
        configure(reader, *statement, &mut config);
    }
    for statement in statements {
        if let Some(assignment) = statement.named_child(0)
            && statement.kind() == "expression_statement"
            && let Some(name) = field_name(reader, assignment)
        {
            field(reader, &config, flavour, name, assignment, found);
        }
    }
}

/// Whether `assignment` declares a field of a settings class (read with
/// its class, so not a hard-coded value).
pub(super) fn is_field(reader: &Reader<'_>, assignment: Node<'_>) -> bool {
    field_name(reader, assignment).is_some()
        && assignment
            .parent()
            .filter(|statement| statement.kind() == "expression_statement")
            .and_then(|statement| statement.parent())
            .filter(|block| block.kind() == "block")
            .and_then(|block| block.parent())
            .filter(|class| class.kind() == "class_definition")
            .is_some_and(|class| base(reader, class).is_some())
}

/// Whether `function` is pydantic's `AliasChoices` or `AliasPath`, which
/// list names without reading them.
pub(super) fn is_alias_list(reader: &Reader<'_>, function: Node<'_>) -> bool {
    matches!(callee(reader, function), "AliasChoices" | "AliasPath")
}

/// The `BaseSettings` a settings class derives.
enum Base {
    /// Named with its module: `pydantic_settings.BaseSettings`,
    /// `pydantic.BaseSettings`, `pydantic.v1.BaseSettings`.
    Of(Flavour),
    /// Bare `BaseSettings`: the file's import says which.
    Imported,
}

/// The `BaseSettings` `class` derives, if it derives one.
fn base(reader: &Reader<'_>, class: Node<'_>) -> Option<Base> {
    let bases = class.child_by_field_name("superclasses")?;
    let mut cursor = bases.walk();
    for base in bases.named_children(&mut cursor) {
        match (base.kind(), reader.text(base)) {
            ("identifier", "BaseSettings") => return Some(Base::Imported),
            ("attribute", "pydantic.BaseSettings" | "pydantic.v1.BaseSettings") => {
                return Some(Base::Of(Flavour::V1));
            }
            ("attribute", "pydantic_settings.BaseSettings") => return Some(Base::Of(Flavour::V2)),
            _ => {}
        }
    }
    None
}

/// The pydantic a bare `BaseSettings` comes from: pydantic 1 when the file
/// imports it from `pydantic` or `pydantic.v1` and not from
/// `pydantic_settings` (a file that tries both runs on pydantic 2 today).
fn flavour_of_imports(reader: &Reader<'_>, node: Node<'_>) -> Flavour {
    let mut root = node;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let (mut v1, mut v2) = (false, false);
    imports(reader, root, 0, &mut |module| match module {
        "pydantic" | "pydantic.v1" => v1 = true,
        "pydantic_settings" => v2 = true,
        _ => {}
    });
    if v1 && !v2 { Flavour::V1 } else { Flavour::V2 }
}

/// Calls `seen` with the module of each `from M import BaseSettings` among
/// `node`'s statements and those of the `try`/`if` blocks under them (where
/// version-dependent imports are written), not inside functions or classes.
fn imports(reader: &Reader<'_>, node: Node<'_>, depth: usize, seen: &mut dyn FnMut(&str)) {
    // Import fallbacks nest a few blocks deep at most.
    if depth > 4 {
        return;
    }
    let mut cursor = node.walk();
    for statement in node.named_children(&mut cursor) {
        match statement.kind() {
            "import_from_statement" => {
                let mut names = statement.walk();
                let imports_settings = statement
                    .children_by_field_name("name", &mut names)
                    .any(|name| reader.text(name) == "BaseSettings");
                if imports_settings
                    && let Some(module) = statement.child_by_field_name("module_name")
                {
                    seen(reader.text(module));
                }
            }
            "try_statement" | "except_clause" | "else_clause" | "finally_clause"
            | "if_statement" | "elif_clause" | "block" => {
                imports(reader, statement, depth + 1, seen);
            }
            _ => {}
        }
    }
}

/// Applies what `statement` of a settings class's body configures:
/// `model_config = SettingsConfigDict(...)` or `= {...}`, or an inner
/// `class Config`.
fn configure(reader: &Reader<'_>, statement: Node<'_>, config: &mut Config) {
    match statement.kind() {
        "expression_statement" => {
            let Some(assignment) = statement.named_child(0) else {
                return;
            };
            let (Some(left), Some(right)) = (
                assignment.child_by_field_name("left"),
                assignment.child_by_field_name("right"),
            ) else {
                return;
            };
            if assignment.kind() != "assignment" || reader.text(left) != "model_config" {
                return;
            }
            match right.kind() {
                "call" => {
                    if let Some(arguments) = right.child_by_field_name("arguments") {
                        config.set_keywords(reader, arguments);
                    }
                }
                "dictionary" => {
                    let mut cursor = right.walk();
                    for pair in right.named_children(&mut cursor) {
                        if let (Some(key), Some(value)) = (
                            pair.child_by_field_name("key"),
                            pair.child_by_field_name("value"),
                        ) && let Some(key) = string(reader, key)
                        {
                            config.set(reader, &key, value);
                        }
                    }
                }
                _ => {}
            }
        }
        "class_definition" => {
            let (Some(name), Some(body)) = (
                statement.child_by_field_name("name"),
                statement.child_by_field_name("body"),
            ) else {
                return;
            };
            if reader.text(name) != "Config" {
                return;
            }
            let mut cursor = body.walk();
            for inner in body.named_children(&mut cursor) {
                if let Some(assignment) = inner.named_child(0)
                    && assignment.kind() == "assignment"
                    && let (Some(key), Some(value)) = (
                        assignment.child_by_field_name("left"),
                        assignment.child_by_field_name("right"),
                    )
                {
                    config.set(reader, reader.text(key), value);
                }
            }
        }
        _ => {}
    }
}

/// The name of the field `assignment` declares, if it declares one: an
/// annotated name that is neither private (`_x`), a `ClassVar`, nor
/// `model_config`.
fn field_name<'t>(reader: &Reader<'_>, assignment: Node<'t>) -> Option<Node<'t>> {
    if assignment.kind() != "assignment" {
        return None;
    }
    let name = assignment.child_by_field_name("left")?;
    let annotation = assignment.child_by_field_name("type")?;
    let text = reader.text(name);
    let annotation = reader.text(annotation);
    let class_var = annotation.starts_with("ClassVar") || annotation.starts_with("typing.ClassVar");
    (name.kind() == "identifier" && !text.starts_with('_') && text != "model_config" && !class_var)
        .then_some(name)
}

/// Records the variables the field `name` (declared by `assignment`) is
/// read from, each with the field's default.
fn field(
    reader: &Reader<'_>,
    config: &Config,
    flavour: Flavour,
    name: Node<'_>,
    assignment: Node<'_>,
    found: &mut Vec<Found>,
) {
    let value = assignment.child_by_field_name("right");
    // `Field(...)` as the value, or inside `Annotated[T, Field(...)]`.
    let mut fields: Vec<Node<'_>> = Vec::new();
    if let Some(annotation) = assignment.child_by_field_name("type") {
        annotated_fields(reader, annotation, &mut fields);
    }
    let value_field = value.filter(|value| is_field_call(reader, *value));
    fields.extend(value_field);
    let default = match value_field {
        Some(call) => field_default(reader, call),
        None => value,
    };
    // The last `Field` that says a keyword wins, as pydantic merges them.
    let keyword = |key: &str| {
        fields
            .iter()
            .rev()
            .find_map(|call| keyword(reader, *call, key))
    };
    let field_name = reader.text(name);
    let mut variables = Vec::new();
    match flavour {
        Flavour::V2 => {
            let aliases = match keyword("validation_alias").or_else(|| keyword("alias")) {
                Some(alias) => match alias_names(reader, alias) {
                    Some(names) => Some(names),
                    None => return,
                },
                None => None,
            };
            if let Some(aliases) = &aliases {
                variables.extend(
                    aliases
                        .iter()
                        .filter_map(|alias| config.variable(alias, config.prefix_aliases)),
                );
            }
            if aliases.is_none() || config.by_name {
                variables.extend(config.variable(field_name, config.prefix_names));
            }
        }
        Flavour::V1 => match keyword("env") {
            Some(env) => match env_names(reader, env) {
                Some(names) => {
                    variables.extend(names.iter().filter_map(|n| config.variable(n, false)));
                }
                None => return,
            },
            None => variables.extend(config.variable(field_name, true)),
        },
    }
    // One default per setting: two names of one setting in an
    // `AliasChoices` fall back once, not twice.
    let mut defaulted: Vec<Option<&str>> = Vec::new();
    for var in variables {
        let setting = reader.registry.setting_for(&var).map(|s| s.name);
        let carries = !defaulted.contains(&setting) || setting.is_none();
        defaulted.push(setting);
        let default = default.filter(|_| carries);
        found.push(Found {
            written: var.clone(),
            var,
            default: default.and_then(|value| literal(reader, value)),
            line: line(name),
            via: Via::Env,
        });
        if let Some(constant) = default.filter(|value| value.kind() == "identifier") {
            reader.falls_back_to(found, constant);
        }
    }
}

/// The `Field(...)` calls of an `Annotated[T, ...]` annotation.
fn annotated_fields<'t>(reader: &Reader<'_>, annotation: Node<'t>, fields: &mut Vec<Node<'t>>) {
    let Some(generic) = annotation
        .named_child(0)
        .filter(|generic| generic.kind() == "generic_type")
    else {
        return;
    };
    let is_annotated = generic
        .named_child(0)
        .is_some_and(|name| matches!(reader.text(name), "Annotated" | "typing.Annotated"));
    let Some(parameters) = generic
        .named_child(1)
        .filter(|parameters| is_annotated && parameters.kind() == "type_parameter")
    else {
        return;
    };
    let mut cursor = parameters.walk();
    for parameter in parameters.named_children(&mut cursor) {
        if let Some(call) = parameter
            .named_child(0)
            .filter(|call| is_field_call(reader, *call))
        {
            fields.push(call);
        }
    }
}

/// Whether `node` is a call of pydantic's `Field`.
fn is_field_call(reader: &Reader<'_>, node: Node<'_>) -> bool {
    node.kind() == "call"
        && node
            .child_by_field_name("function")
            .is_some_and(|function| callee(reader, function) == "Field")
}

/// The name a function is called by: `Field` for `Field` and
/// `pydantic.Field`.
fn callee<'s>(reader: &'s Reader<'_>, function: Node<'_>) -> &'s str {
    match function.kind() {
        "identifier" => reader.text(function),
        "attribute" => function
            .child_by_field_name("attribute")
            .map_or("", |name| reader.text(name)),
        _ => "",
    }
}

/// The default of `Field(...)`: its first positional argument (unless
/// `...`, required) or `default=`; none with `default_factory`, whose value
/// is computed when the class is built.
fn field_default<'t>(reader: &Reader<'_>, call: Node<'t>) -> Option<Node<'t>> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let positional = arguments
        .named_children(&mut cursor)
        .find(|arg| !matches!(arg.kind(), "keyword_argument" | "comment"));
    positional
        .or_else(|| keyword(reader, call, "default"))
        .filter(|value| value.kind() != "ellipsis")
}

/// The value of the keyword argument `key` of `call`.
fn keyword<'t>(reader: &Reader<'_>, call: Node<'t>, key: &str) -> Option<Node<'t>> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).find_map(|arg| {
        (arg.kind() == "keyword_argument"
            && arg
                .child_by_field_name("name")
                .is_some_and(|name| reader.text(name) == key))
        .then(|| arg.child_by_field_name("value"))
        .flatten()
    })
}

/// The names an `alias` or `validation_alias` reads: a string, or the
/// strings of `AliasChoices(...)` (an `AliasPath` among them reaches into
/// a JSON value, no variable of its own). `None` when they cannot be known
/// (a name held in a variable).
fn alias_names(reader: &Reader<'_>, alias: Node<'_>) -> Option<Vec<String>> {
    if let Some(name) = string(reader, alias) {
        return Some(vec![name]);
    }
    let function = alias.child_by_field_name("function")?;
    match callee(reader, function) {
        "AliasPath" => Some(Vec::new()),
        "AliasChoices" => {
            let arguments = alias.child_by_field_name("arguments")?;
            let mut cursor = arguments.walk();
            let names = arguments
                .named_children(&mut cursor)
                .filter_map(|choice| string(reader, choice))
                .collect();
            Some(names)
        }
        _ => None,
    }
}

/// The names pydantic 1's `env=` reads: a string, or each string of a
/// list, tuple or set. `None` when they cannot be known.
fn env_names(reader: &Reader<'_>, env: Node<'_>) -> Option<Vec<String>> {
    if let Some(name) = string(reader, env) {
        return Some(vec![name]);
    }
    if !matches!(env.kind(), "list" | "tuple" | "set") {
        return None;
    }
    let mut cursor = env.walk();
    env.named_children(&mut cursor)
        .map(|name| string(reader, name))
        .collect()
}
