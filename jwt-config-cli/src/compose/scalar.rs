//! A plain YAML scalar of a Compose file's `environment:` mapping as the
//! container gets it: compose-go decodes the file with go-yaml (v4), which
//! resolves an unquoted `015`, `1_000`, `30.0` or `True` to a number or a
//! boolean, and then writes the value back as text with Go's `fmt.Sprint`
//! (`types.MappingWithEquals`, `mappingValue`). So `015` reaches the
//! container as `13` (an octal number), `1_000` as `1000`, `30.0` as
//! `30`, `1e3` as `1000`, `True` as `true`.
//!
//! Reference: go-yaml's `resolve` (`internal/libyaml/resolver.go`) and Go's
//! `%v` of an `int64`, `uint64`, `float64` and `bool`. One difference: a
//! timestamp (`2001-12-14`), which go-yaml resolves to a time and Go
//! writes as `2001-12-14 00:00:00 +0000 UTC`, is kept as written here.

use std::borrow::Cow;

/// `text`, a plain scalar, as Compose passes it to the container.
pub fn as_compose_reads(text: &str) -> Cow<'_, str> {
    match text {
        "true" | "True" | "TRUE" => return Cow::Borrowed("true"),
        "false" | "False" | "FALSE" => return Cow::Borrowed("false"),
        ".nan" | ".NaN" | ".NAN" => return Cow::Borrowed("NaN"),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Cow::Borrowed("+Inf"),
        "-.inf" | "-.Inf" | "-.INF" => return Cow::Borrowed("-Inf"),
        "-0" | "-0.0" => return Cow::Borrowed("-0"),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(0);
    if first == b'.' {
        return match float(text) {
            Some(value) => Cow::Owned(go_float(value)),
            None => Cow::Borrowed(text),
        };
    }
    if !(first.is_ascii_digit() || first == b'+' || first == b'-') {
        return Cow::Borrowed(text);
    }
    let plain = text.replace('_', "");
    if let Some(value) = go_int(&plain) {
        return Cow::Owned(value);
    }
    if float_style(&plain)
        && let Some(value) = float(&plain)
    {
        return Cow::Owned(go_float(value));
    }
    Cow::Borrowed(text)
}

/// Go's `strconv.ParseInt(text, 0, 64)`, else `ParseUint(text, 0, 64)`,
/// written in decimal: a sign, then `0x`, `0o`, `0b` or a leading `0`
/// (octal) choose the base.
fn go_int(text: &str) -> Option<String> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = digits.get(..2).map(str::to_ascii_lowercase);
    let (radix, body) = match lower.as_deref() {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        _ => (10, digits),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(body, radix).ok()?;
    if negative {
        // int64 down to -2^63.
        (magnitude <= 1 << 63)
            .then(|| format!("-{magnitude}"))
            .map(|s| if s == "-0" { "0".to_owned() } else { s })
    } else {
        // int64, else uint64.
        (magnitude <= u128::from(u64::MAX)).then(|| magnitude.to_string())
    }
}

/// go-yaml's `yamlStyleFloat`:
/// `^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$`.
fn float_style(text: &str) -> bool {
    let rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && (fraction.is_empty() || digits(fraction)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Go's `strconv.ParseFloat(text, 64)` on what go-yaml hands it.
fn float(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// Go's `%v` of a `float64` (`%g` with the shortest digits that read back
/// as the value): `%e` form (`1e+21`, `1e-05`, `1.234567e+06`) when the
/// exponent is below -4 or at least 6, else `%f` form (`1000`, `0.5`).
fn go_float(value: f64) -> String {
    // Rust's `{:e}` gives the shortest digits: `1.5e3`, `1e-5`.
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs());
    }
    // `{}` writes the shortest digits without an exponent.
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_reach_the_container_as_compose_writes_them() {
        for (written, read) in [
            ("015", "13"),
            ("0x1F", "31"),
            ("0o17", "15"),
            ("0b101", "5"),
            ("1_000", "1000"),
            ("+7", "7"),
            ("-0", "-0"),
            ("007", "7"),
            ("08", "8"),
            ("30.0", "30"),
            ("1e3", "1000"),
            ("1.5", "1.5"),
            ("1e21", "1e+21"),
            ("0.00001", "1e-05"),
            (".5", "0.5"),
            ("True", "true"),
            ("FALSE", "false"),
            ("yes", "yes"),
            ("18446744073709551615", "18446744073709551615"),
            ("18446744073709551616", "1.8446744073709552e+19"),
            ("3600", "3600"),
            ("https://a", "https://a"),
            ("2001-12-14", "2001-12-14"),
            ("1.2.3", "1.2.3"),
            ("-", "-"),
        ] {
            assert_eq!(as_compose_reads(written), read, "{written}");
        }
    }
}
