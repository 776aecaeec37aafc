use jwt_config::{JwtSettings, SecretString};

#[derive(JwtSettings)]
#[jwt(registry = "../registries/acme.toml")]
struct Billing {
    #[jwt(var = "AUTH_JWT_SECRT")]
    secret: SecretString,
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")]
    access: u64,
}

fn main() {}
