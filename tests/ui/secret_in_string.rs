#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_SECRET_KEY")]
    secret: String,
}

fn main() {}
