//! The floor of a deployment check, for `benches/check-scale.sh`: read and
//! parse every `.env` file under a directory with `dotenvy`, as the
//! services themselves would, and do nothing else.
//!
//! `dotenv-floor DIR`: prints how many variables it read.

use std::path::Path;

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: dotenv-floor DIR");
        std::process::exit(2);
    };
    match count(Path::new(&dir)) {
        Ok(vars) => println!("{vars}"),
        Err(err) => {
            eprintln!("{}: {err}", Path::new(&dir).display());
            std::process::exit(1);
        }
    }
}

/// The variables of every `.env` file under `dir`.
fn count(dir: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let mut vars = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // A link to a directory is not followed: a cycle would never end.
        if entry.file_type()?.is_dir() {
            vars += count(&path)?;
        } else if path.extension().is_some_and(|ext| ext == "env") {
            for item in dotenvy::from_path_iter(&path)? {
                let (name, value) = item?;
                std::hint::black_box((name, value));
                vars += 1;
            }
        }
    }
    Ok(vars)
}
