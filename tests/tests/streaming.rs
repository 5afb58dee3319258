//! Issue 16, item 2: binary response bodies streamed as they arrive (`Client::execute_stream`,
//! behind the `_stream` methods of downloads), against raw HTTP servers on loopback: the
//! response-size cap applies only to buffered reads, a body cut short is an error at its end,
//! and retries happen before the body is handed out. And binary request bodies given as a file
//! (read again for each attempt) or a stream (sent once, never retried), against wiremock.
//! And item 3: server-sent events decoded from a raw `text/event-stream` body.

use std::time::Duration;

use futures::StreamExt;
use integration_tests::loopback::{read_request_head, Files};
use openapi_client_runtime::reqwest::Method;
use openapi_client_runtime::transport::{json_error_model, Request};
use openapi_client_runtime::{Client, ClientBuilder, Error, RetryPolicy};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

const MIB: usize = 1 << 20;

/// What a test server sends for each connection, in order (the last one repeats).
#[derive(Clone)]
enum Answer {
    /// `status` with a chunked body of `chunks` chunks of `chunk` bytes each.
    Chunked {
        status: u16,
        chunks: usize,
        chunk: usize,
    },
    /// A `Content-Length` of `announced` bytes, of which only `sent` are sent before closing.
    CutShort { announced: usize, sent: usize },
    /// A `text/event-stream` body sent in these chunks.
    Events(Vec<String>),
}

/// Starts a server on a free loopback port answering connection `n` with `answers[n]` (the
/// last answer for later ones); returns its base URL.
async fn serve(answers: Vec<Answer>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut served = 0;
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let answer = answers[served.min(answers.len() - 1)].clone();
            served += 1;
            tokio::spawn(answer_one(socket, answer));
        }
    });
    url
}

async fn answer_one(mut socket: TcpStream, answer: Answer) {
    if !read_request_head(&mut socket).await {
        return;
    }
    match answer {
        Answer::Chunked {
            status,
            chunks,
            chunk,
        } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/octet-stream\r\n\
                 transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
            );
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let data = vec![b'x'; chunk];
            for _ in 0..chunks {
                let frame = format!("{chunk:x}\r\n");
                let ok = socket.write_all(frame.as_bytes()).await.is_ok()
                    && socket.write_all(&data).await.is_ok()
                    && socket.write_all(b"\r\n").await.is_ok();
                if !ok {
                    return;
                }
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
        }
        Answer::Events(chunks) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                        transfer-encoding: chunked\r\nconnection: close\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for chunk in chunks {
                let frame = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                if socket.write_all(frame.as_bytes()).await.is_err() {
                    return;
                }
                let _ = socket.flush().await;
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
        }
        Answer::CutShort { announced, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\
                 content-length: {announced}\r\nconnection: close\r\n\r\n"
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(&vec![b'x'; sent]).await;
            let _ = socket.flush().await;
            // Closing here cuts the body short.
        }
    }
}

fn client(url: &str, limit: usize) -> Client {
    ClientBuilder::<Files>::new()
        .base_url(url)
        .max_response_bytes(limit)
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

fn download() -> Request {
    Request::new(Method::GET, "downloadFile", "/file")
}

#[tokio::test]
async fn a_streamed_body_is_not_capped_and_arrives_whole() {
    let url = serve(vec![Answer::Chunked {
        status: 200,
        chunks: 40,
        chunk: 64 * 1024,
    }])
    .await;
    // The cap (1 MiB) is below the body (2.5 MiB): buffering fails, streaming does not.
    let client = client(&url, MIB);
    let buffered = client
        .execute::<serde_json::Value>(download(), json_error_model)
        .await
        .err()
        .expect("a buffered read over the cap fails");
    assert!(
        matches!(buffered, Error::ResponseTooLarge { .. }),
        "{buffered:?}"
    );
    let response = client
        .execute_stream::<serde_json::Value>(download(), json_error_model)
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 200);
    let mut stream = response.data;
    let (mut total, mut chunks) = (0, 0);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        assert!(chunk.iter().all(|b| *b == b'x'));
        total += chunk.len();
        chunks += 1;
    }
    assert_eq!(total, 40 * 64 * 1024);
    assert!(chunks > 1, "the body came in pieces, not in one buffer");
    assert!(stream.next().await.is_none(), "the stream stays ended");
}

#[tokio::test]
async fn a_body_cut_short_ends_the_stream_with_an_error() {
    let url = serve(vec![Answer::CutShort {
        announced: 100_000,
        sent: 1_000,
    }])
    .await;
    let mut stream = client(&url, MIB)
        .execute_stream::<serde_json::Value>(download(), json_error_model)
        .await
        .unwrap()
        .data;
    let mut received = 0;
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(chunk) => received += chunk.len(),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    assert!(received <= 1_000);
    let error = error.expect("a body shorter than announced is an error");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(stream.next().await.is_none(), "nothing follows the error");
}

#[tokio::test]
async fn an_error_status_is_read_capped_not_streamed() {
    let url = serve(vec![Answer::Chunked {
        status: 404,
        chunks: 1,
        chunk: 10,
    }])
    .await;
    let error = client(&url, MIB)
        .execute_stream::<serde_json::Value>(download(), json_error_model)
        .await
        .unwrap_err();
    let api = error.api_error().expect("a 404 is an API error");
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(&api.body[..], b"xxxxxxxxxx");
    // An error body over the cap is refused like any buffered read.
    let url = serve(vec![Answer::Chunked {
        status: 500,
        chunks: 4,
        chunk: 1024,
    }])
    .await;
    let error = ClientBuilder::<Files>::new()
        .base_url(&url)
        .max_response_bytes(1024)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .execute_stream::<serde_json::Value>(download(), json_error_model)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn retries_happen_before_the_body_is_handed_out() {
    let url = serve(vec![
        Answer::Chunked {
            status: 503,
            chunks: 1,
            chunk: 3,
        },
        Answer::Chunked {
            status: 200,
            chunks: 3,
            chunk: 1000,
        },
    ])
    .await;
    let response = client(&url, MIB)
        .execute_stream::<serde_json::Value>(download(), json_error_model)
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 200);
    let total: usize = response
        .data
        .map(|chunk| chunk.unwrap().len())
        .fold(0, |sum, len| async move { sum + len })
        .await;
    assert_eq!(total, 3000);
}

/// Issue 16, item 2: binary request bodies given as a file or a stream.
mod uploads {
    use super::*;
    use bytes::Bytes;
    use openapi_client_runtime::UploadBody;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A server answering 503 to the first request and 201 to the others.
    async fn flaky() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(201))
            .with_priority(2)
            .mount(&server)
            .await;
        server
    }

    fn upload(body: UploadBody) -> Request {
        let mut request = Request::new(Method::PUT, "uploadFile", "/file");
        request.upload(body, "application/octet-stream");
        request
    }

    #[tokio::test]
    async fn a_file_is_read_again_for_each_attempt() {
        let path = std::env::temp_dir().join(format!("upload-{}.bin", std::process::id()));
        let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &contents).unwrap();
        let server = flaky().await;
        client(&server.uri(), MIB)
            .execute::<serde_json::Value>(upload(UploadBody::file(&path)), json_error_model)
            .await
            .unwrap();
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 2, "the PUT was retried after the 503");
        for request in &received {
            assert_eq!(request.body, contents, "every attempt sends the whole file");
            assert_eq!(
                request.headers.get("content-type").unwrap(),
                "application/octet-stream"
            );
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[tokio::test]
    async fn a_file_that_cannot_be_read_fails_before_sending() {
        let server = MockServer::start().await;
        let missing = std::env::temp_dir().join("no-such-upload-file.bin");
        let error = client(&server.uri(), MIB)
            .execute::<serde_json::Value>(upload(UploadBody::file(&missing)), json_error_model)
            .await
            .err()
            .expect("a missing file is an error");
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
        assert!(
            error.to_string().contains("no-such-upload-file.bin"),
            "{error}"
        );
        assert!(server.received_requests().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_stream_is_sent_as_it_comes_and_never_retried() {
        let chunks: Vec<Result<Bytes, std::io::Error>> = (0..10)
            .map(|i| Ok(Bytes::from(vec![b'a' + i as u8; 1000])))
            .collect();
        let server = flaky().await;
        let error = client(&server.uri(), MIB)
            .execute::<serde_json::Value>(
                upload(UploadBody::stream(futures::stream::iter(chunks))),
                json_error_model,
            )
            .await
            .err()
            .expect("the 503 is not retried: the stream cannot be sent again");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].body.len(), 10_000);
        assert!(received[0].body.starts_with(b"aaaa") && received[0].body.ends_with(b"jjjj"));
    }

    #[tokio::test]
    async fn a_failing_stream_aborts_the_request() {
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from_static(b"first part")),
            Err(std::io::Error::other("the source broke")),
        ];
        let server = MockServer::start().await;
        let error = client(&server.uri(), MIB)
            .execute::<serde_json::Value>(
                upload(UploadBody::stream(futures::stream::iter(chunks))),
                json_error_model,
            )
            .await
            .err()
            .expect("a stream error fails the call");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    }
}

/// Issue 16, item 3: server-sent events.
mod events {
    use super::*;
    use openapi_client_runtime::{Event, EventStream};

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Progress {
        step: u32,
    }

    fn listen() -> Request {
        let mut request = Request::new(Method::GET, "watchJob", "/jobs/7/progress");
        request.accept("text/event-stream");
        request
    }

    async fn collect<T>(
        mut stream: EventStream<T, serde_json::Value>,
    ) -> Vec<Result<Event<T>, Error>> {
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item);
        }
        assert!(stream.next().await.is_none(), "the stream stays ended");
        items
    }

    fn chunks(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|part| part.to_string()).collect()
    }

    /// Every item of the JSON event stream a server sends in `parts`, with events capped at
    /// `limit` bytes.
    async fn json_events(parts: Vec<String>, limit: usize) -> Vec<Result<Event<Progress>, Error>> {
        let url = serve(vec![Answer::Events(parts)]).await;
        let response = client(&url, limit)
            .execute_events::<Progress, serde_json::Value>(listen(), json_error_model)
            .await
            .unwrap();
        collect(response.data).await
    }

    #[tokio::test]
    async fn json_events_with_every_field_split_across_chunks() {
        let items = json_events(
            chunks(&[
                ": keep-alive\n",
                "retry: 3000\nid: 1\nevent: progress\ndata: {\"st",
                "ep\": 1}\n\n",
                "id: 2\ndata: {\"step\":\r\ndata: 2}\r\n\r\n",
                "data: not json\n\n",
                "event: progress\ndata: {\"step\": 3}\n\n",
            ]),
            MIB,
        )
        .await;
        assert_eq!(items.len(), 4, "{items:?}");
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.event.as_deref(), Some("progress"));
        assert_eq!(first.id.as_deref(), Some("1"));
        assert_eq!(first.retry, Some(Duration::from_millis(3000)));
        assert_eq!(first.data, Progress { step: 1 });
        // Multi-line data is joined with `\n` before decoding.
        let second = items[1].as_ref().unwrap();
        assert_eq!(
            (second.id.as_deref(), &second.data),
            (Some("2"), &Progress { step: 2 })
        );
        // Data that does not decode is an error item, and the stream goes on.
        assert!(matches!(&items[2], Err(Error::Decode(_))), "{:?}", items[2]);
        assert_eq!(items[3].as_ref().unwrap().data, Progress { step: 3 });
    }

    #[tokio::test]
    async fn text_events_keep_their_data_as_is() {
        let url = serve(vec![Answer::Events(chunks(&[
            "data: first line\ndata: second line\n\n",
            "data:{\"not\": \"decoded\"}\n\n",
        ]))])
        .await;
        let response = client(&url, MIB)
            .execute_text_events::<serde_json::Value>(listen(), json_error_model)
            .await
            .unwrap();
        let data: Vec<String> = collect(response.data)
            .await
            .into_iter()
            .map(|item| item.unwrap().data)
            .collect();
        assert_eq!(data, ["first line\nsecond line", "{\"not\": \"decoded\"}"]);
    }

    #[tokio::test]
    async fn a_stream_cut_inside_an_event_ends_with_an_error() {
        let items = json_events(
            chunks(&["data: {\"step\": 1}\n\n", "data: {\"step\": 2"]),
            MIB,
        )
        .await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap().data, Progress { step: 1 });
        let Err(Error::Decode(error)) = &items[1] else {
            panic!("a cut event is a decode error: {:?}", items[1]);
        };
        assert!(error.message.contains("inside an event"), "{error}");
    }

    #[tokio::test]
    async fn an_event_larger_than_the_cap_ends_the_stream() {
        let big = format!("data: {}\n\n", "x".repeat(4096));
        let items = json_events(
            vec![
                "data: {\"step\": 1}\n\n".to_string(),
                big,
                "data: {\"step\": 3}\n\n".to_string(),
            ],
            1024,
        )
        .await;
        assert_eq!(
            items.len(),
            2,
            "nothing after the oversized event: {items:?}"
        );
        assert!(items[0].is_ok());
        assert!(
            matches!(items[1], Err(Error::ResponseTooLarge { limit: 1024 })),
            "{:?}",
            items[1]
        );
    }

    #[tokio::test]
    async fn a_stream_that_ends_between_events_ends_cleanly() {
        let items = json_events(chunks(&["data: {\"step\": 1}\n\n", ": bye\n"]), MIB).await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(items[0].is_ok());
    }
}

/// Issue 16, item 4: typed multipart bodies sent with reqwest's multipart support.
mod multipart {
    use super::*;
    use bytes::Bytes;
    use openapi_client_runtime::multipart::{FilePart, Form};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn upload(form: Form) -> Request {
        let mut request = Request::new(Method::POST, "uploadMultipart", "/upload");
        request.multipart(form);
        request
    }

    async fn accepting() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(201))
            .mount(&server)
            .await;
        server
    }

    #[tokio::test]
    async fn text_json_and_file_parts_with_names_and_content_types() {
        let path = std::env::temp_dir().join(format!("photo-{}.png", std::process::id()));
        std::fs::write(&path, b"\x89PNG fake").unwrap();
        let mut form = Form::new();
        form.text("caption", "a harbour".into(), None);
        form.json("meta", &serde_json::json!({"w": 2}), None)
            .unwrap();
        form.text("level", "3".into(), Some("text/x-level"));
        form.file("photo", FilePart::path(&path), Some("image/png"));
        form.file(
            "notes",
            FilePart::new(Bytes::from_static(b"hello"))
                .file_name("notes.txt")
                .content_type("text/plain"),
            None,
        );
        let server = accepting().await;
        client(&server.uri(), MIB)
            .execute::<serde_json::Value>(upload(form), json_error_model)
            .await
            .unwrap();
        let received = server.received_requests().await.unwrap();
        let request = &received[0];
        let content_type = request
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a multipart content type with its boundary");
        let body = String::from_utf8_lossy(&request.body);
        let parts: Vec<&str> = body.split(&format!("--{boundary}")).collect();
        // Header names compared in lower case: reqwest writes `Content-Type`.
        let part = |name: &str| {
            parts
                .iter()
                .find(|p| p.contains(&format!("name=\"{name}\"")))
                .unwrap_or_else(|| panic!("no part {name} in {body}"))
                .replace("Content-Type", "content-type")
        };
        assert!(
            part("caption").ends_with("\r\n\r\na harbour\r\n"),
            "{}",
            part("caption")
        );
        let meta = part("meta");
        assert!(
            meta.contains("content-type: application/json") && meta.contains("{\"w\":2}"),
            "{meta}"
        );
        assert!(part("level").contains("content-type: text/x-level"));
        let photo = part("photo");
        let file_name = format!(
            "filename=\"{}\"",
            path.file_name().unwrap().to_string_lossy()
        );
        assert!(photo.contains(&file_name), "{photo}");
        assert!(
            photo.contains("content-type: image/png") && photo.contains("PNG fake"),
            "{photo}"
        );
        let notes = part("notes");
        assert!(
            notes.contains("filename=\"notes.txt\"") && notes.contains("content-type: text/plain"),
            "{notes}"
        );
        assert!(
            body.trim_end().ends_with(&format!("--{boundary}--")),
            "{body}"
        );
        std::fs::remove_file(&path).unwrap();
    }

    #[tokio::test]
    async fn a_file_part_that_cannot_be_read_fails_before_sending() {
        let mut form = Form::new();
        form.file(
            "photo",
            FilePart::path(std::env::temp_dir().join("no-such-photo.png")),
            None,
        );
        let server = accepting().await;
        let error = client(&server.uri(), MIB)
            .execute::<serde_json::Value>(upload(form), json_error_model)
            .await
            .err()
            .expect("an unreadable file is an error");
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
        assert!(error.to_string().contains("no-such-photo.png"), "{error}");
        assert!(server.received_requests().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_invalid_part_content_type_is_an_invalid_argument() {
        let mut form = Form::new();
        form.text("caption", "x".into(), Some("not a media type"));
        let server = accepting().await;
        let error = client(&server.uri(), MIB)
            .execute::<serde_json::Value>(upload(form), json_error_model)
            .await
            .err()
            .expect("an invalid content type is an error");
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    }
}
