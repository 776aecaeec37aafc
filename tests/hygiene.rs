//! Generated code names everything absolutely: a user's own `Result`,
//! `Option`, `Ok` or `Sized` in scope changes nothing, and no lint fires.

#![deny(warnings)]

#[allow(dead_code)]
mod shadowed {
    pub struct Result;
    pub struct Option;
    pub struct Ok;
    pub struct Err;
    pub struct Some;
    pub struct None;
    pub struct Sized;
    pub struct Box;
    pub struct Vec;
    pub struct String;
    pub trait JwtSettings {}
    pub struct Environment;
    pub struct Source;
    pub mod jwt_config {}

    /// Through the default path, `::jwt_config`, which a local module of
    /// that name does not shadow.
    #[derive(::jwt_config::JwtSettings)]
    pub struct Plain {
        pub jwt_secret_key: ::jwt_config::SecretString,
        pub jwt_algorithm: ::jwt_config::Algorithm,
    }

    /// Through a renamed crate, as a crate that re-exports jwt-config does.
    #[derive(jwt_config_facade::JwtSettings)]
    #[jwt(crate = "jwt_config_facade")]
    pub struct Settings {
        pub jwt_secret_key: jwt_config_facade::SecretString,
        pub jwt_issuer: ::std::option::Option<::std::string::String>,
        pub jwt_audience: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    }
}

extern crate jwt_config as jwt_config_facade;

#[test]
fn a_struct_surrounded_by_shadowing_names_loads() {
    use jwt_config_facade::JwtSettings as _;
    let settings = shadowed::Settings::from_vars(
        jwt_config_facade::Environment::Test,
        [
            ("JWT_SECRET_KEY", "hygiene-secret"),
            ("JWT_ISSUER", "https://issuer"),
        ],
    )
    .unwrap();
    assert_eq!(
        settings.jwt_issuer.as_deref(),
        ::std::option::Option::Some("https://issuer")
    );
    assert!(settings.jwt_audience.is_none());

    let plain = shadowed::Plain::from_vars(
        jwt_config_facade::Environment::Test,
        [("JWT_SECRET_KEY", "hygiene-secret")],
    )
    .unwrap();
    assert_eq!(plain.jwt_algorithm, jwt_config_facade::Algorithm::HS256);
}
