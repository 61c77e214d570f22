//! Per-thread memory of word scores: the features that depend only on the
//! word as written ([`super::features::Context::word_features`]) score the
//! same wherever the word occurs, and a few thousand words make most of
//! news's names. A direct-mapped cache: a pure function remembered, so the
//! output does not depend on what each thread saw before.

use super::TAGS;
use std::cell::RefCell;

const SIZE: usize = 8192;

struct Cache {
    /// The model whose scores these are.
    model: u64,
    keys: Vec<u64>,
    rows: Vec<[f32; TAGS]>,
}

thread_local! {
    static CACHE: RefCell<Cache> = const {
        RefCell::new(Cache { model: 0, keys: Vec::new(), rows: Vec::new() })
    };
}

/// The scores of the word `key` under `model`, from `make` the first time.
pub fn word_scores(model: u64, key: u64, make: impl FnOnce() -> [f32; TAGS]) -> [f32; TAGS] {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.model != model || c.keys.is_empty() {
            c.model = model;
            c.keys = vec![0; SIZE];
            c.rows = vec![[0.0; TAGS]; SIZE];
        }
        let slot = (key >> 32) as usize & (SIZE - 1);
        if c.keys[slot] == key {
            return c.rows[slot];
        }
        let row = make();
        c.keys[slot] = key;
        c.rows[slot] = row;
        row
    })
}
