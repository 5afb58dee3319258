//! Server-sent events: a `text/event-stream` response as a [`Stream`] of typed [`Event`]s,
//! parsed as the HTML standard describes (`event`, `data` over several lines, `id`, `retry`,
//! comments, any line ending).

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::Stream;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::body::ByteStream;
use crate::error::{DecodeError, Error, Failure};

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event` field: the event's type (`None` for the default, `message`).
    pub event: Option<String>,
    /// The `id` field of this event, or the last one the stream gave.
    pub id: Option<String>,
    /// The `retry` field: how long the server asks a client to wait before reconnecting.
    pub retry: Option<Duration>,
    /// The `data` lines, joined by `\n`: decoded as JSON of type `T`, or the text itself.
    pub data: T,
}

/// The events of a `text/event-stream` response, as they arrive.
///
/// An event whose data does not decode is an [`Error::Decode`] item, and the stream goes on
/// with the next event. A connection that breaks is an error item that ends the stream, and so
/// is a stream that ends inside an event (data not closed by a blank line) or an event larger
/// than the client's `max_response_bytes` ([`Error::ResponseTooLarge`]). A stream that ends
/// between events ends cleanly. Polling after the end yields `None`.
pub struct EventStream<T, M: fmt::Debug + 'static> {
    bytes: ByteStream<M>,
    status: StatusCode,
    parser: Parser,
    ready: VecDeque<Result<Event<String>, Failure>>,
    done: bool,
    decode: fn(String) -> Result<T, String>,
}

impl<T: DeserializeOwned, M: fmt::Debug + 'static> EventStream<T, M> {
    /// The events of `bytes` (the body of a `status` response, events of at most `limit`
    /// bytes), their data decoded as JSON of type `T`.
    pub fn json(bytes: ByteStream<M>, status: StatusCode, limit: usize) -> Self {
        Self::new(bytes, status, limit, |data| {
            serde_json::from_str(&data).map_err(|e| e.to_string())
        })
    }
}

impl<M: fmt::Debug + 'static> EventStream<String, M> {
    /// The events of `bytes` with their data as text.
    pub fn text(bytes: ByteStream<M>, status: StatusCode, limit: usize) -> Self {
        Self::new(bytes, status, limit, Ok)
    }
}

impl<T, M: fmt::Debug + 'static> EventStream<T, M> {
    fn new(
        bytes: ByteStream<M>,
        status: StatusCode,
        limit: usize,
        decode: fn(String) -> Result<T, String>,
    ) -> Self {
        Self {
            bytes,
            status,
            parser: Parser::new(limit),
            ready: VecDeque::new(),
            done: false,
            decode,
        }
    }

    fn decode_error(&self, message: String) -> Error<M> {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            path: String::new(),
            message,
            body: Bytes::new(),
            request_id: None,
        }))
    }
}

impl<T, M: fmt::Debug + 'static> Stream for EventStream<T, M> {
    type Item = Result<Event<T>, Error<M>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                let item = match next {
                    Ok(event) => match (self.decode)(event.data) {
                        Ok(data) => Ok(Event {
                            event: event.event,
                            id: event.id,
                            retry: event.retry,
                            data,
                        }),
                        Err(message) => {
                            let message =
                                format!("the data of an event does not decode: {message}");
                            Err(self.decode_error(message))
                        }
                    },
                    Err(failure) => {
                        self.done = true;
                        self.ready.clear();
                        Err(failure.into())
                    }
                };
                return Poll::Ready(Some(item));
            }
            if self.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut self.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let parsed = self.parser.feed(&chunk);
                    self.ready.extend(parsed);
                }
                Poll::Ready(Some(Err(error))) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    self.done = true;
                    if self.parser.inside_event() {
                        let error = self.decode_error(
                            "the event stream ended inside an event (no blank line after it)"
                                .into(),
                        );
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
        }
    }
}

impl<T, M: fmt::Debug + 'static> fmt::Debug for EventStream<T, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// The event-stream parser: bytes in, events out.
struct Parser {
    /// Bytes of a line not yet ended.
    line: BytesMut,
    /// A `\r` ended the last line; a `\n` right after it belongs to that line ending.
    after_cr: bool,
    event: Option<String>,
    data: String,
    /// Whether a `data` field was seen in the current event.
    has_data: bool,
    /// Fields seen since the last dispatch (an event in progress).
    pending: bool,
    last_id: Option<String>,
    retry: Option<Duration>,
    /// Bytes of the current event so far.
    size: usize,
    limit: usize,
}

impl Parser {
    fn new(limit: usize) -> Self {
        Self {
            line: BytesMut::new(),
            after_cr: false,
            event: None,
            data: String::new(),
            has_data: false,
            pending: false,
            last_id: None,
            retry: None,
            size: 0,
            limit,
        }
    }

    /// Whether the stream is in the middle of an event or a line.
    fn inside_event(&self) -> bool {
        self.pending || !self.line.is_empty()
    }

    /// Feeds a chunk; returns the events it completed (or the error that ends the stream).
    fn feed(&mut self, chunk: &[u8]) -> Vec<Result<Event<String>, Failure>> {
        let mut out = Vec::new();
        for &byte in chunk {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\r' | b'\n' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    if let Some(event) = self.line_ended(&line) {
                        out.push(Ok(event));
                    }
                }
                _ => {
                    self.size += 1;
                    if self.size > self.limit {
                        out.push(Err(Failure::ResponseTooLarge { limit: self.limit }));
                        return out;
                    }
                    self.line.extend_from_slice(&[byte]);
                }
            }
        }
        out
    }

    /// Handles one complete line; returns the event a blank line dispatches.
    fn line_ended(&mut self, line: &[u8]) -> Option<Event<String>> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return None; // A comment.
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => {
                self.event = Some(value.to_owned());
                self.pending = true;
            }
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
                self.pending = true;
            }
            // An id with a NUL is ignored, as the standard says.
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_owned());
                self.pending = true;
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(millis));
                }
                self.pending = true;
            }
            _ => {} // Unknown fields are ignored.
        }
        None
    }

    /// Ends the current event: returns it when it has data (an event without data is dropped,
    /// as the standard says).
    fn dispatch(&mut self) -> Option<Event<String>> {
        let event = self.event.take();
        let data = std::mem::take(&mut self.data);
        let has_data = std::mem::replace(&mut self.has_data, false);
        self.pending = false;
        self.size = 0;
        has_data.then(|| Event {
            event,
            id: self.last_id.clone(),
            retry: self.retry,
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&str]) -> Vec<Event<String>> {
        let mut parser = Parser::new(1 << 20);
        chunks
            .iter()
            .flat_map(|chunk| parser.feed(chunk.as_bytes()))
            .map(|event| event.expect("no error"))
            .collect()
    }

    #[test]
    fn fields_multi_line_data_comments_and_line_endings() {
        let parsed = events(&[
            ": a comment\n",
            "event: update\nid: 7\nretry: 1500\ndata: {\"a\":\r\ndata: 1}\r\n\r\n",
            "data:no space\rdata:  two spaces\r\r",
            "event: ping\n\n",
            "data\n\n",
        ]);
        assert_eq!(parsed.len(), 3, "{parsed:?}");
        assert_eq!(parsed[0].event.as_deref(), Some("update"));
        assert_eq!(parsed[0].id.as_deref(), Some("7"));
        assert_eq!(parsed[0].retry, Some(Duration::from_millis(1500)));
        assert_eq!(parsed[0].data, "{\"a\":\n1}");
        // The id carries over; only one leading space is dropped.
        assert_eq!(parsed[1].id.as_deref(), Some("7"));
        assert_eq!(parsed[1].event, None);
        assert_eq!(parsed[1].data, "no space\n two spaces");
        // `event: ping` without data dispatches nothing; a bare `data` is an empty line.
        assert_eq!(parsed[2].data, "");
    }

    #[test]
    fn events_split_across_chunks_anywhere() {
        let text = "event: a\ndata: one\n\ndata: two\r\n\r\n";
        for split in 0..text.len() {
            let (first, second) = text.split_at(split);
            let parsed = events(&[first, second]);
            assert_eq!(
                parsed.iter().map(|e| e.data.as_str()).collect::<Vec<_>>(),
                ["one", "two"],
                "split at {split}"
            );
        }
    }

    #[test]
    fn an_event_over_the_limit_is_an_error() {
        let mut parser = Parser::new(16);
        let out = parser.feed(b"data: 0123456789abcdefghij\n\n");
        assert!(matches!(
            out.last(),
            Some(Err(Failure::ResponseTooLarge { limit: 16 }))
        ));
    }

    #[test]
    fn a_stream_cut_inside_an_event_is_noticed() {
        let mut parser = Parser::new(1 << 20);
        assert!(parser.feed(b"data: complete\n\n").len() == 1);
        assert!(!parser.inside_event());
        assert!(parser.feed(b"data: cut").is_empty());
        assert!(parser.inside_event());
    }
}
