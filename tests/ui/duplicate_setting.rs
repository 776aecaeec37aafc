use std::time::Duration;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")]
    access_ttl: Duration,
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES")]
    access_minutes: u32,
}

fn main() {}
