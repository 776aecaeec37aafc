//! Tokens from the settings: what the auth service signs, the backend
//! verifies when their settings agree, and refuses with the reason when
//! they drift; a verifier holds a public key only.

use jwt_config::{DotenvFile, Environment, JwtSettings, SecretString};
use jwt_config_core::tokens::{TokenError, TokenKeys};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    aud: Vec<String>,
    exp: u64,
}

fn claims() -> Claims {
    Claims {
        sub: "user-1".to_owned(),
        iss: "https://auth.staging.internal".to_owned(),
        aud: vec!["backend".to_owned()],
        exp: 4_000_000_000,
    }
}

/// The auth service's and the backend's settings, as the examples read them.
#[derive(JwtSettings)]
#[jwt(service = "auth_service")]
struct Auth {
    jwt_secret_key: SecretString,
    jwt_algorithm: jwt_config::Algorithm,
    jwt_issuer: Option<String>,
    jwt_audience: Option<Vec<String>>,
}

#[derive(JwtSettings)]
#[jwt(service = "backend")]
struct Backend {
    jwt_secret_key: SecretString,
    jwt_algorithm: jwt_config::Algorithm,
    jwt_issuer: Option<String>,
    jwt_audience: Option<Vec<String>>,
}

fn deployed(service: &str) -> DotenvFile {
    DotenvFile::open(format!(
        "{}/examples/deploy/consistent/staging/{service}.env",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn what_the_auth_service_signs_the_backend_verifies() {
    let auth = Auth::from_source(&deployed("auth_service")).unwrap();
    let backend = Backend::from_source(&deployed("backend")).unwrap();
    let token = TokenKeys::from_settings(&auth)
        .unwrap()
        .encode(&claims())
        .unwrap();
    let verified: Claims = TokenKeys::from_settings(&backend)
        .unwrap()
        .decode(&token)
        .unwrap();
    assert_eq!(verified, claims());
}

#[test]
fn drifted_settings_refuse_the_token_with_the_reason() {
    let auth = Auth::from_source(&deployed("auth_service")).unwrap();
    let token = TokenKeys::from_settings(&auth)
        .unwrap()
        .encode(&claims())
        .unwrap();
    let file = deployed("backend");
    let drifted = |name: &'static str, value: &'static str| {
        let mut vars: Vec<(String, String)> = file
            .names()
            .filter(|n| *n != name)
            .map(|n| {
                let value = jwt_config::Source::var(&file, n).unwrap().unwrap();
                (n.to_owned(), value.into_owned())
            })
            .collect();
        vars.push((name.to_owned(), value.to_owned()));
        let backend = Backend::from_source(&jwt_config::vars(vars)).unwrap();
        let keys = TokenKeys::from_settings(&backend).unwrap();
        match keys.decode::<Claims>(&token) {
            Err(TokenError::Token(err)) => format!("{:?}", err.kind()),
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    };
    assert_eq!(
        drifted(
            "JWT_SECRET_KEY",
            "Another-secret-of-at-least-32-bytes-here!!"
        ),
        "InvalidSignature"
    );
    assert_eq!(
        drifted("JWT_ISSUER", "https://someone.else"),
        "InvalidIssuer"
    );
    assert_eq!(drifted("JWT_AUDIENCE", "billing"), "InvalidAudience");
    assert_eq!(drifted("JWT_ALGORITHM", "HS512"), "InvalidAlgorithm");
}

#[derive(JwtSettings)]
#[jwt(registry = "registries/keys.toml")]
struct Signer {
    #[jwt(required)]
    jwt_private_key: SecretString,
    jwt_issuer: Option<String>,
}

#[derive(JwtSettings)]
#[jwt(registry = "registries/keys.toml")]
struct Verifier {
    #[jwt(required)]
    jwt_public_key: String,
    jwt_issuer: Option<String>,
}

const SIGNER_PEM: &str = include_str!("keys/signer.pem");
const SIGNER_PUB: &str = include_str!("keys/signer.pub.pem");
const OTHER_PUB: &str = include_str!("keys/other.pub.pem");

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Short {
    sub: String,
    iss: String,
    exp: u64,
}

#[test]
fn a_verifier_with_a_public_key_only_verifies_rs256_tokens() {
    let issuer = ("JWT_ISSUER", "https://auth.example");
    let signer =
        Signer::from_vars(Environment::Test, [("JWT_PRIVATE_KEY", SIGNER_PEM), issuer]).unwrap();
    let claims = Short {
        sub: "svc".to_owned(),
        iss: "https://auth.example".to_owned(),
        exp: 4_000_000_000,
    };
    let token = TokenKeys::from_settings(&signer)
        .unwrap()
        .encode(&claims)
        .unwrap();

    let verifier =
        Verifier::from_vars(Environment::Test, [("JWT_PUBLIC_KEY", SIGNER_PUB), issuer]).unwrap();
    let keys = TokenKeys::from_settings(&verifier).unwrap();
    assert_eq!(keys.decode::<Short>(&token).unwrap(), claims);
    assert!(matches!(keys.encode(&claims), Err(TokenError::CannotSign)));
    assert!(keys.encoding_key().is_none());

    let wrong =
        Verifier::from_vars(Environment::Test, [("JWT_PUBLIC_KEY", OTHER_PUB), issuer]).unwrap();
    let err = TokenKeys::from_settings(&wrong)
        .unwrap()
        .decode::<Short>(&token)
        .unwrap_err();
    assert!(err.to_string().contains("InvalidSignature"), "{err}");
}

#[test]
fn key_material_that_does_not_fit_is_refused_naming_the_variable() {
    let broken = Verifier::from_vars(
        Environment::Test,
        [
            (
                "JWT_PUBLIC_KEY",
                "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----",
            ),
            ("JWT_ISSUER", "x"),
        ],
    )
    .unwrap();
    let err = TokenKeys::from_settings(&broken).unwrap_err();
    assert_eq!(
        err.to_string(),
        "JWT_PUBLIC_KEY is not a PEM public key RS256 can verify with"
    );
}

#[test]
fn no_key_material_reaches_debug_or_display() {
    let signer = Signer::from_vars(
        Environment::Test,
        [
            ("JWT_PRIVATE_KEY", SIGNER_PEM),
            ("JWT_ISSUER", "https://auth.example"),
        ],
    )
    .unwrap();
    let keys = TokenKeys::from_settings(&signer).unwrap();
    let shown = format!("{keys:?}");
    let body: Vec<&str> = SIGNER_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for line in body {
        assert!(!shown.contains(&line[..16]), "{shown}");
    }
    // It verifies its own tokens with the public half of its key.
    assert_eq!(
        shown,
        "TokenKeys { algorithm: RS256, signs: true, verifies: true, .. }"
    );
}

#[derive(JwtSettings)]
#[jwt(service = "backend")]
struct Caller {
    jwt_secret_key: SecretString,
    jwt_issuer: Option<String>,
    jwt_audience: Option<Vec<String>>,
    service_id: Option<String>,
    service_secret: Option<SecretString>,
}

#[test]
fn a_service_token_made_by_one_service_is_verified_by_another() {
    let caller = Caller::from_source(&deployed("backend")).unwrap();
    let credentials = caller.service_credentials().unwrap();
    let keys = TokenKeys::from_settings(&caller).unwrap();
    let token = keys.service_token(&credentials).unwrap();

    let auth = Auth::from_source(&deployed("auth_service")).unwrap();
    let verifier = TokenKeys::from_settings(&auth).unwrap();
    let claims = verifier.verify_service_token(&token).unwrap();
    assert_eq!(claims.sub, "backend");
    assert_eq!(claims.typ, "service");
    // The built-in service-token lifetime: 120 minutes.
    assert_eq!(claims.exp - claims.iat, 120 * 60);
    // A user's token is no service token.
    let user = verifier.encode(&claims_of_user()).unwrap();
    assert!(verifier.verify_service_token(&user).is_err());
}

fn claims_of_user() -> Claims {
    claims()
}

#[derive(Debug, JwtSettings)]
struct Picky {
    jwt_secret_key: SecretString,
    jwt_algorithm: jwt_config::Algorithm,
    jwt_public_key: Option<String>,
}

#[test]
fn an_asymmetric_algorithm_without_a_key_is_a_load_problem() {
    let err = Picky::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", "a-test-secret"),
            ("JWT_ALGORITHM", "RS256"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        "JWT_ALGORITHM (test): `RS256` is not an algorithm these settings hold a key for: RS256 signs with a key pair, and neither JWT_PRIVATE_KEY nor JWT_PUBLIC_KEY is set; set JWT_PRIVATE_KEY to sign or JWT_PUBLIC_KEY to verify, or choose an HS algorithm"
    );
    let ok = Picky::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", "a-test-secret"),
            ("JWT_ALGORITHM", "RS256"),
            ("JWT_PUBLIC_KEY", SIGNER_PUB),
        ],
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn public_keys_are_compared_by_a_digest_of_the_key() {
    #[derive(JwtSettings)]
    struct V {
        jwt_secret_key: SecretString,
        jwt_public_key: Option<String>,
    }
    let load = |pem: &str| {
        V::from_vars(
            Environment::Test,
            [("JWT_SECRET_KEY", "a-test-secret"), ("JWT_PUBLIC_KEY", pem)],
        )
        .unwrap()
        .snapshot()
    };
    let (a, b) = (load(SIGNER_PUB), load(OTHER_PUB));
    let shown = a.value("JWT_PUBLIC_KEY").unwrap();
    assert!(shown.starts_with("pem:") && shown.len() == 16, "{shown}");
    // The same key with its lines wrapped otherwise is the same key.
    let rewrapped = SIGNER_PUB.replace('\n', "\n\n");
    assert_eq!(load(&rewrapped).value("JWT_PUBLIC_KEY"), Some(shown));
    let report = jwt_config::drift::compare(Environment::Test, &[("a", &a), ("b", &b)]).unwrap();
    assert_eq!(
        report.mismatches()[0].category(),
        "KEY_MISMATCH",
        "{report}"
    );
    assert!(!report.to_string().contains("BEGIN PUBLIC KEY"), "{report}");
}

#[test]
fn a_verifier_whose_key_is_not_the_signers_is_drift() {
    #[derive(JwtSettings)]
    struct Signs {
        jwt_secret_key: SecretString,
        jwt_private_key: Option<SecretString>,
    }
    #[derive(JwtSettings)]
    struct Verifies {
        jwt_secret_key: SecretString,
        jwt_public_key: Option<String>,
    }
    let signer = Signs::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", "a-test-secret"),
            ("JWT_PRIVATE_KEY", SIGNER_PEM),
        ],
    )
    .unwrap()
    .snapshot();
    let verifier = |pem: &str| {
        Verifies::from_vars(
            Environment::Test,
            [("JWT_SECRET_KEY", "a-test-secret"), ("JWT_PUBLIC_KEY", pem)],
        )
        .unwrap()
        .snapshot()
    };
    let (matching, other) = (verifier(SIGNER_PUB), verifier(OTHER_PUB));
    let fine =
        jwt_config::drift::compare(Environment::Test, &[("auth", &signer), ("api", &matching)])
            .unwrap();
    assert!(fine.is_consistent(), "{fine}");
    let report =
        jwt_config::drift::compare(Environment::Test, &[("auth", &signer), ("api", &other)])
            .unwrap();
    assert!(
        report.to_string().contains("KEY_MISMATCH: JWT_PUBLIC_KEY: api's JWT_PUBLIC_KEY is not the public key of the JWT_PRIVATE_KEY auth signs with"),
        "{report}"
    );
    assert!(!report.to_string().contains("PRIVATE KEY-----"), "{report}");
}

#[derive(JwtSettings)]
struct Pair {
    jwt_secret_key: SecretString,
    jwt_algorithm: jwt_config::Algorithm,
    jwt_private_key: Option<SecretString>,
    jwt_public_key: Option<String>,
}

#[test]
fn elliptic_and_edwards_keys_sign_and_verify_too() {
    for (algorithm, private, public) in [
        (
            "ES256",
            include_str!("keys/ec.pem"),
            include_str!("keys/ec.pub.pem"),
        ),
        (
            "EdDSA",
            include_str!("keys/ed.pem"),
            include_str!("keys/ed.pub.pem"),
        ),
        ("PS256", SIGNER_PEM, SIGNER_PUB),
    ] {
        let load = |key: &str, value: &str| {
            Pair::from_vars(
                Environment::Test,
                [
                    ("JWT_SECRET_KEY", "a-test-secret"),
                    ("JWT_ALGORITHM", algorithm),
                    (key, value),
                ],
            )
            .unwrap()
        };
        let signer = TokenKeys::from_settings(&load("JWT_PRIVATE_KEY", private)).unwrap();
        let verifier = TokenKeys::from_settings(&load("JWT_PUBLIC_KEY", public)).unwrap();
        let claims = Short {
            sub: "svc".to_owned(),
            iss: "x".to_owned(),
            exp: 4_000_000_000,
        };
        let token = signer.encode(&claims).unwrap();
        assert_eq!(
            verifier.decode::<Short>(&token).unwrap(),
            claims,
            "{algorithm}"
        );
    }
}

#[test]
fn an_rs256_verifier_needs_no_shared_secret() {
    #[derive(Debug, JwtSettings)]
    struct Verifier256 {
        jwt_secret_key: Option<SecretString>,
        jwt_algorithm: jwt_config::Algorithm,
        jwt_public_key: Option<String>,
    }
    let verifier = Verifier256::from_vars(
        Environment::Production,
        [("JWT_ALGORITHM", "RS256"), ("JWT_PUBLIC_KEY", SIGNER_PUB)],
    )
    .unwrap();
    assert!(verifier.jwt_secret_key.is_none());
    TokenKeys::from_settings(&verifier).unwrap();
    // With an HS algorithm the secret is required as before.
    let err =
        Verifier256::from_vars(Environment::Production, [("JWT_ALGORITHM", "HS256")]).unwrap_err();
    assert_eq!(err.problems()[0].var(), "JWT_SECRET_KEY");
}

#[test]
fn a_pem_that_does_not_parse_is_a_load_problem_never_quoted() {
    let err = Picky::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", "a-test-secret"),
            ("JWT_ALGORITHM", "ES256"),
            ("JWT_PUBLIC_KEY", SIGNER_PUB),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.problems()[0].to_string(),
        "JWT_PUBLIC_KEY (test): the value is not a PEM public key ES256 can use; set JWT_PUBLIC_KEY to the PEM public key of the ES256 key pair"
    );
    assert!(!format!("{err:?}").contains("MII"), "{err:?}");
}

/// A development verifier that skips the signature, as its own settings say.
#[derive(JwtSettings)]
struct Sloppy {
    jwt_secret_key: SecretString,
    jwt_issuer: Option<String>,
    jwt_skip_signature_verification: bool,
}

#[test]
fn skipping_the_signature_still_checks_expiry_and_issuer() {
    let signer = Auth::from_vars(
        Environment::Development,
        [
            ("JWT_SECRET_KEY", "a-signing-secret-nobody-else-has!"),
            ("JWT_ISSUER", "https://auth.staging.internal"),
        ],
    )
    .unwrap();
    let sloppy = Sloppy::from_vars(
        Environment::Development,
        [
            ("JWT_SECRET_KEY", "a-different-secret-of-some-length"),
            ("JWT_ISSUER", "https://auth.staging.internal"),
            ("JWT_SKIP_SIGNATURE_VERIFICATION", "true"),
        ],
    )
    .unwrap();
    let signer = TokenKeys::from_settings(&signer).unwrap();
    let verifier = TokenKeys::from_settings(&sloppy).unwrap();

    // The wrong key is forgiven, as the flag asks ...
    let token = signer.encode(&claims()).unwrap();
    assert_eq!(verifier.decode::<Claims>(&token).unwrap(), claims());

    // ... an expired token or another issuer's never is.
    let expired = signer
        .encode(&Claims {
            exp: 1_000,
            ..claims()
        })
        .unwrap();
    let other = signer
        .encode(&Claims {
            iss: "https://evil.example".to_owned(),
            ..claims()
        })
        .unwrap();
    for (token, want) in [
        (expired, jsonwebtoken::errors::ErrorKind::ExpiredSignature),
        (other, jsonwebtoken::errors::ErrorKind::InvalidIssuer),
    ] {
        match verifier.decode::<Claims>(&token) {
            Err(TokenError::Token(error)) => assert_eq!(*error.kind(), want),
            other => panic!("want {want:?}, got {other:?}"),
        }
    }
}

#[test]
fn a_struct_that_does_not_read_the_skip_flag_always_verifies() {
    // Auth has no skip field: its keys check signatures. (The built-in
    // default of the flag is false; `tokens.rs`'s unit test
    // `a_skip_flag_is_never_taken_from_a_registry_default` holds it for a
    // registry whose development default is true.)
    let auth = Auth::from_vars(
        Environment::Development,
        [("JWT_SECRET_KEY", "a-signing-secret-nobody-else-has!")],
    )
    .unwrap();
    let forged = TokenKeys::from_settings(
        &Auth::from_vars(
            Environment::Development,
            [("JWT_SECRET_KEY", "a-forger-s-secret-of-some-length!")],
        )
        .unwrap(),
    )
    .unwrap()
    .encode(&claims())
    .unwrap();
    assert!(matches!(
        TokenKeys::from_settings(&auth)
            .unwrap()
            .decode::<Claims>(&forged),
        Err(TokenError::Token(_))
    ));
}

/// [`Sloppy`] that also names the audience of its users' tokens.
#[derive(JwtSettings)]
struct SloppyWithAudience {
    jwt_secret_key: SecretString,
    jwt_issuer: Option<String>,
    jwt_audience: Option<Vec<String>>,
    jwt_skip_signature_verification: bool,
}

#[test]
fn skipping_the_signature_still_takes_service_tokens_which_have_no_audience() {
    let caller = Caller::from_vars(
        Environment::Development,
        [
            ("JWT_SECRET_KEY", "a-signing-secret-nobody-else-has!"),
            ("JWT_ISSUER", "https://auth.staging.internal"),
            ("SERVICE_ID", "backend"),
            ("SERVICE_SECRET", "a-service-secret-of-some-length-0123"),
        ],
    )
    .unwrap();
    let token = TokenKeys::from_settings(&caller)
        .unwrap()
        .service_token(&caller.service_credentials().unwrap())
        .unwrap();
    let sloppy = SloppyWithAudience::from_vars(
        Environment::Development,
        [
            ("JWT_SECRET_KEY", "a-different-secret-of-some-length"),
            ("JWT_ISSUER", "https://auth.staging.internal"),
            ("JWT_AUDIENCE", "web"),
            ("JWT_SKIP_SIGNATURE_VERIFICATION", "true"),
        ],
    )
    .unwrap();
    let verifier = TokenKeys::from_settings(&sloppy).unwrap();
    let claims = verifier.verify_service_token(&token).unwrap();
    assert_eq!(claims.sub, "backend");
}

/// Seconds since the epoch, as `nbf` and `exp` count.
fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn refused_with(result: Result<serde_json::Value, TokenError>) -> jsonwebtoken::errors::ErrorKind {
    match result {
        Err(TokenError::Token(error)) => error.into_kind(),
        other => panic!("want a refused token, got {other:?}"),
    }
}

#[derive(JwtSettings)]
struct Leeway {
    jwt_secret_key: SecretString,
    jwt_leeway_seconds: u64,
}

#[test]
fn a_token_not_yet_valid_is_refused_unless_within_the_leeway() {
    let strict = Leeway::from_vars(
        Environment::Test,
        [("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!")],
    )
    .unwrap();
    let lenient = Leeway::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!"),
            ("JWT_LEEWAY_SECONDS", "120"),
        ],
    )
    .unwrap();
    let strict = TokenKeys::from_settings(&strict).unwrap();
    let lenient = TokenKeys::from_settings(&lenient).unwrap();
    let in_a_minute = serde_json::json!({ "sub": "u", "exp": now() + 3_600, "nbf": now() + 60 });
    let in_an_hour = serde_json::json!({ "sub": "u", "exp": now() + 7_200, "nbf": now() + 3_600 });
    let soon = strict.encode(&in_a_minute).unwrap();
    let later = strict.encode(&in_an_hour).unwrap();

    assert_eq!(
        refused_with(strict.decode(&soon)),
        jsonwebtoken::errors::ErrorKind::ImmatureSignature
    );
    assert_eq!(
        lenient.decode::<serde_json::Value>(&soon).unwrap(),
        in_a_minute
    );
    assert_eq!(
        refused_with(lenient.decode(&later)),
        jsonwebtoken::errors::ErrorKind::ImmatureSignature
    );
}

#[test]
fn a_token_without_exp_is_refused_by_default() {
    let auth = Auth::from_vars(
        Environment::Test,
        [("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!")],
    )
    .unwrap();
    let keys = TokenKeys::from_settings(&auth).unwrap();
    let token = keys.encode(&serde_json::json!({ "sub": "u" })).unwrap();
    assert_eq!(
        refused_with(keys.decode(&token)),
        jsonwebtoken::errors::ErrorKind::MissingRequiredClaim("exp".to_owned())
    );
}

#[derive(JwtSettings)]
#[jwt(registry = "registries/lenient.toml")]
struct Lenient {
    jwt_secret_key: SecretString,
    jwt_issuers: Option<Vec<String>>,
    jwt_require_exp: bool,
}

fn lenient(vars: &[(&str, &str)]) -> TokenKeys {
    let mut all = vec![("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!")];
    all.extend_from_slice(vars);
    TokenKeys::from_settings(&Lenient::from_vars(Environment::Test, all).unwrap()).unwrap()
}

#[test]
fn a_registry_that_does_not_require_exp_accepts_a_token_without_one() {
    let keys = lenient(&[]);
    let claims = serde_json::json!({ "sub": "u" });
    let token = keys.encode(&claims).unwrap();
    assert_eq!(keys.decode::<serde_json::Value>(&token).unwrap(), claims);
    // An `exp` that is there is still checked.
    let expired = keys
        .encode(&serde_json::json!({ "sub": "u", "exp": 1_000 }))
        .unwrap();
    assert_eq!(
        refused_with(keys.decode(&expired)),
        jsonwebtoken::errors::ErrorKind::ExpiredSignature
    );
    // And a deployment that sets the flag requires it again.
    let strict = lenient(&[("JWT_REQUIRE_EXP", "true")]);
    assert_eq!(
        refused_with(strict.decode(&token)),
        jsonwebtoken::errors::ErrorKind::MissingRequiredClaim("exp".to_owned())
    );
}

#[test]
fn a_token_of_one_of_several_issuers_passes_and_of_another_is_refused() {
    let keys = lenient(&[("JWT_ISSUERS", "https://a.example, https://b.example")]);
    let of = |iss: &str| {
        keys.encode(&serde_json::json!({ "iss": iss, "exp": now() + 60 }))
            .unwrap()
    };
    for listed in ["https://a.example", "https://b.example"] {
        let claims: serde_json::Value = keys.decode(&of(listed)).unwrap();
        assert_eq!(claims["iss"], listed);
    }
    assert_eq!(
        refused_with(keys.decode(&of("https://c.example"))),
        jsonwebtoken::errors::ErrorKind::InvalidIssuer
    );
    // A token that names no issuer is refused too (`jsonwebtoken` alone
    // lets it pass).
    let no_issuer = keys
        .encode(&serde_json::json!({ "exp": now() + 60 }))
        .unwrap();
    assert_eq!(
        refused_with(keys.decode(&no_issuer)),
        jsonwebtoken::errors::ErrorKind::MissingRequiredClaim("iss".to_owned())
    );
}

#[test]
fn a_validation_adjusted_for_one_call_keeps_the_settings_algorithm() {
    use jwt_config_core::tokens::Validation;

    let keys = lenient(&[("JWT_ISSUERS", "https://a.example")]);
    let token = keys
        .encode(&serde_json::json!({ "iss": "https://admin.example", "exp": now() + 60 }))
        .unwrap();
    assert_eq!(
        refused_with(keys.decode(&token)),
        jsonwebtoken::errors::ErrorKind::InvalidIssuer
    );
    let mut admin: Validation = keys.validation().clone();
    admin.set_issuer(&["https://admin.example"]);
    assert!(
        keys.decode_with::<serde_json::Value>(&token, &admin)
            .is_ok()
    );

    // A validation naming another algorithm is held to the settings' one.
    let hs512 = jsonwebtoken::encode(
        &jwt_config_core::tokens::Header::new(jsonwebtoken::Algorithm::HS512),
        &serde_json::json!({ "iss": "https://admin.example", "exp": now() + 60 }),
        &jwt_config_core::tokens::EncodingKey::from_secret(b"a-test-secret-of-32-bytes-or-so!"),
    )
    .unwrap();
    admin.algorithms = vec![jsonwebtoken::Algorithm::HS512];
    assert_eq!(
        refused_with(keys.decode_with(&hs512, &admin)),
        jsonwebtoken::errors::ErrorKind::InvalidAlgorithm
    );
}

#[test]
fn a_token_without_the_issuer_or_audience_the_settings_name_is_refused() {
    let auth = Auth::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", "a-test-secret-of-32-bytes-or-so!"),
            ("JWT_ISSUER", "https://auth.example"),
            ("JWT_AUDIENCE", "backend, billing"),
        ],
    )
    .unwrap();
    let keys = TokenKeys::from_settings(&auth).unwrap();
    let full =
        serde_json::json!({ "iss": "https://auth.example", "aud": "billing", "exp": now() + 60 });
    assert_eq!(
        keys.decode::<serde_json::Value>(&keys.encode(&full).unwrap())
            .unwrap(),
        full
    );
    for claim in ["iss", "aud"] {
        let mut claims = full.clone();
        claims.as_object_mut().unwrap().remove(claim);
        assert_eq!(
            refused_with(keys.decode(&keys.encode(&claims).unwrap())),
            jsonwebtoken::errors::ErrorKind::MissingRequiredClaim(claim.to_owned())
        );
    }
}

#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/shipped.toml")]
struct Shipped {
    jwt_secret_key: SecretString,
}

/// 48 bytes that are not text, in base64.
const BASE64_KEY: &str = "3q2+7wABAgP/gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp+goaKjpKWm";

fn decoded_key() -> Vec<u8> {
    let mut key = vec![0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 0xff];
    key.extend(0x80..=0xa6u8);
    key
}

#[test]
fn a_base64_secret_signs_with_the_decoded_bytes() {
    let shipped =
        Shipped::from_vars(Environment::Staging, [("JWT_SECRET_KEY", BASE64_KEY)]).unwrap();
    let keys = TokenKeys::from_settings(&shipped).unwrap();
    let claims = serde_json::json!({ "sub": "u", "exp": now() + 60 });
    let token = keys.encode(&claims).unwrap();

    let mut validation = keys.validation().clone();
    validation.required_spec_claims.clear();
    let with = |key: &[u8]| {
        jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &jwt_config_core::tokens::DecodingKey::from_secret(key),
            &validation,
        )
    };
    assert_eq!(decoded_key().len(), 48);
    assert_eq!(with(&decoded_key()).unwrap().claims, claims);
    assert!(with(BASE64_KEY.as_bytes()).is_err());
}

#[test]
fn a_base64_secret_that_does_not_decode_or_is_short_once_decoded_is_a_load_problem() {
    let not_base64 = "this is not base64 but it is long enough to pass as a secret!!";
    let err = Shipped::from_vars(Environment::Staging, [("JWT_SECRET_KEY", not_base64)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("JWT_SECRET_KEY"), "{err}");
    assert!(err.contains("base64"), "{err}");
    assert!(!err.contains("long enough"), "{err}");

    // Staging's floor of 32 bytes counts the decoded bytes: 32
    // characters of base64 are 24.
    let short = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";
    let err = Shipped::from_vars(Environment::Staging, [("JWT_SECRET_KEY", short)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("24 bytes"), "{err}");
    assert!(!err.contains(short), "{err}");
}

#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/shipped.toml")]
struct FromFiles {
    jwt_secret_key: SecretString,
    jwt_private_key_file: Option<SecretString>,
    jwt_public_key_file: Option<String>,
    jwt_algorithm: jwt_config::Algorithm,
}

fn key_path(name: &str) -> String {
    format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn pem_keys_named_by_their_path_are_read_at_load() {
    let signer = FromFiles::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", BASE64_KEY),
            ("JWT_ALGORITHM", "RS256"),
            ("JWT_PRIVATE_KEY_FILE", &key_path("signer.pem")),
        ],
    )
    .unwrap();
    let verifier = FromFiles::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", BASE64_KEY),
            ("JWT_ALGORITHM", "RS256"),
            ("JWT_PUBLIC_KEY_FILE", &key_path("signer.pub.pem")),
        ],
    )
    .unwrap();
    assert_eq!(
        verifier.jwt_public_key_file.as_deref(),
        Some(SIGNER_PUB.trim())
    );
    let claims = serde_json::json!({ "sub": "u", "exp": now() + 60 });
    let token = TokenKeys::from_settings(&signer)
        .unwrap()
        .encode(&claims)
        .unwrap();
    let verified: serde_json::Value = TokenKeys::from_settings(&verifier)
        .unwrap()
        .decode(&token)
        .unwrap();
    assert_eq!(verified, claims);
}

#[test]
fn a_key_file_that_cannot_be_read_is_a_load_problem_naming_the_variable_and_the_path() {
    let missing = key_path("nowhere.pem");
    let err = FromFiles::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", BASE64_KEY),
            ("JWT_ALGORITHM", "RS256"),
            ("JWT_PRIVATE_KEY_FILE", &missing),
        ],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("JWT_PRIVATE_KEY_FILE"), "{err}");
    assert!(err.contains(&missing), "{err}");

    // A file that is there but holds no key of the algorithm is one too,
    // never quoted.
    let err = FromFiles::from_vars(
        Environment::Test,
        [
            ("JWT_SECRET_KEY", BASE64_KEY),
            ("JWT_ALGORITHM", "ES256"),
            ("JWT_PRIVATE_KEY_FILE", &key_path("signer.pem")),
        ],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("JWT_PRIVATE_KEY_FILE"), "{err}");
    assert!(!err.contains("PRIVATE KEY-----"), "{err}");
}

#[test]
fn a_signer_holding_only_its_private_key_verifies_its_own_tokens() {
    for (algorithm, file) in [
        ("RS256", "signer.pem"),
        ("ES256", "ec.pem"),
        ("EdDSA", "ed.pem"),
    ] {
        let signer = FromFiles::from_vars(
            Environment::Test,
            [
                ("JWT_SECRET_KEY", BASE64_KEY),
                ("JWT_ALGORITHM", algorithm),
                ("JWT_PRIVATE_KEY_FILE", &key_path(file)),
            ],
        )
        .unwrap();
        let keys = TokenKeys::from_settings(&signer).unwrap();
        let claims = serde_json::json!({ "sub": "u", "exp": now() + 60 });
        let token = keys.encode(&claims).unwrap();
        assert_eq!(
            keys.decode::<serde_json::Value>(&token).unwrap(),
            claims,
            "{algorithm}"
        );
    }
}

#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/one_key.toml")]
struct OneKey {
    jwt_key: SecretString,
    jwt_algorithm: jwt_config::Algorithm,
}

#[test]
fn one_variable_holds_the_secret_or_the_pem_key_the_algorithm_needs() {
    let one = |algorithm: &str, key: &str| {
        OneKey::from_vars(
            Environment::Test,
            [("JWT_KEY", key), ("JWT_ALGORITHM", algorithm)],
        )
    };
    let claims = serde_json::json!({ "sub": "u", "exp": now() + 60 });
    let signer = TokenKeys::from_settings(&one("RS256", SIGNER_PEM).unwrap()).unwrap();
    let verifier = TokenKeys::from_settings(&one("RS256", SIGNER_PUB).unwrap()).unwrap();
    let token = signer.encode(&claims).unwrap();
    assert_eq!(
        verifier.decode::<serde_json::Value>(&token).unwrap(),
        claims
    );
    assert_eq!(signer.decode::<serde_json::Value>(&token).unwrap(), claims);
    assert!(matches!(
        verifier.encode(&claims),
        Err(TokenError::CannotSign)
    ));

    let shared =
        TokenKeys::from_settings(&one("HS256", "a-test-secret-of-32-bytes-or-so!").unwrap())
            .unwrap();
    assert_eq!(
        shared
            .decode::<serde_json::Value>(&shared.encode(&claims).unwrap())
            .unwrap(),
        claims
    );

    // Under RS256, a value that is no PEM key is a load problem, unquoted.
    let err = one("RS256", "a-test-secret-of-32-bytes-or-so!")
        .unwrap_err()
        .to_string();
    assert!(err.contains("JWT_KEY"), "{err}");
    assert!(err.contains("PEM"), "{err}");
    assert!(!err.contains("32-bytes-or-so"), "{err}");
}

#[test]
fn a_pem_key_under_an_hmac_algorithm_is_refused_never_used_as_a_secret() {
    // A verifier given the signer's public key under HS256 would accept
    // tokens signed with that public key, which anyone holds.
    let err = OneKey::from_vars(
        Environment::Test,
        [("JWT_KEY", SIGNER_PUB), ("JWT_ALGORITHM", "HS256")],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("JWT_KEY") && err.contains("it holds a PEM key"),
        "{err}"
    );
    assert!(!err.contains("MII"), "{err}");
}

#[derive(JwtSettings)]
#[jwt(registry = "registries/one_key.toml")]
struct KeyOnly {
    jwt_key: SecretString,
}

#[test]
fn a_pem_key_as_the_secret_of_a_struct_that_reads_no_algorithm_is_refused_at_token_time() {
    // The struct reads no algorithm: HS256 is assumed, and a PEM key is
    // no shared secret.
    let settings = KeyOnly::from_vars(Environment::Test, [("JWT_KEY", SIGNER_PUB)]).unwrap();
    let err = TokenKeys::from_settings(&settings).unwrap_err().to_string();
    assert!(err.contains("JWT_KEY holds a PEM key"), "{err}");
}

#[test]
fn a_private_key_is_never_taken_as_a_public_key() {
    // jsonwebtoken would take it; a verifier holds the public key only.
    let holding_private = Verifier::from_vars(
        Environment::Test,
        [("JWT_PUBLIC_KEY", SIGNER_PEM), ("JWT_ISSUER", "x")],
    );
    let refused = match holding_private {
        Err(err) => err.to_string(),
        Ok(settings) => TokenKeys::from_settings(&settings)
            .map(|_| String::new())
            .unwrap_or_else(|err| err.to_string()),
    };
    assert!(refused.contains("JWT_PUBLIC_KEY"), "{refused:?}");
    assert!(!refused.contains("MII"), "{refused}");
}

/// A 1024-bit RSA key, made for this test only.
const WEAK_RSA: &str = include_str!("keys/weak1024.pem");

#[derive(Debug, JwtSettings)]
#[jwt(registry = "registries/keys.toml")]
struct RsSigner {
    #[allow(dead_code)]
    jwt_algorithm: jwt_config::Algorithm,
    #[allow(dead_code)]
    jwt_private_key: Option<SecretString>,
}

#[test]
fn an_rsa_key_under_2048_bits_is_refused_where_deployed() {
    let load = |env, pem| RsSigner::from_vars(env, [("JWT_PRIVATE_KEY", pem)]);
    assert!(load(Environment::Test, WEAK_RSA).is_ok());
    let err = load(Environment::Staging, WEAK_RSA)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("JWT_PRIVATE_KEY (staging): the value is not an RSA private key of at least 2048 bits in staging (it has 1024)"),
        "{err}"
    );
    assert!(!err.contains("MII"), "{err}");
    // The signer's own 2048-bit key is fine there.
    assert!(load(Environment::Staging, SIGNER_PEM).is_ok());
}
