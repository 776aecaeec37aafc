#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER", required_in())]
    issuer: Option<String>,
}

fn main() {}
