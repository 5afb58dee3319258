//! Generator settings: what the emitted crate is called and how it reads its environment.

use heck::ToShoutySnakeCase;

/// Where the settings are recorded in the generated `Cargo.toml`, so regenerating keeps them.
pub const METADATA_TABLE: &str = "[package.metadata.openapi-client-gen]";

/// Settings for one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Cargo package name, e.g. `ionoscloud-container-registry`.
    pub crate_name: String,
    /// Cargo package version.
    pub crate_version: String,
    /// Prefix of the environment variables `Client::from_env` reads (`<PREFIX>_TOKEN`, ...).
    pub env_prefix: String,
    /// Extra derives added to every generated model struct (e.g. `Eq` is not possible, `Hash` may not be).
    pub extra_derives: Vec<String>,
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
        }
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

    /// The Rust name of the crate (`-` replaced by `_`).
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// Reads the settings a previous run recorded in a generated `Cargo.toml`.
    ///
    /// Only the keys this generator writes are read; anything else is ignored.
    pub fn from_manifest(text: &str) -> Option<Settings> {
        let mut section = "";
        let mut name = None;
        let mut version = None;
        let mut prefix = None;
        let mut derives = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                section = line;
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            let unquoted = value.trim_matches('"').to_string();
            match (section, key) {
                ("[package]", "name") => name = Some(unquoted),
                ("[package]", "version") => version = Some(unquoted),
                (METADATA_TABLE, "env-prefix") => prefix = Some(unquoted),
                (METADATA_TABLE, "extra-derives") => {
                    derives = value
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .split(',')
                        .map(|d| d.trim().trim_matches('"').to_string())
                        .filter(|d| !d.is_empty())
                        .collect()
                }
                _ => {}
            }
        }
        let mut settings = Settings::new(name?);
        if let Some(version) = version {
            settings.crate_version = version;
        }
        if let Some(prefix) = prefix {
            settings.env_prefix = prefix;
        }
        settings.extra_derives = derives;
        Some(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
