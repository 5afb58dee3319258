//! When a failed attempt is retried and how long to wait first: [`RetryPolicy`], exponential
//! backoff with jitter, and `Retry-After` parsing (delta-seconds and HTTP-date).

use crate::defaults;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How failed requests are retried.
///
/// Retried: `429 Too Many Requests` for every method; `502`, `503`, `504` and connection
/// failures for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`), and for
/// `POST`/`PATCH` too when [`retry_non_idempotent`](Self::retry_non_idempotent) is on. The wait
/// is the server's `Retry-After` (capped at [`max_retry_after`](Self::max_retry_after)) or else
/// an exponential backoff with jitter. Build one from [`RetryPolicy::default`] with the
/// setters, e.g. `RetryPolicy::default().max_attempts(5)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts in total, backoff from 100 ms up to 10 s, `Retry-After` honoured up to 30 s,
    /// `POST`/`PATCH` not retried on 5xx.
    fn default() -> Self {
        Self {
            max_attempts: defaults::RETRY_ATTEMPTS,
            initial_backoff: Duration::from_millis(defaults::INITIAL_BACKOFF_MILLIS),
            max_backoff: Duration::from_secs(defaults::MAX_BACKOFF_SECS),
            max_retry_after: Duration::from_secs(defaults::MAX_RETRY_AFTER_SECS),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Total number of attempts including the first; `0` is treated as `1`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles on each further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The upper bound of the exponential backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` wait honoured; a longer one is shortened to this.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Also retry `POST` and `PATCH` on `502`/`503`/`504` and connection failures. Only safe
    /// when the server deduplicates such requests; off by default.
    pub fn retry_non_idempotent(mut self, enabled: bool) -> Self {
        self.retry_non_idempotent = enabled;
        self
    }

    /// The configured total number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a response with `status` to a `method` request is retried (attempts permitting).
    pub(crate) fn retries_status(&self, method: &Method, status: StatusCode, keyed: bool) -> bool {
        match status {
            StatusCode::TOO_MANY_REQUESTS => true,
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => self.retries_method(method, keyed),
            _ => false,
        }
    }

    /// Whether a connection failure (nothing received) of a `method` request is retried.
    pub(crate) fn retries_connect_error(&self, method: &Method, keyed: bool) -> bool {
        self.retries_method(method, keyed)
    }

    /// Idempotent methods are retried, and the others when the policy allows it or the
    /// request carries an idempotency key (`keyed`).
    fn retries_method(&self, method: &Method, keyed: bool) -> bool {
        self.retry_non_idempotent || keyed || is_idempotent(method)
    }

    /// The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed:
    /// the capped `Retry-After` of `headers` when present, else the jittered backoff.
    pub(crate) fn delay(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        headers
            .and_then(|h| retry_after(h, SystemTime::now()))
            .map(|wait| wait.min(self.max_retry_after))
            .unwrap_or_else(|| self.backoff(attempt))
    }

    /// "Equal jitter" exponential backoff: a random wait in `[d/2, d]`, where
    /// `d = min(initial_backoff * 2^(attempt-1), max_backoff)`.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(nanos / 2..=nanos))
    }
}

/// `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and `TRACE` (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Parses `Retry-After` as delta-seconds or an HTTP-date (relative to `now`; a date in the past
/// means no wait). `None` when absent or malformed.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&headers(" 0 "), now), Some(Duration::ZERO));
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        let date = "Wed, 21 Oct 2015 07:28:30 GMT";
        assert_eq!(
            retry_after(&headers(date), now),
            Some(Duration::from_secs(30))
        );
        let past = "Wed, 21 Oct 2015 07:27:00 GMT";
        assert_eq!(retry_after(&headers(past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("-1"), now), None);
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(2));
        let delay = policy.delay(1, Some(&headers("3600")));
        assert_eq!(delay, Duration::from_secs(2));
    }

    #[test]
    fn backoff_grows_exponentially_with_jitter_and_is_bounded() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let second = policy.backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
            let capped = policy.backoff(30);
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350));
        }
    }

    #[test]
    fn decides_by_method_and_status() {
        let policy = RetryPolicy::default();
        assert!(policy.retries_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS, false));
        assert!(policy.retries_status(&Method::GET, StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(!policy.retries_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(!policy.retries_status(&Method::PATCH, StatusCode::BAD_GATEWAY, false));
        assert!(!policy.retries_status(&Method::GET, StatusCode::INTERNAL_SERVER_ERROR, false));
        // An idempotency key makes POST and PATCH retried like PUT.
        assert!(policy.retries_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE, true));
        assert!(policy.retries_connect_error(&Method::PATCH, true));
        assert!(!policy.retries_connect_error(&Method::PATCH, false));
        assert!(!policy.retries_status(&Method::POST, StatusCode::INTERNAL_SERVER_ERROR, true));
        let opt_in = policy.retry_non_idempotent(true);
        assert!(opt_in.retries_status(&Method::POST, StatusCode::GATEWAY_TIMEOUT, false));
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }
}
