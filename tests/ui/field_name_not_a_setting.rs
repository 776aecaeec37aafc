#[derive(jwt_config::JwtSettings)]
struct Backend {
    database_url: Option<String>,
}

fn main() {}
