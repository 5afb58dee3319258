//! The defaults of a client's configuration, in one place, as plain numbers: the runtime
//! builds its settings from them, and the generator (which includes this file) writes them
//! into the generated crates' documentation, so the two cannot disagree.

/// Seconds each attempt may take, from connecting until the whole response body is read.
pub const TIMEOUT_SECS: u64 = 60;
/// Seconds establishing a connection may take.
pub const CONNECT_TIMEOUT_SECS: u64 = 10;
/// The largest response body read, in MiB.
pub const MAX_RESPONSE_MIB: usize = 16;
/// Attempts of a call in total, the first included.
pub const RETRY_ATTEMPTS: u32 = 3;
/// Milliseconds before the first retry (doubled for each further one).
pub const INITIAL_BACKOFF_MILLIS: u64 = 100;
/// Most seconds between two attempts without `Retry-After`.
pub const MAX_BACKOFF_SECS: u64 = 10;
/// Most seconds of a server's `Retry-After` that are honoured.
pub const MAX_RETRY_AFTER_SECS: u64 = 30;
/// Most redirects followed for one request.
pub const MAX_REDIRECTS: usize = 10;
