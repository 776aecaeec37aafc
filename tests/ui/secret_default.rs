use jwt_config::SecretString;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_SECRET_KEY", default = "dev-jwt-secret")]
    secret: SecretString,
}

fn main() {}
