//! Source code of any text, read as the scan reads each language (Python,
//! TypeScript, TSX/JavaScript, Go, Rust): never a panic. Each input starts
//! with a comment spelling `env`, so that the filter before the parse lets
//! it through and the grammar and the readers see every input.

#![no_main]

use jwt_config::registry::standard;
use jwt_config_scan::__private::found_in;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for (file, comment) in [
        ("a.py", "# env\n"),
        ("a.ts", "// env\n"),
        ("a.jsx", "// env\n"),
        ("a.go", "// env\n"),
        ("a.rs", "// env\n"),
    ] {
        let source = format!("{comment}{text}");
        let found = found_in(file, &source, standard()).expect("every grammar loads");
        for read in found {
            assert!(read.line >= 1 && read.line <= source.lines().count() + 1);
        }
    }
});
