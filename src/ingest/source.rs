//! Where an input's bytes come from: a file, a gzip-compressed file, or
//! standard input (`-`). Readers above see plain bytes either way.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// Whether `path` names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// Whether `path` is gzip-compressed, by its `.gz` extension.
pub fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The path without a compression extension (`a.jsonl.gz` -> `a.jsonl`), for
/// choosing a reader by the extension beneath.
pub fn without_compression(path: &Path) -> &Path {
    if is_gzip(path) {
        Path::new(path.file_stem().unwrap_or_default())
    } else {
        path
    }
}

/// Opens an input for buffered reading, decompressing `.gz` files: every
/// gzip member in turn, as `gzip -d` does and as concatenated files are
/// written.
pub fn open(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    const BUFFER: usize = 1 << 20;
    if is_stdin(path) {
        return Ok(Box::new(BufReader::with_capacity(BUFFER, std::io::stdin())));
    }
    let file = File::open(path)?;
    if is_gzip(path) {
        let inflated = flate2::bufread::MultiGzDecoder::new(BufReader::with_capacity(BUFFER, file));
        Ok(Box::new(BufReader::with_capacity(BUFFER, inflated)))
    } else {
        Ok(Box::new(BufReader::with_capacity(BUFFER, file)))
    }
}

/// Reads a whole one-document input, at most `limit + 1` bytes after
/// decompression (one more than allowed, so that a caller sees it is over).
pub fn read_document(path: &Path, limit: u64, size_hint: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size_hint.min(limit + 1) as usize);
    open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `bytes` as one gzip member, for tests of the readers.
#[cfg(test)]
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_names_show_the_format_beneath() {
        assert_eq!(
            without_compression(Path::new("d/a.jsonl.GZ")),
            Path::new("a.jsonl")
        );
        assert_eq!(without_compression(Path::new("a.txt")), Path::new("a.txt"));
        assert!(is_stdin(Path::new("-")) && !is_stdin(Path::new("./-")));
    }

    #[test]
    fn every_gzip_member_is_read_and_a_truncated_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gz");
        let mut two = gzip("Kyiv, ".as_bytes());
        two.extend(gzip("Київ".as_bytes()));
        std::fs::write(&path, &two).unwrap();
        let text = read_document(&path, 1 << 20, 0).unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), "Kyiv, Київ");
        std::fs::write(&path, &two[..two.len() - 6]).unwrap();
        assert!(read_document(&path, 1 << 20, 0).is_err());
    }

    #[test]
    fn a_document_is_read_one_byte_past_its_limit_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt.gz");
        std::fs::write(&path, gzip(&[b'a'; 10_000])).unwrap();
        assert_eq!(read_document(&path, 100, 0).unwrap().len(), 101);
    }
}
