//! Writes the synthetic scale-test document (see `integration_tests::synth`).
//!
//! ```text
//! cargo run -p integration-tests --example synth-spec -- 84 target/synth.yaml
//! ```
//! gives 504 operations and 1,010 schemas.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(resources), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1))
    else {
        eprintln!("usage: synth-spec <resources> <out.yaml>");
        return ExitCode::FAILURE;
    };
    let text = integration_tests::synth::synthetic_spec(resources);
    if let Err(err) = std::fs::write(out, text) {
        eprintln!("cannot write {out}: {err}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
