use jwt_config::SecretString;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_SECRET_KEY", alias = "JWT_SECRET", alias = "JWT_SECRET")]
    secret: SecretString,
}

fn main() {}
