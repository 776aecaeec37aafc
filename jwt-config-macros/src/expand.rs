//! Generates the `JwtSettings` impl from a checked model. Every rule was
//! checked before; this only writes code.

use jwt_config_core::EnvSet;
use jwt_config_core::registry::{Kind, Role};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Path};

use crate::ast::Input;
use crate::ctxt::Ctxt;

use crate::registry::{self, Chosen};
use crate::valid::{self, Checked};

pub fn derive(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::new();
    let model = Input::from_syn(&mut cx, input);
    let krate = krate(&model.attrs);
    let chosen = registry::choose(&mut cx, model.attrs.registry.as_ref());
    let checked = match &chosen {
        Some(chosen) => {
            let declared = chosen.registry.service(&service_name(&model));
            valid::check(&mut cx, chosen.registry, declared, &model)
        }
        None => Vec::new(),
    };
    match (cx.check(), chosen) {
        (Ok(()), Some(chosen)) => expand(&model, &checked, &chosen, &krate),
        (Ok(()), None) => unreachable!("a registry that cannot be read leaves an error"),
        (Err(errors), _) => {
            let errors = errors.to_compile_error();
            let stub = stub(input, &krate);
            quote!(#errors #stub)
        }
    }
}

fn default_krate() -> Path {
    syn::parse_quote!(::jwt_config)
}

fn krate(attrs: &crate::attr::Container) -> Path {
    attrs.krate.clone().unwrap_or_else(default_krate)
}

fn service_name(input: &Input) -> String {
    match &input.attrs.service {
        Some(service) => service.value(),
        None => snake_case(&input.ident.to_string()),
    }
}

fn expand(input: &Input, fields: &[Checked], chosen: &Chosen, krate: &Path) -> TokenStream {
    let ident = input.ident;
    let service = service_name(input);
    let count = fields.len();

    let specs = fields.iter().map(|checked| {
        let setting = checked.setting.name;
        let aliases = &checked.aliases;
        let required_in = env_set(checked.required_in, krate);
        let none = quote!(::core::option::Option::None);
        let (var, format) = match checked.own {
            None => (none.clone(), none),
            Some(own) => {
                let var = own.var;
                let format = match own.format {
                    None => none,
                    Some(format) => {
                        let variant = format_ident!("{format:?}");
                        quote!(::core::option::Option::Some(#krate::registry::VarFormat::#variant))
                    }
                };
                (quote!(::core::option::Option::Some(#var)), format)
            }
        };
        quote! {
            #krate::__private::FieldSpec {
                setting: #setting,
                aliases: &[#(#aliases),*],
                required_in: #required_in,
                var: #var,
                format: #format,
            }
        }
    });
    let skipped = input
        .fields
        .iter()
        .filter(|field| field.attrs.skip.is_some())
        .map(|field| {
            let member = field.ident;
            quote!(#member: ::core::default::Default::default())
        });

    // The registry the settings follow, and what makes the crate rebuild
    // when the choice or the file changes.
    let variable = jwt_config_core::registry::VARIABLE;
    let (registry_fn, tracked_file) = match &chosen.file {
        None => (quote!(#krate::__private::registry()), None),
        Some(file) => {
            // One string literal, decoded on first use: cheap to compile
            // however many structs embed the table.
            let table = jwt_config_core::registry::compact::encode(chosen.registry);
            let path = file.display().to_string();
            (
                quote! {
                    static __JWT_REGISTRY: ::std::sync::OnceLock<&'static #krate::registry::Registry> =
                        ::std::sync::OnceLock::new();
                    #krate::__private::embedded_registry(&__JWT_REGISTRY, #table)
                },
                Some(quote! {
                    const _: &[::core::primitive::u8] = ::core::include_bytes!(#path);
                }),
            )
        }
    };

    // Settings that hold a key may ask for token keys.
    let holds_key = fields.iter().any(|checked| {
        matches!(
            checked.setting.role,
            Some(Role::SigningSecret | Role::PrivateKey | Role::PublicKey)
        )
    });
    let key_material = holds_key.then(|| {
        quote! {
            #[automatically_derived]
            impl #krate::KeyMaterial for #ident {}
        }
    });

    // The names a load reads, listed now rather than at every load.
    let consulted: Vec<(&str, Option<&str>, &[&str])> = fields
        .iter()
        .map(|checked| {
            (
                checked.setting.name,
                checked.own.map(|own| own.var),
                &checked.aliases[..],
            )
        })
        .collect();
    let names = chosen.registry.names_consulted(&consulted);
    let name_count = names.len();

    let takes = fields.iter().enumerate().map(|(index, checked)| {
        let member = checked.field.ident;
        let ty = checked.field.ty;
        quote_spanned! {ty.span()=>
            #member: __jwt_resolution.take::<#ty>(#index)?
        }
    });

    let values = fields.iter().map(|checked| {
        let member = checked.field.ident;
        let setting = checked.setting.name;
        quote! {
            (#setting, #krate::__private::field_value(&self.#member, __jwt_registry, #setting))
        }
    });

    let assertions = fields.iter().map(|checked| {
        let ty = checked.field.ty;
        let bound = field_trait(checked.setting.kind);
        quote_spanned! {ty.span()=>
            {
                fn __jwt_holds<__JwtT: ?::core::marker::Sized + #krate::__private::#bound>() {}
                __jwt_holds::<#ty>();
            }
        }
    });

    quote! {
            #[doc(hidden)]
            #[allow(non_upper_case_globals, unused_attributes, unused_qualifications)]
            const _: () = {
                #[automatically_derived]
                impl #krate::JwtSettings for #ident {
                    const SERVICE: &'static ::core::primitive::str = #service;

                    fn registry() -> &'static #krate::registry::Registry {
                        #registry_fn
                    }

                    fn values(
                        &self,
    ) -> #krate::__private::Values {
                        let __jwt_registry = <Self as #krate::JwtSettings>::registry();
                        ::std::vec![#(#values),*]
                    }

                    fn load_as<__JwtS: #krate::Source + ?::core::marker::Sized>(
                        __jwt_source: &__JwtS,
                        __jwt_environment: #krate::NamedEnvironment,
                    ) -> ::core::result::Result<#krate::Loaded<Self>, #krate::LoadError> {
                        static __JWT_FIELDS: [#krate::__private::FieldSpec; #count] = [#(#specs),*];
                        static __JWT_NAMES: [&::core::primitive::str; #name_count] = [#(#names),*];
                        let mut __jwt_resolution = #krate::__private::resolve_listed(
                            <Self as #krate::JwtSettings>::registry(),
                            __jwt_source,
                            __jwt_environment,
                            <Self as #krate::JwtSettings>::SERVICE,
                            &__JWT_FIELDS,
                            ::core::option::Option::Some(&__JWT_NAMES),
                        )?;
                        let __jwt_value = #ident {
                            #(#takes,)*
                            #(#skipped,)*
                        };
                        ::core::result::Result::Ok(__jwt_resolution.finish(__jwt_value))
                    }
                }

                fn __jwt_assert_field_types() {
                    #(#assertions)*
                }

                #key_material

                const _: ::core::option::Option<&'static ::core::primitive::str> =
                    ::core::option_env!(#variable);
                #tracked_file
            };
        }
}

/// The impl emitted beside errors, so that one mistake does not cascade into
/// "trait not implemented" errors wherever the struct is used.
fn stub(input: &DeriveInput, krate: &Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
            #[automatically_derived]
            impl #impl_generics #krate::JwtSettings for #ident #ty_generics #where_clause {
                const SERVICE: &'static ::core::primitive::str = "";

                fn registry() -> &'static #krate::registry::Registry {
                    ::core::unreachable!()
                }

                fn values(
                    &self,
    ) -> #krate::__private::Values {
                    ::core::unreachable!()
                }

                fn load_as<__JwtS: #krate::Source + ?::core::marker::Sized>(
                    _: &__JwtS,
                    _: #krate::NamedEnvironment,
                ) -> ::core::result::Result<#krate::Loaded<Self>, #krate::LoadError> {
                    ::core::unreachable!()
                }
            }
        }
}

/// The trait a field's type must implement to hold a value of `kind`.
fn field_trait(kind: Kind) -> Ident {
    let name = match kind {
        Kind::Environment => "EnvironmentField",
        Kind::Secret => "SecretField",
        Kind::Algorithm => "AlgorithmField",
        Kind::Duration { .. } => "DurationField",
        Kind::Text => "TextField",
        Kind::TextList => "TextListField",
        Kind::Flag => "FlagField",
        Kind::Integer { .. } => "IntegerField",
        Kind::Url => "UrlField",
    };
    format_ident!("{name}")
}

/// `AuthService` -> `auth_service`, `HTTPVerifier` -> `http_verifier`.
fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if prev_lower || (prev_upper && next_lower) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `EnvSet::of(&[...])`, with each environment named by its `Debug` text.
fn env_set(set: EnvSet, krate: &Path) -> TokenStream {
    let envs = set.iter().map(|env| {
        let ident = format_ident!("{env:?}");
        quote!(#krate::Environment::#ident)
    });
    quote!(#krate::__private::EnvSet::of(&[#(#envs),*]))
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn struct_names_become_snake_case_service_names() {
        assert_eq!(snake_case("AuthService"), "auth_service");
        assert_eq!(snake_case("HTTPVerifier"), "http_verifier");
        assert_eq!(snake_case("Backend"), "backend");
        assert_eq!(snake_case("Api2Jwt"), "api2_jwt");
    }
}
