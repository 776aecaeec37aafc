use jwt_config::JwtSettings;

#[derive(JwtSettings)]
struct Billing {
    #[jwt(skip, var = "JWT_ISSUER")]
    issuer: String,
}

fn main() {}
