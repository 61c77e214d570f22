//! WARC archives (`.warc`, `.warc.gz` with one gzip member per record, as
//! Common Crawl writes them). Every `response` record whose HTTP status is
//! 2xx and whose payload is HTML is a page; the other records are tallied
//! by kind and are no documents. A record that cannot be read becomes a
//! reject with its byte offset, and the reader goes on with the next gzip
//! member. A member holding several records (a whole file gzipped at once)
//! gives all of them; a record over the document limit is skipped, not
//! held, and a response among them is a `too_large` reject.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

use std::collections::VecDeque;

use super::inflate::{Inflated, Inflater};
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
    /// The record's block: the HTTP header, then the payload from
    /// `payload_at`. Kept whole, as cutting the header off would copy the
    /// payload.
    block: Vec<u8>,
    payload_at: usize,
}

impl WarcPage {
    /// The HTTP payload: the page's bytes.
    pub fn payload(&self) -> &[u8] {
        &self.block[self.payload_at..]
    }
}

/// Reads a WARC file record by record.
pub(super) struct WarcReader {
    input: Arc<str>,
    /// The file, positioned at the next record or gzip member; `None`
    /// while a member is being read (the member's decoder holds it).
    file: Option<BufReader<File>>,
    member: Option<Member>,
    /// Members inflated whole, from a window of the file ([`inflate`](super::inflate)).
    fast: Fast,
    /// Stream the next member (the fast path could not take it).
    stream_next: bool,
    gzip: bool,
    limit: u64,
    kinds: RecordKinds,
    done: bool,
}

/// The fast path's state: compressed bytes of the file, from `start`, read
/// up to `pos`; the records of the last member inflated, not yet given.
#[derive(Default)]
struct Fast {
    window: Vec<u8>,
    start: u64,
    pos: usize,
    eof: bool,
    out: Vec<u8>,
    inflater: Inflater,
    pending: VecDeque<(u64, Found)>,
}

/// The window starts at this size and grows to hold a member, up to
/// [`WINDOW_MAX`]; a member's content is inflated whole up to
/// [`CONTENT_MAX`]. Larger members are streamed.
const WINDOW: usize = 4 << 20;
const WINDOW_MAX: usize = 64 << 20;
const CONTENT_MAX: usize = 64 << 20;

/// What one step of the streaming path gave.
enum Step {
    Item(Result<(u64, Found), (u64, String)>),
    MemberEnd,
    End,
}

/// The gzip member being read, with where it starts in the file.
struct Member {
    reader: BufReader<flate2::bufread::GzDecoder<BufReader<File>>>,
    offset: u64,
}

impl Member {
    /// The file, positioned after the member once it is read to its end.
    fn into_file(self) -> BufReader<File> {
        self.reader.into_inner().into_inner()
    }
}

/// What the reader found at the next position.
enum Found {
    Record(Record),
    /// A record over the document limit, skipped: its kind and length.
    TooLarge(String, u64),
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
                file: Some(BufReader::with_capacity(1 << 20, f)),
                member: None,
                fast: Fast::default(),
                stream_next: false,
                gzip: source::is_gzip(path),
                limit,
                kinds,
                done: false,
            }),
            Err(e) => Err(InputItem::cannot_open(input, &e)),
        }
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

    /// The next record of a gzipped file: the next of the member read
    /// last, else of the next member, inflated whole where it fits, else
    /// streamed. Damage is left to the streaming path, which reports it and
    /// searches the file for the next member's magic bytes.
    fn next_gzip(&mut self) -> Option<Result<(u64, Found), (u64, String)>> {
        loop {
            if let Some(found) = self.fast.pending.pop_front() {
                return Some(Ok(found));
            }
            if self.member.is_none() && !self.stream_next {
                match self.inflate_member() {
                    Some(true) => continue,
                    Some(false) => self.stream_next = true,
                    None => return None,
                }
            }
            match self.stream_step() {
                Step::Item(item) => {
                    if item.is_err() {
                        self.stream_next = false;
                    }
                    return Some(item);
                }
                Step::MemberEnd => self.stream_next = false,
                Step::End => return None,
            }
        }
    }

    /// Inflates the next member whole and queues its records: `Some(true)`
    /// when done, `Some(false)` when the member is to be streamed (the file
    /// is put at its start), `None` at the end of the file.
    fn inflate_member(&mut self) -> Option<bool> {
        let file = self.file.as_mut()?;
        let fast = &mut self.fast;
        loop {
            if fast.pos == fast.window.len() {
                fast.start = file.stream_position().ok()?;
                fast.window.clear();
                fast.pos = 0;
                fast.eof = fill(file, &mut fast.window, WINDOW).ok()?;
                if fast.window.is_empty() {
                    return None;
                }
            }
            let offset = fast.start + fast.pos as u64;
            let input = &fast.window[fast.pos..];
            match fast.inflater.gzip_member(input, &mut fast.out, CONTENT_MAX) {
                Inflated::Whole { used, written } => {
                    let mut content = &fast.out[..written];
                    let mut found = Vec::new();
                    loop {
                        match read_record(&mut content, self.limit) {
                            Ok(Some(record)) => found.push((offset, record)),
                            Ok(None) => break,
                            Err(_) => return stream_from(file, fast, offset),
                        }
                    }
                    fast.pos += used;
                    fast.pending.extend(found);
                    return Some(true);
                }
                Inflated::Incomplete if !fast.eof && fast.window.len() < WINDOW_MAX => {
                    // Cut off by the window's end, perhaps: read more.
                    fast.window.drain(..fast.pos);
                    fast.start = offset;
                    fast.pos = 0;
                    let want = (fast.window.len() * 2).clamp(WINDOW, WINDOW_MAX);
                    fast.eof = fill(file, &mut fast.window, want).ok()?;
                }
                _ => return stream_from(file, fast, offset),
            }
        }
    }

    /// One step of the streaming path: the next record of the open member,
    /// else of the member at the file's position.
    fn stream_step(&mut self) -> Step {
        if self.member.is_none() {
            let Some(mut file) = self.file.take() else {
                return Step::End;
            };
            let offset = file.stream_position().unwrap_or(0);
            if file.fill_buf().map_or(true, <[u8]>::is_empty) {
                self.file = Some(file);
                return Step::End;
            }
            let reader = BufReader::new(flate2::bufread::GzDecoder::new(file));
            self.member = Some(Member { reader, offset });
        }
        let member = self.member.as_mut().expect("a member is open");
        let offset = member.offset;
        match read_record(&mut member.reader, self.limit) {
            Ok(Some(found)) => Step::Item(Ok((offset, found))),
            Ok(None) => {
                // The member's end (its trailer checked): the file is at
                // the next one.
                let member = self.member.take().expect("a member is open");
                self.file = Some(member.into_file());
                Step::MemberEnd
            }
            Err(e) => {
                let member = self.member.take().expect("a member is open");
                self.file = Some(member.into_file());
                self.resync(offset + 1);
                Step::Item(Err((offset, e.to_string())))
            }
        }
    }

    /// Moves to the next gzip member at or after `from`, or to the end.
    fn resync(&mut self, from: u64) {
        let Some(file) = self.file.as_mut() else {
            self.done = true;
            return;
        };
        if file.seek(SeekFrom::Start(from)).is_err() {
            self.done = true;
            return;
        }
        let mut pos = from;
        loop {
            let buf = match file.fill_buf() {
                Ok(b) if !b.is_empty() => b,
                _ => {
                    self.done = true;
                    return;
                }
            };
            if let Some(k) = memchr::memmem::find(buf, &[0x1f, 0x8b, 0x08]) {
                let _ = file.seek(SeekFrom::Start(pos + k as u64));
                return;
            }
            // Keep two bytes: the magic may straddle two reads.
            let step = buf.len().saturating_sub(2).max(1);
            file.consume(step);
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
                let file = self.file.as_mut()?;
                let offset = file.stream_position().unwrap_or(0);
                match read_record(file, self.limit) {
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
                Some(Ok((offset, Found::Record(r)))) => (offset, r),
                Some(Ok((offset, Found::TooLarge(kind, length)))) => {
                    if kind != "response" {
                        self.tally(&kind);
                        continue;
                    }
                    let reject = Reject {
                        input: self.input.clone(),
                        line: None,
                        reason: RejectReason::TooLarge,
                        detail: format!(
                            "WARC record at byte {offset}: a {length}-byte response is over the \
                             {}-byte limit for one document; skipped",
                            self.limit
                        ),
                    };
                    return Some(InputItem::Failed {
                        reject,
                        size: length,
                    });
                }
            };
            match page(offset, record) {
                Ok(page) => {
                    let size = page.payload().len() as u64;
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
/// `Content-Length` bytes of block, which over `limit` are skipped, not
/// held. `None` at the end of the input.
fn read_record(r: &mut impl BufRead, limit: u64) -> std::io::Result<Option<Found>> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let mut line = Vec::new();
    // Blank lines between records.
    loop {
        line.clear();
        if read_line(r, &mut line)? == 0 {
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
        if read_line(r, &mut line)? == 0 {
            return Err(bad("the header ends before its blank line"));
        }
        if fields.len() > MAX_FIELDS {
            return Err(bad("a header of over 1,000 fields"));
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
    let kind = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("WARC-Type"))
        .map_or_else(|| "unknown".to_string(), |(_, v)| v.to_ascii_lowercase());
    if length > limit {
        let skipped = std::io::copy(&mut r.take(length), &mut std::io::sink())?;
        if skipped < length {
            return Err(bad("the record is cut off before its Content-Length"));
        }
        return Ok(Some(Found::TooLarge(kind, length)));
    }
    let mut block = Vec::with_capacity(length.min(1 << 24) as usize);
    r.take(length).read_to_end(&mut block)?;
    if (block.len() as u64) < length {
        return Err(bad("the record is cut off before its Content-Length"));
    }
    Ok(Some(Found::Record(Record {
        kind,
        fields,
        block,
    })))
}

/// Reads from `file` until `window` holds `want` bytes or the file ends;
/// whether it ended.
fn fill(file: &mut BufReader<File>, window: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let need = want.saturating_sub(window.len()) as u64;
    let got = file.take(need).read_to_end(window)? as u64;
    Ok(got < need)
}

/// Gives a member up to the streaming path: the file goes back to the
/// member's start and the window is emptied.
fn stream_from(file: &mut BufReader<File>, fast: &mut Fast, offset: u64) -> Option<bool> {
    file.seek(SeekFrom::Start(offset)).ok()?;
    fast.window.clear();
    fast.pos = 0;
    Some(false)
}

/// Header lines and fields beyond these are damage, not a header: garbage
/// without a newline must not be read into memory whole.
const MAX_LINE: u64 = 64 << 10;
const MAX_FIELDS: usize = 1000;

/// One line of a record's header, at most [`MAX_LINE`] bytes.
fn read_line(r: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    let n = r.take(MAX_LINE).read_until(b'\n', line)?;
    if n as u64 == MAX_LINE && line.last() != Some(&b'\n') {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "a header line over 64 KB",
        ));
    }
    Ok(n)
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
        block: record.block,
        payload_at: head_end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::gzip;

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

    /// Regression: a file gzipped whole (one member, many records) gave its
    /// first record only; the rest were read out and dropped.
    #[test]
    fn a_member_holding_many_records_gives_every_record() {
        let (plain, plain_kinds) = read_all("a.warc", &records().concat());
        let (whole, kinds) = read_all("a.warc.gz", &gzip(&records().concat()));
        let urls = |items: &[InputItem]| -> Vec<String> {
            pages(items).into_iter().map(|p| p.1).collect()
        };
        assert_eq!(urls(&whole), urls(&plain));
        assert_eq!(kinds, plain_kinds);
    }

    #[test]
    fn a_record_over_the_limit_is_skipped_and_a_response_is_rejected() {
        let big = "x".repeat(2 << 20);
        let mut all = records();
        all.insert(
            3,
            record(
                "response",
                "https://a.example/big",
                &response("200 OK", "text/html", &big),
            ),
        );
        all.insert(
            4,
            record("resource", "https://a.example/blob", big.as_bytes()),
        );
        for (name, bytes) in [("a.warc", all.concat()), ("a.warc.gz", gzip(&all.concat()))] {
            let (items, kinds) = read_all(name, &bytes);
            let too_large: Vec<&Reject> = items
                .iter()
                .filter_map(|i| match i {
                    InputItem::Failed { reject, .. } => Some(reject),
                    _ => None,
                })
                .collect();
            assert_eq!(too_large.len(), 1, "{name}");
            assert_eq!(too_large[0].reason, RejectReason::TooLarge);
            assert!(too_large[0].detail.contains("over the 1048576-byte limit"));
            assert_eq!(pages(&items).len(), 2, "{name}");
            assert_eq!(kinds.get("resource"), Some(&1), "{name}");
        }
    }

    /// A member larger than the fast path's first window (4 MB of gzip)
    /// makes the window grow; the records after it are read as before.
    #[test]
    fn a_member_larger_than_the_window_is_read_whole() {
        let mut state = 1u64;
        let noise: Vec<u8> = (0..5 << 20)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let mut all: Vec<Vec<u8>> = records().iter().map(|r| gzip(r)).collect();
        all.insert(
            1,
            gzip(&record("resource", "https://a.example/noise", &noise)),
        );
        assert!(all[1].len() > 4 << 20);
        let (items, kinds) = read_all("a.warc.gz", &all.concat());
        assert_eq!(pages(&items).len(), 2);
        assert_eq!(kinds.get("resource"), Some(&1));
        assert!(items.iter().all(|i| !matches!(i, InputItem::Failed { .. })));
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
