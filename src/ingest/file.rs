//! One-document files: plain text and HTML pages, metadata from the
//! manifest (and for a page, from the page itself where the manifest is
//! silent).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::expand::InputKind;
use super::html::{self, DaySource};
use super::warc::WarcPage;
use super::{
    IngestContext, InputItem, PublishedSource, RawDocument, Reject, RejectReason, bytes_to_text,
    source,
};

/// The stream's item for a file: only its size is looked at here, the
/// bytes are read in parallel by [`decode_file`].
pub(super) fn item(input: Arc<str>, path: PathBuf, kind: InputKind) -> InputItem {
    match std::fs::metadata(&path) {
        Ok(meta) => InputItem::File {
            input,
            path,
            size: meta.len(),
            kind,
        },
        Err(e) => InputItem::Failed {
            reject: unreadable(input, &e),
            size: 0,
        },
    }
}

pub(super) fn decode_file(
    input: Arc<str>,
    path: &Path,
    size: u64,
    kind: InputKind,
    ctx: &IngestContext<'_>,
) -> Result<RawDocument, Reject> {
    let bytes = read(&input, path, size, ctx.config.max_document_bytes)?;
    let size = bytes.len() as u64;
    let entry = ctx.manifest.and_then(|m| m.get(path));
    let published = entry.and_then(|e| e.published);
    let mut doc = RawDocument {
        input,
        line: None,
        external_id: entry.and_then(|e| e.id.clone()),
        source: entry.and_then(|e| e.source.clone()),
        title: entry.and_then(|e| e.title.clone()),
        author: None,
        url: entry.and_then(|e| e.url.clone()),
        published,
        published_source: published.map(|_| PublishedSource::Manifest),
        captured: None,
        language: None,
        text: String::new(),
        extracted: false,
        bytes: size,
        replaced_sequences: 0,
    };
    if kind == InputKind::Html {
        let page = html::read_page(&bytes, None, doc.url.as_deref(), None);
        page_into(page, &mut doc)?;
    } else {
        let (text, replaced) = bytes_to_text(bytes, &doc.input, None, ctx.config.invalid_utf8)?;
        doc.text = text;
        doc.replaced_sequences = replaced;
    }
    Ok(doc)
}

/// A page from a WARC record: its URL, record id and the charset of its
/// HTTP header; a publication day after the capture is no publication day.
pub(super) fn decode_warc_page(input: Arc<str>, page: WarcPage) -> Result<RawDocument, Reject> {
    let bytes = page.payload().len() as u64;
    let mut doc = RawDocument {
        input,
        line: None,
        external_id: page.record_id.clone(),
        source: None,
        title: None,
        author: None,
        url: page.url.clone(),
        published: None,
        published_source: None,
        captured: page.captured,
        language: None,
        text: String::new(),
        extracted: false,
        bytes,
        replaced_sequences: 0,
    };
    let read = html::read_page(
        page.payload(),
        page.charset.as_deref(),
        doc.url.as_deref(),
        page.captured.and_then(capture_day),
    );
    page_into(read, &mut doc).map_err(|mut r| {
        r.detail = format!("record at byte {}: {}", page.offset, r.detail);
        r
    })?;
    Ok(doc)
}

/// The UTC day of a capture time in microseconds since 1970.
fn capture_day(micros: i64) -> Option<chrono::NaiveDate> {
    let days = micros.div_euclid(86_400_000_000);
    crate::epoch::day_of(i32::try_from(days).ok()?)
}

/// Fills a document from a page, the given metadata first; a page with no
/// article text is a reject.
pub(super) fn page_into(page: html::Page, doc: &mut RawDocument) -> Result<(), Reject> {
    if page.text.is_empty() {
        return Err(Reject {
            input: doc.input.clone(),
            line: doc.line,
            reason: RejectReason::Empty,
            detail: format!(
                "the page ({} bytes of HTML) holds no article text: a login or index page, \
                 or one whose text is written by scripts",
                doc.bytes
            ),
        });
    }
    doc.text = page.text;
    doc.extracted = true;
    doc.replaced_sequences = u32::from(page.malformed);
    doc.title = doc.title.take().or(page.title);
    doc.author = doc.author.take().or(page.author);
    doc.url = doc.url.take().or(page.canonical);
    doc.language = page.language;
    if doc.published.is_none()
        && let Some((day, from)) = page.published
    {
        doc.published = Some(day);
        doc.published_source = Some(match from {
            DaySource::JsonLd => PublishedSource::JsonLd,
            DaySource::Meta => PublishedSource::HtmlMeta,
            DaySource::Url => PublishedSource::Url,
            DaySource::Text => PublishedSource::HtmlText,
        });
    }
    Ok(())
}

/// The file's bytes, decompressed; over `limit` is a reject.
fn read(input: &Arc<str>, path: &Path, size: u64, limit: u64) -> Result<Vec<u8>, Reject> {
    let too_large = |size: u64| Reject {
        input: input.clone(),
        line: None,
        reason: RejectReason::TooLarge,
        detail: format!(
            "{size} bytes is over the {limit}-byte limit for one document; \
             raise input.max_document_mb in the pipeline if this is really one article"
        ),
    };
    // A compressed file's size says little of its text's: it is checked
    // after decompressing, of which at most one byte past the limit is read.
    if size > limit && !source::is_gzip(path) {
        return Err(too_large(size));
    }
    let bytes =
        source::read_document(path, limit, size).map_err(|e| unreadable(input.clone(), &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn unreadable(input: Arc<str>, e: &std::io::Error) -> Reject {
    Reject {
        input,
        line: None,
        reason: RejectReason::of_io(e),
        detail: format!("cannot read the file: {e}; check that it exists and is readable"),
    }
}
