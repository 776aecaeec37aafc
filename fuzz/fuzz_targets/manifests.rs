//! YAML of any text, as Compose files and Kubernetes manifests are read:
//! parsed within its limits, its workloads and their variables found, and
//! every value interpolated as Compose would; never a panic, and memory
//! bounded by the alias budget.

#![no_main]

use jwt_config_deployment::__private::compose::interpolate::{Budget, interpolate};
use jwt_config_deployment::__private::Manifests;
use jwt_config_deployment::__private::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(documents) = yaml::parse(text) else {
        return;
    };
    let lookup = |name: &str| (name == "SET").then_some("value");
    let _ = interpolate(text, &lookup, &mut Budget::new(1 << 20));
    let mut manifests = Manifests::default();
    manifests.add(std::path::Path::new("fuzz.yaml"), text.len(), documents);
    // The key files named by path are followed too, through the mounts.
    let key_vars = ["JWT_PRIVATE_KEY", "JWT_PUBLIC_KEY"];
    for workload in manifests.workloads(&|_| true, &key_vars).unwrap_or_default() {
        let _ = workload.vars.names().len();
    }
});
