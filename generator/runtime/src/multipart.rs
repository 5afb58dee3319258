//! `multipart/form-data` bodies built from typed parts: text, JSON and files, sent with
//! `reqwest`'s multipart support. Generated form structs fill a [`Form`]; users give files as
//! [`FilePart`]s.

#[cfg(not(target_arch = "wasm32"))]
use std::path::PathBuf;

use serde::Serialize;

use crate::upload::UploadBody;
use crate::InvalidArgument;

/// A file in a multipart body: its contents (bytes, a file read as the request is sent, or a
/// stream; see [`UploadBody`]), with the file name and content type the part announces.
#[derive(Debug)]
pub struct FilePart {
    body: UploadBody,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part with these contents, no file name and the document's content type (else
    /// `application/octet-stream`).
    pub fn new(body: impl Into<UploadBody>) -> Self {
        Self {
            body: body.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file at `path`, read as the request is sent, named after its last component. A
    /// file that cannot be opened fails the call with
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) before anything is sent. Not
    /// in a browser.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Self {
            body: UploadBody::file(path),
            file_name,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type`, instead of the one the document gives.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// The parts of a multipart body, in order. Generated code fills it from a form struct.
#[derive(Debug, Default)]
pub struct Form {
    parts: Vec<(&'static str, Value)>,
}

#[derive(Debug)]
enum Value {
    Text {
        text: String,
        content_type: Option<&'static str>,
    },
    File {
        file: FilePart,
        content_type: Option<&'static str>,
    },
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part (a string, number or boolean as text), with the `encoding` object's
    /// content type when the document gives one.
    pub fn text(&mut self, name: &'static str, text: String, content_type: Option<&'static str>) {
        self.parts.push((name, Value::Text { text, content_type }));
    }

    /// Adds `value` as a JSON part (`application/json` unless the document says otherwise).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&'static str>,
    ) -> Result<(), InvalidArgument> {
        let text =
            serde_json::to_string(value).map_err(|e| InvalidArgument::new(name, e.to_string()))?;
        self.text(name, text, Some(content_type.unwrap_or("application/json")));
        Ok(())
    }

    /// Adds a file part; `content_type` is the document's, used when the file gives none.
    pub fn file(&mut self, name: &'static str, file: FilePart, content_type: Option<&'static str>) {
        self.parts.push((name, Value::File { file, content_type }));
    }

    /// Whether a retry can send the form again (no part is a stream).
    pub(crate) fn replayable(&self) -> bool {
        self.parts.iter().all(|(_, value)| match value {
            Value::Text { .. } => true,
            Value::File { file, .. } => file.body.replayable(),
        })
    }

    /// The `reqwest` form of one attempt (files are opened again for each).
    pub(crate) async fn for_attempt(&self) -> Result<reqwest::multipart::Form, InvalidArgument> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.parts {
            let part = match value {
                Value::Text { text, content_type } => {
                    let part = reqwest::multipart::Part::text(text.clone());
                    with_type(part, name, content_type.map(str::to_owned))?
                }
                Value::File { file, content_type } => {
                    let body = file.body.for_attempt().await?;
                    let mut part = reqwest::multipart::Part::stream(body);
                    if let Some(file_name) = &file.file_name {
                        part = part.file_name(file_name.clone());
                    }
                    let content_type = file
                        .content_type
                        .clone()
                        .or(content_type.map(str::to_owned))
                        .unwrap_or_else(|| "application/octet-stream".to_owned());
                    with_type(part, name, Some(content_type))?
                }
            };
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

fn with_type(
    part: reqwest::multipart::Part,
    name: &str,
    content_type: Option<String>,
) -> Result<reqwest::multipart::Part, InvalidArgument> {
    match content_type {
        Some(content_type) => part.mime_str(&content_type).map_err(|_| {
            InvalidArgument::new(
                name,
                format!("`{content_type}` is not a valid content type"),
            )
        }),
        None => Ok(part),
    }
}
