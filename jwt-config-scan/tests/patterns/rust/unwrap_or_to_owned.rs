use std::env;

pub fn audience() -> String {
    env::var("JWT_AUDIENCE").unwrap_or("web".to_owned())
}
