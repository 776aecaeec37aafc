pub fn audience() -> Result<String, dotenvy::Error> {
    dotenvy::dotenv().ok();
    dotenvy::var("JWT_AUDIENCE")
}
