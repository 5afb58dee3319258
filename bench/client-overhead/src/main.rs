//! Overhead of the generated client over raw `reqwest` + `serde_json`.
//!
//! A loopback HTTP/1.1 server (its own thread and runtime) answers every request with the same
//! realistic `RegistriesResponse` page of 100 registries. Both clients call `GET
//! /registries?limit=100` with a bearer token and decode the page into the same model type:
//!
//! - `generated`: `client.registries_api().registries_get(..)` of `ionoscloud-container-registry`;
//! - `raw`: `reqwest::Client::get(..).bearer_auth(..).send()`, `bytes()`, `serde_json::from_slice`.
//!
//! Each round runs N requests per client, sequentially and then with C in flight, alternating
//! which client goes first. It prints per-request latency (p50/p99 over all rounds), throughput
//! (median over rounds) and the median over rounds of the paired time ratio generated/raw.
//!
//! `cargo run --release -p client-overhead -- [--requests N] [--rounds R] [--concurrency C]`

use futures::stream::{self, StreamExt};
use ionoscloud_container_registry::apis::RegistriesGetOptions;
use ionoscloud_container_registry::models::RegistriesResponse;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "bench-token-0123456789abcdef";
const ITEMS: usize = 100;

/// Command-line settings.
struct Args {
    requests: usize,
    rounds: usize,
    concurrency: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        requests: 2000,
        rounds: 10,
        concurrency: 32,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || -> Result<usize, String> {
            let text = it.next().ok_or(format!("{flag} needs a value"))?;
            text.parse()
                .ok()
                .filter(|&n| n > 0)
                .ok_or(format!("{flag}: `{text}` is not a positive number"))
        };
        match flag.as_str() {
            "--requests" => args.requests = value()?,
            "--rounds" => args.rounds = value()?,
            "--concurrency" => args.concurrency = value()?,
            "--bench" => {} // passed by `cargo bench`-style runners
            "-h" | "--help" => {
                return Err(
                    "usage: client-overhead [--requests N] [--rounds R] [--concurrency C]".into(),
                )
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    Ok(args)
}

/// A registry list page as the service returns it: 100 registries with metadata, schedules
/// and storage usage (about 70 KB of JSON).
fn registry_page() -> Vec<u8> {
    const LOCATIONS: [&str; 4] = ["de/fra", "de/txl", "es/vit", "fr/par"];
    let items: Vec<serde_json::Value> = (0..ITEMS)
        .map(|i| {
            let location = LOCATIONS[i % LOCATIONS.len()];
            serde_json::json!({
                "id": format!("1d2c3b4a-0000-4000-8000-{i:012x}"),
                "type": "registry",
                "href": format!("https://api.ionos.com/containerregistries/registries/1d2c3b4a-0000-4000-8000-{i:012x}"),
                "metadata": {
                    "createdBy": "ops@example.com",
                    "createdByUserId": "7f3e6d5c-1111-4222-8333-444455556666",
                    "createdDate": "2024-03-12T08:15:30Z",
                    "lastModifiedBy": "ci@example.com",
                    "lastModifiedByUserId": "0a1b2c3d-1111-4222-8333-444455556666",
                    "lastModifiedDate": "2024-06-01T17:45:00Z",
                    "state": if i % 10 == 0 { "BUSY" } else { "AVAILABLE" }
                },
                "properties": {
                    "name": format!("team-registry-{i:03}"),
                    "location": location,
                    "hostname": format!("team-registry-{i:03}-abcdef.cr.de-fra.ionos.com"),
                    "garbageCollectionSchedule": {
                        "days": ["Monday", "Thursday"],
                        "time": "01:23:00+00:00"
                    },
                    "storageUsage": {
                        "bytes": 1_048_576_u64 * (i as u64 + 1),
                        "updatedAt": "2024-06-02T00:00:00Z"
                    }
                }
            })
        })
        .collect();
    let page = serde_json::json!({
        "id": "registries",
        "type": "collection",
        "href": "https://api.ionos.com/containerregistries/registries",
        "items": items,
        "pagination": { "limit": ITEMS, "token": "eyJvZmZzZXQiOjEwMH0" },
        "_links": {
            "self": "https://api.ionos.com/containerregistries/registries?limit=100",
            "previous": "",
            "next": "https://api.ionos.com/containerregistries/registries?limit=100&pagination.token=eyJvZmZzZXQiOjEwMH0"
        }
    });
    serde_json::to_vec(&page).expect("a JSON value serialises")
}

/// Starts the loopback server on its own thread; it answers every request with `body` and lives
/// as long as the process.
fn start_server(body: Vec<u8>) -> SocketAddr {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: &'static [u8] = response.leak();

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            while let Ok((socket, _)) = listener.accept().await {
                socket.set_nodelay(true).ok();
                tokio::spawn(serve_connection(socket, response));
            }
        });
    });
    addr
}

/// Answers each request on one keep-alive connection (requests have no body: headers only).
async fn serve_connection(mut socket: tokio::net::TcpStream, response: &'static [u8]) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0_u8; 4096];
    loop {
        let Ok(read) = socket.read(&mut chunk).await else {
            return;
        };
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            buffer.drain(..end + 4);
            if socket.write_all(response).await.is_err() {
                return;
            }
        }
    }
}

/// The two clients under comparison.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Generated,
    Raw,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Generated => "generated",
            Side::Raw => "raw reqwest",
        }
    }
}

struct Clients {
    generated: ionoscloud_container_registry::Client,
    raw: reqwest::Client,
    raw_url: String,
}

impl Clients {
    fn new(addr: SocketAddr) -> Self {
        let base = format!("http://{addr}");
        let generated = ionoscloud_container_registry::Client::builder()
            .base_url(base.clone())
            .token(TOKEN)
            .build()
            .expect("generated client");
        let raw = reqwest::Client::builder().build().expect("reqwest client");
        Clients {
            generated,
            raw,
            raw_url: format!("{base}/registries?limit={ITEMS}"),
        }
    }

    /// One call; returns the number of items decoded.
    async fn call(&self, side: Side) -> usize {
        let page: RegistriesResponse = match side {
            Side::Generated => self
                .generated
                .registries_api()
                .registries_get(RegistriesGetOptions::default().limit(ITEMS.to_string()))
                .await
                .expect("generated client call"),
            Side::Raw => {
                let response = self
                    .raw
                    .get(&self.raw_url)
                    .bearer_auth(TOKEN)
                    .header(reqwest::header::ACCEPT, "application/json")
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status)
                    .expect("raw call");
                let bytes = response.bytes().await.expect("raw body");
                serde_json::from_slice(&bytes).expect("raw decode")
            }
        };
        page.items.flatten().map_or(0, |items| items.len())
    }
}

/// One measured batch: total wall time and each request's latency.
struct Batch {
    elapsed: Duration,
    latencies: Vec<Duration>,
}

async fn run_batch(clients: &Clients, side: Side, requests: usize, concurrency: usize) -> Batch {
    let started = Instant::now();
    let latencies: Vec<Duration> = stream::iter(0..requests)
        .map(|_| async {
            let start = Instant::now();
            let items = clients.call(side).await;
            assert_eq!(items, ITEMS, "{} decoded a short page", side.name());
            start.elapsed()
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    Batch {
        elapsed: started.elapsed(),
        latencies,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Runs `rounds` paired batches and prints one table row per client plus the ratio.
async fn compare(clients: &Clients, mode: &str, args: &Args, concurrency: usize) {
    let mut latencies = [Vec::new(), Vec::new()];
    let mut throughput = [Vec::new(), Vec::new()];
    let mut ratios = Vec::new();
    for round in 0..args.rounds {
        let order = if round % 2 == 0 {
            [Side::Generated, Side::Raw]
        } else {
            [Side::Raw, Side::Generated]
        };
        let mut elapsed = [Duration::ZERO; 2];
        for side in order {
            let batch = run_batch(clients, side, args.requests, concurrency).await;
            let i = side as usize;
            elapsed[i] = batch.elapsed;
            throughput[i].push(args.requests as f64 / batch.elapsed.as_secs_f64());
            latencies[i].extend(batch.latencies);
        }
        ratios.push(elapsed[0].as_secs_f64() / elapsed[1].as_secs_f64());
    }
    for side in [Side::Generated, Side::Raw] {
        let i = side as usize;
        latencies[i].sort();
        println!(
            "| {mode} (x{concurrency}) | {} | {:.0} | {:.0} µs | {:.0} µs |",
            side.name(),
            median(&mut throughput[i]),
            micros(percentile(&latencies[i], 0.50)),
            micros(percentile(&latencies[i], 0.99)),
        );
    }
    let ratio = median(&mut ratios);
    println!(
        "| {mode} (x{concurrency}) | **generated / raw time** | **{ratio:.3}** ({:+.1} %) | | |",
        (ratio - 1.0) * 100.0
    );
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let body = registry_page();
    let addr = start_server(body.clone());
    // The client side runs on one thread, the server on another: one core each.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    runtime.block_on(async {
        let clients = Clients::new(addr);
        // Warm up connections, allocators and caches on both sides.
        for side in [Side::Generated, Side::Raw] {
            run_batch(&clients, side, 200, args.concurrency).await;
        }
        println!(
            "{} requests x {} rounds per client and mode; {} registries, {} bytes per response",
            args.requests,
            args.rounds,
            ITEMS,
            body.len()
        );
        println!("| mode | client | requests/s (median) | p50 latency | p99 latency |");
        println!("| --- | --- | ---: | ---: | ---: |");
        compare(&clients, "sequential", &args, 1).await;
        compare(&clients, "concurrent", &args, args.concurrency).await;
    });
}
