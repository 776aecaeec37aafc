//! A plain YAML scalar of a Compose file's `environment:` mapping as the
//! container gets it: compose-go decodes the file with go-yaml (v4), which
//! resolves an unquoted `015`, `1_000`, `30.0` or `True` to a number or a
//! boolean, and then writes the value back as text with Go's `fmt.Sprint`
//! (`types.MappingWithEquals`, `mappingValue`). So `015` reaches the
//! container as `13` (an octal number), `1_000` as `1000`, `30.0` as
//! `30`, `1e3` as `1000`, `True` as `true`.
//!
//! Reference: go-yaml's `resolve` (`internal/libyaml/resolver.go`) and Go's
//! `%v` of an `int64`, `uint64`, `float64`, `bool` and `time.Time`.
//!
//! A timestamp is a time too: go-yaml's `parseTimestamp` tries Go's
//! `time.Parse` with `2006-1-2T15:4:5.999999999Z07:00` (and a lower-case
//! `t`), `2006-1-2 15:4:5.999999999` and `2006-1-2` on a plain scalar that
//! starts with four digits and `-`, and the constructor's `scalar` puts
//! the `time.Time` into the `interface{}` compose-go decodes into (go-yaml
//! v2 kept such a value a string "for backward compatibility", with a
//! `TODO(v3) Drop this`; v3 and v4 dropped it: `decode_test.go`'s
//! "implicit timestamp tag into interface"). compose-go's schema check
//! sees it as JSON text, interpolation passes over it, and `mappingValue`
//! writes it with `fmt.Sprint`: `2001-12-14` reaches the container as
//! `2001-12-14 00:00:00 +0000 UTC`. An offset other than zero is written
//! as Go names a zone it made up, `-0500 -0500`, and `+00:00` as `UTC`, as
//! on a host whose local zone is UTC; on a host whose own zone has that
//! offset at that time, Go writes that zone's name instead (`CET`).
//! Digits past nanoseconds are dropped, as Go 1.20 and later do.

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
    if let Some(time) = go_timestamp(text) {
        return Cow::Owned(time);
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

/// go-yaml's `parseTimestamp`, then Go's `Time.String`: `None` when no
/// layout parses the whole of `text` (it stays a string).
fn go_timestamp(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // go-yaml's quick check: all date formats start with YYYY-.
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    let mut rest = &text[5..];
    let year: u32 = text[..4].parse().ok()?;
    let month = go_num(&mut rest).filter(|m| (1..=12).contains(m))?;
    rest = rest.strip_prefix('-')?;
    let day = go_num(&mut rest)?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if rest.is_empty() {
        return Some(format!("{date} 00:00:00 +0000 UTC"));
    }
    // `T` or `t` and a zone, or blanks (Go's layout space takes any run
    // of them) and no zone.
    let zoned = match rest.as_bytes()[0] {
        b'T' | b't' => {
            rest = &rest[1..];
            true
        }
        b' ' => {
            rest = rest.trim_start_matches(' ');
            false
        }
        _ => return None,
    };
    let hour = go_num(&mut rest).filter(|h| *h < 24)?;
    rest = rest.strip_prefix(':')?;
    let minute = go_num(&mut rest).filter(|m| *m < 60)?;
    rest = rest.strip_prefix(':')?;
    let second = go_num(&mut rest).filter(|s| *s < 60)?;
    // `.999999999`: optional, `.` or `,` and any number of digits.
    let mut nanos = String::new();
    if let [b'.' | b',', b'0'..=b'9', ..] = rest.as_bytes() {
        let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
        nanos = rest[1..1 + digits.min(9)].to_owned();
        rest = &rest[1 + digits..];
    }
    let fraction = nanos.trim_end_matches('0');
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    let zone = if !zoned || rest == "Z" {
        "+0000 UTC".to_owned()
    } else {
        // `Z07:00`: a sign, two digits, `:`, two digits.
        let b = rest.as_bytes();
        if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
            return None;
        }
        let two = |s: &[u8]| {
            (s.iter().all(u8::is_ascii_digit)).then(|| (s[0] - b'0') * 10 + (s[1] - b'0'))
        };
        let (hours, minutes) = (two(&b[1..3])?, two(&b[4..6])?);
        if hours > 24 || minutes > 60 {
            return None;
        }
        if hours == 0 && minutes == 0 {
            "+0000 UTC".to_owned()
        } else {
            let offset = format!("{}{hours:02}{minutes:02}", b[0] as char);
            format!("{offset} {offset}")
        }
    };
    if !zoned && !rest.is_empty() {
        return None;
    }
    Some(format!(
        "{date} {hour:02}:{minute:02}:{second:02}{fraction} {zone}"
    ))
}

/// Go's `getnum(value, false)`: one or two digits, taken off `rest`.
fn go_num(rest: &mut &str) -> Option<u32> {
    let digits = rest.bytes().take(2).take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let value = rest[..digits].parse().ok()?;
    *rest = &rest[digits..];
    Some(value)
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
            ("2001-12-14", "2001-12-14 00:00:00 +0000 UTC"),
            ("1.2.3", "1.2.3"),
            ("-", "-"),
        ] {
            assert_eq!(as_compose_reads(written), read, "{written}");
        }
    }

    /// Go 1.20 and later drop digits past nanoseconds (Go 1.19, which
    /// made tests/golden/compose/scalars.json, refused them: that case is
    /// held here, not there).
    #[test]
    fn a_timestamp_with_more_than_nine_fractional_digits_keeps_nine() {
        assert_eq!(
            as_compose_reads("2001-12-14T21:59:43.123456789123+05:30"),
            "2001-12-14 21:59:43.123456789 +0530 +0530"
        );
        for odd in [
            "2001-12-14T",
            "2001-12-14 ",
            "2001-1",
            "2001-",
            "2001-12-14T1:2:3+",
        ] {
            assert_eq!(as_compose_reads(odd), odd);
        }
    }
}
