use jwt_config::SecretString;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_SECRET_KEY", alias = "SECRET_KEY")]
    secret: SecretString,
}

fn main() {}
