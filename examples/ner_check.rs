//! Output identity and profiling harness for the name recognizer.
//!
//! `cargo run --release --example ner_check` runs [`Recognizer::entities`]
//! over every text of Reuters-21578, BBC (`../shared/corpora`) and the NER
//! dev set (`../shared/eval/ner/dev.jsonl`) and prints, per file, the text
//! count, entity count and an xxh3 of all (doc, start, end, label); then the
//! same for the dev-time `silver` pairs and `is_common_word` over every
//! whitespace-separated word. Speed work must leave every line unchanged.
//!
//! `... --example ner_check -- run N` recognizes the first N Reuters and BBC
//! articles once and prints nothing else: a fixed input for
//! `valgrind --tool=callgrind`.

use std::path::Path;

use newsmill::extract::ner::Recognizer;
use xxhash_rust::xxh3::Xxh3Default;

const FILES: [&str; 3] = [
    "corpora/reuters21578/articles.jsonl",
    "corpora/bbc/articles.jsonl",
    "eval/ner/dev.jsonl",
];

fn jsonl(file: &str, limit: usize) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(file);
    let data = std::fs::read_to_string(path).expect("corpus file");
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect()
}

fn check(rec: &Recognizer) {
    for file in FILES {
        let texts = jsonl(file, usize::MAX);
        let (mut ents, mut silver, mut words, mut common) = (0, 0, 0, 0);
        let (mut h, mut hs, mut hc) = (Xxh3Default::new(), Xxh3Default::new(), Xxh3Default::new());
        for (d, text) in texts.iter().enumerate() {
            for e in rec.entities(text) {
                ents += 1;
                h.update(&(d as u64).to_le_bytes());
                h.update(&(e.start as u64).to_le_bytes());
                h.update(&(e.end as u64).to_le_bytes());
                h.update(e.label.as_str().as_bytes());
            }
            for (w, label) in rec.silver(text) {
                silver += 1;
                hs.update(&(d as u64).to_le_bytes());
                hs.update(w.as_bytes());
                hs.update(label.as_str().as_bytes());
            }
            for w in text.split_whitespace() {
                words += 1;
                let c = rec.is_common_word(w);
                common += usize::from(c);
                hc.update(&[u8::from(c)]);
            }
        }
        println!(
            "{file}: {} texts, {ents} entities {:016x}; {silver} silver {:016x}; {common}/{words} common {:016x}",
            texts.len(),
            h.digest(),
            hs.digest(),
            hc.digest()
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rec = Recognizer::new();
    match args.as_slice() {
        [cmd, n] if cmd == "run" => {
            let n: usize = n.parse().expect("N");
            let mut count = 0;
            for file in &FILES[..2] {
                for text in jsonl(file, n) {
                    count += rec.entities(&text).len();
                }
            }
            std::hint::black_box(count);
        }
        [] => check(&rec),
        _ => eprintln!("usage: ner_check [run N]"),
    }
}
