pub const ACCESS_TOKEN_EXPIRE_MINUTES: u64 = 30;
static JWT_ISSUER: &str = "netra";
const TOKEN_TYPE: &str = "Bearer";
