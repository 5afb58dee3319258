//! Prints a report of every registry: its repositories, their artifacts and the vulnerability
//! counts by severity.
//!
//! The client reads its configuration from the environment: `IONOS_TOKEN` (the repository,
//! artifact and vulnerability listings accept the API token only), and optionally
//! `IONOS_API_URL`.
//!
//! ```sh
//! IONOS_TOKEN=... cargo run -p registry-report
//! ```

use ionoscloud_container_registry::Client;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("cannot configure the client: {error}");
            return ExitCode::from(2);
        }
    };
    match registry_report::collect(&client).await {
        Ok(reports) => {
            print!("{}", registry_report::render(&reports));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("the report failed: {error}");
            ExitCode::FAILURE
        }
    }
}
