//! What one fuzz case runs, shared by the stable driver (`main.rs`) and
//! the `cargo fuzz` targets (`fuzz/`): the library's stages built as a run
//! builds them, and the invariants checked on what comes out.

use std::io::Write as _;
use std::path::Path;

use newsmill::config::Pipeline;
use newsmill::extract::actors::Dictionary;
use newsmill::extract::document::{Stages, extract, prepare};
use newsmill::extract::record::Processed;
use newsmill::ingest::{self, IngestContext, InputStream, Manifest};
use newsmill::run::cache::CacheReader;
use newsmill::warnings::Warnings;

/// What a case can be, by the file it is read as.
pub const TARGETS: [&str; 11] = [
    "txt", "txt.gz", "jsonl", "jsonl.gz", "html", "html.gz", "warc", "warc.gz", "manifest",
    "pipeline", "cache",
];

/// The library's stages, built once, as a run builds them.
pub struct Harness {
    pipeline: Pipeline,
    stages: Stages,
}

impl Harness {
    pub fn new(repo: &Path) -> Harness {
        let pipeline =
            Pipeline::load(&repo.join("pipelines/seeds.toml")).expect("the seed pipeline");
        let dictionary = Dictionary::load(&pipeline.actors.dictionaries).expect("its dictionaries");
        let stages = newsmill::run::stages(&pipeline, &dictionary, true);
        Harness { pipeline, stages }
    }

    /// Runs one case of `target` on `input`, with `dir` for its files.
    pub fn run(&self, target: &str, input: &[u8], dir: &Path) -> Result<(), String> {
        match target {
            "manifest" => self.manifest(input, dir),
            "pipeline" => {
                let text = String::from_utf8_lossy(input);
                let _ = Pipeline::parse(&text, &dir.join("p.toml"));
                Ok(())
            }
            "cache" => cache(input, dir),
            _ => {
                let path = dir.join(format!("case.{target}"));
                std::fs::write(&path, input).map_err(|e| e.to_string())?;
                let first = self.documents(&path)?;
                let second = self.documents(&path)?;
                if first != second {
                    return Err("two runs over the same bytes differ".into());
                }
                Ok(())
            }
        }
    }

    /// Reads a file as a run does and checks each document; returns a
    /// summary of what came out, to compare runs.
    fn documents(&self, path: &Path) -> Result<Vec<String>, String> {
        let warnings = Warnings::default();
        let ctx = IngestContext {
            config: &self.pipeline.input,
            manifest: None,
            warnings: &warnings,
        };
        let stream = InputStream::new(vec![path.to_path_buf()], Vec::new(), 1 << 20);
        let mut out = Vec::new();
        for item in stream {
            match ingest::decode(item, &ctx) {
                Err(reject) => out.push(format!(
                    "reject {}: {}",
                    reject.reason.as_str(),
                    reject.detail
                )),
                Ok(doc) => {
                    let p = extract(prepare(doc, &self.stages), None, &self.stages);
                    out.push(check_document(&p)?);
                }
            }
        }
        Ok(out)
    }

    fn manifest(&self, input: &[u8], dir: &Path) -> Result<(), String> {
        let path = dir.join("manifest.csv");
        std::fs::write(&path, input).map_err(|e| e.to_string())?;
        let _ = Manifest::load(&path, &Warnings::default());
        Ok(())
    }
}

/// The invariants of one processed document; its summary.
fn check_document(p: &Processed) -> Result<String, String> {
    let text = &p.clean.text;
    let chars = text.chars().count() as u32;
    if chars != p.chars_clean {
        return Err(format!(
            "chars_clean {} but the text has {chars}",
            p.chars_clean
        ));
    }
    let mut last = 0;
    for &(start, end) in &p.sentence_spans {
        if start > end || end > chars || start < last {
            return Err(format!(
                "sentence span {start}..{end} in {chars} code points"
            ));
        }
        last = end;
    }
    for m in &p.mentions {
        if m.start >= m.end || m.end > chars {
            return Err(format!(
                "mention {}..{} in {chars} code points",
                m.start, m.end
            ));
        }
        let by_bytes = text
            .get(m.bytes.clone())
            .ok_or("mention bytes off a char boundary")?;
        let by_chars: String = text
            .chars()
            .skip(m.start as usize)
            .take((m.end - m.start) as usize)
            .collect();
        if by_bytes != by_chars {
            return Err(format!(
                "mention bytes {by_bytes:?} but code points {by_chars:?}"
            ));
        }
    }
    for t in &p.timexes {
        if t.start >= t.end || t.end > chars {
            return Err(format!(
                "timex {}..{} in {chars} code points",
                t.start, t.end
            ));
        }
    }
    Ok(format!(
        "doc {:016x} {} sentences {:?} mentions {:?} timexes {:?}",
        p.content_hash,
        text.len(),
        p.sentence_spans,
        p.mentions
            .iter()
            .map(|m| (m.start, m.end))
            .collect::<Vec<_>>(),
        p.timexes
            .iter()
            .map(|t| (t.start, t.end))
            .collect::<Vec<_>>(),
    ))
}

/// A cache file of arbitrary bytes after a valid header: reading must end
/// cleanly, whatever the bytes.
fn cache(input: &[u8], dir: &Path) -> Result<(), String> {
    let path = dir.join(".newsmill-cache.bin");
    let mut file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    file.write_all(b"NMCACHE1").map_err(|e| e.to_string())?;
    file.write_all(&7u64.to_le_bytes())
        .map_err(|e| e.to_string())?;
    file.write_all(input).map_err(|e| e.to_string())?;
    drop(file);
    let mut reader = CacheReader::open(dir, &dir.join("none"), 7);
    for key in 0..64u128 {
        let _ = reader.take(key);
    }
    Ok(())
}
