//! The insides of the `jwt-config` command: reading deployments (`.env`
//! files, Compose files, Kubernetes manifests), checking them, and writing
//! reports. A library so that the fuzz targets and benchmarks reach the
//! readers; the command is the interface, not this.

pub mod check;
pub mod choose;
pub mod compose;
pub mod deployment;
pub mod files;
pub mod kube;
pub mod loader;
pub mod render;
pub mod sarif;
pub mod vars;
pub mod yaml;
