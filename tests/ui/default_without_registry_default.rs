#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER", default = "https://auth.internal")]
    issuer: Option<String>,
}

fn main() {}
