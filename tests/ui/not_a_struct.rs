#[derive(jwt_config::JwtSettings)]
enum Backend {
    Issuer(String),
}

fn main() {}
