//! Downloads a body of `<MiB>` MiB from a loopback server in this process, either streamed
//! (`Client::execute_stream`, the `_stream` methods of downloads) or buffered (`execute`, the
//! plain methods), and prints what it received. `bench/stream-memory.sh` runs both under
//! `/usr/bin/time` to compare their peak memory with the body size.
//!
//! ```text
//! cargo run --release -p integration-tests --example stream-memory -- 100 stream
//! ```

use futures::StreamExt;
use integration_tests::loopback::{read_request_head, Files};
use openapi_client_runtime::reqwest::Method;
use openapi_client_runtime::transport::{json_error_model, Request};
use openapi_client_runtime::ClientBuilder;
use std::process::ExitCode;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

const CHUNK: usize = 64 * 1024;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(mib), Some(mode)) = (
        args.next().and_then(|a| a.parse::<usize>().ok()),
        args.next(),
    ) else {
        eprintln!("usage: stream-memory <MiB> <stream|buffer>");
        return ExitCode::from(2);
    };
    let size = mib << 20;
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        if !read_request_head(&mut socket).await {
            return;
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\
             content-length: {size}\r\nconnection: close\r\n\r\n"
        );
        let chunk = vec![b'x'; CHUNK];
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let mut left = size;
        while left > 0 {
            let n = left.min(CHUNK);
            if socket.write_all(&chunk[..n]).await.is_err() {
                return;
            }
            left -= n;
        }
    });
    let client = ClientBuilder::<Files>::new()
        .base_url(url)
        // Room for the buffered read; streaming ignores the cap.
        .max_response_bytes(size + (1 << 20))
        .build()
        .expect("a client");
    let request = Request::new(Method::GET, "download", "/file");
    let received = match mode.as_str() {
        "stream" => {
            let mut stream = match client
                .execute_stream::<serde_json::Value>(request, json_error_model)
                .await
            {
                Ok(response) => response.data,
                Err(error) => {
                    eprintln!("download failed: {error}");
                    return ExitCode::FAILURE;
                }
            };
            let mut total = 0;
            while let Some(chunk) = stream.next().await {
                match chunk {
                    Ok(chunk) => total += chunk.len(),
                    Err(error) => {
                        eprintln!("download failed: {error}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            total
        }
        "buffer" => match client
            .execute::<serde_json::Value>(request, json_error_model)
            .await
        {
            Ok(response) => response.bytes().data.len(),
            Err(error) => {
                eprintln!("download failed: {error}");
                return ExitCode::FAILURE;
            }
        },
        other => {
            eprintln!("unknown mode {other:?}: use stream or buffer");
            return ExitCode::from(2);
        }
    };
    println!("{mode}: received {received} bytes");
    if received == size {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
