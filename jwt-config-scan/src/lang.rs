//! The languages read, each by its tree-sitter grammar, and what a reading
//! of a source file finds: every environment read and every hard-coded
//! value whose name is a setting's.

mod python;
mod typescript;

use std::cell::RefCell;

use jwt_config_core::registry::Registry;

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
}

impl Language {
    /// The language of a file named `name`, by its extension.
    pub(crate) fn of(name: &str) -> Option<Language> {
        let (_, ext) = name.rsplit_once('.')?;
        match ext {
            "py" => Some(Language::Python),
            "ts" | "mts" | "cts" => Some(Language::TypeScript),
            "tsx" | "js" | "jsx" | "mjs" | "cjs" => Some(Language::Tsx),
            _ => None,
        }
    }
}

/// How code came to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The environment read directly: `os.getenv`, `os.environ`,
    /// `process.env`.
    Env,
    /// A call whose first argument names a registry setting or alias
    /// (`get_env().get("X", d)`, `config("X", default=d)`).
    Wrapper,
    /// A constant, parameter default or field default whose name is a
    /// setting's (the variable is the name as written in code).
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
    };
    let mut cursor = tree.walk();
    // Every node, depth first, without recursion (a deeply nested file
    // cannot overflow the stack).
    loop {
        let node = cursor.node();
        match language {
            Language::Python => python::visit(&reader, node, &mut found),
            Language::TypeScript | Language::Tsx => typescript::visit(&reader, node, &mut found),
        }
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            continue;
        }
        loop {
            if !cursor.goto_parent() {
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

/// What the languages' visitors share: the text and the registry.
pub(crate) struct Reader<'a> {
    source: &'a [u8],
    registry: &'a Registry,
}

impl Reader<'_> {
    /// The text of `node`.
    fn text(&self, node: tree_sitter::Node<'_>) -> &str {
        node.utf8_text(self.source).unwrap_or("")
    }

    /// Whether `name` is a registry setting or alias, as written.
    fn is_registry_name(&self, name: &str) -> bool {
        self.registry.setting_for(name).is_some()
    }

    /// `name = literal` in code, when `name` stands for a setting: a
    /// hard-coded value of it.
    fn hard_coded(&self, name: tree_sitter::Node<'_>, literal: Literal) -> Option<Found> {
        let written = self.text(name);
        Some(Found {
            var: self.setting_named(written)?,
            written: written.to_owned(),
            default: Some(literal),
            line: line(name),
            via: Via::HardCoded,
        })
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

/// `node`'s 1-based line.
fn line(node: tree_sitter::Node<'_>) -> usize {
    node.start_position().row + 1
}
