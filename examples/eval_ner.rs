//! Runs the proper-name recognizer over a JSONL file for scoring.
//!
//! `eval_ner IN.jsonl OUT.jsonl` reads lines with `doc_id` and `text` and
//! writes `{"doc_id", "entities": [{start, end, text, label}]}` with Python
//! code-point offsets (the format of `../shared/eval/ner/score_ner.py`).
//! `eval_ner --bench ARTICLES.jsonl` times the recognizer alone on one core.
//! `eval_ner --silver OUT.tsv IN.jsonl...` writes the self-training votes
//! (`pipelines/ner/types.tsv`, see `scripts/ner/gen_silver.sh`).

use newsmill::extract::ner::{Label, Recognizer};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

fn texts(path: &str) -> anyhow::Result<Vec<(Value, String)>> {
    let f = BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for line in f.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let id = v.get("doc_id").or_else(|| v.get("id")).cloned();
        out.push((id.unwrap_or(Value::Null), text));
    }
    Ok(out)
}

fn bench(path: &str) -> anyhow::Result<()> {
    let docs = texts(path)?;
    let t0 = Instant::now();
    let rec = Recognizer::new();
    let load = t0.elapsed();
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..3 {
        let t = Instant::now();
        n = docs.iter().map(|d| rec.entities(&d.1).len()).sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} docs, {:.1} MB, {n} entities, load {:.0} ms, best of 3: {:.3} s = {:.1} MB/s (1 core)",
        docs.len(),
        bytes as f64 / 1e6,
        load.as_secs_f64() * 1e3,
        best,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}

fn silver(out: &str, inputs: &[String]) -> anyhow::Result<()> {
    let rec = Recognizer::new();
    let mut votes: HashMap<String, [u32; 4]> = HashMap::new();
    for input in inputs {
        for (_, text) in texts(input)? {
            for (w, label) in rec.silver(&text) {
                let k = [Label::Per, Label::Org, Label::Loc, Label::Misc]
                    .iter()
                    .position(|&l| l == label)
                    .unwrap_or(0);
                votes.entry(w.to_string()).or_default()[k] += 1;
            }
        }
    }
    let mut rows: Vec<_> = votes
        .into_iter()
        .filter(|(_, v)| v.iter().sum::<u32>() >= 2)
        .collect();
    rows.sort();
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    for (word, v) in rows {
        writeln!(w, "{word}\t{}\t{}\t{}\t{}", v[0], v[1], v[2], v[3])?;
    }
    w.flush()?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, input] if flag == "--bench" => bench(input),
        [flag, out, inputs @ ..] if flag == "--silver" => silver(out, inputs),
        [input, output] => {
            let rec = Recognizer::new();
            let mut w = BufWriter::new(std::fs::File::create(output)?);
            for (id, text) in texts(input)? {
                // Byte offsets to code-point offsets, one scan per document.
                let mut cp = vec![0usize; text.len() + 1];
                let mut n = 0;
                for (i, c) in text.char_indices() {
                    cp[i] = n;
                    n += 1;
                    for k in 1..c.len_utf8() {
                        cp[i + k] = n;
                    }
                }
                cp[text.len()] = n;
                let ents: Vec<Value> = rec
                    .entities(&text)
                    .iter()
                    .map(|e| {
                        json!({"start": cp[e.start], "end": cp[e.end],
                               "text": &text[e.start..e.end], "label": e.label.as_str()})
                    })
                    .collect();
                writeln!(w, "{}", json!({"doc_id": id, "entities": ents}))?;
            }
            w.flush()?;
            Ok(())
        }
        _ => anyhow::bail!(
            "usage: eval_ner IN.jsonl OUT.jsonl | eval_ner --bench ARTICLES.jsonl | eval_ner --silver OUT IN..."
        ),
    }
}
