#[derive(jwt_config::JwtSettings)]
struct Backend(Option<String>);

fn main() {}
