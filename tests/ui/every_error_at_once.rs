use std::time::Duration;

use jwt_config::SecretString;

#[derive(jwt_config::JwtSettings)]
struct Backend {
    #[jwt(var = "JWT_ACCESS_EXPIRY_MINUTES")]
    access_ttl: Duration,
    #[jwt(var = "JWT_SECRETKEY")]
    secret: SecretString,
    #[jwt(var = "SERVICE_ID")]
    service_id: String,
}

fn main() {
    // The impl emitted beside the errors keeps this line from adding more.
    let _ = <Backend as jwt_config::JwtSettings>::from_env();
}
