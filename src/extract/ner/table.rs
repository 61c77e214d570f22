//! A compact, read-mostly string table: open addressing with each entry in
//! its slot, the key's first 16 bytes inline and the rest in one arena;
//! lookups by byte slice with no UTF-8 validation, no allocation and the
//! length compared first.

const K: u64 = 0x9e37_79b9_7f4a_7c15;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// ASCII `A-Z` to `a-z` in 8 bytes at once; other bytes (and any byte of a
/// non-ASCII word) unchanged, as `make_ascii_lowercase` does.
pub fn lower_ascii(w: u64) -> u64 {
    // Per byte below 0x80: high bit of `x + (0x80 - b'A')` is set iff
    // x >= 'A', and of `x + (0x80 - b'Z' - 1)` iff x > 'Z'; no carries.
    let ascii = !w & HIGH;
    let low7 = w & !HIGH;
    let ge_a = low7 + ONES * u64::from(0x80 - b'A');
    let gt_z = low7 + ONES * u64::from(0x80 - b'Z' - 1);
    w | ((ge_a & !gt_z & ascii) >> 2)
}

/// Whether all 8 bytes are ASCII.
pub fn is_ascii(w: u64) -> bool {
    w & HIGH == 0
}

/// Up to 8 bytes as a little-endian word, zero-padded.
fn word_of(c: &[u8]) -> u64 {
    match c.len() {
        8.. => u64::from_le_bytes(c[..8].try_into().unwrap_or_default()),
        4.. => {
            let lo = u32::from_le_bytes(c[..4].try_into().unwrap_or_default());
            let hi = u32::from_le_bytes(c[c.len() - 4..].try_into().unwrap_or_default());
            // The two loads overlap on equal bytes, so `|` joins them.
            u64::from(lo) | (u64::from(hi) << ((c.len() - 4) * 8))
        }
        _ => c.iter().rev().fold(0, |w, &x| (w << 8) | u64::from(x)),
    }
}

/// A key of at most 16 bytes as two padded words (the second is 0 for up to
/// 8 bytes).
pub fn short_key(b: &[u8]) -> (u64, u64) {
    if b.len() <= 8 {
        (word_of(b), 0)
    } else {
        (word_of(&b[..8]), word_of(&b[8..]))
    }
}

/// Hash of a key given as padded words: one step per word, then a full
/// avalanche so both the low bits (slot) and the high bits (tag) are usable.
fn hash_words(words: impl IntoIterator<Item = u64>, len: usize) -> u64 {
    let mut h = (len as u64).wrapping_mul(K);
    for w in words {
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    // fmix64 (MurmurHash3).
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// [`hash_bytes`] of a key of `len <= 16` bytes given by [`short_key`].
fn short_hash((w0, w1): (u64, u64), len: usize) -> u64 {
    match len {
        0 => hash_words([], 0),
        1..=8 => hash_words([w0], len),
        _ => hash_words([w0, w1], len),
    }
}

fn hash_bytes(key: &[u8]) -> u64 {
    hash_words(key.chunks(8).map(word_of), key.len())
}

/// A [`std::hash::Hasher`] over [`hash_bytes`], for small maps keyed by
/// words (SipHash is several times slower on short keys).
#[derive(Default)]
pub struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = (self.0.rotate_left(5) ^ hash_bytes(bytes)).wrapping_mul(K);
    }
}

/// A `HashMap` with [`WordHasher`], a fast hasher for short string keys.
pub type StrHashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// A `HashSet` with [`WordHasher`], a fast hasher for short string keys.
pub type StrHashSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<WordHasher>>;

/// `Entry::len` of a free slot.
const EMPTY: u32 = u32::MAX;

/// A key with its value, stored in its slot. The first 16 bytes of the key
/// sit in the entry itself, so a lookup of a short key (nearly every word)
/// reads one slot and, mostly, one cache line: in a table of 250,000 words
/// that is one cache miss, where a slot pointing to an entry made two.
#[derive(Clone, Copy)]
struct Entry<V> {
    /// The key's first 16 bytes as [`short_key`] words.
    head: (u64, u64),
    /// Key length in bytes; [`EMPTY`] for a free slot.
    len: u32,
    /// Where the words past the first 16 bytes start in the arena.
    off: u32,
    value: V,
}

pub struct Table<V> {
    /// Words of keys longer than 16 bytes, past their first 16 bytes.
    arena: Vec<u64>,
    /// Open addressing with linear probing, at most half full.
    slots: Vec<Entry<V>>,
    /// Slots in use.
    used: usize,
    mask: usize,
    /// Length of the longest key, for callers that build keys in a buffer.
    pub max_len: usize,
}

impl<V: Copy + Default> Table<V> {
    /// An empty table with room for `n` keys before it grows: growing
    /// rehashes every entry into fresh memory, which the kernel must zero.
    pub fn with_capacity(n: usize) -> Table<V> {
        let slots = (2 * n).next_power_of_two().max(16);
        Table {
            slots: Self::free_slots(slots),
            mask: slots - 1,
            ..Table::default()
        }
    }

    fn free_slots(n: usize) -> Vec<Entry<V>> {
        let free = Entry {
            head: (0, 0),
            len: EMPTY,
            off: 0,
            value: V::default(),
        };
        vec![free; n]
    }
}

impl<V: Copy + Default> Default for Table<V> {
    fn default() -> Self {
        Table {
            arena: Vec::new(),
            slots: Self::free_slots(16),
            used: 0,
            mask: 15,
            max_len: 0,
        }
    }
}

/// The first 16 bytes of `key` (as [`short_key`]) and the rest.
fn split_key(key: &[u8]) -> ((u64, u64), &[u8]) {
    let head = &key[..key.len().min(16)];
    (short_key(head), &key[head.len()..])
}

impl<V: Copy + Default> Table<V> {
    /// Probes for a key of `len` bytes and hash `h`; `eq` compares a stored
    /// entry of that length. The slot of the key, or the free slot where it
    /// would go.
    fn find(&self, len: usize, h: u64, eq: impl Fn(&Entry<V>) -> bool) -> Result<usize, usize> {
        let mut pos = h as usize & self.mask;
        loop {
            let e = &self.slots[pos];
            if e.len == EMPTY {
                return Err(pos);
            }
            if e.len as usize == len && eq(e) {
                return Ok(pos);
            }
            pos = (pos + 1) & self.mask;
        }
    }

    fn find_bytes(&self, key: &[u8]) -> Result<usize, usize> {
        let (head, tail) = split_key(key);
        self.find(key.len(), hash_bytes(key), |e| {
            e.head == head
                && tail
                    .chunks(8)
                    .zip(&self.arena[e.off as usize..])
                    .all(|(c, &w)| word_of(c) == w)
        })
    }

    /// The key words of entry `e`, as [`hash_bytes`] takes them.
    fn key_words(&self, e: &Entry<V>) -> impl Iterator<Item = u64> + '_ {
        let n = (e.len as usize).div_ceil(8);
        let tail = &self.arena[e.off as usize..e.off as usize + n.saturating_sub(2)];
        [e.head.0, e.head.1]
            .into_iter()
            .take(n.min(2))
            .chain(tail.iter().copied())
    }

    /// The value of `key`, inserted as `V::default()` when missing.
    pub fn entry(&mut self, key: &str) -> &mut V {
        let key = key.as_bytes();
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let pos = match self.find_bytes(key) {
            Ok(pos) => pos,
            Err(pos) => {
                let (head, tail) = split_key(key);
                self.slots[pos] = Entry {
                    head,
                    len: key.len() as u32,
                    off: self.arena.len() as u32,
                    value: V::default(),
                };
                self.arena.extend(tail.chunks(8).map(word_of));
                self.max_len = self.max_len.max(key.len());
                self.used += 1;
                pos
            }
        };
        &mut self.slots[pos].value
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, Self::free_slots(n));
        self.mask = n - 1;
        for e in old.into_iter().filter(|e| e.len != EMPTY) {
            let h = hash_words(self.key_words(&e), e.len as usize);
            let mut pos = h as usize & self.mask;
            while self.slots[pos].len != EMPTY {
                pos = (pos + 1) & self.mask;
            }
            self.slots[pos] = e;
        }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &[u8]) -> Option<V> {
        if key.len() > self.max_len {
            return None;
        }
        if key.len() <= 16 {
            return self.get_short(short_key(key), key.len());
        }
        let pos = self.find_bytes(key).ok()?;
        Some(self.slots[pos].value)
    }

    /// Starts loading the slot of a short key into cache, without waiting.
    pub fn prefetch_short(&self, key: (u64, u64), len: usize) {
        crate::prefetch::prefetch(&self.slots[short_hash(key, len) as usize & self.mask]);
    }

    /// [`Table::get`] for a key of `len <= 16` bytes given by [`short_key`].
    pub fn get_short(&self, key: (u64, u64), len: usize) -> Option<V> {
        let pos = self
            .find(len, short_hash(key, len), |e| e.head == key)
            .ok()?;
        Some(self.slots[pos].value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_lookup_grow() {
        let mut t: Table<u32> = Table::default();
        for i in 0..5000u32 {
            *t.entry(&format!("w{i}")) += i + 1;
        }
        *t.entry("w7") += 100;
        for i in 0..5000u32 {
            let extra = if i == 7 { 100 } else { 0 };
            assert_eq!(t.get(format!("w{i}").as_bytes()), Some(i + 1 + extra));
        }
        assert_eq!(t.get(b"w5000"), None);
        assert_eq!(t.get(b""), None);
        *t.entry("") += 3;
        assert_eq!(t.get(b""), Some(3));
        assert_eq!(t.max_len, 5);
        let long = "x".repeat(100);
        *t.entry(&long) += 9;
        assert_eq!(t.get(long.as_bytes()), Some(9));
        assert_eq!(t.get(&long.as_bytes()[1..]), None);
    }

    #[test]
    fn lowercase_words() {
        let all: Vec<u8> = (0..=255u8).collect();
        for c in all.chunks(8) {
            let mut want = c.to_vec();
            want.make_ascii_lowercase();
            assert_eq!(lower_ascii(word_of(c)), word_of(&want), "{c:?}");
        }
    }

    #[test]
    fn short_keys() {
        let mut t: Table<u32> = Table::default();
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
        ];
        let longer = ["abcdefghijklmno", "abcdefghijklmnop"];
        for (i, w) in words.iter().chain(&longer).enumerate() {
            *t.entry(w) = i as u32 + 1;
        }
        for (i, w) in words.iter().chain(&longer).enumerate() {
            let b = w.as_bytes();
            assert_eq!(
                t.get_short(short_key(b), b.len()),
                Some(i as u32 + 1),
                "{w}"
            );
            assert_eq!(t.get(b), Some(i as u32 + 1), "{w}");
        }
        assert_eq!(t.get_short(short_key(b"abd"), 3), None);
        assert_eq!(t.get_short(short_key(b"abcdefghijklmnoq"), 16), None);
    }
}
