//! An organisation's registry written as a `static` in the generated code,
//! so that a service carries its table without a TOML parser and cannot
//! fail at start-up because of the file.

use jwt_config_core::registry::{
    DefaultValue, Kind, Registry, RegistrySource, Rule, Scope, Setting,
};
use jwt_config_core::{EnvSet, Environment};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Path;

/// An expression of type `Registry` equal to `registry`, for a `static`.
///
/// Variants are named by their `Debug` text (`Environment::Staging`,
/// `Unit::Minutes`, `Role::SigningSecret`), as elsewhere in the generated code;
/// `tests/org.rs` holds the embedded table equal to the file.
pub fn registry(registry: &Registry, krate: &Path) -> TokenStream {
    let r = quote!(#krate::registry);
    let settings = registry.settings().iter().map(|s| setting(s, krate));
    let rules = registry.rules().iter().map(|rule| self::rule(rule, krate));
    let policy = registry.secret_policy();
    let min_bytes = policy.min_bytes;
    let strict_in = env_set(policy.strict_in, krate);
    let weak = policy.weak_patterns;
    let environments = registry.environments().iter().map(|env| {
        let name = env.name;
        let follows = environment(env.follows, krate);
        quote!(#krate::NamedEnvironment { name: #name, follows: #follows })
    });
    let headers = registry
        .service_auth()
        .map(|auth| (auth.id_header, auth.secret_header))
        .unwrap_or(("X-Service-ID", "X-Service-Secret"));
    let (id_header, secret_header) = headers;
    let source = match registry.source() {
        RegistrySource::BuiltIn => quote!(#r::RegistrySource::BuiltIn),
        RegistrySource::File(path) => quote!(#r::RegistrySource::File(#path)),
    };
    quote! {
        #r::Registry::new(
            &[#(#settings),*],
            &[#(#rules),*],
            #r::SecretPolicy {
                min_bytes: [#(#min_bytes),*],
                strict_in: #strict_in,
                weak_patterns: &[#(#weak),*],
            },
        )
        .with_environments(&[#(#environments),*])
        .with_service_headers(#id_header, #secret_header)
        .with_source(#source)
    }
}

fn setting(setting: &Setting, krate: &Path) -> TokenStream {
    let r = quote!(#krate::registry);
    let name = setting.name;
    let aliases = setting.aliases.iter().map(|alias| {
        let name = alias.name;
        let denied = env_set(alias.denied_in, krate);
        quote!(#r::Alias { name: #name, denied_in: #denied })
    });
    let kind = kind(setting.kind, krate);
    let default = match setting.default {
        DefaultValue::None => quote!(#r::DefaultValue::None),
        DefaultValue::Always(value) => quote!(#r::DefaultValue::Always(#value)),
        DefaultValue::ByEnvironment(values) => {
            let values = values.iter().map(|value| match value {
                Some(value) => quote!(::core::option::Option::Some(#value)),
                None => quote!(::core::option::Option::None),
            });
            quote!(#r::DefaultValue::ByEnvironment([#(#values),*]))
        }
    };
    let required_in = env_set(setting.required_in, krate);
    let scope = match setting.scope {
        Scope::Shared => quote!(#r::Scope::Shared),
        Scope::PerService => quote!(#r::Scope::PerService),
    };
    let category = match setting.category {
        Some(category) => {
            let code = category.mismatch_code();
            quote!(::core::option::Option::Some(#r::Category::new(#code)))
        }
        None => quote!(::core::option::Option::None),
    };
    let role = match setting.role {
        Some(role) => {
            let role = format_ident!("{role:?}");
            quote!(::core::option::Option::Some(#r::Role::#role))
        }
        None => quote!(::core::option::Option::None),
    };
    let description = setting.description;
    quote! {
        #r::Setting {
            name: #name,
            aliases: &[#(#aliases),*],
            kind: #kind,
            default: #default,
            required_in: #required_in,
            scope: #scope,
            category: #category,
            role: #role,
            description: #description,
        }
    }
}

fn kind(kind: Kind, krate: &Path) -> TokenStream {
    let r = quote!(#krate::registry);
    match kind {
        Kind::Duration { unit, min, max } => {
            let unit = format_ident!("{unit:?}");
            quote!(#r::Kind::Duration { unit: #r::Unit::#unit, min: #min, max: #max })
        }
        Kind::Integer { min, max } => quote!(#r::Kind::Integer { min: #min, max: #max }),
        Kind::Environment => quote!(#r::Kind::Environment),
        Kind::Secret => quote!(#r::Kind::Secret),
        Kind::Algorithm => quote!(#r::Kind::Algorithm),
        Kind::Text => quote!(#r::Kind::Text),
        Kind::TextList => quote!(#r::Kind::TextList),
        Kind::Flag => quote!(#r::Kind::Flag),
        Kind::Url => quote!(#r::Kind::Url),
    }
}

fn rule(rule: &Rule, krate: &Path) -> TokenStream {
    let r = quote!(#krate::registry);
    match *rule {
        Rule::LongerThan { longer, shorter } => {
            quote!(#r::Rule::LongerThan { longer: #longer, shorter: #shorter })
        }
        Rule::Distinct {
            setting,
            from,
            in_envs,
        } => {
            let in_envs = env_set(in_envs, krate);
            quote!(#r::Rule::Distinct { setting: #setting, from: #from, in_envs: #in_envs })
        }
        Rule::TrueOnlyIn {
            setting,
            allowed_in,
        } => {
            let allowed_in = env_set(allowed_in, krate);
            quote!(#r::Rule::TrueOnlyIn { setting: #setting, allowed_in: #allowed_in })
        }
    }
}

/// `EnvSet::of(&[...])`, the form generated code already uses.
pub fn env_set(set: EnvSet, krate: &Path) -> TokenStream {
    let envs = set.iter().map(|env| environment(env, krate));
    quote!(#krate::__private::EnvSet::of(&[#(#envs),*]))
}

fn environment(env: Environment, krate: &Path) -> TokenStream {
    let ident = format_ident!("{env:?}");
    quote!(#krate::Environment::#ident)
}
