//! Output identity and profiling harness for the clean stage.
//!
//! `cargo run --release --example clean_check` cleans every article of the
//! shared corpora (`../shared/corpora`: Reuters-21578, BBC, and the
//! article-extraction benchmark's ground-truth bodies and raw HTML pages,
//! fed as text) and prints, per corpus, the article count and an xxh3 of all
//! outputs: clean text, title, author, boilerplate chars, sentence spans,
//! sentence keys and the bare normalization. Speed work must leave every
//! line unchanged.
//!
//! `... --example clean_check -- run N` cleans the first N Reuters and BBC
//! articles once and prints nothing else: a fixed input for
//! `valgrind --tool=callgrind`.

use std::path::Path;

use newsmill::clean::{CleanConfig, Cleaner, normalize, sentence_key};
use xxhash_rust::xxh3::Xxh3Default;

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

fn jsonl(file: &str, limit: usize) -> Vec<String> {
    let data = std::fs::read_to_string(root().join(file)).expect("corpus file");
    data.lines()
        .take(limit)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect()
}

fn ground_truth() -> Vec<String> {
    let data = std::fs::read_to_string(root().join("aeb-html/ground-truth.json")).expect("gt");
    let v: serde_json::Value = serde_json::from_str(&data).expect("gt JSON");
    let mut bodies: Vec<(String, String)> = v
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, e)| {
            (
                k.clone(),
                e["articleBody"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    bodies.sort();
    bodies.into_iter().map(|(_, b)| b).collect()
}

fn html_pages() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("aeb-html"))
        .expect("aeb-html")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("page")).into_owned())
        .collect()
}

fn hash(cleaner: &Cleaner, texts: &[String]) -> u64 {
    let mut h = Xxh3Default::new();
    let opt = |s: &Option<String>| s.as_deref().map_or(u64::MAX, |s| s.len() as u64);
    for t in texts {
        let c = cleaner.clean(t);
        h.update(&(c.text.len() as u64).to_le_bytes());
        h.update(c.text.as_bytes());
        for s in [&c.title, &c.author] {
            h.update(&opt(s).to_le_bytes());
            h.update(s.as_deref().unwrap_or("").as_bytes());
        }
        h.update(&c.boilerplate_chars.to_le_bytes());
        h.update(&(c.sentences.len() as u64).to_le_bytes());
        for s in &c.sentences {
            h.update(&(s.start as u64).to_le_bytes());
            h.update(&(s.end as u64).to_le_bytes());
            h.update(&sentence_key(&c.text[s.start..s.end]).to_le_bytes());
        }
        let n = normalize(t);
        h.update(&(n.len() as u64).to_le_bytes());
        h.update(n.as_bytes());
    }
    h.digest()
}

fn main() {
    let cleaner = Cleaner::new(&CleanConfig::default());
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("run") {
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
        let mut texts = jsonl("reuters21578/articles.jsonl", n / 2);
        texts.extend(jsonl("bbc/articles.jsonl", n / 2));
        let bytes: usize = texts.iter().map(String::len).sum();
        let sents: usize = texts.iter().map(|t| cleaner.clean(t).sentences.len()).sum();
        println!("{} articles, {bytes} bytes, {sents} sentences", texts.len());
        return;
    }
    let corpora: [(&str, Vec<String>); 4] = [
        ("reuters", jsonl("reuters21578/articles.jsonl", usize::MAX)),
        ("bbc", jsonl("bbc/articles.jsonl", usize::MAX)),
        ("aeb-truth", ground_truth()),
        ("aeb-html", html_pages()),
    ];
    for (name, texts) in &corpora {
        println!("{name} {} {:016x}", texts.len(), hash(&cleaner, texts));
    }
}
