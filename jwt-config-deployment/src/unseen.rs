//! The deployment check's words for what it cannot see: values held
//! outside the deployment, quoting a Secret's, in a file the deployment
//! does not provide, or left to the shell of whoever deploys. The core
//! prints them in its warnings and problems (`held_outside`, `from_shell`).

use jwt_config_core::{Outside, Unseen};

/// A key of a Kubernetes Secret the manifests do not hold.
pub(crate) fn secret_not_held() -> Unseen {
    Unseen::new(
        "held_outside",
        "set from a Secret the manifests do not hold",
        "check that Secret where it is kept, or render it with the manifests",
    )
}

/// `var`'s value quotes a Secret's: a Kubernetes `$(NAME)` of a variable
/// set by a `secretKeyRef`, which would show the Secret wherever the check
/// shows values.
pub(crate) fn quotes_secret(var: &str) -> Unseen {
    Unseen::new(
        "quotes_secret",
        "its value quotes a Kubernetes Secret's value, which is never shown",
        format!(
            "set {var} from a secretKeyRef of its own if it is a secret, or without the `$(...)` of a Secret's variable if it is not"
        ),
    )
}

/// `var` is read from the file its `NAME_FILE` names, which the deployment
/// does not provide, or not as text.
pub(crate) fn file_not_provided(var: &str) -> Unseen {
    Unseen::new(
        "in_file",
        format!(
            "read from the file its `{var}_FILE` variable names, which the deployment does not provide as text"
        ),
        "mount that file from the deployment (a Compose `secrets:` or `configs:` entry, a bind mount, a Secret volume), or check it where it is kept",
    )
}

/// A key file a setting names by its path (`encoding = "path"`) that the
/// deployment does not mount there (or a service given as `.env` files,
/// which mount nothing).
pub(crate) fn key_file_not_provided() -> Unseen {
    Unseen::new(
        "key_file",
        "names a key file the deployment does not provide at that path",
        "mount the key file there from the deployment (a Compose `secrets:` or `configs:` entry, a bind mount, a Secret volume), or check the key where the service runs",
    )
}

/// `var`, unset, may be set by a Kubernetes `envFrom` of an object the
/// manifests do not hold.
pub(crate) fn maybe_from_env_from(var: &str) -> Unseen {
    Unseen::new(
        "maybe_held_outside",
        "an envFrom of a Secret or ConfigMap the manifests do not hold may set it",
        format!(
            "check that {var} is in that object where it is kept, or set it with `env` and a secretKeyRef"
        ),
    )
}

/// A `$NAME` of a Compose file (or a bare `NAME`) that neither the file nor
/// its project `.env` sets: Compose takes it from the shell of whoever
/// deploys.
pub(crate) const FROM_SHELL: Outside = Outside {
    code: "from_shell",
    unset_in: "neither the Compose file nor its .env sets",
    filled_by: "Compose would take it from the shell of whoever deploys",
    set_in: "in the project's .env beside the Compose file",
};
