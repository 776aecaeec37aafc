// One mistake (a typo in `var`) is one error: asking the struct for token
// keys adds none, though the derive could not see its fields' roles.
use jwt_config::{JwtSettings, SecretString};

#[derive(JwtSettings)]
#[jwt(service = "lldap")]
struct LldapJwt {
    #[jwt(var = "JWT_SECRET_KYE")]
    secret: SecretString,
}

fn main() {
    let settings = LldapJwt::from_env().unwrap();
    let _ = jwt_config_core::tokens::TokenKeys::from_settings(&settings);
}
