//! [`UploadBody`]: the body of a binary upload, given as bytes, a file or a stream.

use std::fmt;
#[cfg(not(target_arch = "wasm32"))]
use std::path::PathBuf;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::Mutex;

use bytes::Bytes;
#[cfg(not(target_arch = "wasm32"))]
use futures::stream::BoxStream;
#[cfg(not(target_arch = "wasm32"))]
use futures::{Stream, StreamExt, TryStreamExt};

/// What a stream body yields when it fails.
#[cfg(not(target_arch = "wasm32"))]
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The body of a binary upload (`application/octet-stream`, images, archives, ...).
///
/// - Bytes in memory (`Bytes`, `Vec<u8>`, `&'static [u8]`, `String`): sent as they are, and
///   again on a retry.
/// - A file ([`UploadBody::file`]): opened and read as the request is sent, never held whole
///   in memory; each retry reads it again. A file that cannot be opened fails the call with
///   [`Error::InvalidArgument`](crate::Error::InvalidArgument), before anything is sent.
/// - A stream ([`UploadBody::stream`]): sent as it yields chunks. It can be sent once, so a
///   call with a stream body is never retried; an error of the stream aborts the request
///   and the call fails with [`Error::Transport`](crate::Error::Transport).
pub struct UploadBody(pub(crate) Source);

pub(crate) enum Source {
    Bytes(Bytes),
    #[cfg(not(target_arch = "wasm32"))]
    File(PathBuf),
    /// Taken by the first attempt.
    #[cfg(not(target_arch = "wasm32"))]
    Stream(Mutex<Option<BoxStream<'static, Result<Bytes, BoxError>>>>),
}

impl UploadBody {
    /// A file's contents, read while the request is sent (not in a browser).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self(Source::File(path.into()))
    }

    /// The chunks of `stream`, sent as they come (not in a browser).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        Self(Source::Stream(Mutex::new(Some(
            stream.map_err(Into::into).boxed(),
        ))))
    }

    /// Whether a retry can send the body again (not a stream).
    pub(crate) fn replayable(&self) -> bool {
        match &self.0 {
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(_) => false,
            _ => true,
        }
    }

    /// The body of one attempt.
    pub(crate) async fn for_attempt(&self) -> Result<reqwest::Body, crate::InvalidArgument> {
        match &self.0 {
            Source::Bytes(bytes) => Ok(bytes.clone().into()),
            #[cfg(not(target_arch = "wasm32"))]
            Source::File(path) => {
                let file = tokio::fs::File::open(path).await.map_err(|error| {
                    crate::InvalidArgument::new(
                        "body",
                        format!("cannot read the file {}: {error}", path.display()),
                    )
                })?;
                Ok(file.into())
            }
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(stream) => {
                let taken = stream.lock().ok().and_then(|mut stream| stream.take());
                let stream = taken.ok_or_else(|| {
                    crate::InvalidArgument::new("body", "a stream body can be sent only once")
                })?;
                Ok(reqwest::Body::wrap_stream(stream))
            }
        }
    }
}

impl From<Bytes> for UploadBody {
    fn from(bytes: Bytes) -> Self {
        Self(Source::Bytes(bytes))
    }
}

impl From<Vec<u8>> for UploadBody {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&'static [u8]> for UploadBody {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl From<String> for UploadBody {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Bytes(bytes) => write!(f, "UploadBody::Bytes(<{} bytes>)", bytes.len()),
            #[cfg(not(target_arch = "wasm32"))]
            Source::File(path) => write!(f, "UploadBody::File({})", path.display()),
            #[cfg(not(target_arch = "wasm32"))]
            Source::Stream(_) => f.write_str("UploadBody::Stream"),
        }
    }
}
