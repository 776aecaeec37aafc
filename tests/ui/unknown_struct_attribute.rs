#[derive(jwt_config::JwtSettings)]
#[jwt(name = "backend")]
struct Backend {
    #[jwt(var = "JWT_ISSUER")]
    issuer: Option<String>,
}

fn main() {}
