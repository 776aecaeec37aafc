//! What `check` refuses to read: links out of the checked directory,
//! devices and FIFOs, files over the size cap, key files on the checker's
//! machine; and file names that are not UTF-8.

mod common;

use common::{Run, Scratch, check_json, run, run_with_env};

/// A deployment with one ordinary service beside whatever a test adds.
#[cfg(unix)]
fn hostile(name: &str) -> Scratch {
    Scratch::new(
        name,
        &[("development/auth.env", "JWT_SECRET_KEY=dev-secret-1\n")],
    )
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_checked_directory_is_refused_and_nothing_is_read_through_it() {
    let scratch = hostile("link-out");
    std::os::unix::fs::symlink("/proc/self/environ", scratch.0.join("development/x.env")).unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = run_with_env(
        &["check", scratch.0.to_str().unwrap()],
        &[("JWT_CONFIG_TEST_LEAK", "checker-own-secret-4711")],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("development/x.env: a link that leads outside the checked directory"),
        "{stderr}"
    );
    assert!(!format!("{stdout}{stderr}").contains("checker-own-secret"));
    // Nor a device: /dev/zero would fill memory.
    let zero = hostile("link-zero");
    std::os::unix::fs::symlink("/dev/zero", zero.0.join("development/zero.env")).unwrap();
    let run_zero = run(&["check", zero.0.to_str().unwrap()]);
    assert_eq!(run_zero.code, 2);
    assert!(
        run_zero
            .stderr
            .contains("development/zero.env: a link that leads outside"),
        "{}",
        run_zero.stderr
    );

    // A link that stays inside is followed.
    let inside = hostile("link-in");
    std::os::unix::fs::symlink("auth.env", inside.0.join("development/backend.env")).unwrap();
    let run = run(&["check", inside.0.to_str().unwrap()]);
    assert!(
        run.stdout.contains("backend"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn files_and_links_beside_the_environments_are_passed_over() {
    let scratch = hostile("beside");
    std::fs::write(scratch.0.join("README.md"), "# our deployment\n").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", scratch.0.join("NOTES.md")).unwrap();
    std::os::unix::fs::symlink("nowhere", scratch.0.join("dangling")).unwrap();
    let run_beside = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(
        run_beside.code, 0,
        "{}{}",
        run_beside.stdout, run_beside.stderr
    );
    // A directory that leads outside is still refused.
    std::os::unix::fs::symlink("/etc", scratch.0.join("staging")).unwrap();
    let run_out = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run_out.code, 2);
    assert!(
        run_out
            .stderr
            .contains("staging: a link that leads outside"),
        "{}",
        run_out.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_rather_than_waited_on() {
    let scratch = hostile("fifo");
    let fifo = scratch.0.join("development/pipe.env");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo failed");
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("development/pipe.env: not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_over_the_cap_is_refused_naming_the_file_and_the_cap() {
    let scratch = Scratch::new(
        "cap",
        &[(
            "development/auth.env",
            "JWT_SECRET_KEY=dev-secret-1\n# padding padding\n",
        )],
    );
    let run = run(&[
        "check",
        scratch.0.to_str().unwrap(),
        "--max-file-size",
        "16",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("development/auth.env: larger than 16 bytes, the most a file may hold; raise --max-file-size"),
        "{}",
        run.stderr
    );
    let fits = self::run(&[
        "check",
        scratch.0.to_str().unwrap(),
        "--max-file-size",
        "1K",
    ]);
    assert_eq!(fits.code, 0, "{}{}", fits.stdout, fits.stderr);
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_show_apart() {
    use std::os::unix::ffi::OsStrExt;
    let scratch = hostile("not-utf8");
    for byte in [0xff_u8, 0xfe] {
        let name = [b"auth".as_slice(), &[byte], b".env"].concat();
        std::fs::write(
            scratch
                .0
                .join("development")
                .join(std::ffi::OsStr::from_bytes(&name)),
            "JWT_SECRET_KEY=dev-secret-1\n",
        )
        .unwrap();
    }
    let run = run(&["check", scratch.0.to_str().unwrap()]);
    assert!(run.stdout.contains("auth\\xff "), "{}", run.stdout);
    assert!(run.stdout.contains("auth\\xfe "), "{}", run.stdout);
}

#[test]
fn a_key_named_by_its_path_is_never_read_from_the_checkers_machine() {
    // The registry says the key variable names a PEM file; the path is the
    // service's machine's. The check reads nothing there: a warning, not a
    // problem about whatever the checker's /etc/hostname holds.
    let registry = r#"schema = 1
[[setting]]
name = "JWT_PRIVATE_KEY"
encoding = "path"
"#;
    let scratch = Scratch::new(
        "key-path",
        &[
            (
                "development/signer.env",
                "JWT_SECRET_KEY=a-development-secret\nJWT_ALGORITHM=RS256\nJWT_PRIVATE_KEY=/etc/hostname\n",
            ),
            ("jwt-config.toml", registry),
        ],
    );
    let (code, report) = check_json(&scratch.0, &[]);
    assert_eq!(code, 0, "{report}");
    let warnings: Vec<String> = report["environments"][0]["services"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{} {}",
                w["var"].as_str().unwrap(),
                w["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(warnings, ["JWT_PRIVATE_KEY key_file"], "{report}");
}
