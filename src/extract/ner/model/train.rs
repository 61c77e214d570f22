//! Training the tagger (development time only): an averaged perceptron,
//! greedy left to right on its own predictions, as `examples/train_ner.rs`
//! runs it on CoNLL-2003.

use super::features::Context;
use super::{BEGIN, INSIDE, LAST, UNIT};
use super::{LABELS, OUTSIDE, Scorer, TAGS, Tag, Weights, tag_of, tag_tokens};
use crate::extract::ner::{Entity, Label, Recognizer};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are hashes already.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// Weights being learned, and their running sums for the average.
#[derive(Default)]
pub struct Trainer {
    index: HashMap<u64, usize, BuildHasherDefault<Identity>>,
    weights: Vec<[f32; TAGS]>,
    /// Per feature, the sum of each update times the step it was made at.
    timed: Vec<[f64; TAGS]>,
    step: f64,
}

impl Scorer for Trainer {
    fn score(&self, features: &[u64]) -> [f32; TAGS] {
        let mut sum = [0f32; TAGS];
        for f in features {
            if let Some(&k) = self.index.get(f) {
                for (s, w) in sum.iter_mut().zip(&self.weights[k]) {
                    *s += w;
                }
            }
        }
        sum
    }
}

/// The trainer at work on one document: scores with the current weights
/// and corrects them at each wrong tag, then goes on with its own choice.
struct Learning<'a> {
    trainer: &'a mut Trainer,
    truth: &'a [Tag],
    wrong: usize,
    scored: usize,
}

impl Scorer for Learning<'_> {
    fn score(&self, features: &[u64]) -> [f32; TAGS] {
        self.trainer.score(features)
    }

    fn chose(&mut self, i: usize, features: &[u64], tag: Tag) -> Tag {
        self.scored += 1;
        self.trainer.step += 1.0;
        if tag != self.truth[i] {
            self.wrong += 1;
            self.trainer.update(features, self.truth[i], 1.0);
            self.trainer.update(features, tag, -1.0);
        }
        tag
    }
}

/// Gold names of a training document: byte spans and labels.
pub struct Gold {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

impl Trainer {
    fn update(&mut self, features: &[u64], tag: Tag, delta: f32) {
        for &f in features {
            let next = self.weights.len();
            let k = *self.index.entry(f).or_insert(next);
            if k == next {
                self.weights.push([0.0; TAGS]);
                self.timed.push([0.0; TAGS]);
            }
            self.weights[k][usize::from(tag)] += delta;
            self.timed[k][usize::from(tag)] += self.step * f64::from(delta);
        }
    }

    /// One pass over one document: tags it, and where a tag is wrong moves
    /// the weights toward the gold one. Returns (wrong, scored) tokens.
    pub fn learn(&mut self, rec: &Recognizer, text: &str, gold: &[Gold]) -> (usize, usize) {
        let doc = rec.doc(text);
        let cx = Context::new(&doc);
        let truth = gold_tags(&doc.toks, gold);
        let mut learning = Learning {
            trainer: self,
            truth: &truth,
            wrong: 0,
            scored: 0,
        };
        tag_tokens(&mut learning, &cx);
        let (wrong, scored) = (learning.wrong, learning.scored);
        (wrong, scored)
    }

    /// The averaged weights, as a model.
    pub fn finish(&self, keep: f32) -> Vec<u8> {
        let step = self.step.max(1.0);
        let mut rows: Vec<(u64, [f32; TAGS])> = self
            .index
            .iter()
            .map(|(&key, &k)| {
                let mut r = self.weights[k];
                for (x, t) in r.iter_mut().zip(&self.timed[k]) {
                    *x -= (t / step) as f32;
                }
                (key, r)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        Weights::encode(&rows, keep)
    }

    pub fn features(&self) -> usize {
        self.weights.len()
    }
}

/// Names found by a model, for scoring it during training.
pub fn predict(rec: &Recognizer, weights: &Weights, text: &str) -> Vec<Entity> {
    rec.entities_with(weights, text)
}

/// The gold BILOU tag of each token; tokens partly inside a name count as
/// inside it.
fn gold_tags(toks: &[crate::extract::ner::tokens::Tok], gold: &[Gold]) -> Vec<Tag> {
    let mut tags = vec![OUTSIDE; toks.len()];
    for g in gold {
        let label = LABELS.iter().position(|&l| l == g.label).unwrap_or(0);
        let inside: Vec<usize> = (0..toks.len())
            .filter(|&i| toks[i].start < g.end && toks[i].end > g.start)
            .collect();
        match inside.as_slice() {
            [] => {}
            [one] => tags[*one] = tag_of(label, UNIT),
            [first, .., last] => {
                for &i in &inside {
                    tags[i] = tag_of(label, INSIDE);
                }
                tags[*first] = tag_of(label, BEGIN);
                tags[*last] = tag_of(label, LAST);
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trainer_learns_names_and_is_deterministic() {
        let rec = Recognizer::new();
        let docs: Vec<(String, Vec<Gold>)> =
            ["Alice Smith", "Carlos Pena", "Maria Lopez", "John Brown"]
                .iter()
                .map(|n| {
                    let text = format!("Yesterday {n} went to Oslo with friends.");
                    let gold = vec![
                        Gold {
                            start: 10,
                            end: 10 + n.len(),
                            label: Label::Per,
                        },
                        Gold {
                            start: text.find("Oslo").unwrap(),
                            end: text.find("Oslo").unwrap() + 4,
                            label: Label::Loc,
                        },
                    ];
                    (text, gold)
                })
                .collect();
        let train = || {
            let mut t = Trainer::default();
            for _ in 0..5 {
                for (text, gold) in &docs {
                    t.learn(&rec, text, gold);
                }
            }
            t.finish(0.0)
        };
        let model = train();
        assert_eq!(model, train());
        let w = Weights::from_bytes(&model).expect("a model");
        let text = "Yesterday Peter Novak went to Oslo with friends.";
        let found: Vec<(&str, Label)> = predict(&rec, &w, text)
            .iter()
            .map(|e| (&text[e.start..e.end], e.label))
            .collect();
        assert_eq!(found, [("Peter Novak", Label::Per), ("Oslo", Label::Loc)]);
    }
}
