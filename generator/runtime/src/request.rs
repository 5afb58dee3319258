//! The [`Request`] a generated operation fills in: method, path, query, header and cookie
//! parameters, one body, the `Accept` header and the operation's security requirements; and how
//! it becomes the URL, headers and body of each attempt.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE,
    PROXY_AUTHORIZATION,
};
use reqwest::{Method, Url};
use serde::Serialize;

use crate::auth::{is_cookie_octet, Applied, Requirement};
use crate::encoding::{deep_object_pairs, encode, form_urlencoded};
use crate::error::InvalidArgument;
use crate::multipart::Form;
use crate::upload::UploadBody;

/// One API call as built by a generated operation; sent by
/// [`Client::execute`](crate::Client::execute).
pub struct Request {
    pub(crate) method: Method,
    pub(crate) operation: &'static str,
    pub(crate) path: String,
    /// Encoded `name=value` pairs joined by `&`.
    query: String,
    headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header.
    cookies: Vec<String>,
    body: Body,
    accept: &'static str,
    /// The alternatives of credentials the operation accepts (see [`Request::security`]).
    pub(crate) security: &'static [Requirement],
    /// The operation's own server (see [`Request::server`]).
    pub(crate) server: Option<&'static str>,
    /// Whether `3xx` responses are outcomes of the operation (see [`Request::keep_redirects`]).
    pub(crate) keep_redirects: bool,
}

/// Where a followed redirect sends a request next.
pub(crate) struct Target {
    /// The `Location`, resolved against the URL that answered.
    pub(crate) url: Url,
    /// The method of the next request.
    pub(crate) method: Method,
    /// Whether the body goes along (`307` and `308` keep it).
    pub(crate) body: bool,
}

impl Target {
    /// Where `status` with `location` sends a `method` request made to `from`: `None` when it
    /// is not a redirect to follow (no usable `Location`, another origin, a status that is not
    /// 301, 302, 303, 307 or 308).
    pub(crate) fn of(
        status: reqwest::StatusCode,
        location: Option<&HeaderValue>,
        from: &Url,
        method: &Method,
    ) -> Option<Self> {
        let url = from.join(location?.to_str().ok()?).ok()?;
        if url.origin() != from.origin() {
            return None;
        }
        let (method, body) = match status.as_u16() {
            303 if *method != Method::HEAD => (Method::GET, false),
            301 | 302 if *method == Method::POST => (Method::GET, false),
            301 | 302 | 303 | 307 | 308 => (method.clone(), true),
            _ => return None,
        };
        Some(Self { url, method, body })
    }
}

/// What a request carries after its head.
enum Body {
    /// Nothing.
    None,
    /// Bytes, with their `Content-Type`.
    Bytes(Bytes, Cow<'static, str>),
    /// A binary upload (bytes, a file read as it is sent, or a stream), with its
    /// `Content-Type`.
    Upload(UploadBody, &'static str),
    /// A `multipart/form-data` form; each attempt writes its own boundary into the
    /// `Content-Type`.
    Multipart(Form),
}

impl Request {
    /// A request for `operation` (the operationId, for tracing) to `path`, which is relative to
    /// the base URL, starts with `/` and has its parameters encoded with
    /// [`path_segment`](crate::encoding::path_segment). It sends no credentials until
    /// [`security`](Self::security) says which it accepts.
    pub fn new(method: Method, operation: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            operation,
            path: path.into(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: Body::None,
            accept: "application/json",
            security: &[],
            server: None,
            keep_redirects: false,
        }
    }

    /// Sends the request to `url`, the server the document gives this operation (or its path)
    /// instead of the API's, unless the client is told to send everything to its base URL
    /// ([`ClientBuilder::operation_servers`](crate::ClientBuilder::operation_servers)). A URL
    /// that starts with `/` is a path on the base URL's host.
    pub fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Makes the redirects (`3xx`) the operation documents its outcomes: they are returned,
    /// not followed. Other requests follow redirects within the base URL's origin.
    pub fn keep_redirects(&mut self) {
        self.keep_redirects = true;
    }

    /// The credentials the operation accepts: one of the `alternatives` (each a set of schemes
    /// sent together), the first whose credentials are all configured. An empty alternative
    /// means the call may also go without credentials; no alternative at all sends none.
    pub fn security(&mut self, alternatives: &'static [Requirement]) {
        self.security = alternatives;
    }

    /// Adds a `form`-style query parameter: `name=value`.
    pub fn query(&mut self, name: &str, value: &impl fmt::Display) {
        self.push_query(&encode(name), &encode(&value.to_string()));
    }

    /// Adds a `form`-style array: `name=a&name=b` when `explode`, else `name=a,b`.
    pub fn query_array<T: fmt::Display>(&mut self, name: &str, values: &[T], explode: bool) {
        let name = encode(name);
        if explode {
            for value in values {
                self.push_query(&name, &encode(&value.to_string()));
            }
        } else if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(|v| encode(&v.to_string())).collect();
            self.push_query(&name, &joined.join(","));
        }
    }

    /// Adds a `deepObject` parameter: `name[key]=value` for each non-null property (nested
    /// objects as `name[a][b]`, arrays repeated).
    pub fn query_deep_object(&mut self, name: &str, value: &serde_json::Value) {
        let mut pairs = Vec::new();
        deep_object_pairs(encode(name), value, &mut pairs);
        for (name, value) in pairs {
            self.push_query(&name, &value);
        }
    }

    fn push_query(&mut self, encoded_name: &str, encoded_value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(encoded_name);
        self.query.push('=');
        self.query.push_str(encoded_value);
    }

    /// Sets a header parameter. A value with CR, LF or other control characters is rejected
    /// with an [`InvalidArgument`], and nothing is sent.
    pub fn header(
        &mut self,
        name: &'static str,
        value: &impl fmt::Display,
    ) -> Result<(), InvalidArgument> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidArgument::new(name, "is not a valid HTTP header name"))?;
        let mut value = HeaderValue::from_str(&value.to_string()).map_err(|_| {
            InvalidArgument::new(
                name,
                "contains characters not allowed in an HTTP header (such as CR or LF)",
            )
        })?;
        // A credential passed as a parameter (Swagger documents declare `Authorization` so).
        if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(&header) {
            value.set_sensitive(true);
        }
        self.headers.insert(header, value);
        Ok(())
    }

    /// Adds a cookie parameter. A value outside the RFC 6265 cookie characters (`;`, `,`,
    /// whitespace, quotes, control characters) is rejected with an [`InvalidArgument`].
    pub fn cookie(
        &mut self,
        name: &'static str,
        value: &impl fmt::Display,
    ) -> Result<(), InvalidArgument> {
        if name.is_empty() || HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(InvalidArgument::new(name, "is not a valid cookie name"));
        }
        let value = value.to_string();
        if !value.bytes().all(is_cookie_octet) {
            return Err(InvalidArgument::new(
                name,
                "contains characters not allowed in a cookie",
            ));
        }
        self.cookies.push(format!("{name}={value}"));
        Ok(())
    }

    /// Sets a JSON body (`Content-Type: application/json`).
    pub fn json<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), InvalidArgument> {
        self.json_as(body, "application/json")
    }

    /// Sets a JSON body sent as another JSON media type (`application/merge-patch+json`, ...).
    pub fn json_as<B: Serialize + ?Sized>(
        &mut self,
        body: &B,
        content_type: &'static str,
    ) -> Result<(), InvalidArgument> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| InvalidArgument::new("body", e.to_string()))?;
        self.body = Body::Bytes(Bytes::from(bytes), content_type.into());
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body from a struct or map: scalars as
    /// `key=value`, arrays repeated, nested objects as JSON text, `null` omitted.
    pub fn form<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), InvalidArgument> {
        let encoded = form_urlencoded(body)?;
        self.body = Body::Bytes(
            Bytes::from(encoded),
            "application/x-www-form-urlencoded".into(),
        );
        Ok(())
    }

    /// Sets a text body with the given content type.
    pub fn text(&mut self, body: String, content_type: &'static str) {
        self.body = Body::Bytes(Bytes::from(body), content_type.into());
    }

    /// Sets a binary body given as bytes, a file or a stream (see [`UploadBody`]).
    pub fn upload(&mut self, body: UploadBody, content_type: &'static str) {
        self.body = Body::Upload(body, content_type);
    }

    /// Sets a `multipart/form-data` body built from typed parts.
    pub fn multipart(&mut self, form: Form) {
        self.body = Body::Multipart(form);
    }

    /// Sets a body the caller encoded, with the `Content-Type` describing it (a multipart
    /// payload with its boundary). A value that cannot be a header is an [`InvalidArgument`].
    pub fn bytes_with_content_type(
        &mut self,
        body: Bytes,
        content_type: &str,
    ) -> Result<(), InvalidArgument> {
        if HeaderValue::from_str(content_type).is_err() {
            return Err(InvalidArgument::new(
                "content_type",
                "is not a valid header value",
            ));
        }
        self.body = Body::Bytes(body, content_type.to_owned().into());
        Ok(())
    }

    /// Sets the `Accept` header (default `application/json`).
    pub fn accept(&mut self, value: &'static str) {
        self.accept = value;
    }

    /// Whether a retry can send the request again (its body is not a stream).
    pub(crate) fn replayable(&self) -> bool {
        match &self.body {
            Body::None | Body::Bytes(..) => true,
            Body::Upload(body, _) => body.replayable(),
            Body::Multipart(form) => form.replayable(),
        }
    }

    /// The full URL: `base_url`, the path, the query and the credentials that go in it.
    pub(crate) fn url(&self, base_url: &str, auth: &Applied) -> Result<Url, InvalidArgument> {
        let mut segments = self.path.split('/').skip(1).peekable();
        while let Some(segment) = segments.next() {
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            if matches!(&*decoded, "." | "..") || (decoded.is_empty() && segments.peek().is_some())
            {
                return Err(InvalidArgument::new(
                    "path",
                    format!("`{}` has an empty, `.` or `..` segment", self.path),
                ));
            }
        }
        let mut url =
            String::with_capacity(base_url.len() + self.path.len() + self.query.len() + 2);
        url.push_str(base_url);
        if !self.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&self.path);
        let mut query = self.query.clone();
        for (name, secret) in &auth.query {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&encode(name));
            query.push('=');
            query.push_str(&encode(secret.expose_secret()));
        }
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        Url::parse(&url)
            .map_err(|e| InvalidArgument::new("path", format!("does not form a valid URL: {e}")))
    }

    /// The headers of every attempt: `defaults` (default headers and user agent), `Accept`,
    /// `Content-Type`, the header and cookie parameters, then the credentials (marked
    /// sensitive).
    pub(crate) fn headers(
        &self,
        defaults: &HeaderMap,
        auth: &Applied,
    ) -> Result<HeaderMap, InvalidArgument> {
        let mut headers = defaults.clone();
        let accept = HeaderValue::from_str(self.accept)
            .map_err(|_| InvalidArgument::new("Accept", "is not a valid header value"))?;
        headers.insert(ACCEPT, accept);
        let content_type = match &self.body {
            Body::Bytes(_, content_type) => Some(content_type.as_ref()),
            Body::Upload(_, content_type) => Some(*content_type),
            Body::None | Body::Multipart(_) => None,
        };
        if let Some(content_type) = content_type {
            let content_type = HeaderValue::from_str(content_type)
                .map_err(|_| InvalidArgument::new("Content-Type", "is not a valid header value"))?;
            headers.insert(CONTENT_TYPE, content_type);
        }
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &auth.headers {
            headers.insert(name.clone(), value.clone());
        }
        let mut cookies = self.cookies.clone();
        for (name, secret) in &auth.cookies {
            cookies.push(format!("{name}={}", secret.expose_secret()));
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| InvalidArgument::new("Cookie", "is not a valid header value"))?;
            value.set_sensitive(!auth.cookies.is_empty());
            headers.insert(COOKIE, value);
        }
        Ok(headers)
    }

    /// One attempt to send: a fresh `reqwest::Request` (the body is cheaply shared `Bytes`, a
    /// file opened again, or the stream, which only the first attempt gets).
    /// `target` is where a followed redirect leads instead; a `303` (or a `301`/`302` to a
    /// `POST`) leads to a `GET` without the body.
    pub(crate) async fn attempt(
        &self,
        url: &Url,
        headers: &HeaderMap,
        timeout: Duration,
        target: Option<&Target>,
    ) -> Result<reqwest::Request, InvalidArgument> {
        let (method, body) = match target {
            Some(Target {
                method,
                body: false,
                ..
            }) => (method.clone(), &Body::None),
            Some(Target { method, .. }) => (method.clone(), &self.body),
            None => (self.method.clone(), &self.body),
        };
        let mut attempt = reqwest::Request::new(method, url.clone());
        *attempt.headers_mut() = headers.clone();
        if matches!(target, Some(Target { body: false, .. })) {
            // The body stays behind, and so does what described it.
            attempt.headers_mut().remove(CONTENT_TYPE);
        }
        *attempt.timeout_mut() = Some(timeout);
        match body {
            Body::None => {}
            Body::Bytes(bytes, _) => *attempt.body_mut() = Some(bytes.clone().into()),
            Body::Upload(upload, _) => *attempt.body_mut() = Some(upload.for_attempt().await?),
            Body::Multipart(form) => {
                let form = form.for_attempt().await?;
                attempt = with_form(attempt, form)?;
            }
        }
        Ok(attempt)
    }
}

/// `request` with `form` as its body and the `Content-Type` with the form's boundary.
#[cfg(not(target_arch = "wasm32"))]
fn with_form(
    mut request: reqwest::Request,
    form: reqwest::multipart::Form,
) -> Result<reqwest::Request, InvalidArgument> {
    let content_type = format!("multipart/form-data; boundary={}", form.boundary());
    let content_type = HeaderValue::from_str(&content_type)
        .map_err(|_| InvalidArgument::new("Content-Type", "is not a valid header value"))?;
    request.headers_mut().insert(CONTENT_TYPE, content_type);
    *request.body_mut() = Some(reqwest::Body::wrap_stream(form.into_stream()));
    Ok(request)
}

/// `request` with `form` as its body: in a browser the form is the `fetch` API's `FormData`,
/// which sets the `Content-Type` itself.
#[cfg(target_arch = "wasm32")]
fn with_form(
    request: reqwest::Request,
    form: reqwest::multipart::Form,
) -> Result<reqwest::Request, InvalidArgument> {
    reqwest::RequestBuilder::from_parts(reqwest::Client::new(), request)
        .multipart(form)
        .build()
        .map_err(|_| InvalidArgument::new("body", "the multipart form cannot be sent"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body and `Content-Type` a request carries as bytes.
    fn bytes_of(request: &Request) -> Option<(&[u8], &str)> {
        match &request.body {
            Body::Bytes(bytes, content_type) => Some((bytes, content_type)),
            _ => None,
        }
    }

    #[test]
    fn query_styles() {
        let mut request = Request::new(Method::GET, "op", "/x");
        request.query("q", &"a b&c");
        request.query_array("ids", &[1, 2], true);
        request.query_array("tags", &["x,y", "z"], false);
        request.query_array("empty", &[] as &[u8], false);
        request.query_deep_object(
            "filter",
            &serde_json::json!({"name": "n", "a": {"b": true}, "skip": null}),
        );
        assert_eq!(
            request.query,
            "q=a%20b%26c&ids=1&ids=2&tags=x%2Cy,z&filter[a][b]=true&filter[name]=n"
        );
    }

    #[test]
    fn bodies_carry_their_content_type() {
        let mut request = Request::new(Method::PATCH, "op", "/x");
        request
            .json_as(
                &serde_json::json!({"a": null}),
                "application/merge-patch+json",
            )
            .unwrap();
        assert_eq!(
            bytes_of(&request),
            Some((&b"{\"a\":null}"[..], "application/merge-patch+json"))
        );
        request.form(&serde_json::json!({"a": "x y"})).unwrap();
        assert_eq!(
            bytes_of(&request),
            Some((&b"a=x%20y"[..], "application/x-www-form-urlencoded"))
        );
        let payload = Bytes::from_static(b"--b\r\n\r\n--b--");
        request
            .bytes_with_content_type(payload.clone(), "multipart/form-data; boundary=b")
            .unwrap();
        assert_eq!(
            bytes_of(&request),
            Some((&payload[..], "multipart/form-data; boundary=b"))
        );
        assert!(request
            .bytes_with_content_type(Bytes::new(), "multipart/form-data\r\nX: 1")
            .is_err());
        // A later body replaces the earlier one, whatever its kind.
        request.upload(
            UploadBody::from(Bytes::from_static(b"raw")),
            "application/octet-stream",
        );
        assert!(bytes_of(&request).is_none() && request.replayable());
    }

    #[test]
    fn header_values_with_line_breaks_are_rejected() {
        let mut request = Request::new(Method::GET, "op", "/x");
        assert!(request.header("X-Id", &"ok value").is_ok());
        for bad in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"] {
            let error = request.header("X-Id", &bad).unwrap_err();
            assert!(matches!(error, InvalidArgument { ref name, .. } if name == "X-Id"));
        }
        assert!(request.cookie("s", &"a;b").is_err());
        assert!(request.cookie("s", &"a b").is_err());
        assert!(request.cookie("s", &"abc-123").is_ok());
        assert_eq!(request.headers.len(), 1);
        assert_eq!(request.cookies, ["s=abc-123"]);
    }
}
