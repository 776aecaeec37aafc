//! The declared services (`[[service]]`) and the headers of service
//! credentials (`[service_auth]`).

use super::{Place, Validator, is_variable_name};
use crate::environment::EnvSet;
use crate::registry::{Kind, Lookup};

impl Validator<'_> {
    /// Each declared service: a unique name, settings the registry has,
    /// its own variables for settings it reads, units on durations only.
    pub(super) fn services(&mut self) {
        let registry = self.registry;
        let mut names: Vec<&str> = Vec::new();
        for (index, service) in registry.services().iter().enumerate() {
            let name = service.name;
            if name.trim().is_empty() {
                self.problem(Place::Service { index }, "a service needs a name");
            } else if names.contains(&name) {
                self.problem(
                    Place::Service { index },
                    format!("the service `{name}` is declared twice; keep one [[service]] entry"),
                );
            }
            names.push(name);
            for (read, setting) in service.reads.iter().enumerate() {
                let place = Place::ServiceRead {
                    service: index,
                    read,
                };
                match registry.lookup(setting) {
                    Lookup::Canonical(_) => {}
                    Lookup::Alias { setting: canonical, .. } => self.problem(
                        place,
                        format!(
                            "`{setting}` is a legacy alias of `{}`; list the setting by its name, and map the service's own variable in `vars`",
                            canonical.name
                        ),
                    ),
                    Lookup::Unknown { suggestion } => self.problem(
                        place,
                        format!(
                            "`{name}` reads `{setting}`, which is not a setting of this registry{}",
                            suggestion.map_or(String::new(), |s| format!("; did you mean `{}`?", s.name))
                        ),
                    ),
                }
                if service.reads[..read].contains(setting) {
                    self.problem(place, format!("`{setting}` is listed twice in `reads`"));
                }
            }
            for (position, var) in service.vars.iter().enumerate() {
                let place = Place::ServiceVar {
                    service: index,
                    var: position,
                };
                if !is_variable_name(var.var) {
                    self.problem(
                        place,
                        format!(
                            "`{}` is not a variable name; use letters, digits and `_`",
                            var.var
                        ),
                    );
                }
                let Some(setting) = registry.get(var.setting) else {
                    self.problem(
                        place,
                        format!(
                            "`{}` holds `{}`, which is not a setting of this registry",
                            var.var, var.setting
                        ),
                    );
                    continue;
                };
                if !service.reads_setting(var.setting) {
                    self.problem(
                        place,
                        format!(
                            "`{name}` names its variable for `{}` but does not read it; add `{}` to `reads`",
                            var.setting, var.setting
                        ),
                    );
                }
                if let Some(other) = registry.get(var.var)
                    && other.name != setting.name
                {
                    self.problem(
                        place,
                        format!(
                            "`{}` is the name of the setting `{}`; a service's variable for `{}` needs a name of its own",
                            var.var, other.name, setting.name
                        ),
                    );
                }
                if let Some(earlier) = service.vars[..position]
                    .iter()
                    .find(|earlier| earlier.var == var.var || earlier.setting == var.setting)
                {
                    let message = if earlier.var == var.var {
                        format!(
                            "`{name}` declares the variable `{}` twice; give it one setting",
                            var.var
                        )
                    } else {
                        format!(
                            "`{name}` maps `{}` to both `{}` and `{}`; a service reads one variable for a setting (two would be the drift this tool exists to end): keep the one the service reads",
                            var.setting, earlier.var, var.var
                        )
                    };
                    self.problem(place, message);
                }
                if var.format.is_some() && !matches!(setting.kind, Kind::Duration { .. }) {
                    self.problem(
                        place,
                        format!(
                            "`{}` holds `{}`, a {} setting: only a duration takes a `unit`",
                            var.var,
                            setting.name,
                            setting.kind.name()
                        ),
                    );
                }
            }
            self.service_requirements(index);
            self.service_ignore(index);
            self.service_sources(index);
        }
    }

    /// The `required_in` of the service at `index`: each key a setting the
    /// service reads, by its canonical name, once, required somewhere the
    /// registry leaves it unset.
    fn service_requirements(&mut self, index: usize) {
        let registry = self.registry;
        let service = &registry.services()[index];
        let name = service.name;
        for (entry, requirement) in service.required_in.iter().enumerate() {
            let place = Place::ServiceRequirement {
                service: index,
                entry,
            };
            let key = requirement.setting;
            if let Some(own) = service.var_named(key) {
                self.problem(
                    place,
                    format!(
                        "`{key}` is `{name}`'s own variable for `{0}`; `required_in` names settings: write `{0}`",
                        own.setting
                    ),
                );
                continue;
            }
            let setting = match registry.lookup(key) {
                Lookup::Canonical(setting) => setting,
                Lookup::Alias { setting, .. } => {
                    self.problem(
                        place,
                        format!(
                            "`{key}` is a legacy alias of `{0}`; `required_in` names the setting: write `{0}`",
                            setting.name
                        ),
                    );
                    continue;
                }
                Lookup::Unknown { suggestion } => {
                    // The settings the service reads come first: it can
                    // only require one of those.
                    let nearest = service
                        .reads
                        .iter()
                        .copied()
                        .find(|read| suggestion.is_some_and(|s| s.name == *read))
                        .or_else(|| {
                            service.reads.iter().copied().find(|read| {
                                strsim::levenshtein(read, key) <= (key.len() / 3).max(1)
                            })
                        });
                    self.problem(
                        place,
                        format!(
                            "`{name}` requires `{key}`, which is not a setting of this registry{}",
                            nearest
                                .map_or(String::new(), |read| format!("; did you mean `{read}`?"))
                        ),
                    );
                    continue;
                }
            };
            if !service.reads_setting(setting.name) {
                self.problem(
                    place,
                    format!(
                        "`{name}` requires `{0}` but does not read it; add `{0}` to its `reads`, or remove it from `required_in`",
                        setting.name
                    ),
                );
            }
            if service.required_in[..entry]
                .iter()
                .any(|earlier| earlier.setting == key)
            {
                self.problem(place, format!("`{key}` is named twice in `required_in`"));
            }
            if !requirement.required_in.is_empty()
                && setting.absent_in(requirement.required_in) == setting.absent_in(EnvSet::NONE)
            {
                self.problem(
                    place,
                    format!(
                        "`{key}` already has a value wherever `{name}` requires it ({}): a registry default, or required by the registry; remove it from `required_in`",
                        requirement.required_in
                    ),
                );
            }
        }
    }

    /// The `ignore` list of the service at `index`: variable names, or
    /// prefixes ending in one `*`; never a name the check judges anyway.
    fn service_ignore(&mut self, index: usize) {
        let registry = self.registry;
        let service = &registry.services()[index];
        let name = service.name;
        for (entry, pattern) in service.ignore.iter().enumerate() {
            let place = Place::ServiceIgnore {
                service: index,
                entry,
            };
            let prefix = pattern.strip_suffix('*').unwrap_or(pattern);
            let well_formed = *pattern == "*"
                || (!prefix.is_empty()
                    && prefix
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_'));
            if !well_formed {
                self.problem(
                    place,
                    format!(
                        "`{pattern}` in `ignore` is neither a variable name nor a prefix followed by `*`; use letters, digits and `_`, with one `*` at the end for every name that starts so"
                    ),
                );
                continue;
            }
            if *pattern == prefix {
                let judged = match registry.lookup(pattern) {
                    Lookup::Canonical(setting) | Lookup::Alias { setting, .. } => {
                        Some(setting.name)
                    }
                    Lookup::Unknown { .. } => service.var_named(pattern).map(|own| own.setting),
                };
                if let Some(setting) = judged {
                    self.problem(
                        place,
                        format!(
                            "`{pattern}` is a name of the setting `{setting}`, which the check judges whatever `ignore` says; remove it from `{name}`'s `ignore`"
                        ),
                    );
                }
            }
            if service.ignore[..entry].contains(pattern) {
                self.problem(place, format!("`{pattern}` is listed twice in `ignore`"));
            }
        }
    }

    /// The `sources` of the service at `index`: directories under the
    /// scanned one, written one way (`/`-separated, no `.` or `..` step),
    /// each claimed by one service only.
    fn service_sources(&mut self, index: usize) {
        let services = self.registry.services();
        let name = services[index].name;
        for (entry, source) in services[index].sources.iter().enumerate() {
            let place = Place::ServiceSource {
                service: index,
                entry,
            };
            let trimmed = source.trim_end_matches('/');
            let well_formed = *source == "."
                || (!trimmed.is_empty()
                    && !trimmed.contains('\\')
                    && trimmed
                        .split('/')
                        .all(|step| !matches!(step, "" | "." | "..")));
            if !well_formed {
                let fix = if source.starts_with('/') || source.contains(':') {
                    "write it relative to the directory `jwt-config scan` is given"
                } else {
                    "write a directory under the scanned one with `/` between its names and no `.` or `..` step (`services/auth`), or `.` for all of it"
                };
                self.problem(
                    place,
                    format!("`{source}` in `{name}`'s `sources` is not a directory under the scanned one; {fix}"),
                );
                continue;
            }
            let same = |other: &&str| other.trim_end_matches('/') == trimmed;
            if services[index].sources[..entry].iter().any(same) {
                self.problem(
                    place,
                    format!("`{source}` is listed twice in `{name}`'s `sources`"),
                );
            } else if let Some(other) = services[..index]
                .iter()
                .find(|other| other.sources.iter().any(same))
            {
                self.problem(
                    place,
                    format!(
                        "`{source}` is a source directory of `{}` too; a directory holds one service's code: name a deeper directory for one of them",
                        other.name
                    ),
                );
            }
        }
    }

    pub(super) fn service_auth(&mut self) {
        if let Some(auth) = self.registry.service_auth() {
            for header in [auth.id_header, auth.secret_header] {
                let token = !header.is_empty()
                    && header
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !token {
                    self.problem(
                        Place::ServiceAuth,
                        format!("`{header}` is not an HTTP header name"),
                    );
                }
            }
            if auth.id_header.eq_ignore_ascii_case(auth.secret_header) {
                self.problem(
                    Place::ServiceAuth,
                    "the id and the secret need two different headers",
                );
            }
        }
    }
}
