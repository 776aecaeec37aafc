use std::time::Duration;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ACCESS_EXPIRY_MINUTES")]
    access_ttl: Duration,
}

fn main() {}
