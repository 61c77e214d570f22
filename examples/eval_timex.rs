//! Runs the dates stage over a TimeML-derived JSONL for scoring, or times it.
//!
//!   eval_timex IN.jsonl OUT.jsonl   # IN lines: doc_id, text, dct; OUT: timexes
//!   eval_timex --bench ARTICLES.jsonl  # MB/s of DateTagger::tag (text, published)

use chrono::NaiveDate;
use newsmill::extract::dates::DateTagger;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

fn date(v: &Value, key: &str) -> Option<NaiveDate> {
    let s = v.get(key)?.as_str()?;
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn lines(path: &str) -> anyhow::Result<Vec<Value>> {
    let f = BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for line in f.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            out.push(serde_json::from_str(&line)?);
        }
    }
    Ok(out)
}

fn bench(path: &str) -> anyhow::Result<()> {
    let docs: Vec<(String, Option<NaiveDate>)> = lines(path)?
        .iter()
        .filter_map(|v| Some((v.get("text")?.as_str()?.to_string(), date(v, "published"))))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    let tagger = DateTagger::new();
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..3 {
        let t = Instant::now();
        found = docs
            .iter()
            .map(|(text, r)| tagger.tag(text, *r).len())
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} docs, {:.1} MB, {found} timexes, best of 3: {:.3} s = {:.1} MB/s (one core)",
        docs.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 2 && args[0] == "--bench" {
        return bench(&args[1]);
    }
    let [input, output] = args.as_slice() else {
        anyhow::bail!("usage: eval_timex IN.jsonl OUT.jsonl | eval_timex --bench ARTICLES.jsonl");
    };
    let tagger = DateTagger::new();
    let mut out = BufWriter::new(std::fs::File::create(output)?);
    for doc in lines(input)? {
        let text = doc["text"].as_str().unwrap_or_default();
        let timexes: Vec<Value> = tagger
            .tag(text, date(&doc, "dct"))
            .iter()
            .map(|t| {
                // The scorer counts Python code points, not bytes.
                let cp = |b: usize| text[..b].chars().count();
                json!({"start": cp(t.start), "end": cp(t.end), "text": &text[t.start..t.end],
                       "type": t.kind.as_str(), "value": t.value})
            })
            .collect();
        writeln!(
            out,
            "{}",
            json!({"doc_id": doc["doc_id"], "timexes": timexes})
        )?;
    }
    out.flush()?;
    Ok(())
}
