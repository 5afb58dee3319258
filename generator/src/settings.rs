//! Generator settings: what the emitted crate is called and how it reads its environment.

use heck::ToShoutySnakeCase;

/// Where the settings are recorded in the generated `Cargo.toml` (`[package.metadata.<key>]`),
/// so regenerating keeps them.
pub const METADATA_KEY: &str = "openapi-client-gen";

/// The version of `openapi-client-runtime` that generated crates depend on: the runtime is
/// versioned with the generator.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Settings for one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// Cargo package name, e.g. `ionoscloud-container-registry`.
    pub crate_name: String,
    /// Cargo package version.
    pub crate_version: String,
    /// Prefix of the environment variables `Client::from_env` reads (`<PREFIX>_TOKEN`, ...).
    pub env_prefix: String,
    /// Extra derives added to every generated model struct (e.g. `Eq` is not possible, `Hash` may not be).
    pub extra_derives: Vec<String>,
    /// Where the generated crate finds `openapi-client-runtime`, relative to the crate's
    /// directory (a `path` dependency); `None` takes it from crates.io.
    pub runtime_path: Option<String>,
    /// The crate's SPDX license expression; `None` takes the document's `info.license` when it
    /// is one.
    pub license: Option<String>,
    /// Whether each API group sits behind a cargo feature of its own (all on by default);
    /// `false` gives a flat crate without features.
    pub group_features: bool,
    /// Whether the crate gets `examples/exercise.rs`, a program that calls every operation
    /// once with arguments synthesized from the document's schemas (for checking the client
    /// against a mock server of the document, such as Prism).
    pub exercise_example: bool,
    /// Where a build script's module is included in its crate (`registry`, or
    /// `clients::registry`); generated code reaches its own items from there. `None` for a
    /// crate of its own.
    pub module_path: Option<String>,
}

/// The extra derives of [`Settings::extra_derives`], sorted for the models.
#[derive(Clone, Default)]
pub struct ModelDerives {
    /// `Serialize` is among them: every model derives it.
    pub serialize: bool,
    /// `Deserialize` is among them: every model derives it.
    pub deserialize: bool,
    /// The other derives.
    pub others: Vec<syn::Path>,
    /// Received-only models derive `Serialize` with the `mock` feature (for the mock
    /// expectations' answers); off for a build script's module, which has no mocks.
    pub mock: bool,
}

impl Settings {
    /// Settings for a crate called `crate_name`, version `0.1.0`, with an environment prefix
    /// derived from the name.
    pub fn new(crate_name: impl Into<String>) -> Self {
        let crate_name = crate_name.into();
        Settings {
            env_prefix: crate_name.to_shouty_snake_case(),
            crate_name,
            crate_version: "0.1.0".into(),
            extra_derives: Vec::new(),
            runtime_path: None,
            license: None,
            group_features: true,
            exercise_example: false,
            module_path: None,
        }
    }

    /// Sets where a build script's module is included in its crate (`clients::registry` for
    /// `mod clients { include!(..); }`); by default at the crate root under its own name.
    pub fn module_path(mut self, path: impl Into<String>) -> Self {
        self.module_path = Some(path.into());
        self
    }

    /// Whether the code has the `mock` feature's parts: a crate of its own does, a build
    /// script's module (whose crate has features of its own) does not.
    pub(crate) fn mocks(&self) -> bool {
        self.module_path.is_none()
    }

    /// The path generated code names its own root with: `crate`, or `crate::<module_path>`.
    pub(crate) fn root_path(&self) -> proc_macro2::TokenStream {
        let segments = self
            .module_path
            .iter()
            .flat_map(|path| path.split("::"))
            .filter(|s| !s.is_empty())
            .map(|segment| crate::emit::path_segment_ident(segment.trim()));
        quote::quote!(crate #(:: #segments)*)
    }

    /// Sets the crate's license (an SPDX expression such as `Apache-2.0` or `MIT OR Apache-2.0`).
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.license = Some(license.into());
        self
    }

    /// Takes `openapi-client-runtime` from `path` (relative to the generated crate) instead
    /// of crates.io, e.g. `../generator/runtime` in the generator's repository.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = Some(path.into());
        self
    }

    /// Puts each API group behind a cargo feature (`true`, the default) or builds everything
    /// always (`false`, a flat crate).
    pub fn group_features(mut self, enabled: bool) -> Self {
        self.group_features = enabled;
        self
    }

    /// Adds `examples/exercise.rs` (`true`) or not (`false`, the default); see
    /// [`Settings::exercise_example`](Settings#structfield.exercise_example).
    pub fn exercise_example(mut self, enabled: bool) -> Self {
        self.exercise_example = enabled;
        self
    }

    /// Sets the crate version.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = version.into();
        self
    }

    /// Sets the environment variable prefix (`IONOS` gives `IONOS_TOKEN`, `IONOS_API_URL`, ...).
    pub fn env_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.env_prefix = prefix.into();
        self
    }

    /// Adds a derive (a path such as `Hash` or `schemars::JsonSchema`) to every model struct.
    pub fn extra_derive(mut self, derive: impl Into<String>) -> Self {
        self.extra_derives.push(derive.into());
        self
    }

    /// The extra derives as the models take them: serde's two (which make every model
    /// serializable or deserializable, since a derive needs them on its fields' types too) apart
    /// from the others, which are parsed paths. Unparsable derives are left out (`check`
    /// reports them).
    pub fn model_derives(&self) -> ModelDerives {
        let mut derives = ModelDerives {
            mock: self.mocks(),
            ..ModelDerives::default()
        };
        for derive in &self.extra_derives {
            match derive.replace(' ', "").as_str() {
                "serde::Serialize" | "Serialize" => derives.serialize = true,
                "serde::Deserialize" | "Deserialize" => derives.deserialize = true,
                _ => derives
                    .others
                    .extend(syn::parse_str::<syn::Path>(derive).ok()),
            }
        }
        derives
    }

    /// Checks the settings: a Cargo package name, a semantic version, an environment prefix of
    /// upper-case letters, digits and `_`, and derives that are Rust paths. Every problem is a
    /// diagnostic (located at the document's root, since settings are not part of it).
    pub fn check(&self) -> Result<(), crate::Diagnostics> {
        let mut diags = crate::Diagnostics::new();
        let mut problem = |message: String, hint: &str| {
            diags.push(crate::Diagnostic::error("#", message).with_hint(hint));
        };
        let name = &self.crate_name;
        let name_ok = name.len() <= 64
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            problem(
                format!("the crate name `{name}` is not a Cargo package name"),
                "use ASCII letters, digits, `-` and `_`, starting with a letter (at most 64)",
            );
        }
        if !is_semver(&self.crate_version) {
            problem(
                format!(
                    "the crate version `{}` is not a semantic version",
                    self.crate_version
                ),
                "write MAJOR.MINOR.PATCH, e.g. `1.0.0` or `0.2.0-beta.1`",
            );
        }
        let prefix = &self.env_prefix;
        let prefix_ok = !prefix.is_empty()
            && !prefix.starts_with(|c: char| c.is_ascii_digit())
            && prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !prefix_ok {
            problem(
                format!("the environment prefix `{prefix}` is not an environment variable name"),
                "use upper-case letters, digits and `_`, e.g. `PETS`",
            );
        }
        if let Some(license) = self.license.as_deref().filter(|l| !is_spdx_expression(l)) {
            problem(
                format!("the license `{license}` is not an SPDX license expression"),
                "use SPDX identifiers, e.g. `Apache-2.0` or `MIT OR Apache-2.0`",
            );
        }
        if let Some(path) = &self.module_path {
            let valid = !path.is_empty()
                && path
                    .split("::")
                    .all(|segment| syn::parse_str::<syn::Ident>(segment.trim()).is_ok());
            if !valid {
                problem(
                    format!("the module path `{path}` is not a Rust path of module names"),
                    "write the modules from the crate root, e.g. `clients::registry`",
                );
            }
        }
        for derive in &self.extra_derives {
            if syn::parse_str::<syn::Path>(derive).is_err() {
                problem(
                    format!("the extra derive `{derive}` is not a Rust path"),
                    "name a derive macro, e.g. `Hash` or `schemars::JsonSchema`",
                );
            }
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(diags)
        }
    }

    /// The Rust name of the crate (`-` replaced by `_`).
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// Reads the settings a previous run recorded in a generated `Cargo.toml`.
    ///
    /// Only the keys this generator writes are read; anything else is ignored.
    pub fn from_manifest(text: &str) -> Option<Settings> {
        let doc: toml_edit::DocumentMut = text.parse().ok()?;
        let package = doc.get("package")?;
        let text = |item: Option<&toml_edit::Item>| item?.as_str().map(str::to_string);
        let mut settings = Settings::new(text(package.get("name"))?);
        if let Some(version) = text(package.get("version")) {
            settings.crate_version = version;
        }
        settings.license = text(package.get("license"));
        let Some(recorded) = package.get("metadata").and_then(|m| m.get(METADATA_KEY)) else {
            return Some(settings);
        };
        if let Some(prefix) = text(recorded.get("env-prefix")) {
            settings.env_prefix = prefix;
        }
        settings.runtime_path = text(recorded.get("runtime-path"));
        settings.group_features = recorded
            .get("group-features")
            .and_then(toml_edit::Item::as_bool)
            .unwrap_or(true);
        settings.exercise_example = recorded
            .get("exercise-example")
            .and_then(toml_edit::Item::as_bool)
            .unwrap_or(false);
        settings.extra_derives = recorded
            .get("extra-derives")
            .and_then(toml_edit::Item::as_array)
            .map(|derives| {
                derives
                    .iter()
                    .filter_map(|d| d.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Some(settings)
    }
}

/// Whether `text` looks like an SPDX license expression: identifiers joined by `OR`, `AND` or
/// `WITH` (parentheses allowed).
pub fn is_spdx_expression(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '(' || c == ')'))
        .collect();
    !words.is_empty()
        && words.iter().enumerate().all(|(index, word)| {
            if index % 2 == 1 {
                matches!(*word, "OR" | "AND" | "WITH")
            } else {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'))
            }
        })
        && words.len() % 2 == 1
}

/// `MAJOR.MINOR.PATCH`, optionally with `-pre.release` and `+build` parts.
fn is_semver(version: &str) -> bool {
    let (version, build) = version.split_once('+').unwrap_or((version, ""));
    let (core, pre) = version.split_once('-').unwrap_or((version, ""));
    let identifiers = |text: &str| {
        text.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| {
            !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
                && (n.len() == 1 || !n.starts_with('0'))
        })
        && (pre.is_empty() || identifiers(pre))
        && (build.is_empty() || identifiers(build))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_expressions_are_recognised() {
        for good in [
            "MIT",
            "Apache-2.0",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0+ WITH Classpath-exception-2.0",
        ] {
            assert!(is_spdx_expression(good), "{good}");
        }
        for bad in [
            "",
            "Apache 2.0",
            "MIT OR",
            "MIT/Apache-2.0",
            "The MIT License",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
    }

    #[test]
    fn settings_are_checked() {
        assert!(Settings::new("pets-client")
            .version("1.2.3-beta.1")
            .check()
            .is_ok());
        let bad = Settings::new("my crate!")
            .version("1.0")
            .env_prefix("pets")
            .extra_derive("not a path");
        let text = bad.check().expect_err("four problems").to_string();
        for part in [
            "crate name",
            "crate version",
            "environment prefix",
            "extra derive",
        ] {
            assert!(text.contains(part), "{part}: {text}");
        }
    }

    #[test]
    fn defaults_derive_from_the_name() {
        let settings = Settings::new("my-api-client");
        assert_eq!(settings.env_prefix, "MY_API_CLIENT");
        assert_eq!(settings.crate_ident(), "my_api_client");
    }

    #[test]
    fn manifest_round_trip() {
        let text = "[package]\nname = \"x-client\"\nversion = \"2.1.0\"\n\n[dependencies]\nname = \"no\"\n\n[package.metadata.openapi-client-gen]\nenv-prefix = \"XC\"\nextra-derives = [\"Hash\"]\n";
        let settings = Settings::from_manifest(text).expect("has a name");
        assert_eq!(
            settings,
            Settings::new("x-client")
                .version("2.1.0")
                .env_prefix("XC")
                .extra_derive("Hash")
        );
        assert!(Settings::from_manifest("[dependencies]\n").is_none());
        let flat = format!("{text}group-features = false\n");
        let settings = Settings::from_manifest(&flat).expect("has a name");
        assert!(!settings.group_features, "a flat crate stays flat");
        assert!(
            !settings.exercise_example,
            "no exercise program unless asked for"
        );
        let exercised = format!("{text}exercise-example = true\n");
        let settings = Settings::from_manifest(&exercised).expect("has a name");
        assert!(settings.exercise_example, "the exercise program is kept");
    }
}
