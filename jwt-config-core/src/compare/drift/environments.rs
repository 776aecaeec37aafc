//! What differs between environments: information, not drift.

use std::fmt;

use serde::Serialize;

use crate::compare::snapshot::Snapshot;
use crate::environment::NamedEnvironment;

use super::{DifferentRegistries, same_registry};

/// A shared setting whose value differs between environments: expected
/// (shorter lifetimes in production, say), so shown as information.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentDifference {
    pub(super) setting: &'static str,
    pub(super) environments: Vec<EnvironmentValues>,
}

/// The values the services of one environment have for a setting.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentValues {
    pub(super) environment: NamedEnvironment,
    /// One value when the services agree; `None` for unset.
    pub(super) values: Vec<Option<String>>,
}

impl EnvironmentValues {
    /// The environment.
    pub fn environment(&self) -> NamedEnvironment {
        self.environment
    }

    /// The distinct values its services have, `None` for unset.
    pub fn values(&self) -> &[Option<String>] {
        &self.values
    }
}

impl EnvironmentDifference {
    /// The setting.
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// Each environment's values, in environment order.
    pub fn environments(&self) -> &[EnvironmentValues] {
        &self.environments
    }
}

impl fmt::Display for EnvironmentDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.setting)?;
        for (i, env) in self.environments.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            let values: Vec<&str> = env
                .values
                .iter()
                .map(|value| value.as_deref().unwrap_or("(unset)"))
                .collect();
            write!(f, "{sep}{} {}", env.environment, values.join(" / "))?;
        }
        Ok(())
    }
}

/// The compared settings, secrets aside, whose values differ between
/// environments, from the snapshots of every service of every environment,
/// in the order of the rules each environment follows (`qa` beside
/// `staging`).
///
/// # Errors
///
/// [`DifferentRegistries`] when the snapshots follow different registries.
pub fn across_environments(
    snapshots: &[(NamedEnvironment, &Snapshot)],
) -> Result<Vec<EnvironmentDifference>, DifferentRegistries> {
    same_registry(
        snapshots
            .iter()
            .map(|(_, snapshot)| (snapshot.service(), *snapshot)),
    )?;
    let Some((_, first)) = snapshots.first() else {
        return Ok(Vec::new());
    };
    let mut envs: Vec<NamedEnvironment> = snapshots.iter().map(|(env, _)| *env).collect();
    envs.sort();
    envs.dedup();
    let mut differences = Vec::new();
    for setting in first.registry() {
        // Secrets differ between environments by design: not worth a line.
        if setting.category.is_none() || setting.is_secret() {
            continue;
        }
        let environments: Vec<EnvironmentValues> = envs
            .iter()
            .map(|env| {
                let mut values: Vec<Option<String>> = snapshots
                    .iter()
                    .filter(|(e, _)| e == env)
                    .filter_map(|(_, snapshot)| snapshot.get(setting.name))
                    .filter(|entry| !entry.is_invalid())
                    .map(|entry| entry.value().map(str::to_owned))
                    .collect();
                values.sort_unstable();
                values.dedup();
                EnvironmentValues {
                    environment: *env,
                    values,
                }
            })
            // An environment whose every value was refused has nothing to show.
            .filter(|env| !env.values.is_empty())
            .collect();
        if environments
            .windows(2)
            .any(|pair| pair[0].values != pair[1].values)
        {
            differences.push(EnvironmentDifference {
                setting: setting.name,
                environments,
            });
        }
    }
    Ok(differences)
}
