//! Where in a JSON document a decoding error happened, as a path such as
//! `items[3].metadata.createdDate`, found from the error's position alone.
//!
//! Re-decoding a failed body with a path-tracking deserializer would instantiate every
//! response type's `Deserialize` a second time in each generated crate, for a path that only
//! failures need. Instead the text before the error's position is scanned once, here, with
//! no generic code.

/// One open container while scanning.
enum Frame {
    /// An object; `key` is the member being read (`None` before its key, or after a `,`).
    Object {
        key: Option<String>,
        expect_key: bool,
    },
    /// An array; `started` says whether element `index` has begun.
    Array { index: usize, started: bool },
}

/// The path of the value being decoded at byte `offset` of `body`: object keys joined by `.`,
/// array indices as `[i]`, and `.` for the document itself.
pub fn path_at(body: &[u8], offset: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let end = offset.min(body.len());
    let mut index = 0;
    while index < end {
        let byte = body[index];
        match byte {
            b'"' => {
                let (text, next) = string_at(body, index + 1, end);
                match stack.last_mut() {
                    Some(Frame::Object {
                        key,
                        expect_key: expect @ true,
                    }) => {
                        *key = Some(text);
                        *expect = false;
                    }
                    Some(Frame::Array { started, .. }) => *started = true,
                    _ => {}
                }
                index = next;
                continue;
            }
            b'{' | b'[' => {
                if let Some(Frame::Array { started, .. }) = stack.last_mut() {
                    *started = true;
                }
                stack.push(if byte == b'{' {
                    Frame::Object {
                        key: None,
                        expect_key: true,
                    }
                } else {
                    Frame::Array {
                        index: 0,
                        started: false,
                    }
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            _ => {
                // The first byte of a number, `true`, `false` or `null`.
                if let Some(Frame::Array { started, .. }) = stack.last_mut() {
                    *started = true;
                }
            }
        }
        index += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array {
                index,
                started: true,
            } => path.push_str(&format!("[{index}]")),
            _ => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The byte offset of 1-based `line` and `column` (as `serde_json` reports them: the bytes of
/// that line read so far).
pub fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|b| *b == b'\n') {
            Some(newline) => start += newline + 1,
            None => return body.len(),
        }
    }
    start + column
}

/// The text of the string starting after its opening quote at `start`, and where it ends.
fn string_at(body: &[u8], start: usize, end: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut index = start;
    while index < end {
        match body[index] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), index + 1),
            b'\\' if index + 1 < end => {
                let escaped = body[index + 1];
                match escaped {
                    b'u' => {
                        let hex = body
                            .get(index + 2..index + 6)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        if let Some(c) = hex {
                            out.extend_from_slice(c.to_string().as_bytes());
                        }
                        index += 6;
                        continue;
                    }
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'b' => out.push(0x08),
                    b'f' => out.push(0x0c),
                    other => out.push(other),
                }
                index += 2;
                continue;
            }
            other => out.push(other),
        }
        index += 1;
    }
    (String::from_utf8_lossy(&out).into_owned(), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path `serde_json` reports an error at, when decoding `body` as `T`.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: &str) -> String {
        let error = serde_json::from_str::<T>(body).expect_err("does not decode");
        let offset = offset_of(body.as_bytes(), error.line(), error.column());
        path_at(body.as_bytes(), offset)
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
        tags: Vec<String>,
        meta: Meta,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Meta {
        count: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
        total: u32,
    }

    #[test]
    fn paths_name_the_offending_value() {
        let ok = r#"{"id": 1, "tags": ["a"], "meta": {"count": 1}}"#;
        assert_eq!(
            path_of::<Page>(&format!(
                r#"{{"items": [{ok}, {{"id": "x"}}], "total": 2}}"#
            )),
            "items[1].id"
        );
        assert_eq!(
            path_of::<Page>(&format!(
                r#"{{"items": [{ok}, {{"id": 2, "tags": ["b", 3]}}], "total": 2}}"#
            )),
            "items[1].tags[1]"
        );
        assert_eq!(
            path_of::<Page>(&format!(
                "{{\n  \"items\": [\n    {ok},\n    {{\"id\": 2, \"tags\": [], \"meta\": {{\"count\": 300}}}}\n  ]\n}}"
            )),
            "items[1].meta.count"
        );
        // A missing field is reported at the object that lacks it.
        assert_eq!(path_of::<Page>(r#"{"items": []}"#), ".");
        assert_eq!(
            path_of::<Page>(r#"{"items": [{"id": 1, "tags": []}], "total": 1}"#),
            "items[0]"
        );
        // The wrong kind of container, and escaped keys.
        assert_eq!(path_of::<Page>(r#"{"items": {}}"#), "items");
        assert_eq!(path_of::<Page>(r#"{"it\"ems": 1, "total": "x"}"#), "total");
        assert_eq!(path_of::<Page>(r#"[1, 2]"#), "[0]");
        assert_eq!(path_of::<Page>(r#""text""#), ".");
        assert_eq!(path_of::<Page>("<html>"), ".");
    }

    #[test]
    fn offsets_follow_lines() {
        assert_eq!(offset_of(b"ab\ncd", 2, 1), 4);
        assert_eq!(offset_of(b"ab", 1, 2), 2);
        assert_eq!(offset_of(b"ab", 3, 0), 2);
    }
}
