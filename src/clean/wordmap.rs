//! Word tables: [`WordSet`], a set of words of up to 16 bytes, and
//! [`WordMap`], the stop and cue words of up to eight bytes in one table for
//! the per-word lookup of the line tokenizer. A word is its bytes packed
//! little-endian into an integer, looked up with one multiply and, almost
//! always, one compare.

use super::swar;

/// What a short word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    None,
    Stop,
    Cue,
}

pub(crate) struct WordMap {
    /// (key, kind) slots; key 0 marks an empty slot (no word packs to 0).
    slots: Vec<(u64, Kind)>,
    shift: u32,
}

/// Longest word the map holds.
pub(crate) const MAX: usize = 8;

impl WordMap {
    /// Stop words first: a word in both lists counts as a stop word.
    pub(crate) fn new(stop: &[&str], cue: &[&str]) -> WordMap {
        let words: Vec<(&str, Kind)> = stop
            .iter()
            .map(|w| (*w, Kind::Stop))
            .chain(cue.iter().map(|w| (*w, Kind::Cue)))
            .filter(|(w, _)| w.len() <= MAX)
            .collect();
        let bits = (words.len() * 4)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let mut map = WordMap {
            slots: vec![(0, Kind::None); 1 << bits],
            shift: 64 - bits,
        };
        for (w, kind) in words {
            assert!(!w.is_empty() && w.is_ascii(), "word list entry {w:?}");
            let k = key(w.as_bytes(), 0, w.len());
            let mut i = map.slot(k);
            while map.slots[i].0 != 0 && map.slots[i].0 != k {
                i = (i + 1) & (map.slots.len() - 1);
            }
            if map.slots[i].0 == 0 {
                map.slots[i] = (k, kind);
            }
        }
        map
    }

    #[inline(always)]
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Kind of the word `b[s..s + len]` (1 <= len <= [`MAX`]), ASCII case
    /// ignored.
    #[inline(always)]
    pub(crate) fn get(&self, b: &[u8], s: usize, len: usize) -> Kind {
        let k = key(b, s, len);
        let mut i = self.slot(k);
        loop {
            let (key, kind) = self.slots[i];
            if key == k {
                return kind;
            }
            if key == 0 {
                return Kind::None;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

/// `b[s..s + len]` lowercased, packed little-endian into a u64.
#[inline(always)]
fn key(b: &[u8], s: usize, len: usize) -> u64 {
    debug_assert!((1..=MAX).contains(&len));
    let x = if s + 8 <= b.len() {
        swar::load(b, s)
    } else {
        let mut buf = [0u8; 8];
        buf[..len].copy_from_slice(&b[s..s + len]);
        u64::from_le_bytes(buf)
    };
    swar::to_lower(x & (u64::MAX >> (64 - 8 * len)))
}

/// Set of short words (<= 16 bytes), each packed into a u128 (zero-padded,
/// so the packing is unique), in an open-addressing table: a lookup is one
/// multiply and an integer compare or two, in a few cache lines.
pub(crate) struct WordSet {
    slots: Vec<u128>,
    shift: u32,
    max_len: usize,
}

const MAX_WORD: usize = 16;

/// Packs a word of at most 16 bytes (callers check) into its key: the bytes
/// little-endian in a u128, zero-padded.
#[inline(always)]
pub(crate) fn pack(w: &[u8], lower: bool) -> u128 {
    let mut buf = [0u8; MAX_WORD];
    buf[..w.len()].copy_from_slice(w);
    let half = |h: &[u8]| u64::from_le_bytes(h.try_into().expect("8 bytes"));
    join(half(&buf[..8]), half(&buf[8..]), lower)
}

/// [`pack`] of `b[s..s + len]`, lowercased. Tokenizers call it per word, so
/// when 16 bytes are readable it loads them at once and masks off the rest
/// instead of copying byte by byte.
#[inline(always)]
pub(crate) fn pack_lower_at(b: &[u8], s: usize, len: usize) -> u128 {
    if s + MAX_WORD > b.len() {
        return pack(&b[s..s + len], true);
    }
    let keep = |n: usize| match n {
        0 => 0,
        1..=7 => (1u64 << (8 * n)) - 1,
        _ => u64::MAX,
    };
    let lo = swar::load(b, s) & keep(len);
    let hi = swar::load(b, s + 8) & keep(len.saturating_sub(8));
    join(lo, hi, true)
}

#[inline(always)]
fn join(lo: u64, hi: u64, lower: bool) -> u128 {
    let (lo, hi) = if lower {
        (swar::to_lower(lo), swar::to_lower(hi))
    } else {
        (lo, hi)
    };
    lo as u128 | (hi as u128) << 64
}

impl WordSet {
    pub(crate) fn new(words: &[&str]) -> WordSet {
        let bits = (words.len() * 4)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let mut set = WordSet {
            slots: vec![0; 1 << bits],
            shift: 64 - bits,
            max_len: 0,
        };
        for w in words {
            let b = w.as_bytes();
            assert!(
                !b.is_empty() && b.len() <= MAX_WORD,
                "word list entry {w:?}"
            );
            set.max_len = set.max_len.max(b.len());
            let k = pack(b, false);
            let mut i = set.slot(k);
            while set.slots[i] != 0 && set.slots[i] != k {
                i = (i + 1) & (set.slots.len() - 1);
            }
            set.slots[i] = k;
        }
        set
    }

    #[inline]
    fn slot(&self, k: u128) -> usize {
        let h = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn find(&self, k: u128) -> bool {
        let mut i = self.slot(k);
        loop {
            match self.slots[i] {
                0 => return false,
                s if s == k => return true,
                _ => i = (i + 1) & (self.slots.len() - 1),
            }
        }
    }

    /// Exact (case-sensitive) membership.
    #[inline]
    pub(crate) fn contains(&self, w: &[u8]) -> bool {
        !w.is_empty() && w.len() <= self.max_len && self.find(pack(w, false))
    }

    /// Membership of the ASCII-lowercased word.
    #[inline]
    pub(crate) fn contains_lower(&self, w: &[u8]) -> bool {
        !w.is_empty() && w.len() <= self.max_len && self.find(pack(w, true))
    }

    /// Membership of a word of `len` bytes already packed (lowercased) as `k`.
    #[inline]
    pub(crate) fn contains_key(&self, k: u128, len: usize) -> bool {
        len <= self.max_len && self.find(k)
    }
}

#[cfg(test)]
#[test]
fn finds_words_in_any_case_and_only_them() {
    let m = WordMap::new(&["the", "a", "whenever"], &["share", "the"]);
    let text = b"The A wHENEVER share SHARE them thee a";
    assert_eq!(m.get(text, 0, 3), Kind::Stop);
    assert_eq!(m.get(text, 4, 1), Kind::Stop);
    assert_eq!(m.get(text, 6, 8), Kind::Stop);
    assert_eq!(m.get(text, 15, 5), Kind::Cue);
    assert_eq!(m.get(text, 21, 5), Kind::Cue);
    assert_eq!(m.get(text, 27, 4), Kind::None);
    assert_eq!(m.get(text, 32, 4), Kind::None);
    assert_eq!(m.get(text, 37, 1), Kind::Stop);
}
