use jwt_config::SecretString;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_SECRET_KEYY")]
    secret: SecretString,
}

fn main() {}
