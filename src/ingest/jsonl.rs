//! JSONL: one article per line, field names set in the pipeline.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::config::InvalidUtf8;

use super::{
    IngestContext, InputItem, PublishedSource, RawDocument, Reject, RejectReason, bytes_to_text,
    file, html, parse_day, source,
};

/// Reads a JSONL file line by line as raw bytes, so that one line of invalid
/// UTF-8 rejects that line, not the file. A line over the document limit is
/// rejected without being held: its bytes are skipped up to the next
/// newline, so an endless line (a link to `/dev/zero`) costs no memory.
pub(super) struct LineReader {
    input: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    limit: u64,
    line: u64,
    done: bool,
}

impl LineReader {
    pub(super) fn open(input: Arc<str>, path: &Path, limit: u64) -> Result<LineReader, InputItem> {
        match source::open(path) {
            Ok(reader) => Ok(LineReader {
                input,
                reader,
                limit,
                line: 0,
                done: false,
            }),
            Err(e) => Err(InputItem::cannot_open(input, &e)),
        }
    }
}

/// One line read: its bytes (without the newline), or its length when it
/// was over the limit; `None` at the end of the input.
enum Line {
    Kept(Vec<u8>),
    TooLong(u64),
}

/// Reads up to the next newline, keeping at most `limit` bytes.
fn read_line(reader: &mut dyn BufRead, limit: u64) -> std::io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let mut length = 0u64;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let (chunk, ends) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        length += chunk.len() as u64;
        if length <= limit {
            bytes.extend_from_slice(chunk);
        } else {
            bytes = Vec::new();
        }
        let used = chunk.len() + usize::from(ends);
        reader.consume(used);
        if ends {
            return Ok(Some(line_of(bytes, length, limit)));
        }
    }
    Ok((length > 0).then(|| line_of(bytes, length, limit)))
}

fn line_of(mut bytes: Vec<u8>, length: u64, limit: u64) -> Line {
    if length > limit {
        return Line::TooLong(length);
    }
    while bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    Line::Kept(bytes)
}

impl Iterator for LineReader {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        while !self.done {
            self.line += 1;
            match read_line(&mut self.reader, self.limit) {
                Ok(None) => self.done = true,
                Ok(Some(Line::TooLong(length))) => {
                    let (reason, detail) = too_large(length, self.limit);
                    let reject = Reject {
                        input: self.input.clone(),
                        line: Some(self.line),
                        reason,
                        detail,
                    };
                    return Some(InputItem::Failed {
                        reject,
                        size: length + 1,
                    });
                }
                Ok(Some(Line::Kept(mut bytes))) => {
                    // A UTF-8 byte order mark opens the file, not the object.
                    if self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                        bytes.drain(..3);
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
                        reason: RejectReason::of_io(&e),
                        detail: format!("read error; the rest of the file is not read: {e}"),
                    };
                    return Some(InputItem::Failed { reject, size: 0 });
                }
            }
        }
        None
    }
}

/// Why a line is rejected, before it is tied to its input file and line.
type LineError = (RejectReason, String);

/// Decodes one JSONL line into a document. The checks run in a fixed order
/// (size, UTF-8, JSON object, text field, text bytes) and the first one that
/// fails decides the reject reason; the optional fields never reject.
pub(super) fn decode_line(
    input: Arc<str>,
    line: u64,
    bytes: &[u8],
    ctx: &IngestContext<'_>,
) -> Result<RawDocument, Reject> {
    let fields = &ctx.config.jsonl;
    let reject = |(reason, detail): LineError| Reject {
        input: input.clone(),
        line: Some(line),
        reason,
        detail,
    };
    check_size(bytes, ctx.config.max_document_bytes).map_err(reject)?;
    let (line_text, mut replaced) = decode_utf8(bytes, ctx.config.invalid_utf8).map_err(reject)?;
    let mut object = parse_object(&line_text).map_err(reject)?;
    // A page stands in for the text only where there is no text.
    let has_text = object.contains_key(&fields.text);
    let page = match (has_text, object.remove(&fields.html)) {
        (false, Some(Value::String(html))) => Some(html),
        _ => None,
    };
    let text = match page {
        Some(_) => String::new(),
        None => {
            let text = take_text(&mut object, &fields.text, &fields.html).map_err(reject)?;
            let (text, in_text) = bytes_to_text(
                text.into_bytes(),
                &input,
                Some(line),
                ctx.config.invalid_utf8,
            )?;
            replaced += in_text;
            text
        }
    };
    // Each field is taken out of the object in this order, so that when two
    // settings name the same field the earlier one gets it.
    let published = take_published(&mut object, &fields.published, &input, line, ctx);
    let mut doc = RawDocument {
        external_id: take_string(&mut object, &fields.id),
        source: take_string(&mut object, &fields.source),
        title: take_string(&mut object, &fields.title),
        author: None,
        url: take_string(&mut object, &fields.url),
        published,
        published_source: published.map(|_| PublishedSource::Jsonl),
        captured: None,
        language: None,
        text,
        extracted: false,
        bytes: bytes.len() as u64,
        replaced_sequences: replaced,
        input,
        line: Some(line),
    };
    if let Some(html) = page {
        let read = html::read_page(html.as_bytes(), Some("utf-8"), doc.url.as_deref(), None);
        file::page_into(read, &mut doc)?;
    }
    Ok(doc)
}

/// Rejects a line over the per-document limit before any parsing work.
fn check_size(bytes: &[u8], max_document_bytes: u64) -> Result<(), LineError> {
    if bytes.len() as u64 > max_document_bytes {
        return Err(too_large(bytes.len() as u64, max_document_bytes));
    }
    Ok(())
}

fn too_large(length: u64, max_document_bytes: u64) -> LineError {
    (
        RejectReason::TooLarge,
        format!(
            "a {length}-byte line is over the {max_document_bytes}-byte limit for one document"
        ),
    )
}

/// Decodes the line first so bad bytes are reported as such, not as bad JSON.
/// Returns the text (borrowed when it is valid UTF-8) and how many invalid
/// sequences were replaced.
fn decode_utf8(bytes: &[u8], policy: InvalidUtf8) -> Result<(Cow<'_, str>, u32), LineError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), 0)),
        Err(e) if policy == InvalidUtf8::Reject => Err((
            RejectReason::InvalidUtf8,
            format!(
                "invalid UTF-8 at byte {} of the line; re-encode the file as UTF-8 \
                 or set input.invalid_utf8 = \"replace\" in the pipeline",
                e.valid_up_to()
            ),
        )),
        Err(_) => {
            let count = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            Ok((String::from_utf8_lossy(bytes), count as u32))
        }
    }
}

/// Parses the line as JSON; each line must hold one object.
fn parse_object(line_text: &str) -> Result<Map<String, Value>, LineError> {
    match serde_json::from_str(line_text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err((
            RejectReason::MalformedJson,
            format!(
                "expected a JSON object per line, found {}",
                json_kind(&other)
            ),
        )),
        Err(e) => Err((RejectReason::MalformedJson, format!("not valid JSON: {e}"))),
    }
}

/// Takes the article text out of the object; a document without a string
/// there has nothing to clean, so it is rejected.
fn take_text(
    object: &mut Map<String, Value>,
    field: &str,
    html_field: &str,
) -> Result<String, LineError> {
    match object.remove(field) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err((
            RejectReason::MissingText,
            format!("field {:?} is {}, not a string", field, json_kind(&other)),
        )),
        None => Err((
            RejectReason::MissingText,
            format!(
                "no {:?} field (nor a page in {:?}); set input.jsonl.text or input.jsonl.html in the \
                 pipeline if the article has another field name",
                field, html_field
            ),
        )),
    }
}

/// Takes an optional metadata field out of the object: a non-blank string,
/// or a number as written (numeric ids). Anything else counts as absent.
fn take_string(object: &mut Map<String, Value>, name: &str) -> Option<String> {
    match object.remove(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// Takes the published day out of the object. A value that is not a date
/// only warns: the article is still worth keeping without one.
fn take_published(
    object: &mut Map<String, Value>,
    field: &str,
    input: &str,
    line: u64,
    ctx: &IngestContext<'_>,
) -> Option<NaiveDate> {
    let published_text = take_string(object, field);
    let published = published_text.as_deref().and_then(parse_day);
    if let (Some(raw), None) = (&published_text, published) {
        ctx.warnings.push(format!(
            "{input}:{line}: published {raw:?} is not a YYYY-MM-DD date; the document is kept without one"
        ));
    }
    published
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_over_the_limit_is_skipped_to_its_newline_not_held() {
        use std::io::Read;
        // 256 MiB of one line, then a line that fits, then one with no newline.
        let endless = std::io::repeat(b'x').take(256 << 20);
        let rest: &[u8] = b"\n{\"text\": \"ok\"}\r\n\n{}";
        let mut reader = std::io::BufReader::new(endless.chain(rest));
        let mut lines = Vec::new();
        while let Some(line) = read_line(&mut reader, 1 << 20).unwrap() {
            lines.push(match line {
                Line::TooLong(n) => format!("too long: {n}"),
                Line::Kept(bytes) => String::from_utf8(bytes).unwrap(),
            });
        }
        assert_eq!(
            lines,
            ["too long: 268435456", r#"{"text": "ok"}"#, "", "{}"]
        );
    }
}
