#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")]
    access_ttl: bool,
}

fn main() {}
