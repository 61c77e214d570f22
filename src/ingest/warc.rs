//! WARC archives (`.warc`, `.warc.gz` with one gzip member per record, as
//! Common Crawl writes them). Every `response` record whose HTTP status is
//! 2xx and whose payload is HTML is a page; the other records are tallied
//! by kind and are no documents. A record that cannot be read becomes a
//! reject with its byte offset, and the reader goes on with the next gzip
//! member.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{InputItem, Reject, RejectReason, source};

/// Records that are no documents, by kind, over a run's WARC inputs.
pub type RecordKinds = Arc<Mutex<BTreeMap<String, u64>>>;

/// A page found in a WARC file, decoded in parallel by [`super::file`].
#[derive(Debug)]
pub struct WarcPage {
    /// Byte offset of the record (of its gzip member) in the file.
    pub offset: u64,
    pub record_id: Option<String>,
    pub url: Option<String>,
    /// The capture time, microseconds since 1970 UTC; its day is an upper
    /// bound for the publication day.
    pub captured: Option<i64>,
    /// The charset the HTTP header names.
    pub charset: Option<String>,
    pub payload: Vec<u8>,
}

/// Reads a WARC file record by record.
pub(super) struct WarcReader {
    input: Arc<str>,
    file: BufReader<File>,
    gzip: bool,
    limit: u64,
    kinds: RecordKinds,
    done: bool,
}

/// One record's header fields and block.
struct Record {
    kind: String,
    fields: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl WarcReader {
    pub(super) fn open(
        input: Arc<str>,
        path: &Path,
        limit: u64,
        kinds: RecordKinds,
    ) -> Result<WarcReader, InputItem> {
        match File::open(path) {
            Ok(f) => Ok(WarcReader {
                input,
                file: BufReader::with_capacity(1 << 20, f),
                gzip: source::is_gzip(path),
                limit,
                kinds,
                done: false,
            }),
            Err(e) => Err(InputItem::cannot_open(input, &e)),
        }
    }

    fn offset(&mut self) -> u64 {
        self.file.stream_position().unwrap_or(0)
    }

    fn failed(&self, offset: u64, what: String) -> InputItem {
        InputItem::Failed {
            reject: Reject {
                input: self.input.clone(),
                line: None,
                reason: RejectReason::Unreadable,
                detail: format!("WARC record at byte {offset}: {what}; the next record is read"),
            },
            size: 0,
        }
    }

    /// The next record of a gzipped file: one gzip member. On damage, the
    /// file is searched for the next member's magic bytes.
    fn next_gzip(&mut self) -> Option<Result<(u64, Record), (u64, String)>> {
        let offset = self.offset();
        if self.file.fill_buf().map_or(true, <[u8]>::is_empty) {
            return None;
        }
        let member = flate2::bufread::GzDecoder::new(&mut self.file);
        let mut inflated = BufReader::new(member.take(self.limit + (1 << 16)));
        let result = read_record(&mut inflated);
        // The rest of the member (padding, a second record) is read out so
        // that the file is at the next member.
        let rest = std::io::copy(&mut inflated, &mut std::io::sink());
        match (result, rest) {
            (Ok(Some(record)), Ok(_)) => Some(Ok((offset, record))),
            (Ok(None), Ok(_)) => self.next_gzip(),
            (Err(e), _) | (_, Err(e)) => {
                self.resync(offset + 1);
                Some(Err((offset, e.to_string())))
            }
        }
    }

    /// Moves to the next gzip member at or after `from`, or to the end.
    fn resync(&mut self, from: u64) {
        if self.file.seek(SeekFrom::Start(from)).is_err() {
            self.done = true;
            return;
        }
        let mut pos = from;
        loop {
            let buf = match self.file.fill_buf() {
                Ok(b) if !b.is_empty() => b,
                _ => {
                    self.done = true;
                    return;
                }
            };
            if let Some(k) = memchr::memmem::find(buf, &[0x1f, 0x8b, 0x08]) {
                let _ = self.file.seek(SeekFrom::Start(pos + k as u64));
                return;
            }
            // Keep two bytes: the magic may straddle two reads.
            let step = buf.len().saturating_sub(2).max(1);
            self.file.consume(step);
            pos += step as u64;
        }
    }

    fn tally(&self, kind: &str) {
        if let Ok(mut kinds) = self.kinds.lock() {
            *kinds.entry(kind.to_string()).or_default() += 1;
        }
    }
}

impl Iterator for WarcReader {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        while !self.done {
            let next = if self.gzip {
                self.next_gzip()
            } else {
                let offset = self.offset();
                match read_record(&mut self.file) {
                    Ok(Some(r)) => Some(Ok((offset, r))),
                    Ok(None) => None,
                    Err(e) => {
                        // A plain file has no markers to resync on.
                        self.done = true;
                        Some(Err((
                            offset,
                            format!("{e}; the rest of the file is not read"),
                        )))
                    }
                }
            };
            let (offset, record) = match next {
                None => {
                    self.done = true;
                    return None;
                }
                Some(Err((offset, e))) => return Some(self.failed(offset, e)),
                Some(Ok(r)) => r,
            };
            match page(offset, record) {
                Ok(page) => {
                    let size = page.payload.len() as u64;
                    return Some(InputItem::WarcPage {
                        input: self.input.clone(),
                        page: Box::new(page),
                        size,
                    });
                }
                Err(kind) => self.tally(&kind),
            }
        }
        None
    }
}

/// Reads one record: `WARC/1.x`, header fields, a blank line, then
/// `Content-Length` bytes of block. `None` at the end of the input.
fn read_record(r: &mut impl BufRead) -> std::io::Result<Option<Record>> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let mut line = Vec::new();
    // Blank lines between records.
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim_ascii().is_empty() {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err(bad("no WARC/ version line"));
    }
    let mut fields = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Err(bad("the header ends before its blank line"));
        }
        let l = String::from_utf8_lossy(line.trim_ascii());
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            fields.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let length: u64 = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| bad("no Content-Length"))?;
    let mut block = Vec::with_capacity(length.min(1 << 24) as usize);
    r.take(length).read_to_end(&mut block)?;
    if (block.len() as u64) < length {
        return Err(bad("the record is cut off before its Content-Length"));
    }
    let kind = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("WARC-Type"))
        .map_or_else(|| "unknown".to_string(), |(_, v)| v.to_ascii_lowercase());
    Ok(Some(Record {
        kind,
        fields,
        block,
    }))
}

/// The page in a response record, or the kind the record is counted as.
fn page(offset: u64, record: Record) -> Result<WarcPage, String> {
    if record.kind != "response" {
        return Err(record.kind);
    }
    let block = &record.block;
    let head_end = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|k| k + 4)
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|k| k + 2))
        .ok_or("response_unparsed")?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("response_unparsed")?;
    match status {
        200..=299 => {}
        300..=399 => return Err("response_redirect".into()),
        _ => return Err("response_error".into()),
    }
    let content_type = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_ascii_lowercase());
    let payload = &block[head_end..];
    let html = match content_type.as_deref() {
        Some(t) => t.starts_with("text/html") || t.starts_with("application/xhtml"),
        // No type: HTML if it opens like HTML.
        None => {
            let start = String::from_utf8_lossy(&payload[..payload.len().min(512)]).to_lowercase();
            start.contains("<html") || start.contains("<!doctype html")
        }
    };
    if !html {
        return Err("response_not_html".into());
    }
    let charset = content_type
        .as_deref()
        .and_then(|t| t.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .map(|c| c.trim_matches(['"', '\'']).to_string());
    Ok(WarcPage {
        offset,
        record_id: record.field("WARC-Record-ID").map(str::to_string),
        url: record
            .field("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']).to_string()),
        captured: record
            .field("WARC-Date")
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.timestamp_micros()),
        charset,
        payload: payload.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-04-01T10:00:00Z\r\n\
             WARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Length: {}\r\n\r\n",
            uri.len(),
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    pub(crate) fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}").into_bytes()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn read_all(name: &str, bytes: &[u8]) -> (Vec<InputItem>, BTreeMap<String, u64>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let kinds = RecordKinds::default();
        let reader = WarcReader::open(Arc::from(name), &path, 1 << 20, kinds.clone())
            .unwrap_or_else(|_| panic!("opens"));
        let items: Vec<InputItem> = reader.collect();
        let kinds = kinds.lock().unwrap().clone();
        (items, kinds)
    }

    fn records() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", "", b"software: test"),
            record("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n"),
            record(
                "response",
                "https://a.example/1",
                &response("200 OK", "text/html; charset=windows-1251", "<p>one</p>"),
            ),
            record(
                "response",
                "https://a.example/2",
                &response("301 Moved", "text/html", ""),
            ),
            record(
                "response",
                "https://a.example/3",
                &response("200 OK", "image/png", "PNG"),
            ),
            record("metadata", "https://a.example/1", b"fetchTimeMs: 3"),
            record(
                "response",
                "https://a.example/4",
                &response("200 OK", "text/html", "<p>four</p>"),
            ),
        ]
    }

    fn pages(items: &[InputItem]) -> Vec<(u64, String, Option<String>)> {
        items
            .iter()
            .filter_map(|i| match i {
                InputItem::WarcPage { page, .. } => Some((
                    page.offset,
                    page.url.clone().unwrap_or_default(),
                    page.charset.clone(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn responses_with_html_are_pages_and_the_rest_are_counted() {
        let plain: Vec<u8> = records().concat();
        let (items, kinds) = read_all("a.warc", &plain);
        let got = pages(&items);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, "https://a.example/1");
        assert_eq!(got[0].2.as_deref(), Some("windows-1251"));
        assert_eq!(got[1].1, "https://a.example/4");
        let want: BTreeMap<String, u64> = [
            ("metadata", 1),
            ("request", 1),
            ("response_not_html", 1),
            ("response_redirect", 1),
            ("warcinfo", 1),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(kinds, want);
        // Gzipped, one member per record: the same pages, and offsets that
        // point at their members.
        let members: Vec<Vec<u8>> = records().iter().map(|r| gzip(r)).collect();
        let (items, _) = read_all("a.warc.gz", &members.concat());
        let at = |k: usize| members[..k].iter().map(Vec::len).sum::<usize>() as u64;
        let offsets: Vec<u64> = pages(&items).iter().map(|p| p.0).collect();
        assert_eq!(offsets, [at(2), at(6)]);
    }

    #[test]
    fn a_corrupt_record_in_the_middle_is_a_reject_and_the_next_is_read() {
        let mut members: Vec<Vec<u8>> = records().iter().map(|r| gzip(r)).collect();
        // Damage the deflate data of the first response, keep its length.
        let m = &mut members[2];
        let mid = m.len() / 2;
        for b in &mut m[mid - 4..mid + 4] {
            *b ^= 0x5a;
        }
        let damaged_at: u64 = members[..2].iter().map(Vec::len).sum::<usize>() as u64;
        let (items, _) = read_all("a.warc.gz", &members.concat());
        let rejects: Vec<&Reject> = items
            .iter()
            .filter_map(|i| match i {
                InputItem::Failed { reject, .. } => Some(reject),
                _ => None,
            })
            .collect();
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert!(
            rejects[0].detail.contains(&format!("at byte {damaged_at}")),
            "{}",
            rejects[0].detail
        );
        let urls: Vec<String> = pages(&items).into_iter().map(|p| p.1).collect();
        assert_eq!(urls, ["https://a.example/4"]);
    }
}
