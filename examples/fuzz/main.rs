//! A stable-toolchain fuzz driver for every reader and stage: seeds from
//! the repository's own inputs, mutated with a seeded generator, each case
//! run through the library as `newsmill run` would, twice.
//!
//! ```sh
//! cargo run --release --example fuzz -- --seconds 60          # what CI runs
//! cargo run --release --example fuzz -- --cases 10000000 --seed 7
//! cargo run --release --example fuzz -- --replay target/fuzz-failures/html-<hash>.bin
//! ```
//!
//! Targets: text, JSONL, HTML and WARC files (each also gzipped), the
//! manifest CSV, the pipeline TOML, the run cache, and clean + actors +
//! dates on arbitrary Unicode. Invariants: no panic; every input item
//! becomes a document or a reject; offsets within the clean text, ordered,
//! on code-point boundaries (and the byte ranges agree with them); the
//! same bytes give the same result (`harness.rs`). A failing case is saved under
//! `target/fuzz-failures/` and the driver exits 1.

use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod harness;

use harness::{Harness, TARGETS};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse::<u64>().expect("a number"))
    };
    let seconds = arg("--seconds");
    let cases = arg("--cases").unwrap_or(if seconds.is_some() { u64::MAX } else { 100_000 });
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let seed = arg("--seed").unwrap_or(1);
    // Panics are findings, reported with their input; not printed twice.
    std::panic::set_hook(Box::new(|_| {}));

    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let harness = Harness::new(&repo);
    if let Some(i) = args.iter().position(|a| a == "--replay") {
        // A saved failure: its name says its target (`html.gz-<hash>.bin`).
        let path = PathBuf::from(&args[i + 1]);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = TARGETS
            .iter()
            .find(|t| name.starts_with(&format!("{t}-")))
            .expect("a saved case's name starts with its target");
        let input = std::fs::read(&path).expect("the saved case");
        let work = tempfile::tempdir().expect("a temporary directory");
        let _ = std::panic::take_hook();
        println!("{:?}", harness.run(target, &input, work.path()));
        return;
    }
    let corpus = Corpus::load(&repo);
    let work = tempfile::tempdir().expect("a temporary directory");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut ran = [0u64; TARGETS.len()];
    let mut failures = 0;
    let started = Instant::now();
    let mut n = 0u64;
    while n < cases && deadline.is_none_or(|d| Instant::now() < d) {
        let t = (rng.next() % TARGETS.len() as u64) as usize;
        let target = TARGETS[t];
        let input = corpus.case(target, &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            harness.run(target, &input, work.path())
        }));
        let problem = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(problem)) => Some(problem),
            Err(panic) => Some(format!("panic: {}", panic_text(&panic))),
        };
        if let Some(problem) = problem {
            failures += 1;
            let saved = save(&repo, target, &input);
            eprintln!("{target}: {problem} (input saved to {})", saved.display());
        }
        ran[t] += 1;
        n += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    let per: Vec<String> = TARGETS
        .iter()
        .zip(ran)
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!(
        "fuzz: {n} cases in {secs:.0} s ({:.0}/s), seed {seed}, {failures} failures; {}",
        n as f64 / secs,
        per.join(", ")
    );
    if failures > 0 {
        std::process::exit(1);
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "?".into())
}

fn save(repo: &Path, target: &str, input: &[u8]) -> PathBuf {
    let dir = repo.join("target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let hash = xxhash_rust::xxh3::xxh3_64(input);
    let path = dir.join(format!("{target}-{hash:016x}.bin"));
    let _ = std::fs::write(&path, input);
    path
}

/// Seed inputs per target, and the mutations made of them.
struct Corpus {
    seeds: Vec<(&'static str, Vec<u8>)>,
}

impl Corpus {
    fn load(repo: &Path) -> Corpus {
        let mut seeds = Vec::new();
        let read = |rel: &str| std::fs::read(repo.join(rel)).ok();
        for entry in std::fs::read_dir(repo.join("seeds"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "txt") {
                seeds.push(("txt", std::fs::read(&path).unwrap_or_default()));
            }
        }
        if let Some(m) = read("seeds/manifest.csv") {
            seeds.push(("manifest", m));
        }
        if let Some(p) = read("pipelines/seeds.toml") {
            seeds.push(("pipeline", p));
        }
        seeds.push((
            "jsonl",
            br#"{"id": "a1", "text": "KYIV, Dec 18 (Reuters) - Zelensky met Macron in Brussels on Tuesday.", "published": "2024-12-18", "url": "https://x.org/2024/12/18/a"}
{"id": 2, "html": "<html><body><article><h1>Talks</h1><p>Olena Kovalenko said on Monday that NATO would meet.</p></article></body></html>"}
"#
            .to_vec(),
        ));
        seeds.push((
            "html",
            br#"<!doctype html><html lang="en"><head><meta charset="windows-1252"><title>Talks resume | The Paper</title>
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-12-18T10:00:00Z","author":{"name":"Ana Lima"}}</script>
</head><body><nav><a href="/">Home</a><a href="/world">World</a></nav><article><h1>Talks resume in Geneva</h1>
<p class="byline">By Ana Lima</p><p>Ukraine's President Volodymyr Zelensky met Emmanuel Macron on Dec. 18, 2024 in Paris.</p>
<p>The European Union said &amp; NATO agreed &#8217;next week&#8217;.</p><figure><figcaption>Photo: AP</figcaption></figure></article>
<footer>&copy; 2024</footer></body></html>"#
            .to_vec(),
        ));
        seeds.push(("warc", warc_sample()));
        seeds.push(("cache", vec![0; 40]));
        Corpus { seeds }
    }

    /// A case for `target`: a seed of its kind (or of any kind), mutated;
    /// gzipped for the `.gz` targets; sometimes arbitrary Unicode.
    fn case(&self, target: &str, rng: &mut Rng) -> Vec<u8> {
        let kind = target.trim_end_matches(".gz");
        let own: Vec<&Vec<u8>> = self
            .seeds
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, s)| s)
            .collect();
        let mut bytes = if rng.one_in(8) || own.is_empty() {
            if rng.one_in(2) {
                unicode(rng)
            } else {
                self.seeds[(rng.next() % self.seeds.len() as u64) as usize]
                    .1
                    .clone()
            }
        } else {
            own[(rng.next() % own.len() as u64) as usize].clone()
        };
        let rounds = 1 + rng.next() % 6;
        for _ in 0..rounds {
            mutate(&mut bytes, rng, &self.seeds);
        }
        if target.ends_with(".gz") {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&bytes).expect("gzip in memory");
            let mut out = gz.finish().expect("gzip in memory");
            if rng.one_in(4) {
                // A damaged or cut member.
                let at = (rng.next() % out.len() as u64) as usize;
                if rng.one_in(2) {
                    out.truncate(at);
                } else {
                    out[at] ^= 1 << (rng.next() % 8);
                }
            }
            return out;
        }
        bytes
    }
}

/// Text from every corner of Unicode that matters here: letters with
/// marks, scripts without case, combining marks, joiners, quotes,
/// surrogates' neighbours, controls, and words the stages look for.
fn unicode(rng: &mut Rng) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "Zelensky",
        "Macron",
        "Kyiv",
        "NATO",
        "Dec. 18",
        "2024-12-18",
        "last Tuesday",
        "U.S.",
        "President",
        "\u{301}",
        "\u{200d}",
        "\u{feff}",
        "ﬁ",
        "İ",
        "ß",
        "Ǆ",
        "\u{2028}",
        "\r\n",
        "\n\n",
        "—",
        "“",
        "”",
        "’",
        "😀",
        "中文",
        "עברית",
        "١٢٣",
        "\u{0}",
        "\u{7f}",
        "\u{fffd}",
        " ",
        ". ",
        "&amp;",
        "<p>",
        "</p>",
        "\t",
        "Mr.",
        "e.g.",
        "Reuter",
        "WASHINGTON -",
        "(Reuters)",
        "ǅ",
        "\u{e000}",
    ];
    let mut s = String::new();
    for _ in 0..(rng.next() % 64) {
        if rng.one_in(3) {
            if let Some(c) = char::from_u32((rng.next() % 0x11_0000) as u32) {
                s.push(c);
            }
        } else {
            s.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
        }
    }
    s.into_bytes()
}

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng, seeds: &[(&str, Vec<u8>)]) {
    let len = bytes.len() as u64;
    let at = |rng: &mut Rng| {
        if len == 0 {
            0
        } else {
            (rng.next() % len) as usize
        }
    };
    match rng.next() % 9 {
        0 if len > 0 => {
            let i = at(rng);
            bytes[i] ^= 1 << (rng.next() % 8);
        }
        1 if len > 0 => {
            let i = at(rng);
            bytes[i] = [
                0, 0xff, b'\n', b'"', b'<', b'>', b'&', b'{', b',', 0xc3, 0x80,
            ][(rng.next() % 11) as usize];
        }
        2 => {
            let i = at(rng);
            let piece = unicode(rng);
            bytes.splice(i..i, piece);
        }
        3 if len > 1 => {
            let i = at(rng);
            let n = (rng.next() % 64) as usize;
            bytes.drain(i..(i + n).min(bytes.len()));
        }
        4 if len > 0 => {
            // Repeat a slice: long lines, deep nesting.
            let i = at(rng);
            let n = ((rng.next() % 32) as usize).min(bytes.len() - i);
            let slice = bytes[i..i + n].to_vec();
            for _ in 0..(rng.next() % 200) {
                bytes.splice(i..i, slice.iter().copied());
            }
        }
        5 => {
            // Splice in part of another seed.
            let other = &seeds[(rng.next() % seeds.len() as u64) as usize].1;
            if !other.is_empty() {
                let from = (rng.next() % other.len() as u64) as usize;
                let n = ((rng.next() % 256) as usize).min(other.len() - from);
                let i = at(rng);
                bytes.splice(i..i, other[from..from + n].iter().copied());
            }
        }
        6 if len > 0 => bytes.truncate(at(rng)),
        7 => {
            let i = at(rng);
            let digits = format!("{}", rng.next() % 100_000);
            bytes.splice(i..i, digits.into_bytes());
        }
        _ => {}
    }
    bytes.truncate(1 << 16);
}

/// Two records, a response with an HTML page and a request (the `.gz`
/// target compresses them).
fn warc_sample() -> Vec<u8> {
    let member = |kind: &str, block: &[u8]| {
        let head = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://x.org/2024/12/18/a\r\n\
             WARC-Date: 2024-12-19T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
             Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        );
        let mut record = head.into_bytes();
        record.extend_from_slice(block);
        record.extend_from_slice(b"\r\n\r\n");
        record
    };
    let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><h1>Talks</h1><p>Zelensky met Macron in Paris on Tuesday.</p></body></html>";
    let mut out = member("response", page);
    out.extend(member("request", b"GET /a HTTP/1.1\r\nHost: x.org\r\n\r\n"));
    out
}

/// xorshift64*: seeded, so a run can be repeated.
struct Rng(u64);

impl Rng {
    /// True about once in `n` draws.
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}
