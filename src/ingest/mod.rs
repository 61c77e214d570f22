//! Ingest: turns input files into raw documents or reject rows.
//!
//! The boundary is two steps so that new readers (HTML, WARC) slot in without
//! touching later stages:
//! 1. [`InputStream`] walks the input files in sorted order and yields cheap
//!    [`InputItem`]s (a path to read, one JSONL line's bytes). It runs on one
//!    thread and does the sequential I/O.
//! 2. [`decode`] turns one item into a [`RawDocument`] or a [`Reject`]. It is
//!    pure apart from reading a text file, and runs in parallel.

pub mod expand;
mod file;
pub mod html;
mod inflate;
mod jsonl;
mod manifest;
pub mod source;
pub mod warc;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::extract::dates::Confidence;

pub use manifest::Manifest;

use crate::config::InputConfig;
use crate::ingest::expand::InputKind;

/// One input document before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDocument {
    /// The input file, as the path was given (see `paths::normalize`).
    pub input: Arc<str>,
    /// 1-based line for JSONL; `None` for one-document files.
    pub line: Option<u64>,
    /// The document's own id from the JSONL `id` field or the manifest.
    pub external_id: Option<String>,
    /// Publisher from the manifest or JSONL (`The Kyiv Independent`).
    pub source: Option<String>,
    pub title: Option<String>,
    /// From the page's metadata or byline (HTML).
    pub author: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub published_source: Option<PublishedSource>,
    /// When a crawler fetched the page (WARC-Date), microseconds since
    /// 1970 UTC.
    pub captured: Option<i64>,
    /// ISO 639-1 code the page declares (`<html lang>`).
    pub language: Option<String>,
    /// UTF-8 text, byte-order mark removed.
    pub text: String,
    /// Whether `text` is already the main content (chosen from a page's
    /// DOM), so the clean stage keeps all of it.
    pub extracted: bool,
    /// Size of the input bytes this document came from.
    pub bytes: u64,
    /// Invalid UTF-8 sequences replaced by U+FFFD (`invalid_utf8 = "replace"`).
    pub replaced_sequences: u32,
}

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishedSource {
    Manifest,
    Jsonl,
    /// A page's JSON-LD `datePublished`.
    JsonLd,
    /// A page's `<meta>` tags or `<time datetime>`.
    HtmlMeta,
    /// A date in the page's URL.
    Url,
    /// The first day written out in the page's text.
    HtmlText,
    /// From the text's own dates and its feed (`dates::day_evidence`,
    /// `run::feed`), with how sure that is.
    Inferred(Confidence),
}

impl PublishedSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::Manifest => "manifest",
            PublishedSource::Jsonl => "jsonl",
            PublishedSource::JsonLd => "jsonld",
            PublishedSource::HtmlMeta => "html_meta",
            PublishedSource::Url => "url",
            PublishedSource::HtmlText => "html_text",
            PublishedSource::Inferred(_) => "inferred",
        }
    }
}

/// An input that did not become a document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub input: Arc<str>,
    pub line: Option<u64>,
    pub reason: RejectReason,
    /// A sentence for a person: what is wrong and what to do.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    Unreadable,
    MissingFile,
    UnsupportedFormat,
    TooLarge,
    Empty,
    Binary,
    InvalidUtf8,
    MalformedJson,
    MissingText,
    /// The machine, not the input, failed (out of file handles, memory or
    /// disk; a failing device): the run stops instead of rejecting, so it
    /// is in no table and not in [`RejectReason::ALL`].
    System,
}

impl RejectReason {
    pub const ALL: [RejectReason; 9] = [
        RejectReason::Unreadable,
        RejectReason::MissingFile,
        RejectReason::UnsupportedFormat,
        RejectReason::TooLarge,
        RejectReason::Empty,
        RejectReason::Binary,
        RejectReason::InvalidUtf8,
        RejectReason::MalformedJson,
        RejectReason::MissingText,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Unreadable => "unreadable",
            RejectReason::MissingFile => "missing_file",
            RejectReason::UnsupportedFormat => "unsupported_format",
            RejectReason::TooLarge => "too_large",
            RejectReason::Empty => "empty",
            RejectReason::Binary => "binary",
            RejectReason::InvalidUtf8 => "invalid_utf8",
            RejectReason::MalformedJson => "malformed_json",
            RejectReason::MissingText => "missing_text",
            RejectReason::System => "system",
        }
    }

    /// [`RejectReason::System`] for an error of the machine, else
    /// [`RejectReason::Unreadable`].
    pub fn of_io(e: &std::io::Error) -> RejectReason {
        if is_system_error(e) {
            RejectReason::System
        } else {
            RejectReason::Unreadable
        }
    }
}

/// Whether reading failed for a reason of the machine rather than of the
/// file: too many open files, no memory, no space, an I/O error.
pub fn is_system_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    // EIO, ENOMEM, ENFILE, EMFILE, ENOSPC, EDQUOT on Linux.
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(5 | 12 | 23 | 24 | 28 | 122)) {
        return true;
    }
    matches!(
        e.kind(),
        ErrorKind::OutOfMemory | ErrorKind::StorageFull | ErrorKind::QuotaExceeded
    )
}

/// One unit of work for [`decode`].
#[derive(Debug)]
pub enum InputItem {
    /// A one-document file: text or a page.
    File {
        input: Arc<str>,
        path: PathBuf,
        size: u64,
        kind: InputKind,
    },
    JsonlLine {
        input: Arc<str>,
        line: u64,
        bytes: Vec<u8>,
    },
    /// A page in a WARC file.
    WarcPage {
        input: Arc<str>,
        page: Box<warc::WarcPage>,
        size: u64,
    },
    /// Failed before decoding (unreadable file, unsupported extension...).
    Failed { reject: Reject, size: u64 },
}

impl InputItem {
    /// The reject for an input file that cannot be opened.
    fn cannot_open(input: Arc<str>, e: &std::io::Error) -> InputItem {
        InputItem::Failed {
            reject: Reject {
                input,
                line: None,
                reason: RejectReason::of_io(e),
                detail: format!("cannot open the file: {e}"),
            },
            size: 0,
        }
    }

    /// Input bytes this item accounts for, for batching and progress.
    pub fn size(&self) -> u64 {
        match self {
            InputItem::File { size, .. }
            | InputItem::WarcPage { size, .. }
            | InputItem::Failed { size, .. } => *size,
            InputItem::JsonlLine { bytes, .. } => bytes.len() as u64 + 1,
        }
    }
}

/// Read-only state shared by every [`decode`] call.
pub struct IngestContext<'a> {
    pub config: &'a InputConfig,
    pub manifest: Option<&'a Manifest>,
    pub warnings: &'a crate::warnings::Warnings,
}

/// Turns one input item into a document or a reject.
pub fn decode(item: InputItem, ctx: &IngestContext<'_>) -> Result<RawDocument, Reject> {
    match item {
        InputItem::File {
            input,
            path,
            size,
            kind,
        } => file::decode_file(input, &path, size, kind, ctx),
        InputItem::JsonlLine { input, line, bytes } => jsonl::decode_line(input, line, &bytes, ctx),
        InputItem::WarcPage { input, page, .. } => file::decode_warc_page(input, *page),
        InputItem::Failed { reject, .. } => Err(reject),
    }
}

/// Walks the input files in order and yields one item per document.
pub struct InputStream {
    files: std::vec::IntoIter<PathBuf>,
    /// The file being read item by item (JSONL lines, WARC records).
    reader: Option<Box<dyn Iterator<Item = InputItem> + Send>>,
    pending: std::vec::IntoIter<InputItem>,
    max_document_bytes: u64,
    record_kinds: warc::RecordKinds,
}

impl InputStream {
    /// `files` must already be sorted; `upfront` items (for example manifest
    /// rows whose file is missing) are yielded first.
    pub fn new(
        files: Vec<PathBuf>,
        upfront: Vec<InputItem>,
        max_document_bytes: u64,
    ) -> InputStream {
        InputStream {
            files: files.into_iter(),
            reader: None,
            pending: upfront.into_iter(),
            max_document_bytes,
            record_kinds: warc::RecordKinds::default(),
        }
    }

    /// WARC records that were no pages, by kind (`request`,
    /// `response_redirect`...), so far.
    pub fn record_kinds(&self) -> std::collections::BTreeMap<String, u64> {
        self.record_kinds
            .lock()
            .map(|k| k.clone())
            .unwrap_or_default()
    }
}

impl Iterator for InputStream {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        if let Some(item) = self.pending.next() {
            return Some(item);
        }
        loop {
            if let Some(reader) = &mut self.reader {
                match reader.next() {
                    Some(item) => return Some(item),
                    None => self.reader = None,
                }
            }
            let path = self.files.next()?;
            let input: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
            match InputKind::of(&path) {
                kind @ (InputKind::Text | InputKind::Html) => {
                    return Some(file::item(input, path, kind));
                }
                InputKind::Jsonl => {
                    match jsonl::LineReader::open(input, &path, self.max_document_bytes) {
                        Ok(reader) => self.reader = Some(Box::new(reader)),
                        Err(item) => return Some(item),
                    }
                }
                InputKind::Warc => {
                    let kinds = self.record_kinds.clone();
                    match warc::WarcReader::open(input, &path, self.max_document_bytes, kinds) {
                        Ok(reader) => self.reader = Some(Box::new(reader)),
                        Err(item) => return Some(item),
                    }
                }
                InputKind::Unsupported => {
                    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                    let detail = format!(
                        "no reader for this file's extension; newsmill reads .txt (one article per file), \
                         .html (one page per file), .jsonl (one article per line) and .warc (web archives), any of them gzipped (.gz): rename or convert {}",
                        path.display()
                    );
                    let reject = Reject {
                        input,
                        line: None,
                        reason: RejectReason::UnsupportedFormat,
                        detail,
                    };
                    return Some(InputItem::Failed { reject, size });
                }
            }
        }
    }
}

/// Checks shared by every reader: empty, binary, invalid UTF-8. Returns the
/// text and the number of replaced sequences.
fn bytes_to_text(
    mut bytes: Vec<u8>,
    input: &Arc<str>,
    line: Option<u64>,
    policy: crate::config::InvalidUtf8,
) -> Result<(String, u32), Reject> {
    let reject = |reason, detail: String| Reject {
        input: input.clone(),
        line,
        reason,
        detail,
    };
    // UTF-16 says so with its byte order mark; without one it would look
    // like binary data.
    let utf16 = match bytes.get(..2) {
        Some(b"\xFF\xFE") => Some(encoding_rs::UTF_16LE),
        Some(b"\xFE\xFF") => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, malformed) = encoding.decode_with_bom_removal(&bytes);
        if malformed && policy == crate::config::InvalidUtf8::Reject {
            return Err(reject(
                RejectReason::InvalidUtf8,
                format!(
                    "invalid {} (it starts with that byte order mark); convert the file to UTF-8 \
                     or set input.invalid_utf8 = \"replace\" in the pipeline",
                    encoding.name()
                ),
            ));
        }
        let replaced = text.matches('\u{FFFD}').count() as u32;
        let (text, more) = bytes_to_text(text.into_owned().into_bytes(), input, line, policy)?;
        return Ok((text, replaced + more));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    if body.iter().all(u8::is_ascii_whitespace) {
        let what = if body.is_empty() {
            "no bytes"
        } else {
            "only white space"
        };
        return Err(reject(
            RejectReason::Empty,
            format!("the document has {what}"),
        ));
    }
    if let Some(at) = looks_binary(body) {
        return Err(reject(
            RejectReason::Binary,
            format!(
                "binary data (control byte 0x{:02x} at byte {at}); this is not a text article",
                body[at]
            ),
        ));
    }
    bytes.drain(..bom);
    // Valid text keeps its buffer: no copy of every document.
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, 0)),
        Err(e) if policy == crate::config::InvalidUtf8::Reject => Err(reject(
            RejectReason::InvalidUtf8,
            format!(
                "invalid UTF-8 at byte {}; convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`) \
                 or set input.invalid_utf8 = \"replace\" in the pipeline",
                e.utf8_error().valid_up_to()
            ),
        )),
        Err(e) => {
            let body = e.into_bytes();
            let mut text = String::with_capacity(body.len() + 16);
            let mut replaced = 0u32;
            for chunk in body.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push('\u{FFFD}');
                    replaced += 1;
                }
            }
            Ok((text, replaced))
        }
    }
}

/// A NUL anywhere, or many C0 control bytes early on, mark binary data.
/// Returns the offset of the first offending byte.
fn looks_binary(bytes: &[u8]) -> Option<usize> {
    if let Some(at) = memchr_nul(bytes) {
        return Some(at);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let is_control = |b: &u8| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let controls = head.iter().filter(|b| is_control(b)).count();
    if controls * 20 > head.len() {
        return head.iter().position(is_control);
    }
    None
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// Parses `YYYY-MM-DD`, also accepting a timestamp that starts with one
/// (`2024-12-18T10:00:00Z`, `2024-12-18 10:00`).
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    if !rest.is_empty() && !time_in_range(&rest[1..]) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Whether a time after a day ("10:00:00Z") has an hour, minute and second
/// that exist: "25:61" is a typo or a corrupt value, and so is its day.
fn time_in_range(time: &str) -> bool {
    let field = |at: usize| -> Option<u32> {
        let two = time.get(at..at + 2)?;
        two.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| two.parse().ok())?
    };
    match (field(0), time.get(2..3), field(3)) {
        (Some(h), Some(":"), Some(m)) => {
            let s = (time.get(5..6) == Some(":")).then(|| field(6)).flatten();
            h <= 23 && m <= 59 && s.is_none_or(|s| s <= 60)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::InvalidUtf8;

    fn text_of(bytes: &[u8], policy: InvalidUtf8) -> Result<(String, u32), RejectReason> {
        bytes_to_text(bytes.to_vec(), &Arc::from("f.txt"), None, policy).map_err(|r| r.reason)
    }

    #[test]
    fn a_day_with_an_impossible_time_is_no_day() {
        assert!(parse_day("2024-12-18T10:00:00.000-04:00").is_some());
        assert!(parse_day("2024-12-18 23:59:60").is_some());
        assert!(parse_day("2024-12-18T25:61:00Z").is_none());
        assert!(parse_day("2024-12-18T10:75").is_none());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn errors_of_the_machine_are_no_rejects() {
        use std::io::{Error, ErrorKind};
        for code in [5, 12, 23, 24, 28] {
            let e = Error::from_raw_os_error(code);
            assert_eq!(RejectReason::of_io(&e), RejectReason::System, "{e}");
        }
        for e in [
            Error::from(ErrorKind::NotFound),
            Error::from(ErrorKind::PermissionDenied),
        ] {
            assert_eq!(RejectReason::of_io(&e), RejectReason::Unreadable, "{e}");
        }
    }

    #[test]
    fn bad_bytes_are_classified() {
        assert_eq!(text_of(b"", InvalidUtf8::Reject), Err(RejectReason::Empty));
        assert_eq!(
            text_of(b" \n\t", InvalidUtf8::Reject),
            Err(RejectReason::Empty)
        );
        assert_eq!(
            text_of(b"\xEF\xBB\xBF", InvalidUtf8::Reject),
            Err(RejectReason::Empty)
        );
        assert_eq!(
            text_of(b"ab\0cd", InvalidUtf8::Reject),
            Err(RejectReason::Binary)
        );
        assert_eq!(
            text_of(b"\x01\x02\x03abc", InvalidUtf8::Reject),
            Err(RejectReason::Binary)
        );
        assert_eq!(
            text_of(b"caf\xe9", InvalidUtf8::Reject),
            Err(RejectReason::InvalidUtf8)
        );
    }

    #[test]
    fn good_text_keeps_its_characters_and_loses_the_bom() {
        let (text, replaced) =
            text_of("\u{FEFF}Zelenskyʼs café".as_bytes(), InvalidUtf8::Reject).unwrap();
        assert_eq!((text.as_str(), replaced), ("Zelenskyʼs café", 0));
    }

    #[test]
    fn replace_policy_counts_replaced_sequences() {
        let (text, replaced) = text_of(b"caf\xe9 ol\xe9", InvalidUtf8::Replace).unwrap();
        assert_eq!(text, "caf\u{FFFD} ol\u{FFFD}");
        assert_eq!(replaced, 2);
        // The BOM goes on this path too, and offsets are after it.
        let bom_then_latin1 = b"\xEF\xBB\xBFcaf\xe9";
        let (text, _) = text_of(bom_then_latin1, InvalidUtf8::Replace).unwrap();
        assert_eq!(text, "caf\u{FFFD}");
        let reject = bytes_to_text(
            bom_then_latin1.to_vec(),
            &Arc::from("f.txt"),
            None,
            InvalidUtf8::Reject,
        )
        .unwrap_err();
        assert!(reject.detail.contains("at byte 3;"), "{}", reject.detail);
    }

    #[test]
    fn days_parse_from_dates_and_timestamps_only() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 18);
        assert_eq!(parse_day("2024-12-18"), d);
        assert_eq!(parse_day(" 2024-12-18T10:00:00Z"), d);
        assert_eq!(parse_day("2024-12-18 10:00"), d);
        assert_eq!(parse_day("2024-12-180"), None);
        assert_eq!(parse_day("18/12/2024"), None);
        assert_eq!(parse_day("2024-02-30"), None);
    }
}
