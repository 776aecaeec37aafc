//! Code written to break a reader: never a panic, an abort or a stack
//! overflow, and no time growing with the square of the file. (Each case
//! here crashed the process, or ran for minutes, before its guard.)

use jwt_config_core::registry;
use jwt_config_scan::__private::found_in;
use jwt_config_scan::Scan;

#[test]
fn a_product_of_thousands_of_factors_or_brackets_is_no_value_and_no_overflow() {
    let factors = vec!["1"; 20_000].join(" * ");
    let brackets = format!("{}1{}", "(".repeat(20_000), ")".repeat(20_000));
    for value in [&factors, &brackets] {
        for (file, source) in [
            ("a.py", format!("import os\nX = {value}\n")),
            ("a.ts", format!("const env = 1;\nconst X = {value};\n")),
            ("a.go", format!("package env\nconst X = {value}\n")),
            ("a.rs", format!("// env\nconst X: u64 = {value};\n")),
        ] {
            let found = found_in(file, &source, registry::standard()).unwrap();
            assert!(found.is_empty(), "{file}");
        }
    }
}

#[test]
fn long_method_chains_and_deep_nesting_are_read_in_bounded_steps() {
    let chain = format!(
        "fn f() {{ std::env::var(\"JWT_ISSUER\"){}.unwrap_or(\"x\".into()); }}\n",
        ".ok()".repeat(20_000)
    );
    let found = found_in("a.rs", &chain, registry::standard()).unwrap();
    assert_eq!(
        found.len(),
        1,
        "the read, without the default past the chain"
    );
    assert!(found[0].default.is_none());
    let mut nested = String::from("import os\n");
    for depth in 0..90 {
        nested.push_str(&format!(
            "{}if x:\n{}    y{depth} = 1\n",
            "    ".repeat(depth),
            "    ".repeat(depth)
        ));
    }
    found_in("a.py", &nested, registry::standard()).unwrap();
}

#[test]
fn python_nested_past_its_grammars_state_is_skipped_and_said() {
    let dir = std::env::temp_dir().join(format!("jwt-config-scan-deep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("svc")).unwrap();
    let mut deep = String::from("import os\n");
    for depth in 0..700 {
        deep.push_str(&format!("{}if x:\n", " ".repeat(depth)));
    }
    deep.push_str(&format!("{}s = 'JWT_SECRET'\n", " ".repeat(700)));
    std::fs::write(dir.join("svc/deep.py"), deep).unwrap();
    std::fs::write(
        dir.join("svc/app.py"),
        "import os\nk = os.getenv(\"JWT_SECRET\")\n",
    )
    .unwrap();
    let report = Scan::new(&dir)
        .registry(registry::standard())
        .run()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(report.files, 1, "{report}");
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].file, "svc/deep.py");
    assert!(
        report
            .to_string()
            .contains("skipped svc/deep.py: indented more than 100 levels deep"),
        "{report}"
    );
}
