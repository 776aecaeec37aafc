//! Service-to-service credentials, built in one place.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::environment::NamedEnvironment;
use crate::registry::Registry;
use crate::value::Value;

/// A service's credentials for calling other services: its id and the
/// secret they share, as the registry's service-auth settings name them.
///
/// Build them with [`JwtSettings::service_credentials`](crate::JwtSettings::service_credentials);
/// an incomplete pair is an error, never an empty set of headers. `Debug`
/// shows the id only.
///
/// ```
/// use jwt_config::{Environment, JwtSettings, SecretString};
///
/// #[derive(JwtSettings)]
/// struct Caller {
///     service_id: Option<String>,
///     service_secret: Option<SecretString>,
/// }
///
/// let caller = Caller::from_vars(Environment::Test, [("SERVICE_ID", "billing"), ("SERVICE_SECRET", "s3cr3t-shared")])?;
/// let credentials = caller.service_credentials().unwrap();
/// let headers: Vec<(&str, &str)> = credentials.headers().into_iter().collect();
/// assert_eq!(headers, [("X-Service-ID", "billing"), ("X-Service-Secret", "s3cr3t-shared")]);
///
/// let half = Caller::from_vars(Environment::Test, [("SERVICE_ID", "billing")])?;
/// let err = half.service_credentials().unwrap_err();
/// assert_eq!(err.missing(), ["SERVICE_SECRET"]);
/// # Ok::<(), jwt_config::LoadError>(())
/// ```
#[derive(Clone)]
pub struct ServiceCredentials {
    id: String,
    secret: SecretString,
    id_header: &'static str,
    secret_header: &'static str,
}

impl ServiceCredentials {
    /// The credentials among `values` (setting name and value), or an error
    /// naming what is missing.
    pub fn from_values(
        registry: &Registry,
        environment: Option<NamedEnvironment>,
        values: &[(&'static str, Option<Value>)],
    ) -> Result<ServiceCredentials, CredentialsError> {
        let Some(auth) = registry.service_auth() else {
            return Err(CredentialsError {
                environment,
                missing: Vec::new(),
                unread: Vec::new(),
            });
        };
        let mut missing = Vec::new();
        let mut unread = Vec::new();
        let mut value_of =
            |name: &'static str| match values.iter().find(|(setting, _)| *setting == name) {
                None => {
                    unread.push(name);
                    None
                }
                Some((_, None)) => {
                    missing.push(name);
                    None
                }
                Some((_, Some(value))) => Some(value),
            };
        let id = match value_of(auth.id) {
            Some(Value::Text(id)) => Some(id.clone()),
            _ => None,
        };
        let secret = match value_of(auth.secret) {
            Some(Value::Secret(secret)) => Some(secret.clone()),
            _ => None,
        };
        // A value of another kind cannot hold the credential: as good as missing.
        for (name, held) in [(auth.id, id.is_some()), (auth.secret, secret.is_some())] {
            if !held && !missing.contains(&name) && !unread.contains(&name) {
                missing.push(name);
            }
        }
        match (id, secret) {
            (Some(id), Some(secret)) => Ok(ServiceCredentials {
                id,
                secret,
                id_header: auth.id_header,
                secret_header: auth.secret_header,
            }),
            _ => Err(CredentialsError {
                environment,
                missing,
                unread,
            }),
        }
    }

    /// The service's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The headers a call to another service carries.
    pub fn headers(&self) -> ServiceHeaders<'_> {
        ServiceHeaders { credentials: self }
    }
}

impl fmt::Debug for ServiceCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceCredentials")
            .field("id", &self.id)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

/// The two headers of a service-to-service call. Iterate to send them;
/// `Debug` hides the secret.
#[derive(Clone, Copy)]
pub struct ServiceHeaders<'a> {
    credentials: &'a ServiceCredentials,
}

impl<'a> IntoIterator for ServiceHeaders<'a> {
    type Item = (&'static str, &'a str);
    type IntoIter = std::array::IntoIter<(&'static str, &'a str), 2>;

    fn into_iter(self) -> Self::IntoIter {
        let c = self.credentials;
        [
            (c.id_header, c.id.as_str()),
            (c.secret_header, c.secret.expose_secret()),
        ]
        .into_iter()
    }
}

impl fmt::Debug for ServiceHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.credentials;
        f.debug_map()
            .entry(&c.id_header, &c.id)
            .entry(&c.secret_header, &"[REDACTED]")
            .finish()
    }
}

/// Service credentials could not be built: what is missing, and what the
/// service does not read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    environment: Option<NamedEnvironment>,
    missing: Vec<&'static str>,
    unread: Vec<&'static str>,
}

impl CredentialsError {
    /// Settings the service reads but that have no value.
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }

    /// Settings the service's settings struct does not read.
    pub fn unread(&self) -> &[&'static str] {
        &self.unread
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("incomplete service credentials")?;
        if let Some(env) = self.environment {
            write!(f, " in {env}")?;
        }
        if self.missing.is_empty() && self.unread.is_empty() {
            return f.write_str(": the registry defines no service credentials");
        }
        let mut sep = ": ";
        for name in &self.missing {
            write!(f, "{sep}{name} is not set, set it")?;
            sep = "; ";
        }
        for name in &self.unread {
            write!(
                f,
                "{sep}the service does not read {name}, add a field for it"
            )?;
            sep = "; ";
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}
