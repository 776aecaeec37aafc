//! The rules a settings struct must follow, checked against the registry.
//! No code is generated here.

use std::collections::BTreeMap;

use jwt_config_core::__private::words::and_list;
use jwt_config_core::registry::{
    DefaultValue, Lookup, Registry, RegistrySource, Service, ServiceVar, Setting, tier_named,
};
use jwt_config_core::{EnvSet, Environment};
use proc_macro2::Span;
use quote::ToTokens;
use syn::{GenericArgument, Ident, PathArguments, Type};

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;

/// A field whose setting, aliases and environments all check out.
pub struct Checked<'a> {
    pub field: &'a Field<'a>,
    pub setting: &'static Setting,
    /// The declared service's own variable for the setting, if it has one.
    pub own: Option<&'static ServiceVar>,
    pub aliases: Vec<&'static str>,
    /// Environments the service requires the setting in, beyond the registry.
    pub required_in: EnvSet,
}

/// Checks every field of `input`, reporting every problem into `cx`.
/// Fields marked `skip` are not settings and are left out.
/// `declared` is the service the struct is, when the registry declares it:
/// then a field reads only what the service reads, under its own names.
pub fn check<'a>(
    cx: &mut Ctxt,
    registry: &Registry,
    declared: Option<&'static Service>,
    input: &'a Input<'a>,
) -> Vec<Checked<'a>> {
    let mut read_by: BTreeMap<&'static str, &Ident> = BTreeMap::new();
    let mut checked = Vec::new();
    for field in &input.fields {
        if let Some(skip) = field.attrs.skip {
            skipped_alone(cx, field, skip);
            continue;
        }
        let required_in = required_in(cx, registry, field);
        let Some(setting) = setting(cx, registry, declared, field) else {
            default(cx, None, field);
            continue;
        };
        if let Some(service) = declared
            && !service.reads_setting(setting.name)
        {
            let message = format!(
                "the service `{}` does not read `{}`: its [[service]] in {} reads {}; add `{}` to its `reads`, or read one of those",
                service.name,
                setting.name,
                registry.source(),
                and_list(service.reads),
                setting.name
            );
            match &field.attrs.var {
                Some(var) => cx.error_spanned_by(var, message),
                None => cx.error_spanned_by(field.ident, message),
            }
        }
        let aliases = aliases(cx, registry, setting, field);
        default(cx, Some(setting), field);
        // What the service's declaration requires, beyond the registry.
        let by_service = declared.map_or(EnvSet::NONE, |service| service.required_in(setting.name));
        required_has_effect(cx, setting, field, required_in, by_service);
        // The field is required where the registry, the service's
        // declaration or the field itself requires it.
        let required_in = required_in.union(by_service);
        if let Some(first) = read_by.insert(setting.name, field.ident) {
            let message = format!(
                "`{}` is already read by field `{first}`; read each setting in one field",
                setting.name
            );
            match &field.attrs.var {
                Some(var) => cx.error_spanned_by(var, message),
                None => cx.error_spanned_by(field.ident, message),
            }
        }
        let absent: Vec<&str> = setting
            .absent_in(required_in)
            .iter()
            .map(Environment::as_str)
            .collect();
        if !is_option(field.ty) && !absent.is_empty() {
            let mut remedy = if field.attrs.required_in_span.is_some() {
                format!("add {} to its `required_in(...)`", and_list(&absent))
            } else {
                format!(
                    "add `required_in({})` to its `#[jwt(...)]`",
                    absent.join(", ")
                )
            };
            if let Some(service) = declared {
                remedy.push_str(&format!(
                    ", or require it there in the `required_in` of the [[service]] `{}`",
                    service.name
                ));
            }
            cx.error_spanned_by(
                field.ty,
                format!(
                    "`{}` may be unset in {}, where it has no default and is not required; declare the field as `Option<{}>` or {remedy}",
                    setting.name,
                    and_list(&absent),
                    field.ty.to_token_stream().to_string().replace(' ', ""),
                ),
            );
        }
        holds_range(cx, registry, setting, field);
        checked.push(Checked {
            field,
            setting,
            own: declared.and_then(|service| service.var_for(setting.name)),
            aliases,
            required_in,
        });
    }
    checked
}

/// A skipped field is not a setting: no other key applies to it.
fn skipped_alone(cx: &mut Ctxt, field: &Field, skip: Span) {
    let attrs = &field.attrs;
    let other = attrs.var.is_some()
        || !attrs.aliases.is_empty()
        || attrs.required.is_some()
        || attrs.required_in_span.is_some()
        || attrs.default.is_some();
    if other {
        cx.syn_error(syn::Error::new(
            skip,
            format!(
                "field `{}` is skipped, so it reads no setting: remove `skip` or its other keys",
                field.ident
            ),
        ));
    }
}

/// The error of a `name` the registry does not have, read by `field` (the
/// field's own name, when it has no `var`): what to write instead, and for
/// an organisation's file, why a built-in name is missing and how to add one.
fn unknown(
    registry: &Registry,
    name: &str,
    field: Option<&Ident>,
    suggestion: Option<&'static Setting>,
) -> String {
    let mut message = match field {
        None => format!("unknown setting `{name}`"),
        Some(field) => {
            format!("field `{field}` names no setting (`{name}` is not in the registry)")
        }
    };
    let RegistrySource::File(path) = registry.source() else {
        return match (field, suggestion) {
            (None, Some(setting)) => format!("{message}, did you mean `{}`?", setting.name),
            (Some(_), Some(setting)) => format!(
                "{message}; did you mean `#[jwt(var = \"{}\")]`?",
                setting.name
            ),
            (None, None) => format!("{message}, expected one of {}", names(registry)),
            (Some(_), None) => format!(
                "{message}; rename the field, add `#[jwt(var = \"...\")]` with one of {}, or `#[jwt(skip)]` for a field that is not a setting",
                names(registry)
            ),
        };
    };
    if let Lookup::Canonical(built_in)
    | Lookup::Alias {
        setting: built_in, ..
    } = jwt_config_core::registry::standard().lookup(name)
    {
        message.push_str(&format!(
            ": it is a built-in setting, which {path} does not have (the file has `extends = \"none\"`, or lists it in `remove`)"
        ));
        if let Some(setting) = suggestion
            && setting.role.is_some()
            && setting.role == built_in.role
        {
            let role = setting.role.map_or("", |role| role.as_str());
            return format!(
                "{message}; read `{}`, the setting of role `{role}` in {path}{}",
                setting.name,
                field.map_or(String::new(), |_| format!(
                    ", with `#[jwt(var = \"{}\")]`",
                    setting.name
                )),
            );
        }
    }
    let instead = match (field, suggestion) {
        (None, Some(setting)) => format!("did you mean `{}`?", setting.name),
        (Some(_), Some(setting)) => format!("did you mean `#[jwt(var = \"{}\")]`?", setting.name),
        (_, None) => format!("{path} has {}.", names(registry)),
    };
    format!(
        "{message}; {instead} To add it, declare it in {path} as `[[setting]] name = \"{name}\"` with its kind{}",
        if field.is_some() {
            ", or mark a field that is not a setting `#[jwt(skip)]`"
        } else {
            ""
        }
    )
}

/// Every canonical name of `registry`, comma-separated.
fn names(registry: &Registry) -> String {
    registry
        .iter()
        .map(|setting| setting.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The setting the field reads: its `var`, or its name upper-cased.
fn setting(
    cx: &mut Ctxt,
    registry: &Registry,
    declared: Option<&'static Service>,
    field: &Field,
) -> Option<&'static Setting> {
    let (name, span) = match &field.attrs.var {
        Some(var) => (var.value(), var.span()),
        None => (
            field.ident.to_string().to_ascii_uppercase(),
            field.ident.span(),
        ),
    };
    // A declared service's own variable stands for its setting.
    if let Some(own) = declared.and_then(|service| service.var_named(&name)) {
        return registry.get(own.setting);
    }
    let implicit = field.attrs.var.is_none();
    let error = match registry.lookup(&name) {
        Lookup::Canonical(setting) => return Some(setting),
        Lookup::Alias { alias, setting } if implicit => format!(
            "field `{}` reads `{alias}`, a legacy alias of `{}`; write `#[jwt(var = \"{}\", alias = \"{alias}\")]` to keep reading the old name",
            field.ident, setting.name, setting.name
        ),
        Lookup::Alias { alias, setting } => format!(
            "`{alias}` is a legacy alias of `{}`; write `var = \"{}\", alias = \"{alias}\"` to keep reading the old name",
            setting.name, setting.name
        ),
        Lookup::Unknown { suggestion } => {
            unknown(registry, &name, implicit.then_some(field.ident), suggestion)
        }
    };
    cx.syn_error(syn::Error::new(span, error));
    None
}

/// The declared aliases, each a registered alias of `setting`.
fn aliases(
    cx: &mut Ctxt,
    registry: &Registry,
    setting: &'static Setting,
    field: &Field,
) -> Vec<&'static str> {
    let mut aliases = Vec::new();
    for lit in &field.attrs.aliases {
        let name = lit.value();
        let registered = || match setting.aliases {
            [] => format!("`{}` has no legacy aliases", setting.name),
            names => format!(
                "the aliases of `{}` are {}",
                setting.name,
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        match registry.lookup(&name) {
            Lookup::Alias { alias, setting: of } if of.name == setting.name => {
                if aliases.contains(&alias.name) {
                    cx.error_spanned_by(lit, format!("alias `{alias}` is declared twice"));
                } else if alias.denied_in == EnvSet::ALL {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "`{alias}` is retired in every environment: reading it is always a problem; remove the alias and rename the variable to `{}` in each deployment",
                            setting.name
                        ),
                    );
                } else {
                    aliases.push(alias.name);
                }
            }
            Lookup::Alias { alias, setting: of } => cx.error_spanned_by(
                lit,
                format!(
                    "`{alias}` is a legacy alias of `{}`, not of `{}`; {}",
                    of.name,
                    setting.name,
                    registered()
                ),
            ),
            Lookup::Canonical(canonical) => cx.error_spanned_by(
                lit,
                format!(
                    "`{}` is a canonical name, not an alias; {}",
                    canonical.name,
                    registered()
                ),
            ),
            Lookup::Unknown { .. } => cx.error_spanned_by(
                lit,
                format!(
                    "`{name}` is not a registered alias of `{}`; {}",
                    setting.name,
                    registered()
                ),
            ),
        }
    }
    aliases
}

/// The environments of `required` and `required_in(...)`.
fn required_in(cx: &mut Ctxt, registry: &Registry, field: &Field) -> EnvSet {
    let attrs = &field.attrs;
    if let (Some(required), Some(_)) = (attrs.required, attrs.required_in_span) {
        cx.syn_error(syn::Error::new(
            required,
            "`required` already means every environment; remove it or `required_in(...)`",
        ));
    }
    if attrs.required.is_some() {
        return EnvSet::ALL;
    }
    let mut set = EnvSet::NONE;
    for ident in &attrs.required_in {
        let written = ident.to_string();
        let follows = registry
            .environments()
            .iter()
            .find(|env| env.name == written)
            .map(|env| env.follows);
        match tier_named(&written, follows) {
            Ok(env) => set = set.with(env),
            Err(message) => cx.error_spanned_by(ident, message),
        }
    }
    if attrs.required_in_span.is_some() && attrs.required_in.is_empty() {
        cx.syn_error(syn::Error::new(
            attrs.required_in_span.unwrap_or_else(Span::call_site),
            format!(
                "`required_in()` lists no environment, expected one or more of {}",
                environments()
            ),
        ));
    }
    set
}

/// Services never set defaults: the registry owns them.
fn default(cx: &mut Ctxt, setting: Option<&Setting>, field: &Field) {
    let Some(key) = &field.attrs.default else {
        return;
    };
    let message = match setting {
        Some(setting) if setting.is_secret() => format!(
            "a secret never has a default: remove `default` and set `{}` in every environment that needs it",
            setting.name
        ),
        Some(setting) if setting.default == DefaultValue::None => format!(
            "defaults live in the registry, which gives `{}` none: remove `default` and declare the field as an `Option`, or set the variable",
            setting.name
        ),
        Some(setting) => format!(
            "defaults live in the registry, which gives `{}` the default {}: remove `default`",
            setting.name, setting.default
        ),
        None => "defaults live in the registry, not in services: remove `default`".to_owned(),
    };
    cx.error_spanned_by(key, message);
}

/// `required` or `required_in(...)` must require the setting somewhere the
/// registry (or the service's declaration, `by_service`) does not already
/// give it a value.
fn required_has_effect(
    cx: &mut Ctxt,
    setting: &Setting,
    field: &Field,
    required_in: EnvSet,
    by_service: EnvSet,
) {
    let span = match (field.attrs.required, field.attrs.required_in_span) {
        (Some(span), _) | (None, Some(span)) => span,
        (None, None) => return,
    };
    // It has an effect where the setting could otherwise be absent.
    if required_in.is_empty()
        || setting.absent_in(required_in.union(by_service)) != setting.absent_in(by_service)
    {
        return;
    }
    let by = if setting.absent_in(required_in) == setting.absent_in(EnvSet::NONE) {
        "a registry default, or required by the registry"
    } else {
        "a registry default, or required by the registry or by the service's [[service]] `required_in`"
    };
    cx.syn_error(syn::Error::new(
        span,
        format!(
            "`{}` already has a value in every environment named ({by}), so requiring it has no effect; remove it",
            setting.name
        ),
    ));
}

fn environments() -> String {
    Environment::names()
}

/// A number field narrower than `u64` must hold every value the registry
/// allows its setting: a `u16` for a setting allowed up to 100,000 would
/// fail loads that the registry accepts.
fn holds_range(cx: &mut Ctxt, registry: &Registry, setting: &Setting, field: &Field) {
    let Some((_, max)) = setting.kind.bounds() else {
        return;
    };
    let inner = option_inner(field.ty);
    let option = inner.is_some();
    let Some((narrow, limit)) = narrow_number(inner.unwrap_or(field.ty)) else {
        return;
    };
    // No `max`: only a `u64` (or a `Duration`) holds every value.
    if max.is_some_and(|max| max <= limit) {
        return;
    }
    let wide = match max {
        Some(max) if max <= u64::from(u32::MAX) => "u32",
        _ => "u64",
    };
    let wide = if option {
        format!("Option<{wide}>")
    } else {
        wide.to_owned()
    };
    let registry = registry.source().described();
    let (allows, lower) = match max {
        Some(max) => (
            format!("allows up to {max}"),
            format!("lower the setting's `max` to {limit}"),
        ),
        None => (
            "has no `max` for".to_owned(),
            format!("give the setting a `max` of at most {limit}"),
        ),
    };
    cx.error_spanned_by(
        field.ty,
        format!(
            "`{narrow}` cannot hold every value of `{}`, which {registry} {allows}: declare the field as `{wide}`, or {lower}",
            setting.name,
        ),
    );
}

/// `u16` or `u32`, written as such, with the largest value it holds.
fn narrow_number(ty: &Type) -> Option<(&'static str, u64)> {
    let Type::Path(path) = ty else {
        return None;
    };
    let ident = path.path.get_ident()?;
    if ident == "u16" {
        Some(("u16", u64::from(u16::MAX)))
    } else if ident == "u32" {
        Some(("u32", u64::from(u32::MAX)))
    } else {
        None
    }
}

/// The type inside `Option<...>` (written as `Option`, `std::option::Option`
/// or `core::option::Option`), when `ty` is one.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            GenericArgument::Type(inner) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `ty` is written `Option<...>`.
pub fn is_option(ty: &Type) -> bool {
    option_inner(ty).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn errors(input: syn::DeriveInput) -> Vec<String> {
        errors_with(jwt_config_core::registry::standard(), input)
    }

    fn errors_with(registry: &Registry, input: syn::DeriveInput) -> Vec<String> {
        let mut cx = Ctxt::new();
        let model = Input::from_syn(&mut cx, &input);
        check(&mut cx, registry, None, &model);
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(err) => err.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn a_number_field_must_hold_every_value_the_registry_allows() {
        let registry = Registry::from_toml(
            "numbers.toml",
            r#"schema = 1

[[setting]]
name = "JWT_MAX_TOKEN_BYTES"
kind = "integer"
min = 1
max = 70000
default = "8192"
scope = "per_service"
description = "The largest token a verifier accepts."

[[setting]]
name = "JWT_MAX_CLOCK_TICKS"
kind = "integer"
min = 1
max = 5000000000
default = "1"
scope = "per_service"
description = "A number beyond a u32."
"#,
        )
        .unwrap();
        let found = errors_with(
            registry,
            parse_quote! {
                struct Verifier {
                    jwt_max_token_bytes: Option<u16>,
                    jwt_max_clock_ticks: u32,
                }
            },
        );
        assert_eq!(
            found,
            [
                "`u16` cannot hold every value of `JWT_MAX_TOKEN_BYTES`, which the registry numbers.toml allows up to 70000: declare the field as `Option<u32>`, or lower the setting's `max` to 65535",
                "`u32` cannot hold every value of `JWT_MAX_CLOCK_TICKS`, which the registry numbers.toml allows up to 5000000000: declare the field as `u64`, or lower the setting's `max` to 4294967295",
            ]
        );
        let wide_enough = errors_with(
            registry,
            parse_quote! {
                struct Verifier {
                    jwt_max_token_bytes: Option<u32>,
                    jwt_max_clock_ticks: u64,
                }
            },
        );
        assert!(wide_enough.is_empty(), "{wide_enough:?}");
    }

    #[test]
    fn a_setting_without_max_is_held_by_u64_or_duration_only() {
        let registry = Registry::from_toml(
            "open.toml",
            r#"schema = 1

[[setting]]
name = "JWT_REFRESH_TOKEN_EXPIRE_DAYS"
min = 1
max = 90

[[setting]]
name = "JWT_SESSION_MINUTES"
kind = "duration"
unit = "minutes"
min = 1
default = "60"
category = "EXPIRY_MISMATCH"
description = "How long a session lives: at least a minute, no most."

[[setting]]
name = "JWT_GRACE"
kind = "duration"
unit = "span"
min = "1m"
max = "1d"
default = "15m"
category = "EXPIRY_MISMATCH"
description = "A span."
"#,
        )
        .unwrap();
        let found = errors_with(
            registry,
            parse_quote! {
                struct Sessions {
                    jwt_session_minutes: u32,
                }
            },
        );
        assert_eq!(
            found,
            [
                "`u32` cannot hold every value of `JWT_SESSION_MINUTES`, which the registry open.toml has no `max` for: declare the field as `u64`, or give the setting a `max` of at most 4294967295",
            ]
        );
        let wide_enough = errors_with(
            registry,
            parse_quote! {
                struct Sessions {
                    jwt_session_minutes: u64,
                    jwt_grace: Duration,
                    #[jwt(var = "JWT_REFRESH_TOKEN_EXPIRE_DAYS")]
                    refresh: u16,
                }
            },
        );
        assert!(wide_enough.is_empty(), "{wide_enough:?}");
    }

    #[test]
    fn a_valid_struct_has_no_error() {
        let found = errors(parse_quote! {
            struct Ok {
                jwt_secret_key: SecretString,
                #[jwt(var = "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", alias = "JWT_ACCESS_EXPIRY_MINUTES")]
                access: Duration,
                #[jwt(var = "JWT_ISSUER", required)]
                issuer: String,
                #[jwt(var = "JWT_AUDIENCE")]
                audience: std::option::Option<Vec<String>>,
            }
        });
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn every_error_of_a_struct_is_reported() {
        let found = errors(parse_quote! {
            struct Bad {
                #[jwt(var = "JWT_ACCESS_EXPIRY_MINUTES")]
                access: u32,
                #[jwt(var = "JWT_SECRET_KEYY")]
                secret: SecretString,
                #[jwt(var = "JWT_ISSUER", required_in(prod, qa))]
                issuer: String,
                #[jwt(var = "JWT_ALGORITHM", default = "HS512", colour = "red")]
                algorithm: Algorithm,
            }
        });
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(
            found
                .iter()
                .any(|e| e.contains("legacy alias of `JWT_ACCESS_TOKEN_EXPIRE_MINUTES`"))
        );
        assert!(
            found
                .iter()
                .any(|e| e.contains("did you mean `JWT_SECRET_KEY`?"))
        );
        assert!(found.iter().any(|e| e.contains("as `production`")));
        assert!(found.iter().any(|e| e.contains("unknown environment `qa`")));
        assert!(
            found
                .iter()
                .any(|e| e.contains("may be unset in development and test"))
        );
        assert!(
            found
                .iter()
                .any(|e| e.contains("unknown jwt field attribute `colour`"))
        );
        assert!(found.iter().any(|e| e.contains("the default HS256")));
    }

    #[test]
    fn option_is_recognised_by_its_last_segment() {
        assert!(is_option(&parse_quote!(Option<String>)));
        assert!(is_option(&parse_quote!(::core::option::Option<u32>)));
        assert!(!is_option(&parse_quote!(String)));
        assert!(!is_option(&parse_quote!(Vec<Option<String>>)));
    }
}
