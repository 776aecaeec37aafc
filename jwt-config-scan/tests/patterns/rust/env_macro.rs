/// The issuer, fixed when the service is built.
pub const ISSUER: &str = env!("JWT_ISSUER");
