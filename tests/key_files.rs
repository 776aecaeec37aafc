//! The inputs of `examples/keys` (`cargo run --example key_files --features
//! jsonwebtoken`), held in the test command: a signer whose RS256 private
//! key is the PEM file `JWT_PRIVATE_KEY_FILE` names verifies its own tokens
//! with the public key derived from it, and a service reads its signing
//! secret from `JWT_SECRET_KEY_FILE`.

use jwt_config::{Algorithm, DotenvFile, Environment, JwtSettings, Origin, SecretString};
use jwt_config_core::tokens::TokenKeys;

#[derive(Debug, JwtSettings)]
#[jwt(service = "signer")]
struct Signer {
    jwt_algorithm: Algorithm,
    jwt_private_key: Option<SecretString>,
}

#[derive(Debug, JwtSettings)]
#[jwt(service = "verifier")]
struct Verifier {
    jwt_secret_key: SecretString,
}

fn claims() -> serde_json::Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    serde_json::json!({ "sub": "user-1", "exp": now + 600 })
}

#[test]
fn the_example_signer_verifies_with_the_public_key_of_its_private_key_file() {
    let source = DotenvFile::open("examples/keys/signer.env").unwrap();
    let signer = Signer::load(&source, Environment::Development).unwrap();
    assert_eq!(
        signer.origin("JWT_PRIVATE_KEY"),
        Some(&Origin::File {
            var: "JWT_PRIVATE_KEY_FILE"
        })
    );
    let keys = TokenKeys::from_settings(&*signer).unwrap();
    // One set of claims: two calls a second apart would differ in `exp`.
    let claims = claims();
    let token = keys.encode(&claims).unwrap();
    assert_eq!(keys.decode::<serde_json::Value>(&token).unwrap(), claims);
    assert!(format!("{keys:?}").contains("verifies: true"));
}

#[test]
fn the_example_service_reads_its_secret_without_the_files_line_break() {
    let source = DotenvFile::open("examples/keys/verifier.env").unwrap();
    let verifier = Verifier::load(&source, Environment::Development).unwrap();
    use jwt_config::ExposeSecret;
    let on_disk = std::fs::read_to_string("examples/keys/jwt-secret").unwrap();
    assert_eq!(
        verifier.jwt_secret_key.expose_secret(),
        on_disk.trim_end_matches('\n')
    );
    let keys = TokenKeys::from_settings(&*verifier).unwrap();
    let token = keys.encode(&claims()).unwrap();
    assert!(keys.decode::<serde_json::Value>(&token).is_ok());
}
