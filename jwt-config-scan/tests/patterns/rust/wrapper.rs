use crate::settings::Settings;

pub fn access_minutes(settings: &Settings) -> u64 {
    let url = settings.get_or("DATABASE_URL", "postgres://localhost/app");
    settings.get_or("JWT_ACCESS_EXPIRY_MINUTES", 15)
}
