//! Code names as registries write them.

/// `name` in upper snake case: `jwtExpiresIn` is `JWT_EXPIRES_IN`,
/// `access_token_expire_minutes` is `ACCESS_TOKEN_EXPIRE_MINUTES`, and an
/// initialism ends a word where the next begins (Go's `DefaultJWTIssuer` is
/// `DEFAULT_JWT_ISSUER`).
pub(crate) fn upper_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let after_word = previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        let ends_initialism = previous.is_some_and(|p| p.is_ascii_uppercase())
            && next.is_some_and(char::is_ascii_lowercase);
        if c.is_ascii_uppercase() && (after_word || ends_initialism) {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
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

    #[test]
    fn an_initialism_is_a_word_of_its_own() {
        assert_eq!(upper_snake("DefaultJWTIssuer"), "DEFAULT_JWT_ISSUER");
        assert_eq!(upper_snake("JWTLeewaySeconds"), "JWT_LEEWAY_SECONDS");
        assert_eq!(upper_snake("jwtTTL"), "JWT_TTL");
    }
}
