use jwt_config::{JwtSettings, SecretString};

#[derive(JwtSettings)]
#[jwt(registry = "registries/retired.toml")]
struct Billing {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET")]
    secret: SecretString,
}

fn main() {}
