//! Plain text files: one article per file, metadata from the manifest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    IngestContext, InputItem, PublishedSource, RawDocument, Reject, RejectReason, bytes_to_text,
    source,
};

/// The stream's item for a text file: only its size is looked at here, the
/// bytes are read in parallel by [`decode_file`].
pub(super) fn item(input: Arc<str>, path: PathBuf) -> InputItem {
    match std::fs::metadata(&path) {
        Ok(meta) => InputItem::TextFile {
            input,
            path,
            size: meta.len(),
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
    ctx: &IngestContext<'_>,
) -> Result<RawDocument, Reject> {
    let limit = ctx.config.max_document_bytes;
    let too_large = |input, size: u64| Reject {
        input,
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
        return Err(too_large(input, size));
    }
    let bytes = match source::read_document(path, limit, size) {
        Ok(bytes) => bytes,
        Err(e) => return Err(unreadable(input, &e)),
    };
    if bytes.len() as u64 > limit {
        return Err(too_large(input, bytes.len() as u64));
    }
    let size = bytes.len() as u64;
    let (text, replaced_sequences) = bytes_to_text(bytes, &input, None, ctx.config.invalid_utf8)?;
    let entry = ctx.manifest.and_then(|m| m.get(path));
    let published = entry.and_then(|e| e.published);
    Ok(RawDocument {
        input,
        line: None,
        external_id: entry.and_then(|e| e.id.clone()),
        source: entry.and_then(|e| e.source.clone()),
        title: entry.and_then(|e| e.title.clone()),
        url: entry.and_then(|e| e.url.clone()),
        published,
        published_source: published.map(|_| PublishedSource::Manifest),
        text,
        bytes: size,
        replaced_sequences,
    })
}

fn unreadable(input: Arc<str>, e: &std::io::Error) -> Reject {
    Reject {
        input,
        line: None,
        reason: RejectReason::Unreadable,
        detail: format!("cannot read the file: {e}; check that it exists and is readable"),
    }
}
