//! Generates clients of generality fixtures into `OUT_DIR`, as a build script of an application
//! would: the loopback tests of credentials (`tests/security`) and of fidelity to flawed and
//! demanding documents (`tests/fidelity`) call them.

use openapi_client_gen::build_script::{generate, generate_or_exit};
use openapi_client_gen::Settings;

fn main() {
    // Flat modules: this crate does not declare the group features.
    let settings = Settings::new("security-client")
        .env_prefix("SECURE")
        .group_features(false);
    generate_or_exit(
        "fixtures/generality/security.yaml",
        &settings,
        "security_client",
    );
    for (fixture, module) in [
        ("constraints", "constraints_client"),
        ("routing", "routing_client"),
    ] {
        let settings = Settings::new(format!("{fixture}-client")).group_features(false);
        generate_or_exit(
            format!("fixtures/generality/{fixture}.yaml"),
            &settings,
            module,
        );
    }
    // These generate with a warning per flaw, which their snapshots show; they are not
    // repeated on every build.
    for (fixture, module) in [
        ("flawed", "flawed_client"),
        ("realworld", "realworld_client"),
    ] {
        let settings = Settings::new(format!("{fixture}-client")).group_features(false);
        if let Err(diags) = generate(
            format!("fixtures/generality/{fixture}.yaml"),
            &settings,
            module,
        ) {
            eprintln!("{diags}");
            std::process::exit(1);
        }
    }
}
