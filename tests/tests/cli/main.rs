//! The `cli` feature's tool of the Container Registry client: its help tree (a snapshot), every
//! one of the 22 operations run against a loopback server (arguments, bodies from a file, from
//! standard input and inline, what went over the wire, what was printed), `--all` over three
//! pages, `--dry-run`, `--output table`, `--include`, and each exit code; most runs in-process
//! through `cli::run`, a few through the real binary (standard input, exit codes).

#[allow(dead_code)]
#[path = "../operations/fixtures.rs"]
mod fixtures;
mod process;

use fixtures::*;
use ionoscloud_container_registry::cli::{self as tool, Io};
use ionoscloud_container_registry::{ClientBuilder, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The base path the client appends to a base URL without one.
const BASE: &str = "/containerregistries";
/// The API token every run is configured with (never printed).
const TOKEN: &str = "cli-test-token-5f1e";
const API: &str = "https://api.example.test/containerregistries";

/// What one run left behind.
#[derive(Debug)]
struct Ran {
    code: u8,
    out: String,
    err: String,
}

/// Runs the tool in-process on `args` (without the program name) against `server`, with
/// `stdin` as standard input.
async fn run_with_input(server: &MockServer, args: &[&str], stdin: &str) -> Ran {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input = stdin.as_bytes();
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        input: &mut input,
        terminal: false,
    };
    let builder = ClientBuilder::new()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(RetryPolicy::none());
    let argv = std::iter::once("ionoscloud-container-registry")
        .chain(args.iter().copied())
        .map(str::to_string)
        .collect();
    let code = tool::run(argv, &mut io, builder).await;
    let ran = Ran {
        code,
        out: String::from_utf8(out).expect("UTF-8 output"),
        err: String::from_utf8(err).expect("UTF-8 errors"),
    };
    assert!(
        !ran.out.contains(TOKEN) && !ran.err.contains(TOKEN),
        "the token was printed: {ran:?}"
    );
    ran
}

async fn run(server: &MockServer, args: &[&str]) -> Ran {
    run_with_input(server, args, "").await
}

/// A JSON answer.
fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

/// A file under the test's scratch directory holding `content`.
fn scratch_file(name: &str, content: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let file = dir.join(name);
    std::fs::write(&file, content).expect("scratch file");
    file.to_string_lossy().into_owned()
}

#[test]
fn help_tree() {
    let mut command = tool::command();
    // Built, so that each group's usage line starts with the program's name.
    command.build();
    let mut text = format!("$ --help\n{}", command.render_long_help());
    let groups: Vec<String> = command
        .get_subcommands()
        .map(|group| group.get_name().to_string())
        .collect();
    for group in groups {
        let sub = command
            .find_subcommand_mut(&group)
            .expect("a listed subcommand");
        text.push_str(&format!("\n$ {group} --help\n{}", sub.render_help()));
    }
    insta::assert_snapshot!(text);
}

/// A page of a list with `offset`/`limit` and a `next` link unless it is the `last`.
fn page_json(href: &str, items: Vec<Value>, offset: usize, limit: usize, last: bool) -> Value {
    let mut links = json!({"self": format!("{href}?offset={offset}&limit={limit}")});
    if !last {
        links["next"] = json!(format!("{href}?offset={}&limit={limit}", offset + limit));
    }
    json!({
        "id": "list", "type": "collection", "href": href,
        "items": items, "offset": offset, "limit": limit, "_links": links
    })
}

/// One operation's run: the arguments, the request it must send, the answer, and a piece of
/// what must be printed.
struct Case {
    args: Vec<String>,
    method: &'static str,
    path: String,
    query: Option<&'static str>,
    body: Option<Value>,
    status: u16,
    answer: Option<Value>,
    printed: &'static str,
}

fn case(args: &[&str], method: &'static str, path: String) -> Case {
    Case {
        args: args.iter().map(|a| a.to_string()).collect(),
        method,
        path,
        query: None,
        body: None,
        status: 200,
        answer: None,
        printed: "",
    }
}

impl Case {
    fn answer(mut self, status: u16, answer: Value, printed: &'static str) -> Self {
        self.status = status;
        self.answer = Some(answer);
        self.printed = printed;
        self
    }

    fn empty(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    fn sends(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn query(mut self, query: &'static str) -> Self {
        self.query = Some(query);
        self
    }
}

/// Every operation of the API, by its full name or its alias.
fn every_operation() -> Vec<Case> {
    let registry = format!("{BASE}/registries/{REGISTRY_ID}");
    let token = format!("{registry}/tokens/{TOKEN_ID}");
    let artifact = format!("{registry}/repositories/nginx/artifacts/{DIGEST_IN_PATH}");
    let new_registry = json!({"properties": {"name": "acme-images", "location": "de/fra"}});
    let registry_file = scratch_file("registry.json", &new_registry.to_string());
    let new_token = json!({"properties": {"name": "ci-pusher"}});
    let token_file = scratch_file("token.json", &new_token.to_string());
    let patch = json!({"expiryDate": null, "status": "disabled"});
    let list = |items: Vec<Value>| page_json("https://x.test", items, 0, 10, true);
    vec![
        case(
            &["locations", "locations-get"],
            "GET",
            format!("{BASE}/locations"),
        )
        .answer(200, locations_json(), "de/fra"),
        case(
            &["names", "names-check-usage", "acme-images"],
            "HEAD",
            format!("{BASE}/names/acme-images"),
        )
        .empty(200),
        case(
            &[
                "registries",
                "list",
                "--filter-name",
                "acme",
                "--limit",
                "5",
            ],
            "GET",
            format!("{BASE}/registries"),
        )
        .query("filter.name=acme&limit=5")
        .answer(200, registries_json(), "acme-images"),
        case(
            &[
                "registries",
                "create",
                "--body",
                &format!("@{registry_file}"),
            ],
            "POST",
            format!("{BASE}/registries"),
        )
        .sends(new_registry.clone())
        .answer(201, created_registry_json(), "acme-images"),
        case(&["registries", "get", REGISTRY_ID], "GET", registry.clone()).answer(
            200,
            registry_json(),
            REGISTRY_ID,
        ),
        case(
            &[
                "registries",
                "registries-put",
                REGISTRY_ID,
                "--body",
                &new_registry.to_string(),
            ],
            "PUT",
            registry.clone(),
        )
        .sends(new_registry.clone())
        .answer(200, replaced_registry_json(), REGISTRY_ID),
        case(
            &["registries", "update", REGISTRY_ID, "--body", "{}"],
            "PATCH",
            registry.clone(),
        )
        .sends(json!({}))
        .answer(200, registry_json(), REGISTRY_ID),
        case(
            &["registries", "delete", REGISTRY_ID],
            "DELETE",
            registry.clone(),
        )
        .empty(204),
        case(
            &["repositories", "delete", REGISTRY_ID, "nginx"],
            "DELETE",
            format!("{registry}/repositories/nginx"),
        )
        .empty(204),
        case(
            &[
                "artifacts",
                "registries-artifacts-get",
                REGISTRY_ID,
                "--order-by=-pullCount",
                "--limit",
                "3",
            ],
            "GET",
            format!("{registry}/artifacts"),
        )
        .query("limit=3&orderBy=-pullCount")
        .answer(200, list(vec![artifact_json()]), DIGEST),
        case(
            &["repositories", "list", REGISTRY_ID],
            "GET",
            format!("{registry}/repositories"),
        )
        .answer(200, list(vec![repository_json("nginx")]), "nginx"),
        case(
            &["repositories", "get", REGISTRY_ID, "nginx"],
            "GET",
            format!("{registry}/repositories/nginx"),
        )
        .answer(200, repository_json("nginx"), "nginx"),
        case(
            &[
                "artifacts",
                "registries-repositories-artifacts-get",
                REGISTRY_ID,
                "nginx",
            ],
            "GET",
            format!("{registry}/repositories/nginx/artifacts"),
        )
        .answer(200, list(vec![artifact_json()]), DIGEST),
        case(
            &[
                "artifacts",
                "registries-repositories-artifacts-find-by-digest",
                REGISTRY_ID,
                "nginx",
                DIGEST,
            ],
            "GET",
            artifact.clone(),
        )
        .answer(200, artifact_json(), DIGEST),
        case(
            &[
                "vulnerabilities",
                "registries-repositories-artifacts-vulnerabilities-get",
                REGISTRY_ID,
                "nginx",
                DIGEST,
            ],
            "GET",
            format!("{artifact}/vulnerabilities"),
        )
        .answer(200, list(vec![vulnerability_json()]), VULNERABILITY_ID),
        case(
            &["vulnerabilities", "get", VULNERABILITY_ID],
            "GET",
            format!("{BASE}/vulnerabilities/{VULNERABILITY_ID}"),
        )
        .answer(200, vulnerability_json(), VULNERABILITY_ID),
        case(
            &["tokens", "list", REGISTRY_ID],
            "GET",
            format!("{registry}/tokens"),
        )
        .answer(200, tokens_json(), "ci-pusher"),
        case(
            &[
                "tokens",
                "create",
                REGISTRY_ID,
                "--body",
                &format!("@{token_file}"),
            ],
            "POST",
            format!("{registry}/tokens"),
        )
        .sends(new_token.clone())
        .answer(201, created_token_json(), "ci-pusher"),
        case(
            &["tokens", "get", REGISTRY_ID, TOKEN_ID],
            "GET",
            token.clone(),
        )
        .answer(200, token_json(), TOKEN_ID),
        case(
            &[
                "tokens",
                "replace",
                REGISTRY_ID,
                TOKEN_ID,
                "--body",
                &new_token.to_string(),
            ],
            "PUT",
            token.clone(),
        )
        .sends(new_token.clone())
        .answer(200, replaced_token_json(), "Nightly-Reader"),
        case(
            &[
                "tokens",
                "registries-tokens-patch",
                REGISTRY_ID,
                TOKEN_ID,
                "--body",
                &patch.to_string(),
            ],
            "PATCH",
            token.clone(),
        )
        .sends(patch.clone())
        .answer(200, token_json(), TOKEN_ID),
        case(
            &["tokens", "delete", REGISTRY_ID, TOKEN_ID],
            "DELETE",
            token,
        )
        .empty(204),
    ]
}

#[tokio::test]
async fn every_operation_runs_and_prints_its_answer() {
    let cases = every_operation();
    assert_eq!(cases.len(), 22, "one case per operation");
    for case in cases {
        let server = MockServer::start().await;
        let response = match &case.answer {
            Some(answer) => json_response(case.status, answer.clone()),
            None => ResponseTemplate::new(case.status),
        };
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();

        let ran = run(&server, &args).await;

        assert_eq!(ran.code, 0, "{args:?}: {ran:?}");
        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), case.method, "{args:?}");
        assert_eq!(request.url.path(), case.path, "{args:?}");
        assert_eq!(request.url.query(), case.query, "{args:?}");
        assert_eq!(
            request
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_string()),
            Some(format!("Bearer {TOKEN}")),
            "{args:?}"
        );
        let sent: Option<Value> = (!request.body.is_empty())
            .then(|| serde_json::from_slice(&request.body).expect("a JSON body"));
        assert_eq!(sent, case.body, "{args:?}");
        if case.answer.is_some() {
            // One compact JSON document (standard output is not a terminal here).
            assert_eq!(ran.out.lines().count(), 1, "{args:?}: {}", ran.out);
            let printed: Value = serde_json::from_str(&ran.out).expect("JSON output");
            assert!(
                printed.to_string().contains(case.printed),
                "{args:?}: {printed}"
            );
        } else {
            assert_eq!(ran.out, "", "{args:?}");
        }
        assert_eq!(ran.err, "", "{args:?}");
    }
}

#[tokio::test]
async fn a_body_is_read_from_standard_input() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(201, created_token_json()))
        .mount(&server)
        .await;
    let body = json!({"properties": {"name": "from-stdin"}});

    let ran = run_with_input(
        &server,
        &["tokens", "create", REGISTRY_ID, "--body", "-"],
        &body.to_string(),
    )
    .await;

    assert_eq!(ran.code, 0, "{ran:?}");
    let request = only_request(&server).await;
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).unwrap(),
        body
    );
}

#[tokio::test]
async fn all_follows_three_pages_and_prints_a_line_per_item() {
    let server = MockServer::start().await;
    let href = format!("{API}/registries/{REGISTRY_ID}/repositories");
    let names = ["alpha", "beta", "gamma", "delta", "epsilon"];
    for (offset, last) in [(0, false), (2, false), (4, true)] {
        let items = names[offset..(offset + 2).min(names.len())]
            .iter()
            .map(|name| repository_json(name))
            .collect();
        let page = page_json(&href, items, offset, 2, last);
        let request = Mock::given(method("GET"))
            .and(path(format!(
                "{BASE}/registries/{REGISTRY_ID}/repositories"
            )))
            .and(query_param("limit", "2"));
        let request = if offset == 0 {
            request.and(query_param_is_missing("offset"))
        } else {
            request.and(query_param("offset", offset.to_string().as_str()))
        };
        request
            .respond_with(json_response(200, page))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ran = run(
        &server,
        &["repositories", "list", REGISTRY_ID, "--limit", "2", "--all"],
    )
    .await;

    assert_eq!(ran.code, 0, "{ran:?}");
    let printed: Vec<String> = ran
        .out
        .lines()
        .map(|line| {
            let item: Value = serde_json::from_str(line).expect("one JSON item per line");
            item["properties"]["name"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(printed, names);
    server.verify().await;
}

#[tokio::test]
async fn dry_run_prints_the_request_without_sending_it() {
    let server = MockServer::start().await;
    let body = json!({"properties": {"name": "acme-images", "location": "de/fra"}});

    let ran = run(
        &server,
        &[
            "--dry-run",
            "registries",
            "create",
            "--body",
            &body.to_string(),
        ],
    )
    .await;

    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
    let mut lines = ran.out.lines();
    assert_eq!(
        lines.next(),
        Some(format!("POST {}{BASE}/registries", server.uri()).as_str())
    );
    assert!(
        ran.out.contains("authorization: <redacted>\n"),
        "{}",
        ran.out
    );
    assert!(
        ran.out.contains("content-type: application/json\n"),
        "{}",
        ran.out
    );
    let sent = ran.out.lines().last().unwrap();
    assert_eq!(serde_json::from_str::<Value>(sent).unwrap(), body);
    assert_eq!(ran.err, "");
}

#[tokio::test]
async fn table_and_include_outputs() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, locations_json()).insert_header("x-request-id", "req-7"))
        .mount(&server)
        .await;

    let table = run(&server, &["locations", "list", "--output", "table"]).await;
    assert_eq!(table.code, 0, "{table:?}");
    let mut lines = table.out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("id"), "{}", table.out);
    assert!(
        lines.any(|line| line.starts_with("de/fra")),
        "{}",
        table.out
    );

    let included = run(&server, &["-i", "locations", "list"]).await;
    assert_eq!(included.code, 0, "{included:?}");
    let whole: Value = serde_json::from_str(&included.out).unwrap();
    assert_eq!(whole["status"], 200);
    assert_eq!(whole["headers"]["x-request-id"], "req-7");
    assert!(whole["body"]["items"].is_array());
}

#[tokio::test]
async fn an_api_error_exits_1_with_the_error_model_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            json_response(404, error_json(404, "crs-404", "no such registry"))
                .insert_header("x-request-id", "req-404"),
        )
        .mount(&server)
        .await;

    let ran = run(&server, &["registries", "get", REGISTRY_ID]).await;

    assert_eq!(ran.code, 1, "{ran:?}");
    assert_eq!(ran.out, "");
    assert!(ran.err.contains("HTTP 404"), "{}", ran.err);
    assert!(
        ran.err.contains("\"errorCode\": \"crs-404\""),
        "{}",
        ran.err
    );
    assert!(ran.err.contains("request id: req-404"), "{}", ran.err);
}

#[tokio::test]
async fn usage_errors_exit_2_and_send_nothing() {
    let server = MockServer::start().await;
    for args in [
        // A missing positional argument, a value of the wrong type, an unknown enum value.
        vec!["registries", "get"],
        vec!["registries", "get", "not-a-uuid"],
        vec![
            "artifacts",
            "registries-artifacts-get",
            REGISTRY_ID,
            "--order-by",
            "size",
        ],
        // A body that is not JSON, one that does not fit the schema, a missing file.
        vec!["registries", "create", "--body", "{"],
        vec!["registries", "create", "--body", "{\"properties\": 3}"],
        vec!["registries", "create", "--body", "@/nonexistent/body.json"],
        // A body the library's validation rejects before sending (name too long).
        vec![
            "tokens",
            "create",
            REGISTRY_ID,
            "--body",
            &format!("{{\"properties\":{{\"name\":\"{}\"}}}}", "x".repeat(100)),
        ],
        vec!["no-such-group"],
    ] {
        let ran = run(&server, &args).await;
        assert_eq!(ran.code, 2, "{args:?}: {ran:?}");
        assert!(!ran.err.is_empty(), "{args:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn no_answer_exits_3() {
    // A port nobody listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = MockServer::start().await;
    let url = format!("http://127.0.0.1:{port}");

    let ran = run(&server, &["--base-url", &url, "locations", "list"]).await;

    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(ran.err.contains("error:"), "{}", ran.err);
}

#[tokio::test]
async fn completions_are_printed() {
    let server = MockServer::start().await;
    let ran = run(&server, &["completions", "bash"]).await;
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(ran.out.contains("registries-tokens-get"));
}

#[test]
fn lowering_names_the_commands_and_their_aliases() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let document = openapi_client_gen::load_path(&root.join("spec/containerregistries.yaml"))
        .expect("the spec loads");
    let (api, _) = openapi_client_gen::lower(&document).expect("the spec lowers");
    let mut names: Vec<String> = api
        .operations
        .iter()
        .map(|op| {
            let group = &api.groups[&op.group].command;
            let cli = op.cli.as_ref().expect("every operation is offered");
            match &cli.alias {
                Some(alias) => format!("{group} {} ({alias})", cli.name),
                None => format!("{group} {}", cli.name),
            }
        })
        .collect();
    names.sort();
    insta::assert_snapshot!(names.join("\n"));
}
