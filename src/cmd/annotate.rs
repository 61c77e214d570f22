//! `newsmill annotate --input IN.jsonl --output OUT.jsonl`: runs name and
//! date extraction on each line's `text` as given (no cleaning) and writes
//! `entities` and `timexes` with Python code-point offsets, in the format
//! the evaluation scorers under `../shared/eval/` read.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use newsmill::extract::dates::DateTagger;
use newsmill::extract::ner::Recognizer;
use newsmill::offsets::CodePoints;
use rayon::prelude::*;
use serde_json::{Value, json};

/// Annotate texts with entities (PER/ORG/LOC/MISC) and TIMEX3 expressions.
///
/// Input lines carry `doc_id`, `text` and optionally `dct` (YYYY-MM-DD), the
/// date relative expressions resolve against.
#[derive(clap::Args)]
pub struct Args {
    /// JSONL file with one text per line (`doc_id`, `text`, optional `dct`).
    #[arg(long, value_name = "IN.jsonl")]
    input: PathBuf,
    /// Where to write one line per input line: `doc_id`, `entities` and
    /// `timexes`, with code-point offsets (replaced whole when done).
    #[arg(long, value_name = "OUT.jsonl")]
    output: PathBuf,
}

pub fn run(args: Args) -> super::Result {
    let recognizer = Recognizer::new();
    let tagger = DateTagger::new();
    let file = std::fs::File::open(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let mut docs = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", args.input.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&line).map_err(|e| {
            super::Error::Usage(format!(
                "{}, line {}: not valid JSON: {e}",
                args.input.display(),
                i + 1
            ))
        })?;
        if !value["text"].is_string() {
            let message = format!(
                "{}, line {}: no \"text\" string",
                args.input.display(),
                i + 1
            );
            return Err(super::Error::Usage(message));
        }
        docs.push(value);
    }
    let annotated: Vec<Value> = docs
        .par_iter()
        .map(|doc| annotate(doc, &recognizer, &tagger))
        .collect();
    let tmp = args.output.with_extension("jsonl.tmp");
    let out =
        std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    let mut out = BufWriter::new(out);
    let written = (|| -> std::io::Result<()> {
        for value in &annotated {
            serde_json::to_writer(&mut out, value)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    })();
    written.with_context(|| format!("cannot write {}", tmp.display()))?;
    drop(out);
    std::fs::rename(&tmp, &args.output)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    note!(
        "newsmill annotate: {} documents -> {}",
        annotated.len(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn annotate(doc: &Value, recognizer: &Recognizer, tagger: &DateTagger) -> Value {
    let text = doc["text"].as_str().unwrap_or_default();
    let dct = doc["dct"]
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut cp = CodePoints::new(text);
    let entities: Vec<Value> = recognizer
        .entities(text)
        .iter()
        .map(|e| {
            json!({"start": cp.at(e.start), "end": cp.at(e.end), "text": &text[e.start..e.end], "label": e.label.as_str()})
        })
        .collect();
    let mut cp = CodePoints::new(text);
    let timexes: Vec<Value> = tagger
        .tag(text, dct)
        .iter()
        .map(|t| {
            json!({"start": cp.at(t.start), "end": cp.at(t.end), "text": &text[t.start..t.end],
                   "type": t.kind.as_str(), "value": t.value})
        })
        .collect();
    json!({"doc_id": doc["doc_id"], "entities": entities, "timexes": timexes})
}
