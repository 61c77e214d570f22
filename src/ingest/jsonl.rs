//! JSONL: one article per line, field names set in the pipeline.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::config::InvalidUtf8;

use super::{
    IngestContext, InputItem, PublishedSource, RawDocument, Reject, RejectReason, bytes_to_text,
    parse_day,
};

/// Reads a JSONL file line by line as raw bytes, so that one line of invalid
/// UTF-8 rejects that line, not the file.
pub(super) struct LineReader {
    input: Arc<str>,
    reader: BufReader<std::fs::File>,
    line: u64,
    done: bool,
}

impl LineReader {
    pub(super) fn open(input: Arc<str>, path: &Path) -> Result<LineReader, InputItem> {
        match std::fs::File::open(path) {
            Ok(file) => Ok(LineReader {
                input,
                reader: BufReader::with_capacity(1 << 20, file),
                line: 0,
                done: false,
            }),
            Err(e) => Err(InputItem::Failed {
                reject: Reject {
                    input,
                    line: None,
                    reason: RejectReason::Unreadable,
                    detail: format!("cannot open the file: {e}"),
                },
                size: 0,
            }),
        }
    }
}

impl Iterator for LineReader {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        while !self.done {
            let mut bytes = Vec::new();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                        bytes.pop();
                    }
                    // A blank line holds no document; skipping it loses nothing.
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(InputItem::JsonlLine {
                        input: self.input.clone(),
                        line: self.line,
                        bytes,
                    });
                }
                Err(e) => {
                    self.done = true;
                    let reject = Reject {
                        input: self.input.clone(),
                        line: Some(self.line),
                        reason: RejectReason::Unreadable,
                        detail: format!("read error; the rest of the file is not read: {e}"),
                    };
                    return Some(InputItem::Failed { reject, size: 0 });
                }
            }
        }
        None
    }
}

pub(super) fn decode_line(
    input: Arc<str>,
    line: u64,
    bytes: &[u8],
    ctx: &IngestContext<'_>,
) -> Result<RawDocument, Reject> {
    let fields = &ctx.config.jsonl;
    let reject = |reason, detail: String| Reject {
        input: input.clone(),
        line: Some(line),
        reason,
        detail,
    };
    if bytes.len() as u64 > ctx.config.max_document_bytes {
        return Err(reject(
            RejectReason::TooLarge,
            format!(
                "a {}-byte line is over the {}-byte limit for one document",
                bytes.len(),
                ctx.config.max_document_bytes
            ),
        ));
    }
    // Decode the line first so bad bytes are reported as such, not as bad JSON.
    let (line_text, mut replaced) = match std::str::from_utf8(bytes) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), 0),
        Err(e) if ctx.config.invalid_utf8 == InvalidUtf8::Reject => {
            return Err(reject(
                RejectReason::InvalidUtf8,
                format!(
                    "invalid UTF-8 at byte {} of the line; re-encode the file as UTF-8 \
                     or set input.invalid_utf8 = \"replace\" in the pipeline",
                    e.valid_up_to()
                ),
            ));
        }
        Err(_) => {
            let count = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            (String::from_utf8_lossy(bytes), count as u32)
        }
    };
    let mut object: Map<String, Value> = match serde_json::from_str(&line_text) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            return Err(reject(
                RejectReason::MalformedJson,
                format!(
                    "expected a JSON object per line, found {}",
                    json_kind(&other)
                ),
            ));
        }
        Err(e) => {
            return Err(reject(
                RejectReason::MalformedJson,
                format!("not valid JSON: {e}"),
            ));
        }
    };
    let text = match object.remove(&fields.text) {
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(reject(
                RejectReason::MissingText,
                format!(
                    "field {:?} is {}, not a string",
                    fields.text,
                    json_kind(&other)
                ),
            ));
        }
        None => {
            return Err(reject(
                RejectReason::MissingText,
                format!(
                    "no {:?} field; set input.jsonl.text in the pipeline if the article text has another name",
                    fields.text
                ),
            ));
        }
    };
    let (text, in_text) = bytes_to_text(
        text.into_bytes(),
        &input,
        Some(line),
        ctx.config.invalid_utf8,
    )?;
    replaced += in_text;
    let mut string_field = |name: &str| match object.remove(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let published_text = string_field(&fields.published);
    let published = published_text.as_deref().and_then(parse_day);
    if let (Some(raw), None) = (&published_text, published) {
        ctx.warnings.push(format!(
            "{input}:{line}: published {raw:?} is not a YYYY-MM-DD date; the document is kept without one"
        ));
    }
    Ok(RawDocument {
        external_id: string_field(&fields.id),
        source: string_field(&fields.source),
        title: string_field(&fields.title),
        url: string_field(&fields.url),
        published,
        published_source: published.map(|_| PublishedSource::Jsonl),
        text,
        bytes: bytes.len() as u64,
        replaced_sequences: replaced,
        input,
        line: Some(line),
    })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
