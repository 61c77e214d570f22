//! Incremental runs: each document's extraction results (actor mentions,
//! unknown names, dates, an inferred publication day), kept in the output
//! directory and keyed by the clean text and publication day, under a
//! fingerprint of everything else they depend on (the newsmill binary, the
//! dictionaries, the discovery switch). A re-run looks documents up and
//! only extracts what it has not seen; every table is still written whole.
//!
//! The file is a stream in input order, rewritten by every full run and
//! committed with the tables; a run that appends input files (see
//! `run::state`) writes the records of its new documents to the next
//! segment (`.newsmill-cache-00001.bin`, ...), read after the file as one
//! stream. A re-run reads it alongside its own input
//! with a bounded look-ahead, so memory does not grow with the corpus, and
//! new, changed or removed documents anywhere only cost a miss. A killed
//! run's partial stream is kept too (moved out of the generation it left
//! before that is removed), so the next run reuses the work it had done.
//!
//! Records: key (16 bytes), payload length (u32), payload, xxh3 of the
//! payload (low 32 bits). A torn or corrupt record ends the stream: the
//! cache is only ever a shortcut, never a source of data on its own.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The committed cache, beside the tables.
pub const FILE: &str = ".newsmill-cache.bin";
/// A killed run's partial cache, kept for the next run (beside the
/// generations, as no committed output holds it).
pub const PARTIAL: &str = ".newsmill-cache.partial.bin";

/// The name of the `n`th segment (from 1) that appending runs add.
pub fn segment(n: usize) -> String {
    format!(".newsmill-cache-{n:05}.bin")
}

/// The segments in `dir`, in the order they were written.
pub fn segments(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".newsmill-cache-") && n.ends_with(".bin"))
        })
        .collect();
    found.sort();
    found
}
const MAGIC: &[u8; 8] = b"NMCACHE1";
/// Records read ahead of the input at most (a few MB of payloads).
const LOOK_AHEAD: usize = 16_384;

/// A fingerprint of what extraction depends on besides the text: the
/// running binary (its size and modification time: any rebuild, so any
/// code change, starts afresh; hashing a binary of hundreds of MB on every
/// run would cost more), the dictionaries' contents as loaded
/// ([`Dictionary::content_hash`](crate::extract::actors::Dictionary)) and the settings.
pub fn fingerprint(dictionary_hash: u64, discover: bool) -> std::io::Result<u64> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let exe = std::fs::metadata(std::env::current_exe()?)?;
    let built = exe.modified()?.duration_since(std::time::UNIX_EPOCH);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&exe.len().to_le_bytes());
    h.update(&built.map_or(0, |d| d.as_nanos()).to_le_bytes());
    h.update(&dictionary_hash.to_le_bytes());
    h.update(&[u8::from(discover)]);
    Ok(h.digest())
}

/// Reads cached records in input order with a bounded look-ahead.
pub struct CacheReader {
    streams: Vec<Stream>,
}

struct Stream {
    reader: Option<BufReader<File>>,
    /// Files read after this one, as one stream.
    next: VecDeque<BufReader<File>>,
    ahead: HashMap<u128, Vec<u8>>,
    order: VecDeque<u128>,
}

impl CacheReader {
    /// Opens the committed cache with its segments in `dir`, and a killed
    /// run's `partial` one, each file only if written under `fingerprint`.
    /// Missing files are fine.
    pub fn open(dir: &Path, partial: &Path, fingerprint: u64) -> CacheReader {
        let open = |path: &Path| {
            let mut reader = BufReader::new(File::open(path).ok()?);
            let mut header = [0u8; 16];
            reader.read_exact(&mut header).ok()?;
            let ok = &header[..8] == MAGIC && header[8..] == fingerprint.to_le_bytes();
            ok.then_some(reader)
        };
        let committed = std::iter::once(dir.join(FILE)).chain(segments(dir));
        let streams = [
            committed.filter_map(|p| open(&p)).collect::<VecDeque<_>>(),
            open(partial).into_iter().collect(),
        ];
        let streams = streams
            .into_iter()
            .filter_map(|mut files| {
                Some(Stream {
                    reader: Some(files.pop_front()?),
                    next: files,
                    ahead: HashMap::new(),
                    order: VecDeque::new(),
                })
            })
            .collect();
        CacheReader { streams }
    }

    /// An empty reader: every lookup misses.
    pub fn none() -> CacheReader {
        CacheReader {
            streams: Vec::new(),
        }
    }

    /// The payload cached for `key`, if any stream has it close ahead.
    pub fn take(&mut self, key: u128) -> Option<Vec<u8>> {
        self.streams.iter_mut().find_map(|s| s.take(key))
    }
}

impl Stream {
    fn take(&mut self, key: u128) -> Option<Vec<u8>> {
        if let Some(payload) = self.ahead.remove(&key) {
            return Some(payload);
        }
        // Read ahead until the key turns up; records left behind belong to
        // documents the input no longer has, and fall out of the window.
        while let Some(reader) = &mut self.reader {
            let (k, payload) = match read_record(reader) {
                Ok(Some(record)) => record,
                Ok(None) => {
                    self.reader = self.next.pop_front();
                    continue;
                }
                Err(()) => {
                    // Said once: what follows is extracted anew, rows unchanged.
                    tracing::warn!(
                        "the run cache is damaged (a torn or corrupt record); the documents \
                         after it are extracted anew"
                    );
                    self.reader = None;
                    self.next.clear();
                    continue;
                }
            };
            if k == key {
                return Some(payload);
            }
            if self.order.len() >= LOOK_AHEAD
                && let Some(old) = self.order.pop_front()
            {
                self.ahead.remove(&old);
            }
            self.order.push_back(k);
            self.ahead.insert(k, payload);
            if self.order.len() >= LOOK_AHEAD {
                break;
            }
        }
        None
    }
}

/// The next record; `Ok(None)` at the end of the file, `Err` for a torn or
/// corrupt one.
fn read_record(reader: &mut impl Read) -> Result<Option<(u128, Vec<u8>)>, ()> {
    let mut head = [0u8; 20];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) | Err(_) => return Err(()),
            Ok(n) => got += n,
        }
    }
    let key = u128::from_le_bytes(head[..16].try_into().map_err(|_| ())?);
    let len = u32::from_le_bytes(head[16..].try_into().map_err(|_| ())?) as u64;
    // Grown as bytes arrive: a corrupt length costs no 4 GB allocation.
    let mut payload = Vec::new();
    reader.take(len).read_to_end(&mut payload).map_err(|_| ())?;
    let mut check = [0u8; 4];
    reader.read_exact(&mut check).map_err(|_| ())?;
    let sum = xxhash_rust::xxh3::xxh3_64(&payload) as u32;
    let whole = payload.len() as u64 == len && u32::from_le_bytes(check) == sum;
    if whole {
        Ok(Some((key, payload)))
    } else {
        Err(())
    }
}

/// Writes this run's cache stream, in input order.
pub struct CacheWriter {
    out: BufWriter<File>,
    path: PathBuf,
}

impl CacheWriter {
    pub fn create(path: &Path, fingerprint: u64) -> std::io::Result<CacheWriter> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        out.write_all(MAGIC)?;
        out.write_all(&fingerprint.to_le_bytes())?;
        Ok(CacheWriter {
            out,
            path: path.to_path_buf(),
        })
    }

    pub fn append(&mut self, key: u128, payload: &[u8]) -> std::io::Result<()> {
        self.out.write_all(&key.to_le_bytes())?;
        self.out.write_all(&(payload.len() as u32).to_le_bytes())?;
        self.out.write_all(payload)?;
        let sum = xxhash_rust::xxh3::xxh3_64(payload) as u32;
        self.out.write_all(&sum.to_le_bytes())
    }

    /// Flushes what is buffered, so a killed run leaves whole batches.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    pub fn finish(mut self) -> std::io::Result<PathBuf> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        Ok(self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_finds_records_around_new_and_removed_documents() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = CacheWriter::create(&dir.path().join(FILE), 9).unwrap();
        for key in 1..=5u128 {
            w.append(key, &[key as u8; 3]).unwrap();
        }
        w.finish().unwrap();
        let mut r = CacheReader::open(dir.path(), &dir.path().join(PARTIAL), 9);
        assert_eq!(r.take(1), Some(vec![1; 3]));
        assert_eq!(r.take(42), None, "a new document");
        assert_eq!(r.take(3), Some(vec![3; 3]), "2 was removed");
        assert_eq!(r.take(2), Some(vec![2; 3]), "still in the look-ahead");
        assert_eq!(r.take(5), Some(vec![5; 3]));
        assert!(
            CacheReader::open(dir.path(), &dir.path().join(PARTIAL), 8)
                .take(1)
                .is_none(),
            "other fingerprint"
        );
    }

    #[test]
    fn segments_are_read_after_the_file_as_one_stream() {
        let dir = tempfile::tempdir().unwrap();
        for (name, keys) in [(FILE.to_string(), 1..=2u128), (segment(1), 3..=4)] {
            let mut w = CacheWriter::create(&dir.path().join(name), 9).unwrap();
            for key in keys {
                w.append(key, &[key as u8]).unwrap();
            }
            w.finish().unwrap();
        }
        assert_eq!(segments(dir.path()), [dir.path().join(segment(1))]);
        let mut r = CacheReader::open(dir.path(), &dir.path().join(PARTIAL), 9);
        for key in 1..=4u128 {
            assert_eq!(r.take(key), Some(vec![key as u8]), "key {key}");
        }
    }

    #[test]
    fn the_end_of_a_file_is_no_damage_and_a_torn_record_is() {
        let mut record = Vec::new();
        record.extend(7u128.to_le_bytes());
        record.extend(3u32.to_le_bytes());
        record.extend(b"abc");
        record.extend((xxhash_rust::xxh3::xxh3_64(b"abc") as u32).to_le_bytes());
        let mut whole: &[u8] = &record;
        assert_eq!(read_record(&mut whole), Ok(Some((7, b"abc".to_vec()))));
        assert_eq!(read_record(&mut whole), Ok(None));
        let mut torn: &[u8] = &record[..record.len() - 2];
        assert_eq!(read_record(&mut torn), Err(()));
        // A length of 4 GB in a short file allocates nothing of the kind.
        let mut lying = record.clone();
        lying[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(read_record(&mut lying.as_slice()), Err(()));
    }

    #[test]
    fn a_torn_record_ends_the_stream() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let mut w = CacheWriter::create(&path, 1).unwrap();
        w.append(1, b"one").unwrap();
        w.append(2, b"two").unwrap();
        w.finish().unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(len - 2).unwrap();
        let mut r = CacheReader::open(dir.path(), &dir.path().join(PARTIAL), 1);
        assert_eq!(r.take(1), Some(b"one".to_vec()));
        assert_eq!(r.take(2), None);
    }
}
