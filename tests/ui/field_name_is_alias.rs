use jwt_config::SecretString;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    jwt_secret: SecretString,
}

fn main() {}
