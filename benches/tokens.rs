//! Encode and decode through `TokenKeys` against the same done directly
//! with jsonwebtoken (HS256 and RS256), in one run:
//! `cargo bench --bench tokens`. The wrapper's cost is the difference.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use jwt_config::{Environment, JwtSettings, SecretString};
use jwt_config_core::tokens::TokenKeys;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    exp: u64,
}

#[derive(JwtSettings)]
struct Hs {
    jwt_secret_key: SecretString,
    jwt_issuer: Option<String>,
}

#[derive(JwtSettings)]
#[jwt(registry = "../tests/registries/keys.toml")]
struct Rs {
    #[jwt(required)]
    jwt_private_key: SecretString,
    jwt_public_key: Option<String>,
    jwt_issuer: Option<String>,
}

const SECRET: &str = "a-bench-secret-of-at-least-32-bytes!!";
const PRIVATE: &str = include_str!("../tests/keys/signer.pem");
const PUBLIC: &str = include_str!("../tests/keys/signer.pub.pem");
const ISSUER: &str = "https://auth.example";

fn claims() -> Claims {
    Claims {
        sub: "user-1".to_owned(),
        iss: ISSUER.to_owned(),
        exp: 4_000_000_000,
    }
}

fn direct(c: &mut Criterion, name: &str, alg: Algorithm, enc: EncodingKey, dec: DecodingKey) {
    let mut validation = Validation::new(alg);
    validation.set_issuer(&[ISSUER]);
    validation.validate_aud = false;
    let header = Header::new(alg);
    c.bench_function(&format!("{name} jsonwebtoken directly (baseline)"), |b| {
        b.iter(|| {
            let token = jsonwebtoken::encode(&header, &claims(), &enc).unwrap();
            black_box(jsonwebtoken::decode::<Claims>(&token, &dec, &validation).unwrap());
        })
    });
}

fn through(c: &mut Criterion, name: &str, keys: TokenKeys) {
    c.bench_function(&format!("{name} through TokenKeys"), |b| {
        b.iter(|| {
            let token = keys.encode(&claims()).unwrap();
            black_box(keys.decode::<Claims>(&token).unwrap());
        })
    });
}

fn tokens(c: &mut Criterion) {
    direct(
        c,
        "HS256",
        Algorithm::HS256,
        EncodingKey::from_secret(SECRET.as_bytes()),
        DecodingKey::from_secret(SECRET.as_bytes()),
    );
    let hs = Hs::from_vars(
        Environment::Test,
        [("JWT_SECRET_KEY", SECRET), ("JWT_ISSUER", ISSUER)],
    )
    .unwrap();
    through(c, "HS256", TokenKeys::from_settings(&hs).unwrap());
    direct(
        c,
        "RS256",
        Algorithm::RS256,
        EncodingKey::from_rsa_pem(PRIVATE.as_bytes()).unwrap(),
        DecodingKey::from_rsa_pem(PUBLIC.as_bytes()).unwrap(),
    );
    let rs = Rs::from_vars(
        Environment::Test,
        [
            ("JWT_PRIVATE_KEY", PRIVATE),
            ("JWT_PUBLIC_KEY", PUBLIC),
            ("JWT_ISSUER", ISSUER),
        ],
    )
    .unwrap();
    through(c, "RS256", TokenKeys::from_settings(&rs).unwrap());
}

criterion_group!(benches, tokens);
criterion_main!(benches);
