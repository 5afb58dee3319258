//! The real binary, built with `cargo build --features cli` into this workspace's target
//! directory: reading a body from its standard input, and its exit codes as a shell sees them.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fixtures::{created_token_json, error_json, locations_json, REGISTRY_ID};

/// The binary, built once per test run.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        // `CARGO_TARGET_TMPDIR` is `<target>/tmp`.
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the target directory")
            .to_path_buf();
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "-q",
                "-p",
                "ionoscloud-container-registry",
                "--features",
                "cli,mock",
            ])
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the binary builds");
        target.join("debug").join(format!(
            "ionoscloud-container-registry{}",
            std::env::consts::EXE_SUFFIX
        ))
    })
}

/// Runs the binary with `args`, `stdin` as its input, the token in the environment.
fn run(server: &MockServer, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .env("IONOS_TOKEN", super::TOKEN)
        .env("IONOS_API_URL", server.uri())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("the binary ends")
}

#[tokio::test]
async fn the_binary_reads_stdin_and_exits_with_each_code() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path(format!(
        "/containerregistries/registries/{REGISTRY_ID}/tokens"
    )))
    .respond_with(ResponseTemplate::new(201).set_body_json(created_token_json()))
    .mount(&server)
    .await;
    Mock::given(wiremock::matchers::path("/containerregistries/locations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(locations_json()))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(error_json(
            404,
            "crs-404",
            "not found",
        )))
        .mount(&server)
        .await;
    let body = json!({"properties": {"name": "piped"}});

    // 0, with the body from standard input.
    let created = run(
        &server,
        &["tokens", "create", REGISTRY_ID, "--body", "-"],
        &body.to_string(),
    );
    assert_eq!(created.status.code(), Some(0), "{created:?}");
    let printed: Value = serde_json::from_slice(&created.stdout).expect("JSON on stdout");
    assert!(printed.is_object());
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, body);

    // 1: an API error.
    let missing = run(&server, &["registries", "get", REGISTRY_ID], "");
    assert_eq!(missing.status.code(), Some(1), "{missing:?}");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("crs-404"));

    // 2: usage.
    let usage = run(&server, &["registries", "get"], "");
    assert_eq!(usage.status.code(), Some(2), "{usage:?}");

    // 3: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let unreachable = run(&server, &["--base-url", &url, "locations", "list"], "");
    assert_eq!(unreachable.status.code(), Some(3), "{unreachable:?}");

    // And `--help` lists the groups.
    let help = run(&server, &["--help"], "");
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("registries"));
}
