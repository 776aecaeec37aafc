#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER")]
    issuer: String,
}

fn main() {}
