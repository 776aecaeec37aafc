//! Keys as services ship them: mounted as files, named by `NAME_FILE`.
//!
//! The signer reads `JWT_PRIVATE_KEY` from the PEM file
//! `JWT_PRIVATE_KEY_FILE` names, signs an RS256 token, and verifies it with
//! the public key derived from its private key: a service that checks its
//! own tokens needs no second key. The HS256 service reads its signing
//! secret from `JWT_SECRET_KEY_FILE` (the file's final line break dropped).
//!
//! ```text
//! cargo run --example key_files --features jsonwebtoken
//! ```

use std::error::Error;

use jwt_config::tokens::TokenKeys;
use jwt_config::{Algorithm, DotenvFile, JwtSettings, SecretString};
use serde::{Deserialize, Serialize};

/// Signs and verifies RS256 tokens with one private key.
#[derive(Debug, JwtSettings)]
#[jwt(service = "signer")]
struct Signer {
    jwt_algorithm: Algorithm,
    jwt_private_key: Option<SecretString>,
    jwt_issuer: Option<String>,
}

/// Signs and verifies HS256 tokens with a shared secret.
#[derive(Debug, JwtSettings)]
#[jwt(service = "verifier")]
struct Verifier {
    jwt_secret_key: SecretString,
    jwt_issuer: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    exp: u64,
}

fn main() -> Result<(), Box<dyn Error>> {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs()
        + 600;
    let claims = Claims {
        sub: "user-1".to_owned(),
        iss: "https://auth.example.org".to_owned(),
        exp,
    };

    let signer = Signer::load(
        &DotenvFile::open("examples/keys/signer.env")?,
        jwt_config::Environment::Development,
    )?;
    // Where each value came from: the key from its file, never its text.
    println!("signer: {}", signer.snapshot());
    let keys = TokenKeys::from_settings(&*signer)?;
    let token = keys.encode(&claims)?;
    let back: Claims = keys.decode(&token)?;
    println!(
        "signer: {keys:?} signed and verified a token for {}",
        back.sub
    );

    let verifier = Verifier::from_source(&DotenvFile::open("examples/keys/verifier.env")?)?;
    let keys = TokenKeys::from_settings(&verifier)?;
    let token = keys.encode(&claims)?;
    let back: Claims = keys.decode(&token)?;
    println!(
        "verifier: {keys:?} signed and verified a token for {}",
        back.sub
    );
    Ok(())
}
