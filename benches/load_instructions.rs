//! The load of issue 12's 8-field struct from the process environment,
//! `N` times, for `benches/callgrind.sh` to count instructions:
//! `load_instructions jwt-config|hand-written N`.
//!
//! Not a criterion benchmark: callgrind's instruction count is the figure
//! that holds still on a shared machine.

use std::hint::black_box;

use jwt_config::JwtSettings;

mod common;
use common::{AuthJwt, STAGING, hand_written};

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_default();
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    for (name, value) in STAGING {
        // SAFETY: no other thread runs yet.
        unsafe { std::env::set_var(name, value) };
    }
    for _ in 0..times {
        match which.as_str() {
            "jwt-config" => {
                black_box(AuthJwt::from_env().expect("the bench's variables load"));
            }
            "hand-written" => {
                black_box(
                    hand_written(|name| std::env::var(name).ok())
                        .expect("the bench's variables load"),
                );
            }
            other => {
                eprintln!("expected jwt-config or hand-written, not `{other}`");
                std::process::exit(2);
            }
        }
    }
}
