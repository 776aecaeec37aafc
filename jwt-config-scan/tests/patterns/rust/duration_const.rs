use std::time::Duration;

pub const JWT_REFRESH_TOKEN_EXPIRE_DAYS: Duration = Duration::from_secs(7 * 24 * 60 * 60);
pub const JWT_LEEWAY: Duration = Duration::from_secs(30);
