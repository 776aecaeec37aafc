use jwt_config::JwtSettings;

#[derive(JwtSettings)]
#[jwt(registry = "registries/wide.toml")]
struct Verifier {
    jwt_max_token_bytes: u16,
}

fn main() {}
