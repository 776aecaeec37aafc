fn main() {
    // SAFETY: single-threaded start-up.
    unsafe { std::env::set_var("JWT_SECRET_KEY", "written") };
    unsafe { std::env::remove_var("JWT_SECRET") };
}
