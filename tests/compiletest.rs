//! Compile-fail cases of `#[derive(JwtSettings)]`: each `tests/ui/*.rs`
//! must fail with exactly the diagnostic in its `.stderr`.
//!
//! Compiler output changes between Rust releases, so the cases run on the
//! toolchain their `.stderr` files were written with. To refresh them after
//! changing a message: `TRYBUILD=overwrite cargo test --test compiletest`,
//! then read the diff.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr files are written with Rust 1.95"
)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
