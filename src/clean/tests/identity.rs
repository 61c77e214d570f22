//! Output identity on real news: every field of [`Cleaner::clean`] over the
//! first 3000 Reuters-21578 articles and all BBC ones, hashed, must equal the
//! hash recorded before the clean stage was optimized. Speed work must not
//! change a byte. The corpora live beside the repository
//! (`../shared/corpora`); without them the test has nothing to check.

use crate::clean::*;
use xxhash_rust::xxh3::Xxh3Default;

/// Recorded from the unoptimized clean stage, and again when wire copy with
/// tables was made to keep its whole text (figure rows are no sign of a page).
const EXPECTED: (usize, u64) = (5225, 16328492787240678697);

/// Number of articles and xxh3 of all their cleaned outputs, or `None`
/// when the corpora are not there.
fn corpus_hash() -> Option<(usize, u64)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");
    let cleaner = Cleaner::new(&CleanConfig::default());
    let mut h = Xxh3Default::new();
    let mut n = 0;
    for file in ["reuters21578/articles.jsonl", "bbc/articles.jsonl"] {
        let data = std::fs::read_to_string(format!("{root}/{file}")).ok()?;
        for line in data.lines().take(3000) {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let c = cleaner.clean(v["text"].as_str().expect("corpus text"));
            n += 1;
            // Length-prefixed fields: no two outputs serialize alike.
            let opt = |s: &Option<String>| s.as_deref().map_or(u64::MAX, |s| s.len() as u64);
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
            }
        }
    }
    Some((n, h.digest()))
}

#[test]
fn news_corpus_output_is_unchanged() {
    let Some(got) = corpus_hash() else {
        eprintln!("../shared/corpora not found: output identity not checked");
        return;
    };
    assert_eq!(got, EXPECTED, "clean output changed on the news corpus");
}
