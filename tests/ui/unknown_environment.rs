#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER", required_in(development, qa, test))]
    issuer: Option<String>,
}

fn main() {}
