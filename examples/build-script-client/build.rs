//! Generates the Container Registry client from the project's spec into `OUT_DIR`, one cargo
//! feature per API group, as `Cargo.toml` declares them.

fn main() {
    let settings = openapi_client_gen::Settings::new("ionoscloud-container-registry")
        .version("1.0.0")
        .env_prefix("IONOS");
    openapi_client_gen::build_script::generate_or_exit(
        "../../spec/containerregistries.yaml",
        &settings,
        "container_registry",
    );
}
