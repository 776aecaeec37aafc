#[derive(jwt_config::JwtSettings)]
#[jwt(crate = "my crate")]
struct Backend {
    #[jwt(var = "JWT_ISSUER")]
    issuer: Option<String>,
}

fn main() {}
