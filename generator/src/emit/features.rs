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
        Some(match features.as_slice() {
            [] => return None,
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        })
    }

    /// `#[cfg(..)]` for what only API groups use: built when any group is enabled.
    pub fn any_group(&self) -> Option<TokenStream> {
        let groups: Vec<&str> = self.api.groups.keys().map(String::as_str).collect();
        self.gate(&groups)
    }

    /// The `[features]` table of `Cargo.toml`: `mock` when the crate has operations, and
    /// one feature per group (none in a flat crate), all of them in `default`.
    pub fn cargo_table(&self) -> String {
        if self.api.operations.is_empty() {
            return String::new();
        }
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
        let quoted: Vec<String> = groups.iter().map(|f| format!("\"{f}\"")).collect();
        let mut table = format!("[features]\ndefault = [{}]\n", quoted.join(", "));
        for feature in groups {
            table.push_str(&format!("{feature} = []\n"));
        }
        table.push_str("# Typed wiremock expectations for tests of code that uses this client.\n");
        table.push_str("mock = [\"openapi-client-runtime/mock\"]\n\n");
        table
    }

    /// The `[[example]]` table of the exercise program, which calls every group: it needs
    /// all their features.
    pub fn exercise_table(&self) -> String {
        let mut groups: Vec<String> = self
            .names(&self.api.groups.keys().collect::<Vec<_>>())
            .into_iter()
            .map(|f| format!("\"{f}\""))
            .collect();
        groups.sort_unstable();
        format!(
            "[[example]]\nname = \"exercise\"\nrequired-features = [{}]\n\n",
            groups.join(", ")
        )
    }

    /// Whether the crate has group features.
    pub fn enabled(&self) -> bool {
        self.enabled && !self.api.groups.is_empty()
    }
}
