#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER", var = "JWT_AUDIENCE")]
    issuer: Option<String>,
}

fn main() {}
