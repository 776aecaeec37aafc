//! A dictionary attack on a report: 600 common weak secrets, each set in a
//! deployment, the report's fingerprints in hand, and every way a reader of
//! the report could hash a guess without the run's key. None is recovered.

use std::collections::BTreeSet;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use jwt_config::Environment;
use jwt_config::deployment::__private::{EnvironmentDir, ServiceFile, ServiceVars, judge};
use jwt_config::registry::standard;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const WORDS: [&str; 60] = [
    "password",
    "secret",
    "letmein",
    "changeme",
    "admin",
    "welcome",
    "qwerty",
    "monkey",
    "dragon",
    "master",
    "shadow",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "iloveyou",
    "trustno1",
    "superman",
    "batman",
    "starwars",
    "hello",
    "freedom",
    "whatever",
    "login",
    "access",
    "mustang",
    "michael",
    "jennifer",
    "hunter",
    "ranger",
    "buster",
    "soccer",
    "hockey",
    "killer",
    "george",
    "charlie",
    "andrew",
    "thomas",
    "jordan",
    "harley",
    "robert",
    "matthew",
    "daniel",
    "summer",
    "pepper",
    "ginger",
    "cookie",
    "flower",
    "silver",
    "orange",
    "purple",
    "yellow",
    "banana",
    "cheese",
    "computer",
    "internet",
    "jwtsecret",
    "mysecret",
    "devsecret",
    "testsecret",
];

/// 600 guesses: each word as is, capitalised, and with the usual endings.
fn dictionary() -> Vec<String> {
    let mut words = Vec::new();
    for word in WORDS {
        let capital = format!("{}{}", word[..1].to_uppercase(), &word[1..]);
        for guess in [
            word.to_owned(),
            capital.clone(),
            format!("{word}1"),
            format!("{word}123"),
            format!("{word}!"),
            format!("{word}2024"),
            format!("{capital}1!"),
            format!("{word}{word}"),
            format!("{word}-key"),
            format!("{word}_secret"),
        ] {
            words.push(guess);
        }
    }
    words
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a reader of the report could compute for `guess` without the key.
fn guesses(guess: &str) -> Vec<String> {
    let mut out = Vec::new();
    let plain = Sha256::digest(guess.as_bytes());
    out.push(hex(&plain[..6]));
    let domain = Sha256::new()
        .chain_update(b"jwt-config fingerprint v1\0")
        .chain_update(guess.as_bytes())
        .finalize();
    out.push(hex(&domain[..6]));
    for key in [&b""[..], &[0u8; 32][..], b"jwt-config"] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(b"jwt-config fingerprint v2\0");
        mac.update(guess.as_bytes());
        out.push(hex(&mac.finalize().into_bytes()[..6]));
    }
    out
}

#[test]
fn no_weak_secret_is_recovered_from_a_report() {
    let words = dictionary();
    assert_eq!(words.len(), 600);
    let services = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let mut vars = ServiceVars::default();
            vars.set("JWT_SECRET_KEY", Zeroizing::new(word.clone()), "x.env", 1);
            ServiceFile {
                service: format!("svc-{i}"),
                file: "x.env".to_owned(),
                vars,
            }
        })
        .collect();
    let environments = [EnvironmentDir {
        environment: Environment::Development.into(),
        services,
    }];
    let report = judge(standard(), std::path::Path::new("deploy"), &environments);
    let json = serde_json::to_string(&report).unwrap();
    let fingerprints: BTreeSet<&str> = json
        .split('"')
        .filter(|token| token.starts_with("fp:"))
        .map(|token| &token[3..])
        .collect();
    // Secrets under 8 bytes are refused, and fingerprinted all the same:
    // drift compares a refused secret too.
    let distinct: BTreeSet<&String> = words.iter().collect();
    assert_eq!(
        fingerprints.len(),
        distinct.len(),
        "one fingerprint a secret"
    );
    let recovered: Vec<&String> = words
        .iter()
        .filter(|word| {
            guesses(word)
                .iter()
                .any(|g| fingerprints.contains(g.as_str()))
        })
        .collect();
    assert!(
        recovered.is_empty(),
        "recovered from the report: {recovered:?}"
    );
}
