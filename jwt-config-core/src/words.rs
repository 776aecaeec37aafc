//! English for messages: counts with their unit, and lists joined as prose.
//! Every message of the registry, the load and the reports words these the
//! same way.

/// `n` `unit`s, the unit singular for one: `1 byte`, `0 bytes`, `15 minutes`.
///
/// ```
/// use jwt_config_core::__private::words::count;
///
/// assert_eq!(count(1, "byte"), "1 byte");
/// assert_eq!(count(64, "byte"), "64 bytes");
/// ```
pub fn count(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// Joins words as prose: `a`, `a and b`, `a, b and c`.
///
/// ```
/// assert_eq!(jwt_config_core::__private::words::and_list(&["dev", "test", "prod"]), "dev, test and prod");
/// ```
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}
