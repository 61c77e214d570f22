//! Trains the name tagger (`pipelines/ner/names.model`) at development time.
//!
//! `train_ner TRAIN.jsonl DEV.jsonl OUT.model [EPOCHS]` reads documents in
//! the format of `../shared/eval/ner` (`text`, `entities` with code-point
//! `start`/`end` and `label`), trains an averaged perceptron on TRAIN for
//! up to EPOCHS passes (default 12), scores each pass on DEV by exact-span
//! F1 and writes the best pass's weights. Deterministic: the documents are
//! shuffled by a fixed seed.

use newsmill::extract::ner::model::Weights;
use newsmill::extract::ner::model::train::{Gold, Trainer, predict};
use newsmill::extract::ner::{Label, Recognizer};
use serde_json::Value;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};

struct Doc {
    text: String,
    gold: Vec<Gold>,
}

fn label(s: &str) -> Option<Label> {
    Some(match s {
        "PER" => Label::Per,
        "ORG" => Label::Org,
        "LOC" => Label::Loc,
        "MISC" => Label::Misc,
        _ => return None,
    })
}

fn read(path: &str) -> anyhow::Result<Vec<Doc>> {
    let mut out = Vec::new();
    for line in BufReader::new(std::fs::File::open(path)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        // Code points to bytes.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let mut gold = Vec::new();
        for e in v["entities"].as_array().into_iter().flatten() {
            let at = |k: &str| e[k].as_u64().and_then(|x| bytes.get(x as usize).copied());
            if let (Some(start), Some(end), Some(l)) =
                (at("start"), at("end"), e["label"].as_str().and_then(label))
            {
                gold.push(Gold {
                    start,
                    end,
                    label: l,
                });
            }
        }
        out.push(Doc { text, gold });
    }
    Ok(out)
}

/// Exact-span F1, typed and untyped.
fn score(rec: &Recognizer, w: &Weights, docs: &[Doc]) -> (f64, f64) {
    let (mut tp, mut tpu, mut sys, mut gold) = (0, 0, 0, 0);
    for d in docs {
        let found = predict(rec, w, &d.text);
        let typed: HashSet<(usize, usize, &str)> = d
            .gold
            .iter()
            .map(|g| (g.start, g.end, g.label.as_str()))
            .collect();
        let spans: HashSet<(usize, usize)> = d.gold.iter().map(|g| (g.start, g.end)).collect();
        sys += found.len();
        gold += d.gold.len();
        for e in &found {
            tp += usize::from(typed.contains(&(e.start, e.end, e.label.as_str())));
            tpu += usize::from(spans.contains(&(e.start, e.end)));
        }
    }
    let f1 = |tp: usize| 2.0 * tp as f64 / (sys + gold).max(1) as f64;
    (f1(tp), f1(tpu))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, dev, out, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: train_ner TRAIN.jsonl DEV.jsonl OUT.model [EPOCHS]");
    };
    let epochs: usize = rest.first().map(|e| e.parse()).transpose()?.unwrap_or(12);
    let keep: f32 = rest.get(1).map(|e| e.parse()).transpose()?.unwrap_or(0.0);
    let (train, dev) = (read(train)?, read(dev)?);
    let rec = Recognizer::new();
    let mut trainer = Trainer::default();
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut best: Option<(f64, Vec<u8>)> = None;
    for epoch in 1..=epochs {
        // Fisher-Yates with xorshift: the same order on every machine.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let (mut wrong, mut scored) = (0, 0);
        for &k in &order {
            let (w, s) = trainer.learn(&rec, &train[k].text, &train[k].gold);
            (wrong, scored) = (wrong + w, scored + s);
        }
        let model = trainer.finish(keep);
        let weights = Weights::from_bytes(&model).expect("a model just encoded");
        let (typed, untyped) = score(&rec, &weights, &dev);
        println!(
            "epoch {epoch}: train errors {:.4}, {} features ({} kept), dev F1 {typed:.4} typed, {untyped:.4} untyped",
            wrong as f64 / scored.max(1) as f64,
            trainer.features(),
            weights.len(),
        );
        if best.as_ref().is_none_or(|b| typed > b.0) {
            best = Some((typed, model));
        }
    }
    if let Some((f1, model)) = best {
        std::fs::write(out, &model)?;
        println!("wrote {out}: {} bytes, dev F1 {f1:.4}", model.len());
    }
    Ok(())
}
