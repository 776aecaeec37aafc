use jwt_config::{JwtSettings, SecretString};

#[derive(JwtSettings)]
#[jwt(registry = "registries/broken.toml")]
struct Billing {
    #[jwt(var = "AUTH_JWT_SECRET")]
    secret: SecretString,
}

fn main() {}
