#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ISSUER", required, required_in(test))]
    issuer: String,
}

fn main() {}
