//! A load reads each name it consults once: the environment variable, each
//! field's name and aliases (and the `NAME_FILE` of each), the registered
//! aliases it warns about and the settings of the rules. Reading the
//! process environment is most of what a load costs (issue 12): a second
//! read of one name is waste.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use jwt_config::{JwtSettings, NotUnicode, Source};

#[path = "../benches/common/mod.rs"]
mod common;
use common::{AuthJwt, STAGING};

/// A source that counts how often each name is read.
struct Counting {
    vars: HashMap<String, String>,
    reads: RefCell<BTreeMap<String, usize>>,
}

impl Source for Counting {
    fn var(&self, name: &str) -> Result<Option<Cow<'_, str>>, NotUnicode> {
        *self.reads.borrow_mut().entry(name.to_owned()).or_default() += 1;
        self.vars.var(name)
    }
}

#[test]
fn every_name_is_read_once_per_load() {
    let source = Counting {
        vars: jwt_config::vars(STAGING),
        reads: RefCell::default(),
    };
    AuthJwt::from_source(&source).unwrap();
    let reads = source.reads.into_inner();
    let twice: Vec<(&String, &usize)> = reads.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "read more than once: {twice:?}");
    // What the load must consult, and nothing else: each name a field
    // reads, and its `NAME_FILE` (set with the name, it is a problem).
    let names: Vec<&str> = reads.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "ENVIRONMENT",
            "JWT_ACCESS_EXPIRY_MINUTES",
            "JWT_ACCESS_EXPIRY_MINUTES_FILE",
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES",
            "JWT_ACCESS_TOKEN_EXPIRE_MINUTES_FILE",
            "JWT_ALGORITHM",
            "JWT_ALGORITHM_FILE",
            "JWT_AUDIENCE",
            "JWT_AUDIENCE_FILE",
            "JWT_ISSUER",
            "JWT_ISSUER_FILE",
            "JWT_REFRESH_EXPIRY_DAYS",
            "JWT_REFRESH_TOKEN_EXPIRE_DAYS",
            "JWT_REFRESH_TOKEN_EXPIRE_DAYS_FILE",
            "JWT_SECRET",
            "JWT_SECRET_KEY",
            "JWT_SECRET_KEY_FILE",
            "JWT_SKIP_EXPIRY_VERIFICATION",
            "JWT_SKIP_SIGNATURE_VERIFICATION",
            "SERVICE_ID",
            "SERVICE_ID_FILE",
            "SERVICE_SECRET",
            "SERVICE_SECRET_FILE",
        ]
    );
}
