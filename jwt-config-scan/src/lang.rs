//! The languages read, each by its tree-sitter grammar, and what a reading
//! of a source file finds: every environment read and every hard-coded
//! value whose name is a setting's.

mod go;
mod python;
mod rust;
mod typescript;

use std::cell::RefCell;

use jwt_config_core::registry::{Kind, Registry, Unit};

/// A language the scan parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Language {
    /// `.py`.
    Python,
    /// `.ts`, `.mts`, `.cts`.
    TypeScript,
    /// `.tsx`, and JavaScript (`.js`, `.jsx`, `.mjs`, `.cjs`): the TSX
    /// grammar is a superset of JavaScript's.
    Tsx,
    /// `.go`, except `_test.go`.
    Go,
    /// `.rs`.
    Rust,
}

impl Language {
    /// The language of a file named `name`, by its extension.
    pub(crate) fn of(name: &str) -> Option<Language> {
        let (_, ext) = name.rsplit_once('.')?;
        match ext {
            "py" => Some(Language::Python),
            "ts" | "mts" | "cts" => Some(Language::TypeScript),
            "tsx" | "js" | "jsx" | "mjs" | "cjs" => Some(Language::Tsx),
            // The Go toolchain leaves `_test.go` files out of every build:
            // what they read or set (`t.Setenv("JWT_SECRET_KEY", "x")`)
            // never reaches a running service.
            "go" if !name.ends_with("_test.go") => Some(Language::Go),
            "rs" => Some(Language::Rust),
            _ => None,
        }
    }
}

/// How code came to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The environment read directly: `os.getenv`, `os.environ`,
    /// `process.env`, Go's `os.Getenv` and the struct tags of its env
    /// libraries (`env:"X"`, `envconfig:"X"`), Rust's `std::env::var` and
    /// `env!`.
    Env,
    /// A call whose first argument names a registry setting or alias
    /// (`get_env().get("X", d)`, `config("X", default=d)`,
    /// `getEnv("X", "15")`).
    Wrapper,
    /// A constant, parameter default or field default whose name is a
    /// setting's (the variable is the name as written in code): Go's
    /// `const`/`var`, Rust's `const`/`static`.
    HardCoded,
}

/// One thing found in a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The variable read; for a hard-coded value, the setting's name the
    /// code name stands for.
    pub var: String,
    /// The name as written in code (for a hard-coded value, the constant or
    /// parameter); the variable otherwise.
    pub written: String,
    /// The literal the code falls back to, if it is one.
    pub default: Option<Literal>,
    /// 1-based line.
    pub line: usize,
    /// How the value is reached.
    pub via: Via,
}

/// A literal in code, its quotes taken off.
#[derive(Clone, PartialEq, Eq)]
pub struct Literal {
    /// The text (a string's content, a number as written, `true`/`false`).
    pub text: String,
    /// Whether it was a string literal.
    pub quoted: bool,
}

impl std::fmt::Debug for Literal {
    // Never the text: it may be a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Literal(..)")
    }
}

/// Everything found in `source`, a file of `language`. A file with syntax
/// errors still reports what its readable parts hold; `None` only when the
/// grammar cannot be loaded. A file in which no reader can find anything
/// ([`crate::prefilter`]: no `env`, no `settings`, no setting's name) is
/// not parsed.
pub(crate) fn read(language: Language, source: &str, registry: &Registry) -> Option<Vec<Found>> {
    if !crate::prefilter::may_hold(source, registry) {
        return Some(Vec::new());
    }
    let tree = parse(language, source)?;
    let mut found = Vec::new();
    let reader = Reader {
        source: source.as_bytes(),
        registry,
        bindings: RefCell::default(),
    };
    let mut cursor = tree.walk();
    // Every node, depth first, without recursion (a deeply nested file
    // cannot overflow the stack).
    loop {
        let node = cursor.node();
        match language {
            Language::Python => python::visit(&reader, node, &mut found),
            Language::TypeScript | Language::Tsx => typescript::visit(&reader, node, &mut found),
            Language::Go => go::visit(&reader, node, &mut found),
            Language::Rust => rust::visit(&reader, node, &mut found),
        }
        // Code compiled for tests only never runs in a service: not
        // entered.
        let test_only = language == Language::Rust && rust::test_only(&reader, node);
        if (!test_only && cursor.goto_first_child()) || cursor.goto_next_sibling() {
            continue;
        }
        loop {
            if !cursor.goto_parent() {
                reader.bindings.into_inner().resolve(&mut found);
                found.sort_by_key(|f| f.line);
                return Some(found);
            }
            if cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

thread_local! {
    /// This thread's parsers, one per language met: made once per thread
    /// and reused for every file of their language, rather than a parser
    /// made and its grammar loaded for every file. A parser keeps nothing
    /// of a finished parse for the next (it resets itself then), so a file
    /// reads the same whichever files the thread parsed before.
    static PARSERS: RefCell<Vec<(Language, tree_sitter::Parser)>> = const { RefCell::new(Vec::new()) };
}

/// The syntax tree of `source`, a file of `language`, by this thread's
/// parser of that language; `None` when the grammar cannot be loaded.
fn parse(language: Language, source: &str) -> Option<tree_sitter::Tree> {
    PARSERS.with_borrow_mut(|parsers| {
        let at = match parsers.iter().position(|(of, _)| *of == language) {
            Some(at) => at,
            None => {
                let mut parser = tree_sitter::Parser::new();
                let grammar: tree_sitter::Language = match language {
                    Language::Python => tree_sitter_python::LANGUAGE.into(),
                    Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                    Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
                    Language::Go => tree_sitter_go::LANGUAGE.into(),
                    Language::Rust => tree_sitter_rust::LANGUAGE.into(),
                };
                parser.set_language(&grammar).ok()?;
                parsers.push((language, parser));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[at].1;
        let tree = parser.parse(source, None);
        if tree.is_none() {
            // A parse that stopped short resumes where it stopped unless
            // reset; none does without a callback, but the next file must
            // start afresh whatever happened.
            parser.reset();
        }
        tree
    })
}

/// What the languages' visitors share: the text, the registry, and the
/// names the file binds and falls back to.
pub(crate) struct Reader<'a> {
    source: &'a [u8],
    registry: &'a Registry,
    /// Filled while visiting, resolved once the whole file is seen (a read
    /// may come before the constant it falls back to).
    bindings: RefCell<Bindings>,
}

/// The module-level constants of one file and the reads that fall back to
/// a name, so that `DEFAULT_X = 30` then `os.getenv("X", DEFAULT_X)` is a
/// read with a default of 30, not a read without one beside a hard-coded 30.
#[derive(Default)]
struct Bindings {
    /// Every binding of a module-level name: the name, its line, and the
    /// literal it holds (`None` when it holds anything else).
    constants: Vec<(String, usize, Option<Literal>)>,
    /// Each read whose default is a name: its index in the file's findings
    /// and the name.
    fallbacks: Vec<(usize, String)>,
    /// The keys of object literals written as a schema of the environment
    /// (`JWT_SECRET: Joi.string().required()`, `PORT: num({ default: 3000
    /// })`): reads once the file is known to hand `process.env` whole to
    /// something (a schema's `validate` or `parse`, envalid's `cleanEnv`).
    schema_keys: Vec<Found>,
    /// Whether the file hands `process.env` whole to a call.
    env_whole: bool,
}

impl Bindings {
    /// Gives each read that falls back to a constant the constant's
    /// literal, and drops the constant from the hard-coded values: a
    /// default the environment overrides does not ignore the environment.
    fn resolve(self, found: &mut Vec<Found>) {
        if self.env_whole {
            found.extend(self.schema_keys);
        }
        let mut used: Vec<(&str, usize)> = Vec::new();
        for (index, name) in &self.fallbacks {
            let mut bindings = self.constants.iter().filter(|(n, ..)| n == name);
            // A name bound twice is no constant: which value the read sees
            // depends on the order the code runs in.
            let (Some((_, line, Some(literal))), None) = (bindings.next(), bindings.next()) else {
                continue;
            };
            found[*index].default = Some(literal.clone());
            used.push((name, *line));
        }
        found.retain(|f| f.via != Via::HardCoded || !used.contains(&(f.written.as_str(), f.line)));
    }
}

impl Reader<'_> {
    /// The text of `node`.
    fn text(&self, node: tree_sitter::Node<'_>) -> &str {
        node.utf8_text(self.source).unwrap_or("")
    }

    /// A number literal as written, its `_` separators taken off.
    fn number(&self, node: tree_sitter::Node<'_>) -> Literal {
        Literal {
            text: self.text(node).replace('_', ""),
            quoted: false,
        }
    }

    /// A product of whole numbers (`60 * 24 * 8`), each factor a literal of
    /// the grammar's `number_kind`, as a literal; `None` for a lone number
    /// (the language's own literal) or anything else.
    fn product_of(&self, node: tree_sitter::Node<'_>, number_kind: &str) -> Option<Literal> {
        if !matches!(
            node.kind(),
            "parenthesized_expression" | "binary_expression" | "binary_operator"
        ) {
            return None;
        }
        let whole = |node: tree_sitter::Node<'_>| {
            (node.kind() == number_kind)
                .then(|| self.number(node).text.parse().ok())
                .flatten()
        };
        product(node, &whole).map(|n| Literal {
            text: n.to_string(),
            quoted: false,
        })
    }

    /// The called function and the arguments (comments left out) of
    /// `call`, a call in any of the grammars (they all name the parts
    /// `function` and `arguments`); `None` for a call that writes a
    /// variable ([`Reader::is_setter`]), whose arguments are no read.
    fn call_parts<'t>(
        &self,
        call: tree_sitter::Node<'t>,
    ) -> Option<(tree_sitter::Node<'t>, Vec<tree_sitter::Node<'t>>)> {
        let function = call.child_by_field_name("function")?;
        let arguments = call.child_by_field_name("arguments")?;
        if self.is_setter(function) {
            return None;
        }
        let mut cursor = arguments.walk();
        let args = arguments
            .named_children(&mut cursor)
            // `comment`, Rust's `line_comment` and `block_comment`.
            .filter(|arg| !arg.kind().ends_with("comment"))
            .collect();
        Some((function, args))
    }

    /// Whether the called `function` sets or removes a variable
    /// (`os.Setenv`, `std::env::set_var`, `monkeypatch.setenv`,
    /// `vi.stubEnv`, `os.putenv`, `.set(..)`): its second argument is the
    /// value written, not a default read.
    fn is_setter(&self, function: tree_sitter::Node<'_>) -> bool {
        const SETTERS: [&str; 9] = [
            "setenv",
            "set_var",
            "stubenv",
            "putenv",
            "delenv",
            "unsetenv",
            "remove_var",
            "set",
            "unset",
        ];
        let text = self.text(function);
        let last = text.rsplit(['.', ':']).next().unwrap_or(text).trim();
        SETTERS.contains(&last.to_ascii_lowercase().as_str())
    }

    /// Whether `name` is a registry setting or alias, or a declared
    /// service's own variable for one, as written.
    fn is_registry_name(&self, name: &str) -> bool {
        self.registry.setting_for(name).is_some()
            || self
                .registry
                .services()
                .iter()
                .any(|service| service.var_named(name).is_some())
    }

    /// `name = literal` in code, when `name` stands for a setting: a
    /// hard-coded value of it. An empty string is no value but a variable
    /// made before it is filled (`issuer := ""`).
    fn hard_coded(&self, name: tree_sitter::Node<'_>, literal: Literal) -> Option<Found> {
        if literal.quoted && literal.text.is_empty() {
            return None;
        }
        let written = self.text(name);
        Some(Found {
            var: self.setting_named(written)?,
            written: written.to_owned(),
            default: Some(literal),
            line: line(name),
            via: Via::HardCoded,
        })
    }

    /// Records that `name` is bound at module level (a constant when it is
    /// bound once), to `literal` when its value is one.
    fn binds(&self, name: tree_sitter::Node<'_>, literal: Option<Literal>) {
        self.bindings.borrow_mut().constants.push((
            self.text(name).to_owned(),
            line(name),
            literal,
        ));
    }

    /// Records `key` of an object literal that may be a schema of the
    /// environment.
    fn schema_key(&self, key: Found) {
        self.bindings.borrow_mut().schema_keys.push(key);
    }

    /// Records that the file hands `process.env` whole to a call.
    fn env_whole(&self) {
        self.bindings.borrow_mut().env_whole = true;
    }

    /// Records that the last read of `found` falls back to the value named
    /// `name`, resolved when the whole file has been seen.
    fn falls_back_to(&self, found: &[Found], name: tree_sitter::Node<'_>) {
        if let Some(index) = found.len().checked_sub(1) {
            self.bindings
                .borrow_mut()
                .fallbacks
                .push((index, self.text(name).to_owned()));
        }
    }

    /// A duration written in code (Go's `15 * time.Minute`, Rust's
    /// `Duration::from_secs(900)`), `millis` long, as a literal the judge
    /// reads for the setting `var` names: a whole number of the setting's
    /// unit when it is one (`15` for minutes), else a span (`15m`, `90s`).
    fn duration(&self, var: Option<&str>, millis: u64) -> Literal {
        let unit = var
            .and_then(|var| self.registry.setting_for(var))
            .and_then(|setting| match setting.kind {
                Kind::Duration { unit, .. } if unit != Unit::Span => Some(unit),
                _ => None,
            });
        let per_unit = unit.map(|unit| unit.seconds() * 1_000);
        let text = match per_unit {
            Some(per) if millis.is_multiple_of(per) => (millis / per).to_string(),
            _ => span(millis),
        };
        Literal {
            text,
            quoted: false,
        }
    }

    /// The setting a code name (`access_token_expire_minutes`,
    /// `DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES`, `jwtExpiresIn`) stands for:
    /// its canonical name or alias, found as written in upper snake case,
    /// without a `DEFAULT_` prefix or `_DEFAULT` suffix, with or without
    /// `JWT_` before it.
    fn setting_named(&self, code_name: &str) -> Option<String> {
        let upper = crate::names::upper_snake(code_name);
        let bare = upper
            .strip_prefix("DEFAULT_")
            .or_else(|| upper.strip_suffix("_DEFAULT"))
            .unwrap_or(&upper);
        [bare.to_owned(), format!("JWT_{bare}")]
            .into_iter()
            .find(|name| self.is_registry_name(name))
    }
}

/// `millis` as a span in its largest whole unit (`15m`, `90s`, `500ms`),
/// as the registry's span format reads it.
fn span(millis: u64) -> String {
    const UNITS: [(u64, &str); 4] = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
    ];
    UNITS
        .iter()
        .find(|(per, _)| millis != 0 && millis.is_multiple_of(*per))
        .map_or_else(
            || format!("{millis}ms"),
            |(per, unit)| format!("{}{unit}", millis / per),
        )
}

/// Why `source`, a file of `language`, cannot be parsed safely, if it
/// cannot: Python nested deeper than tree-sitter's Python grammar can hold
/// (its indentation scanner keeps the open levels in a 1 KiB state, and a
/// file past it aborts the process in a C assertion).
pub(crate) fn unparsable(language: Language, source: &str) -> Option<String> {
    /// Far past any real code, far within the grammar's state.
    const MAX_INDENTS: usize = 100;
    if language != Language::Python {
        return None;
    }
    let mut open: Vec<usize> = Vec::new();
    for line in source.lines() {
        let code = line.trim_start_matches([' ', '\t']);
        if code.is_empty() || code.starts_with('#') {
            continue;
        }
        let width = line.len() - code.len();
        while open.last().is_some_and(|&last| last > width) {
            open.pop();
        }
        if width > 0 && open.last() != Some(&width) {
            open.push(width);
            if open.len() > MAX_INDENTS {
                return Some(format!(
                    "indented more than {MAX_INDENTS} levels deep, past what tree-sitter's Python grammar can hold"
                ));
            }
        }
    }
    None
}

/// How many steps a reader takes through nested code for one value (the
/// factors of a product, brackets, a method chain, the scopes above a
/// binding): a setting's value is written in a few, and a file written to
/// nest thousands deep must neither overflow the stack nor take time
/// growing with the square of its depth (tree-sitter finds a node's parent
/// by walking down from the root).
pub(crate) const MAX_STEPS: usize = 32;

/// A product of whole numbers written in code (`60 * 24 * 8`, `(15 * 60)`),
/// each factor read by `number`: settings' values are often written so.
fn product(
    node: tree_sitter::Node<'_>,
    number: &dyn Fn(tree_sitter::Node<'_>) -> Option<u64>,
) -> Option<u64> {
    product_within(node, number, MAX_STEPS)
}

/// [`product`], `steps` levels deep at most.
fn product_within(
    node: tree_sitter::Node<'_>,
    number: &dyn Fn(tree_sitter::Node<'_>) -> Option<u64>,
    steps: usize,
) -> Option<u64> {
    let steps = steps.checked_sub(1)?;
    match node.kind() {
        "parenthesized_expression" => product_within(node.named_child(0)?, number, steps),
        // (Python's grammar calls it `binary_operator`.)
        "binary_expression" | "binary_operator" => {
            if node.child_by_field_name("operator")?.kind() != "*" {
                return None;
            }
            product_within(node.child_by_field_name("left")?, number, steps)?.checked_mul(
                product_within(node.child_by_field_name("right")?, number, steps)?,
            )
        }
        _ => number(node),
    }
}

/// `node`'s 1-based line.
fn line(node: tree_sitter::Node<'_>) -> usize {
    node.start_position().row + 1
}
