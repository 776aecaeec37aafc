use jwt_config::Algorithm;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ALGORITHM", required)]
    algorithm: Algorithm,
}

fn main() {}
