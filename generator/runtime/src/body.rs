//! Response bodies handed out as they arrive: [`ByteStream`], for binary downloads and as the
//! source of server-sent events.

use std::fmt;

use bytes::Bytes;
use futures::StreamExt;
use tracing::Instrument;

use crate::compat::BoxStream;
use crate::error::{Error, Failure};

/// A response body handed out as its chunks arrive (see [`Client::execute_stream`](crate::Client::execute_stream)): a
/// `Stream` of `Bytes`, ending after the last chunk. A connection that breaks or times out
/// mid-body yields one error and ends the stream; polling after the end yields `None`.
pub struct ByteStream<M: fmt::Debug + 'static> {
    chunks: BoxStream<'static, Result<Bytes, Error<M>>>,
}

impl<M: fmt::Debug + Send + 'static> ByteStream<M> {
    pub(crate) fn new(response: reqwest::Response, span: tracing::Span) -> Self {
        let body = response.bytes_stream();
        let chunks = futures::stream::unfold(Some((body, 0usize)), move |state| {
            let span = span.clone();
            async move {
                let (mut body, read) = state?;
                match body.next().instrument(span.clone()).await {
                    Some(Ok(chunk)) => {
                        let read = read + chunk.len();
                        Some((Ok(chunk), Some((body, read))))
                    }
                    None => {
                        span.in_scope(|| tracing::debug!(bytes = read, "stream finished"));
                        None
                    }
                    Some(Err(error)) => {
                        let failure = Failure::from_reqwest(error);
                        span.in_scope(|| tracing::debug!(bytes = read, %failure, "stream failed"));
                        Some((Err(failure.into()), None))
                    }
                }
            }
        });
        // Fused: polling again after the end keeps answering `None`.
        Self {
            chunks: Box::pin(chunks.fuse()),
        }
    }
}

impl<M: fmt::Debug + 'static> futures::Stream for ByteStream<M> {
    type Item = Result<Bytes, Error<M>>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl<M: fmt::Debug + 'static> fmt::Debug for ByteStream<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}
