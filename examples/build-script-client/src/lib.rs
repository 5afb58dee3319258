//! Shows the build-script way of using `openapi-client-gen`: `build.rs` generates the Container
//! Registry client into `OUT_DIR`, and this file includes it as the `container_registry` module.

include!(concat!(env!("OUT_DIR"), "/container_registry.rs"));
