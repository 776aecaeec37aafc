use jwt_config::{JwtSettings, SecretString};

#[derive(JwtSettings)]
#[jwt(registry = "../registries/acme.toml", service = "ledger")]
struct Ledger {
    #[jwt(var = "AUTH_JWT_SECRET")]
    secret: SecretString,
    jwt_jwks_url: String,
}

fn main() {}
