//! The ids of the registry the Container Registry tests talk about, shared by the test targets.

/// The registry's id, as the API writes it.
pub const REGISTRY_ID: &str = "8f4c3e52-6c52-4b9c-a3f7-1b2e5f0d9a11";

/// [`REGISTRY_ID`] as a UUID.
pub fn registry_id() -> uuid::Uuid {
    REGISTRY_ID.parse().expect("a UUID")
}
