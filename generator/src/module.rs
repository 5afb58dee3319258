//! Folds a generated crate into one self-contained Rust file holding a single module, for
//! `include!` from a build script's `OUT_DIR`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::GENERATED_HEADER;
use crate::GeneratedCrate;
use std::collections::BTreeMap;
use syn::{AttrStyle, Attribute, Item, ItemMod};

/// Nesting of `mod` declarations is never deeper than this in generated crates.
const MAX_MODULE_DEPTH: usize = 8;

/// Turns the crate's files into one file declaring `pub mod <module> { .. }`.
///
/// Generated code reaches the rest of the crate by relative paths (`super::models`) and the
/// runtime by its crate name, so the module can be included anywhere in the including crate,
/// at any depth, without rewriting a path. `#[cfg(test)]` modules and the README-based crate
/// documentation are left out, and so is the `mock` feature's code.
pub fn fold_into_module(generated: &GeneratedCrate, module: &str) -> Result<String, Diagnostics> {
    let mut parsed = BTreeMap::new();
    let mut diags = Diagnostics::new();
    for (path, text) in &generated.files {
        if !path.ends_with(".rs") {
            continue;
        }
        match syn::parse_file(text) {
            Ok(file) => {
                parsed.insert(path.clone(), file);
            }
            Err(err) => diags.push(Diagnostic::error(
                "#",
                format!("internal error: generated `{path}` does not parse: {err}"),
            )),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let Some(root) = parsed.get("src/lib.rs") else {
        diags.error("#", "internal error: the generated crate has no src/lib.rs");
        return Err(diags);
    };
    let Ok(ident) = syn::parse_str::<syn::Ident>(module) else {
        diags.push(
            Diagnostic::error(
                "#",
                format!("the module name `{module}` is not a Rust identifier"),
            )
            .with_hint("use a snake_case name such as `pets_api` (keywords need `r#`)"),
        );
        return Err(diags);
    };
    let mut attrs: Vec<Attribute> = root
        .attrs
        .iter()
        .filter(|attr| !is_readme_doc(attr))
        .cloned()
        .collect();
    let doc = format!(
        " Generated client module (see the crate-level README of `{}` for its guide).",
        module
    );
    attrs.insert(0, syn::parse_quote!(#![doc = #doc]));
    let items = inline_items(&root.items, "src", &parsed, 0)?;
    let folded = ItemMod {
        attrs,
        vis: syn::parse_quote!(pub),
        unsafety: None,
        mod_token: Default::default(),
        ident,
        content: Some((Default::default(), items)),
        semi: None,
    };
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![Item::Mod(folded)],
    };
    let text = prettyplease::unparse(&file);
    Ok(format!("{GENERATED_HEADER}{text}"))
}

fn is_readme_doc(attr: &Attribute) -> bool {
    attr.path().is_ident("doc")
        && matches!(&attr.meta, syn::Meta::NameValue(nv) if !matches!(nv.value, syn::Expr::Lit(_)))
}

fn is_cfg_test(attr: &Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr
            .parse_args::<syn::Ident>()
            .is_ok_and(|ident| ident == "test")
}

/// `#[cfg(feature = "mock")]`.
fn is_cfg_mock(attr: &Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr
            .parse_args::<syn::MetaNameValue>()
            .is_ok_and(|nv| is_mock_feature(&nv))
}

/// `#[cfg_attr(feature = "mock", ..)]`.
fn is_cfg_attr_mock(attr: &Attribute) -> bool {
    attr.path().is_ident("cfg_attr")
        && attr
            .parse_args_with(|input: syn::parse::ParseStream| {
                let condition: syn::MetaNameValue = input.parse()?;
                let _: proc_macro2::TokenStream = input.parse()?;
                Ok(condition)
            })
            .is_ok_and(|nv| is_mock_feature(&nv))
}

/// `feature = "mock"`.
fn is_mock_feature(nv: &syn::MetaNameValue) -> bool {
    nv.path.is_ident("feature")
        && matches!(&nv.value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value() == "mock")
}

/// The outer attributes of the items generated code has at module level.
fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Mod(item) => &item.attrs,
        Item::Impl(item) => &item.attrs,
        Item::Use(item) => &item.attrs,
        _ => &[],
    }
}

/// Replaces `mod name;` declarations under directory `dir` with the parsed file's items.
fn inline_items(
    items: &[Item],
    dir: &str,
    files: &BTreeMap<String, syn::File>,
    depth: usize,
) -> Result<Vec<Item>, Diagnostics> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Mod(declared) if declared.attrs.iter().any(is_cfg_test) => {}
            // The `mock` feature is the generated crate's; in another crate's module the cfg
            // would name that crate's features, so the mocks are left out.
            item if item_attrs(item).iter().any(is_cfg_mock) => {}
            Item::Mod(declared) if declared.content.is_none() => {
                let name = declared.ident.to_string();
                let candidates = [format!("{dir}/{name}.rs"), format!("{dir}/{name}/mod.rs")];
                let Some((path, file)) = candidates
                    .iter()
                    .find_map(|p| files.get(p).map(|f| (p.clone(), f)))
                else {
                    let mut diags = Diagnostics::new();
                    diags.error("#", format!("internal error: module `{name}` has no file"));
                    return Err(diags);
                };
                if depth >= MAX_MODULE_DEPTH {
                    let mut diags = Diagnostics::new();
                    diags.error("#", format!("internal error: `{path}` nests too deeply"));
                    return Err(diags);
                }
                let child_dir = format!("{dir}/{name}");
                let mut folded = declared.clone();
                folded.attrs.extend(
                    file.attrs
                        .iter()
                        .filter(|a| matches!(a.style, AttrStyle::Inner(_)))
                        .cloned(),
                );
                folded.content = Some((
                    Default::default(),
                    inline_items(&file.items, &child_dir, files, depth + 1)?,
                ));
                folded.semi = None;
                out.push(Item::Mod(folded));
            }
            other => {
                let mut item = other.clone();
                // Models derive `Serialize` for the mocks with `cfg_attr(feature = "mock", ..)`.
                if let Item::Struct(syn::ItemStruct { attrs, .. })
                | Item::Enum(syn::ItemEnum { attrs, .. }) = &mut item
                {
                    attrs.retain(|attr| !is_cfg_attr_mock(attr));
                }
                out.push(item);
            }
        }
    }
    Ok(out)
}
