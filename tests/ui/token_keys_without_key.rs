use jwt_config::JwtSettings;
use jwt_config_core::tokens::TokenKeys;

#[derive(JwtSettings)]
struct Issuer {
    jwt_issuer: Option<String>,
}

fn main() {
    let issuer = Issuer::from_env().unwrap();
    let _ = TokenKeys::from_settings(&issuer);
}
