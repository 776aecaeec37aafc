//! Generates the `JwtSettings` impl from a checked model. Every rule was
//! checked before; this only writes code.

use jwt_config_core::registry::{Kind, Registry, Role};
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Path};

use crate::ast::Input;
use crate::ctxt::Ctxt;

use crate::registry::{self, Chosen};
use crate::track;
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

    // What carries no span of the input (the tables, `values`, the
    // signatures) is written as text and lexed by the compiler in one call:
    // building it token by token in a proc macro compiled without
    // optimisation costs more than the rest of the derive. The tokens get
    // `Span::call_site()`, as `quote!` gives them.

    let specs = field_specs(fields, chosen.registry);
    let names = consulted_names(fields, chosen);
    let values = field_values(fields);

    // Settings that hold a key may ask for token keys.
    let holds_key = fields
        .iter()
        .any(|checked| checked.setting.role.is_some_and(Role::holds_key));

    let resolve = lex(&format!(
        "const __JWT_FIELDS: &[__jwt::FieldSpec<'static>] = &[{specs}];
        let mut __jwt_resolution = __jwt::resolve_listed(
            <Self as __jwt::JwtSettings>::registry(),
            __jwt_source,
            __jwt_environment,
            <Self as __jwt::JwtSettings>::SERVICE,
            __JWT_FIELDS,
            __jwt::Option::Some(&[{names}]),
        )?;"
    ));

    // The registry the settings follow, and what makes the crate rebuild
    // when the choice or the file changes (once per crate: see `track`).
    let variable = jwt_config_core::registry::VARIABLE;
    let mut tail = format!(
        "const _: ::core::option::Option<&'static ::core::primitive::str> = ::core::option_env!({variable:?});"
    );
    let mut items = String::new();
    // The built-in table is the trait's default `registry()`; a file's is
    // one string literal, decoded on first use: cheap to compile however
    // many structs embed the table.
    if let Some((file, table)) = &chosen.file {
        write!(
            tail,
            "const _: &[::core::primitive::u8] = ::core::include_bytes!({:?});",
            file.display().to_string()
        )
        .unwrap();
        write!(
            items,
            "fn registry() -> &'static __jwt::Registry {{
                __jwt::embedded_registry({table})
            }}"
        )
        .unwrap();
    }
    let tail = lex(&track::once(tail));
    write!(
        items,
        "const SERVICE: &'static ::core::primitive::str = {service:?};
        fn values(&self) -> __jwt::Values {{
            __jwt::values(<Self as __jwt::JwtSettings>::registry(), &[{values}])
        }}
        fn load_as<__JwtS: __jwt::Source + ?__jwt::Sized>(
            __jwt_source: &__JwtS,
            __jwt_environment: __jwt::NamedEnvironment,
        ) -> __jwt::Result<__jwt::Loaded<Self>, __jwt::LoadError>"
    )
    .unwrap();
    let items = lex(&items);
    let key_material = holds_key.then(|| {
        quote! {
            #[automatically_derived]
            impl __jwt::KeyMaterial for #ident {}
        }
    });

    // `take::secret::<T>` (and so on) requires that `T` holds the kind:
    // spanned with the type, so that an error points at the field.
    let takes = fields.iter().enumerate().map(|(index, checked)| {
        let member = checked.field.ident;
        let ty = checked.field.ty;
        let kind = take_fn(checked.setting.kind);
        quote_spanned! {ty.span()=>
            #member: __jwt::take::#kind::<#ty>(&mut __jwt_resolution, #index)
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

    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_attributes, unused_qualifications)]
        const _: () = {
            use #krate::__private as __jwt;

            #[automatically_derived]
            impl __jwt::JwtSettings for #ident {
                #items {
                    #resolve
                    let __jwt_value = #ident {
                        #(#takes,)*
                        #(#skipped,)*
                    };
                    __jwt_resolution.finish(__jwt_value)
                }
            }

            #key_material
            #tail
        };
    }
}

/// The `FieldSpec` of each field, as text: `FieldSpec::new(..)` with only
/// what differs from the default.
fn field_specs(fields: &[Checked], registry: &Registry) -> String {
    let mut specs = String::new();
    for checked in fields {
        let name = checked.setting.name;
        match registry.position(name) {
            Some(position) => write!(specs, "__jwt::FieldSpec::at({name:?}, {position})"),
            None => write!(specs, "__jwt::FieldSpec::new({name:?})"),
        }
        .unwrap();
        if !checked.aliases.is_empty() {
            specs.push_str(".with_aliases(&[");
            for alias in &checked.aliases {
                write!(specs, "{alias:?},").unwrap();
            }
            specs.push_str("])");
        }
        if !checked.required_in.is_empty() {
            specs.push_str(".required_in(__jwt::EnvSet::of(&[");
            for env in checked.required_in.iter() {
                write!(specs, "__jwt::Environment::{env:?},").unwrap();
            }
            specs.push_str("]))");
        }
        if let Some(own) = checked.own {
            write!(specs, ".read_as({:?}, ", own.var).unwrap();
            match own.format {
                None => specs.push_str("__jwt::Option::None)"),
                Some(format) => {
                    write!(specs, "__jwt::Option::Some(__jwt::VarFormat::{format:?}))").unwrap()
                }
            }
        }
        specs.push(',');
    }
    specs
}

/// The names a load reads, as text: listed now rather than at every load.
fn consulted_names(fields: &[Checked], chosen: &Chosen) -> String {
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
    let mut names = String::new();
    for name in chosen.registry.names_consulted(&consulted) {
        write!(names, "{name:?},").unwrap();
    }
    names
}

/// The elements of `values()`, as text: each setting's name and a
/// reference to its field, which the call makes a `&dyn FieldValue`.
fn field_values(fields: &[Checked]) -> String {
    let mut values = String::new();
    for checked in fields {
        write!(
            values,
            "({setting:?}, &self.{member}),",
            setting = checked.setting.name,
            member = checked.field.ident,
        )
        .unwrap();
    }
    values
}

/// Generated text as tokens, lexed by the compiler (`proc_macro`'s own
/// `FromStr`: `proc_macro2`'s would lex it once more, in this crate, first).
fn lex(text: &str) -> TokenStream {
    text.parse::<proc_macro::TokenStream>()
        .expect("the derive generates code that lexes")
        .into()
}

/// The function of `__private::take` for a field holding a value of `kind`:
/// named after the kind, as a registry file names it.
fn take_fn(kind: Kind) -> Ident {
    format_ident!("{}", kind.name())
}

/// The impl emitted beside errors, so that one mistake does not cascade into
/// "trait not implemented" errors wherever the struct is used.
/// What a derive that failed generates beside its errors: the impls the
/// rest of the crate may use, so that one mistake is one error.
fn stub(input: &DeriveInput, krate: &Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
            #[automatically_derived]
            impl #impl_generics #krate::JwtSettings for #ident #ty_generics #where_clause {
                const SERVICE: &'static ::core::primitive::str = "";

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

            // Whatever the struct holds: a call asking it for token keys
            // must not add an error of its own to the one that matters.
            #[automatically_derived]
            impl #impl_generics #krate::KeyMaterial for #ident #ty_generics #where_clause {}
        }
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
