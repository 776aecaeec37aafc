#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", default = 30)]
    access_minutes: u32,
}

fn main() {}
