//! One cargo feature per API group: the `#[cfg]` attributes that gate groups and the models
//! only they use, and the `[features]` table of `Cargo.toml`.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The group features of a crate, or none when the settings ask for a flat crate.
#[derive(Clone, Copy)]
pub struct Features<'a> {
    api: &'a Api,
    enabled: bool,
}

impl<'a> Features<'a> {
    /// The features of `api`; `enabled: false` builds everything, always.
    pub fn new(api: &'a Api, enabled: bool) -> Self {
        Features { api, enabled }
    }

    /// The feature of group `group` (by struct name).
    fn feature(&self, group: &str) -> Option<&'a str> {
        self.api
            .groups
            .get(group)
            .map(|names| names.feature.as_str())
    }

    /// The features of `groups` (struct names); none for an item that is always built or in a
    /// flat crate.
    pub fn names<S: AsRef<str>>(&self, groups: &[S]) -> Vec<&'a str> {
        if !self.enabled {
            return Vec::new();
        }
        groups
            .iter()
            .filter_map(|group| self.feature(group.as_ref()))
            .collect()
    }

    /// `#[cfg(..)]` building an item when one of `groups` (struct names) is enabled; nothing
    /// for an item that is always built (no groups) or in a flat crate.
    pub fn gate<S: AsRef<str>>(&self, groups: &[S]) -> Option<TokenStream> {
        let features = self.names(groups);
        // On docs.rs (`--cfg docsrs`), each gated item is labelled with its features.
        let condition = match features.as_slice() {
            [] => return None,
            [one] => quote!(feature = #one),
            many => quote!(any(#(feature = #many),*)),
        };
        Some(quote! {
            #[cfg(#condition)]
            #[cfg_attr(docsrs, doc(cfg(#condition)))]
        })
    }

    /// `#[cfg(..)]` for what only API groups use: built when any group is enabled.
    pub fn any_group(&self) -> Option<TokenStream> {
        let groups: Vec<&str> = self.api.groups.keys().map(String::as_str).collect();
        self.gate(&groups)
    }

    /// The group features, sorted (none in a flat crate).
    pub fn group_features(&self) -> Vec<&'a str> {
        let mut groups: Vec<&str> = if self.enabled {
            self.api
                .groups
                .values()
                .map(|g| g.feature.as_str())
                .collect()
        } else {
            Vec::new()
        };
        groups.sort_unstable();
        groups
    }

    /// Whether the crate has group features.
    pub fn enabled(&self) -> bool {
        self.enabled && !self.api.groups.is_empty()
    }
}
