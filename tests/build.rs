//! Generates the client of the `security` generality fixture into `OUT_DIR`, as a build script
//! of an application would: the loopback tests of credentials (`tests/security.rs`) call it.

fn main() {
    let settings = openapi_client_gen::Settings::new("security-client").env_prefix("SECURE");
    openapi_client_gen::build_script::generate_or_exit(
        "fixtures/generality/security.yaml",
        &settings,
        "security_client",
    );
}
