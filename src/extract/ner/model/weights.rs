//! The tagger's weights: per feature hash a row of 16-bit weights, one per
//! tag, in an open-addressing table whose slot holds the row itself, so a
//! lookup touches one cache line. Weights are scaled so that the largest is
//! [`LIMIT`]: a token's [`super::features::MAX`] features then sum within
//! 16 bits, and rows add up as vectors of 16-bit lanes. Unknown features
//! weigh nothing.
//!
//! File format (little endian): `NMNAMES3`, `u32` tag count, `u32` row
//! count, `f32` scale, then per row a `u64` feature hash and the weights as
//! `i16`s (weight = value / scale).

use super::{Scorer, TAGS};
use std::sync::atomic::{AtomicU64, Ordering};

const MAGIC: &[u8; 8] = b"NMNAMES3";

/// The largest weight after scaling: 48 features of it stay below `i16::MAX`.
const LIMIT: f32 = 640.0;

#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    /// The feature hash's top 16 bits, never 0 in a used slot.
    check: u16,
    row: [i16; TAGS],
}

const EMPTY: Slot = Slot {
    check: 0,
    row: [0; TAGS],
};

const ROW_LEN: usize = 8 + 2 * TAGS;

pub struct Weights {
    /// Unique per loaded model, for [`super::memo`].
    id: u64,
    slots: Vec<Slot>,
    mask: usize,
    scale: f32,
}

impl Weights {
    /// Reads the model file; `None` if it is not one (wrong magic, tag
    /// count or length).
    pub fn from_bytes(b: &[u8]) -> Option<Weights> {
        let head = b.get(..20)?;
        let u32_at = |k: usize| u32::from_le_bytes(head[k..k + 4].try_into().unwrap_or_default());
        if &head[..8] != MAGIC || u32_at(8) as usize != TAGS {
            return None;
        }
        let rows = u32_at(12) as usize;
        let scale = f32::from_bits(u32_at(16));
        let body = b.get(20..20 + rows * ROW_LEN)?;
        let mut w = Weights::with_rows(rows, scale);
        for r in body.chunks_exact(ROW_LEN) {
            let key = u64::from_le_bytes(r[..8].try_into().unwrap_or_default());
            let row = std::array::from_fn(|t| i16::from_le_bytes([r[8 + 2 * t], r[9 + 2 * t]]));
            w.insert(key, row);
        }
        Some(w)
    }

    /// No weights: every token is outside any name.
    pub fn empty() -> Weights {
        Weights::with_rows(0, 1.0)
    }

    fn with_rows(rows: usize, scale: f32) -> Weights {
        // At most half full, so probes stay short.
        let size = (rows * 2).next_power_of_two().max(16);
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Weights {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            slots: vec![EMPTY; size],
            mask: size - 1,
            scale,
        }
    }

    fn check_of(key: u64) -> u16 {
        ((key >> 48) as u16) | 1
    }

    fn insert(&mut self, key: u64, row: [i16; TAGS]) {
        let check = Self::check_of(key);
        let mut i = key as usize & self.mask;
        while self.slots[i].check != 0 && self.slots[i].check != check {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { check, row };
    }

    fn row(&self, key: u64) -> Option<&Slot> {
        let check = Self::check_of(key);
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.check == check {
                return Some(s);
            }
            if s.check == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Quantizes float weights to a model file. Rows whose largest weight
    /// is below `keep` times the model's largest are left out: they change
    /// few decisions and cost cache space.
    pub fn encode(rows: &[(u64, [f32; TAGS])], keep: f32) -> Vec<u8> {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &x| m.max(x.abs()));
        let scale = if max > 0.0 { LIMIT / max } else { 1.0 };
        let kept: Vec<(u64, [i16; TAGS])> = rows
            .iter()
            .map(|(k, r)| (*k, r.map(|x| (x * scale).round() as i16)))
            .filter(|(_, r)| {
                let top = r.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0);
                top > 0 && f32::from(top) >= keep * LIMIT
            })
            .collect();
        let mut out = Vec::with_capacity(20 + kept.len() * ROW_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        for (k, r) in kept {
            out.extend_from_slice(&k.to_le_bytes());
            for x in r {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.check != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Scorer for &Weights {
    fn fixed(&self) -> Option<u64> {
        Some(self.id)
    }

    fn score(&self, features: &[u64]) -> [f32; TAGS] {
        // All slots are asked for first, so their cache misses overlap.
        for &f in features {
            crate::prefetch::prefetch(&self.slots[f as usize & self.mask]);
        }
        let mut sum = [0i16; TAGS];
        for &f in features {
            if let Some(slot) = self.row(f) {
                for (s, &w) in sum.iter_mut().zip(&slot.row) {
                    *s = s.saturating_add(w);
                }
            }
        }
        sum.map(|s| f32::from(s) / self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads() {
        let w = Weights::from_bytes(crate::extract::ner::MODEL).expect("names.model is a model");
        assert!(w.len() > 10_000, "{} features", w.len());
    }

    #[test]
    fn weights_survive_encoding_and_unknown_features_weigh_nothing() {
        let mut a = [0.0f32; TAGS];
        a[1] = 2.0;
        a[5] = -1.0;
        let mut b = [0.0f32; TAGS];
        b[1] = 0.5;
        // Below `keep` of the largest weight: left out.
        let mut tiny = [0.0f32; TAGS];
        tiny[3] = 0.001;
        // Keys as the features make them: hashes with every bit in use.
        let [ka, kb, kt, unknown] = [
            0x9e37_79b9_7f4a_7c15u64,
            0x5851_f42d_4c95_7f2d,
            0x1405_7b7e_f767_814f,
            0xd6e8_feb8_6659_fd93,
        ];
        let rows = [(ka, a), (kb, b), (kt, tiny)];
        let w = Weights::from_bytes(&Weights::encode(&rows, 0.002)).expect("a model just encoded");
        assert_eq!(w.len(), 2);
        let s = (&w).score(&[ka, kb, unknown]);
        assert!(
            (s[1] - 2.5).abs() < 0.01 && (s[5] + 1.0).abs() < 0.01,
            "{s:?}"
        );
        assert_eq!((&w).score(&[kt, unknown]), [0.0; TAGS]);
        assert!(Weights::from_bytes(b"NMNAMES3").is_none());
    }
}
