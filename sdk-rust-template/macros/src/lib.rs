//! Procedural macros of `spacedrive-sdk`. Copied by `sdext codegen`. DO NOT EDIT the generated copy.
//!
//! Use them through the SDK (`#[spacedrive_sdk::export]`): the expansion names
//! `::spacedrive_sdk`, and both crates are released together with the same version.
#![warn(missing_docs)]

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{parse_macro_input, FnArg, Ident, ItemFn, LitStr, ReturnType, Token};

/// `#[export]` or `#[export(name = "wire_name")]`.
struct ExportArgs {
    name: Option<LitStr>,
}

impl Parse for ExportArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(ExportArgs { name: None });
        }
        let key: Ident = input.parse()?;
        if key != "name" {
            return Err(syn::Error::new(
                key.span(),
                "the only argument of #[export] is `name = \"...\"`",
            ));
        }
        input.parse::<Token![=]>()?;
        let name: LitStr = input.parse()?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after `name = \"...\"`"));
        }
        Ok(ExportArgs { name: Some(name) })
    }
}

/// Whether an export name is one the manifest can name (`^[A-Za-z_][A-Za-z0-9_]{0,127}$`).
fn valid_export_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && name.len() <= 128 && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Names the ABI reserves; an export of the same name would clash with the SDK's own.
const RESERVED: &[&str] = &[
    "memory",
    "wasm_alloc",
    "wasm_free",
    "plugin_init",
    "plugin_cleanup",
    "spacedrive_response_buffer",
];

/// Makes a function a JSON export the host can call (docs/abi.md).
///
/// The function takes at most one argument, of any type that implements
/// `serde::de::DeserializeOwned` (the call's JSON input), and returns
/// `Result<T, E>` where `T: serde::Serialize` and `E: Into<spacedrive_sdk::Error>`: any
/// `std::error::Error` converts, so `?` works on everything. `Ok` answers `{"ok": T}`;
/// `Err` answers an error envelope. The function itself stays an ordinary Rust function
/// (callable from tests); the macro adds an `extern "C"` wrapper exported under the
/// function's name, or under `name = "..."`.
///
/// ```ignore
/// #[spacedrive_sdk::export]
/// fn greet(name: String) -> spacedrive_sdk::Result<String> {
///     Ok(format!("Hello, {name}!"))
/// }
/// ```
#[proc_macro_attribute]
pub fn export(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as ExportArgs);
    let function = parse_macro_input!(item as ItemFn);
    match expand_export(args, &function) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            let error = error.to_compile_error();
            quote!(#function #error).into()
        }
    }
}

fn expand_export(args: ExportArgs, function: &ItemFn) -> syn::Result<proc_macro2::TokenStream> {
    let sig = &function.sig;
    let ident = &sig.ident;
    if let Some(asyncness) = sig.asyncness {
        return Err(syn::Error::new(
            asyncness.span,
            "an export cannot be async: host calls are blocking",
        ));
    }
    if !sig.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &sig.generics,
            "an export cannot be generic: the host calls one concrete function",
        ));
    }
    if let ReturnType::Default = sig.output {
        return Err(syn::Error::new_spanned(
            sig,
            "an export returns a Result, e.g. `-> spacedrive_sdk::Result<T>`",
        ));
    }
    let name = match &args.name {
        Some(name) => name.value(),
        None => ident.to_string().trim_start_matches("r#").to_string(),
    };
    let span = args.name.as_ref().map_or(ident.span(), LitStr::span);
    if !valid_export_name(&name) {
        return Err(syn::Error::new(
            span,
            format!("`{name}` is not an export name a manifest can use (letters, digits, `_`; at most 128)"),
        ));
    }
    if RESERVED.contains(&name.as_str()) {
        return Err(syn::Error::new(
            span,
            format!("`{name}` is reserved by the ABI (docs/abi.md); name the export otherwise"),
        ));
    }
    let call = match sig.inputs.len() {
        0 => quote!(|_: ::spacedrive_sdk::serde::de::IgnoredAny| #ident()),
        1 => match sig.inputs.first() {
            Some(FnArg::Typed(_)) => quote!(#ident),
            _ => {
                return Err(syn::Error::new_spanned(
                    &sig.inputs,
                    "an export is a free function, not a method",
                ))
            }
        },
        _ => {
            return Err(syn::Error::new_spanned(
                &sig.inputs,
                "an export takes at most one argument: make it a struct that derives Deserialize",
            ))
        }
    };
    let wrapper = format_ident!("__spacedrive_export_{}", ident.to_string().trim_start_matches("r#"));
    let export_name = LitStr::new(&name, Span::call_site());
    Ok(quote! {
        #function

        #[doc(hidden)]
        #[unsafe(export_name = #export_name)]
        pub extern "C" fn #wrapper(ptr: u32, len: u32) -> u32 {
            ::spacedrive_sdk::abi::handle_export(ptr, len, #call)
        }
    })
}
