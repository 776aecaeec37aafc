//! How the text of a few kinds is read, shared by the resolver and by the
//! validation of a registry's defaults (which runs in the derive, without
//! the runtime).

/// Whether `text` starts or ends with whitespace, as `str::trim` sees it:
/// `text.trim() != text`, without scanning.
#[cfg(feature = "runtime")]
pub(crate) fn untrimmed(text: &str) -> bool {
    text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace)
}

/// Whether `text` is empty or whitespace alone: `text.trim().is_empty()`.
#[cfg(feature = "runtime")]
pub(crate) fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Whether `text` holds a PEM block (a key or a certificate).
#[cfg(feature = "runtime")]
pub(crate) fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// A flag: `true|1|yes|on` or `false|0|no|off`, any case.
pub(crate) fn parse_flag(text: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "1", "yes", "on"];
    const FALSE: [&str; 4] = ["false", "0", "no", "off"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        Some(true)
    } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(text)) {
        Some(false)
    } else {
        None
    }
}

/// Whether `text` has the shape of an absolute URL: a scheme, `://`, a
/// host, and no whitespace. `Err` says what is missing.
///
/// This checks the shape only, enough to catch a path or a host given
/// where a URL is expected; a service that needs the parts parses the
/// value with the `url` crate.
pub(crate) fn check_url(text: &str) -> Result<(), &'static str> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err("it has no `scheme://`");
    };
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !scheme_ok {
        return Err("its scheme is not letters, digits, `+`, `-` or `.`");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') {
        return Err("it has no host");
    }
    if text.chars().any(char::is_whitespace) {
        return Err("it contains whitespace");
    }
    Ok(())
}

/// `text` as weak patterns are compared: ASCII lower case, with `_`, `-`
/// and spaces left out, so that `REPLACE_WITH_...`, `replace-with-...` and
/// `Replace With ...` all match the pattern `replace-with`.
///
/// Bytes, not characters: only ASCII bytes are dropped or lowered, and no
/// byte of a multi-byte UTF-8 character is ASCII, so folding bytes folds
/// characters, and a folded pattern is found in a folded secret exactly
/// where its characters are. Only patterns are folded into a copy: a
/// secret is folded as it is read (`value::starts_folded`), never copied.
pub(crate) fn fold(text: &str) -> Vec<u8> {
    text.bytes()
        .filter(|&byte| !left_out(byte))
        .map(|byte| byte.to_ascii_lowercase())
        .collect()
}

/// Whether folding leaves `byte` out.
pub(crate) fn left_out(byte: u8) -> bool {
    matches!(byte, b'_' | b'-' | b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert_eq!(
            check_url("https://auth.example.com/.well-known/jwks.json"),
            Ok(())
        );
        assert_eq!(check_url("http://user@localhost:8080"), Ok(()));
        assert!(check_url("auth.example.com/jwks").is_err());
        assert!(check_url("https:///jwks").is_err());
        assert!(check_url("https://:443/").is_err());
        assert!(check_url("1http://x").is_err());
        assert!(check_url("https://a b").is_err());
    }

    #[test]
    fn flags_read_in_any_case() {
        assert_eq!(parse_flag("ON"), Some(true));
        assert_eq!(parse_flag("No"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
