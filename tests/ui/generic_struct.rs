#[derive(jwt_config::JwtSettings)]
struct Backend<T> {
    #[jwt(var = "JWT_ISSUER")]
    issuer: Option<T>,
}

fn main() {}
