#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER", optional)]
    issuer: Option<String>,
}

fn main() {}
