//! Actor matching cost against dictionary size: `cargo bench --bench actors`.
//!
//! The default dictionary plus 0, 10,000 or 100,000 synthetic people, each
//! with a name, an alias and a surname (three patterns), matched over real
//! articles (`../shared/corpora` when present, else the seeds). Aho-Corasick
//! keeps the cost per byte of text nearly flat as the dictionary grows;
//! `build` is the one-off cost per run of compiling the automata.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use divan::counter::BytesCount;
use newsmill::extract::actors::{Actor, ActorType, Dictionary, Matcher};

fn main() {
    divan::main();
}

const EXTRA_PEOPLE: [usize; 3] = [0, 10_000, 100_000];

fn default_dictionary() -> Dictionary {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/actors");
    let files: Vec<PathBuf> = ["countries.toml", "core.toml"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    Dictionary::load(&files).expect("the default dictionary loads")
}

/// A pronounceable made-up word from a number, so names rarely occur in
/// real text (the worst case: every pattern is scanned for, none found).
fn word(mut n: u64) -> String {
    const ONSETS: [&str; 16] = [
        "B", "D", "K", "L", "M", "N", "P", "R", "S", "T", "V", "Z", "Br", "Dr", "Kr", "Tr",
    ];
    const SYLLABLES: [&str; 16] = [
        "a", "e", "i", "o", "u", "an", "el", "in", "or", "us", "ari", "eno", "ita", "ov", "ek",
        "ul",
    ];
    let mut s = String::from(ONSETS[(n % 16) as usize]);
    n /= 16;
    for _ in 0..3 {
        s.push_str(SYLLABLES[(n % 16) as usize]);
        n /= 16;
        s.push(['l', 'n', 'r', 's', 'v', 'k', 'd', 't'][(n % 8) as usize]);
        n /= 8;
    }
    s
}

fn with_people(extra: usize) -> Dictionary {
    let mut d = default_dictionary();
    for i in 0..extra as u64 {
        let (first, last) = (word(i * 7919 + 13), word(i * 104_729 + 7));
        d.actors.push(Actor {
            id: format!("person:synthetic-{i}"),
            name: format!("{first} {last}"),
            kind: ActorType::Person,
            country: None,
            aliases: vec![format!("{}. {last}", &first[..1])],
            generic_aliases: Vec::new(),
            demonyms: Vec::new(),
            surname: None,
            roles: Vec::new(),
        });
    }
    d
}

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut texts = Vec::new();
    for file in ["reuters21578/articles.jsonl", "bbc/articles.jsonl"] {
        let Ok(data) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        for line in data.lines().take(2000) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v["text"].as_str()
            {
                texts.push(t.to_owned());
            }
        }
    }
    if texts.is_empty() {
        for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")).unwrap()
        {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    texts
}

#[divan::bench(args = EXTRA_PEOPLE, sample_count = 10)]
fn find(bencher: divan::Bencher, extra: usize) {
    let matcher = Matcher::new(&with_people(extra));
    let texts = corpus();
    let day = NaiveDate::from_ymd_opt(2024, 12, 18);
    bencher
        .counter(BytesCount::new(
            texts.iter().map(String::len).sum::<usize>(),
        ))
        .bench(|| {
            texts
                .iter()
                .map(|t| matcher.find(divan::black_box(t), day).len())
                .sum::<usize>()
        });
}

#[divan::bench(args = EXTRA_PEOPLE, sample_count = 3)]
fn build(bencher: divan::Bencher, extra: usize) {
    let dictionary = with_people(extra);
    bencher.bench(|| Matcher::new(divan::black_box(&dictionary)).actor_count());
}
