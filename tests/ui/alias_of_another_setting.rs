use std::time::Duration;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", alias = "JWT_REFRESH_EXPIRY_DAYS")]
    access_ttl: Duration,
}

fn main() {}
