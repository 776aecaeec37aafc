//! The `.env` files bundled with the examples are what the README runs:
//! every name in them is a registry setting, and the settings they hold
//! load in the environment they name.

use jwt_config::registry::{self, Lookup};
use jwt_config::{DotenvFile, JwtSettings, SecretString, resolve};

/// Every shared setting, as a service that reads them all would declare it.
#[derive(JwtSettings)]
#[allow(dead_code)]
struct Everything {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    secret: SecretString,
    #[jwt(
        var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
        alias = "JWT_ACCESS_EXPIRY_MINUTES"
    )]
    access: u32,
    #[jwt(
        var = "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
        alias = "JWT_REFRESH_EXPIRY_DAYS"
    )]
    refresh: u32,
    #[jwt(var = "JWT_ISSUER")]
    issuer: Option<String>,
    #[jwt(var = "SERVICE_SECRET")]
    service_secret: Option<SecretString>,
}

#[test]
fn bundled_env_files_name_only_registry_settings_and_load() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/env");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = DotenvFile::open(&path).unwrap();
        for name in file.names() {
            assert!(
                !matches!(registry::standard().lookup(name), Lookup::Unknown { .. }),
                "{}: {name} is not a setting",
                path.display()
            );
        }
        let env = resolve::environment_of(registry::standard(), &file).unwrap();
        if let Err(err) = Everything::load(&file, env) {
            panic!("{}: {err}", path.display());
        }
        seen += 1;
    }
    assert_eq!(seen, 2, "auth_service.env and backend_service.env");
}
