//! Stage micro-benchmarks: `cargo bench --bench stages`.
//!
//! Inputs are real articles: the Reuters-21578 and BBC corpora beside the
//! repository (`../shared/corpora`, see its README) when present, else the
//! bundled seeds. Throughput is reported in input bytes per second, one core.

use std::path::Path;

use divan::counter::BytesCount;
use newsmill::clean::{CleanConfig, Cleaner, sentence_key};

fn main() {
    divan::main();
}

/// Up to `limit` article texts from the shared corpora, else the seeds.
fn corpus(limit: usize) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut texts = Vec::new();
    for file in ["reuters21578/articles.jsonl", "bbc/articles.jsonl"] {
        let Ok(data) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        for line in data.lines().take(limit / 2) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v["text"].as_str()
            {
                texts.push(t.to_owned());
            }
        }
    }
    if texts.is_empty() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    texts
}

fn bytes(texts: &[String]) -> BytesCount {
    BytesCount::new(texts.iter().map(String::len).sum::<usize>())
}

#[divan::bench(sample_count = 10)]
fn clean(bencher: divan::Bencher) {
    let texts = corpus(4000);
    let cleaner = Cleaner::new(&CleanConfig::default());
    bencher.counter(bytes(&texts)).bench(|| {
        texts
            .iter()
            .map(|t| cleaner.clean(divan::black_box(t)).sentences.len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 10)]
fn sentence_keys(bencher: divan::Bencher) {
    let texts = corpus(4000);
    let cleaner = Cleaner::new(&CleanConfig::default());
    let cleaned: Vec<_> = texts.iter().map(|t| cleaner.clean(t)).collect();
    bencher.counter(bytes(&texts)).bench(|| {
        let mut acc = 0u64;
        for c in &cleaned {
            for s in &c.sentences {
                acc ^= sentence_key(&c.text[s.start..s.end]);
            }
        }
        acc
    });
}
