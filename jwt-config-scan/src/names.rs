//! Code names as registries write them.

/// `name` in upper snake case: `jwtExpiresIn` is `JWT_EXPIRES_IN`,
/// `access_token_expire_minutes` is `ACCESS_TOKEN_EXPIRE_MINUTES`.
pub(crate) fn upper_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::upper_snake;

    #[test]
    fn camel_and_snake_cases_become_upper_snake() {
        assert_eq!(upper_snake("jwtExpiresIn"), "JWT_EXPIRES_IN");
        assert_eq!(
            upper_snake("access_token_expire_minutes"),
            "ACCESS_TOKEN_EXPIRE_MINUTES"
        );
        assert_eq!(upper_snake("JWT_SECRET_KEY"), "JWT_SECRET_KEY");
    }
}
