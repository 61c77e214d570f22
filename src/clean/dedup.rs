//! Cross-document repeats: sentences seen in an earlier document, and
//! documents that are (near-)duplicates of an earlier one.
//!
//! The unit of comparison is the normalized sentence (a shingle one sentence
//! long): a document whose sentence text comes, for the most part, from one
//! earlier document is a near-duplicate of it. Syndicated copies, re-posts
//! with a new intro or byline, and the same story re-cleaned from different
//! page chrome all qualify; two reports of one event in different words do
//! not. This runs in the sequential merge step, in input order, so "earlier"
//! is well defined and results do not depend on thread count.

//!
//! Memory is bounded: the detector remembers the most recent sentences only
//! (two generations of at most `memory` keys each), so a repeat of a
//! sentence seen long ago (millions of sentences back) counts as new.
//! Syndication and re-posts happen within days, far inside that window.

use crate::codec::{Bytes, put_u32, put_u64};

/// What the duplicate detector says about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Per sentence: the same normalized sentence appeared in an earlier document.
    pub repeated: Vec<bool>,
    /// The earlier document (by ordinal) this one mostly repeats.
    pub duplicate_of: Option<u32>,
}

/// Sentence key to the first document with it: open addressing with
/// linear probing, at most two thirds full. A slot is 12 bytes (the key's
/// halves and the ordinal; key 0 marks a free slot), so a full generation
/// of `memory` keys takes 18 bytes a key; a hash map of (u64, u32) takes
/// 17 bytes a bucket at up to 7/8 load, 20-40 bytes a key.
///
/// Keys are xxh3 hashes, spread evenly already: a key's home slot is its
/// high bits scaled to the table size, so the size need not be a power of
/// two. A table starts small (a short run needs little) and grows four
/// times at a step up to full size: the allocator keeps what a table frees
/// when it grows, and doubling left 2/3 of the final size behind (peak RSS
/// +30 MB at 2 GB), quadrupling leaves 1/3 of it.
struct KeyTable {
    slots: Vec<[u32; 3]>,
    len: usize,
    /// Room for `memory` keys at 2/3 load.
    size: usize,
    /// Slots looked at by `find`, for tests of the table's layout.
    #[cfg(test)]
    probes: std::cell::Cell<usize>,
}

impl KeyTable {
    fn new(memory: usize) -> KeyTable {
        KeyTable {
            slots: Vec::new(),
            len: 0,
            size: memory * 3 / 2 + 1,
            #[cfg(test)]
            probes: Default::default(),
        }
    }

    /// Key 0 marks free slots: it stands in for key 1 (a 2^-64 chance
    /// that two different sentences meet this way, as for any hash).
    fn key(key: u64) -> u64 {
        key.max(1)
    }

    fn home(&self, key: u64) -> usize {
        ((u128::from(key) * self.slots.len() as u128) >> 64) as usize
    }

    /// Asks the CPU to fetch `key`'s home slot; a hint only.
    fn prefetch(&self, key: u64) {
        if self.slots.is_empty() {
            return;
        }
        crate::prefetch::prefetch(&self.slots[self.home(Self::key(key))]);
    }

    /// The slot that holds `key` (true) or where it would go (false).
    /// The table must have a free slot.
    fn find(&self, key: u64) -> (usize, bool) {
        let mut i = self.home(key);
        loop {
            #[cfg(test)]
            self.probes.set(self.probes.get() + 1);
            let k = slot_key(&self.slots[i]);
            if k == key || k == 0 {
                return (i, k != 0);
            }
            i += 1;
            if i == self.slots.len() {
                i = 0;
            }
        }
    }

    fn get(&self, key: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let (i, found) = self.find(Self::key(key));
        found.then(|| self.slots[i][2])
    }

    /// Records `key` (not in the table) with `first`; at most `memory` keys.
    fn insert(&mut self, key: u64, first: u32) {
        let key = Self::key(key);
        if (self.len + 1) * 3 > self.slots.len() * 2 {
            self.grow();
        }
        assert!(
            (self.len + 1) * 3 <= self.size * 2,
            "a generation holds at most `memory` keys"
        );
        let (i, found) = self.find(key);
        debug_assert!(!found, "insert is for new keys");
        self.slots[i] = [key as u32, (key >> 32) as u32, first];
        self.len += 1;
    }

    /// A first table of `SMALL` slots, then four times larger up to full size.
    fn grow(&mut self) {
        const SMALL: usize = 1 << 16;
        let size = (self.slots.len() * 4).clamp(SMALL, self.size.max(SMALL));
        let old = std::mem::replace(&mut self.slots, vec![[0; 3]; size]);
        for slot in old.into_iter().filter(|s| slot_key(s) != 0) {
            let (i, _) = self.find(slot_key(&slot));
            self.slots[i] = slot;
        }
    }

    /// Forgets every key, keeping the slots for the next generation.
    fn clear(&mut self) {
        self.slots.fill([0; 3]);
        self.len = 0;
    }

    fn len(&self) -> usize {
        self.len
    }

    /// The keys and their documents, in slot order.
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.len as u64);
        for slot in self.slots.iter().filter(|s| slot_key(s) != 0) {
            put_u64(out, slot_key(slot));
            put_u32(out, slot[2]);
        }
    }

    fn decode(bytes: &mut Bytes, memory: usize) -> Option<KeyTable> {
        let len = bytes.count()?;
        let mut table = KeyTable::new(memory);
        if len > memory {
            return None;
        }
        // The keys come in slot order, which is key order: into a table
        // still small they would all crowd its first slots. Sized first,
        // each key lands at or next to its home.
        while len * 3 > table.slots.len() * 2 {
            table.grow();
        }
        for _ in 0..len {
            let (key, first) = (bytes.u64()?, bytes.u32()?);
            if table.get(key).is_some() {
                return None;
            }
            table.insert(key, first);
        }
        Some(table)
    }
}

/// The key a slot holds (0 if free).
fn slot_key(slot: &[u32; 3]) -> u64 {
    u64::from(slot[0]) | u64::from(slot[1]) << 32
}

/// Run-wide state: for each recently seen sentence key, the first document
/// that had it. At most 18 bytes per remembered sentence ([`KeyTable`]).
pub struct Duplicates {
    /// The generation being filled, and the one before it.
    first_seen: KeyTable,
    older: KeyTable,
    /// Keys per generation.
    memory: usize,
    /// Share of a document's sentence characters that must come from one
    /// earlier document for it to count as a near-duplicate.
    threshold: f64,
}

impl Duplicates {
    /// `memory`: distinct sentences per generation (at least 1).
    pub fn new(threshold: f64, memory: usize) -> Duplicates {
        let memory = memory.max(1);
        Duplicates {
            first_seen: KeyTable::new(memory),
            older: KeyTable::new(memory),
            memory,
            threshold,
        }
    }

    /// What the detector remembers, for a later run that continues this
    /// one ([`Duplicates::decode`]).
    pub fn encode(&self, out: &mut Vec<u8>) {
        self.first_seen.encode(out);
        self.older.encode(out);
    }

    /// A detector that remembers what an earlier one [`encode`](Self::encode)d,
    /// with the same settings; `None` if the bytes do not parse.
    pub fn decode(bytes: &mut Bytes, threshold: f64, memory: usize) -> Option<Duplicates> {
        let mut d = Duplicates::new(threshold, memory);
        d.first_seen = KeyTable::decode(bytes, d.memory)?;
        d.older = KeyTable::decode(bytes, d.memory)?;
        Some(d)
    }

    /// The first document with `key`, recording `ordinal` if none is known.
    fn first(&mut self, key: u64, ordinal: u32) -> u32 {
        if let Some(first) = self.first_seen.get(key) {
            return first;
        }
        let first = self.older.get(key).unwrap_or(ordinal);
        if self.first_seen.len() >= self.memory {
            // The oldest generation is emptied and filled anew: its slots,
            // grown once to full size, are reused for the rest of the run.
            std::mem::swap(&mut self.first_seen, &mut self.older);
            self.first_seen.clear();
        }
        self.first_seen.insert(key, first);
        first
    }

    /// Records document `ordinal` (ascending across calls) with its sentence
    /// keys and their lengths in characters.
    pub fn observe(&mut self, ordinal: u32, keys: &[u64], lengths: &[u32]) -> Verdict {
        debug_assert_eq!(keys.len(), lengths.len());
        let mut repeated = Vec::with_capacity(keys.len());
        // Characters repeated from each earlier document; documents repeat
        // few sources, so a short vector beats a map.
        let mut sources: Vec<(u32, u64)> = Vec::new();
        let mut total = 0u64;
        // The tables are far larger than the CPU's caches: fetch every
        // key's slots at once rather than one miss after another.
        for &key in keys {
            self.first_seen.prefetch(key);
            self.older.prefetch(key);
        }
        for (&key, &len) in keys.iter().zip(lengths) {
            total += u64::from(len);
            let first = self.first(key, ordinal);
            let is_repeat = first != ordinal;
            repeated.push(is_repeat);
            if is_repeat {
                match sources.iter_mut().find(|(doc, _)| *doc == first) {
                    Some((_, chars)) => *chars += u64::from(len),
                    None => sources.push((first, u64::from(len))),
                }
            }
        }
        // Highest share wins; ties go to the earliest document.
        let best = sources
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        let duplicate_of = best
            .filter(|(_, chars)| total > 0 && *chars as f64 >= self.threshold * total as f64)
            .map(|(doc, _)| *doc);
        Verdict {
            repeated,
            duplicate_of,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_sentences_are_repeated_only_in_later_documents() {
        let mut d = Duplicates::new(0.8, 100);
        let first = d.observe(0, &[1, 2, 3, 1], &[10, 10, 10, 10]);
        assert_eq!(first.repeated, [false, false, false, false]);
        assert_eq!(first.duplicate_of, None);
        let second = d.observe(1, &[4, 2, 5, 6], &[10, 10, 10, 10]);
        assert_eq!(second.repeated, [false, true, false, false]);
        assert_eq!(second.duplicate_of, None);
    }

    #[test]
    fn a_mostly_copied_document_is_a_near_duplicate() {
        let mut d = Duplicates::new(0.8, 100);
        d.observe(0, &[1, 2, 3, 4, 5], &[50, 50, 50, 50, 50]);
        d.observe(1, &[9], &[10]);
        // A new short intro, then the copied story.
        let copy = d.observe(2, &[7, 1, 2, 3, 4, 5], &[30, 50, 50, 50, 50, 50]);
        assert_eq!(copy.duplicate_of, Some(0));
        // Half copied from 0, half new: not a duplicate.
        let half = d.observe(3, &[1, 2, 20, 21], &[50, 50, 50, 50]);
        assert_eq!(half.duplicate_of, None);
        assert_eq!(half.repeated, [true, true, false, false]);
        // A document without sentences is nobody's duplicate.
        assert_eq!(d.observe(4, &[], &[]).duplicate_of, None);
    }

    /// Regression: keys decoded in slot order (key order) into a table
    /// still small piled up in its first slots, and a re-run spent 40 s
    /// probing.
    #[test]
    fn decoding_a_table_probes_each_key_about_once() {
        let memory = 200_000;
        let mut table = KeyTable::new(memory);
        let mut key = 0x9e37_79b9_7f4a_7c15_u64;
        for ordinal in 0..memory as u32 {
            key = key
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            table.insert(key, ordinal);
        }
        let mut bytes = Vec::new();
        table.encode(&mut bytes);
        let decoded = KeyTable::decode(&mut Bytes(&bytes), memory).unwrap();
        assert_eq!(decoded.len(), memory);
        // Each key is looked up once and inserted once.
        let per_key = decoded.probes.get() as f64 / (2 * memory) as f64;
        assert!(per_key < 4.0, "{per_key:.1} probes per key");
    }

    #[test]
    fn a_decoded_detector_goes_on_as_the_original() {
        let mut a = Duplicates::new(0.8, 3);
        a.observe(0, &[1, 2, 3], &[10, 10, 10]);
        a.observe(1, &[4, 5], &[10, 10]);
        let mut bytes = Vec::new();
        a.encode(&mut bytes);
        let mut b = Duplicates::decode(&mut Bytes(&bytes), 0.8, 3).unwrap();
        for (ordinal, keys) in [(2, vec![1, 4, 6]), (3, vec![2, 3, 7]), (4, vec![6, 7, 1])] {
            let lengths = vec![10; keys.len()];
            assert_eq!(
                a.observe(ordinal, &keys, &lengths),
                b.observe(ordinal, &keys, &lengths)
            );
        }
        assert!(Duplicates::decode(&mut Bytes(&bytes[..bytes.len() - 1]), 0.8, 3).is_none());
    }

    #[test]
    fn memory_keeps_the_recent_sentences_only() {
        let mut d = Duplicates::new(0.8, 2);
        d.observe(0, &[1, 2], &[10, 10]);
        // Keys 1 and 2 move to the older generation; both still count.
        assert_eq!(d.observe(1, &[3, 1], &[10, 10]).repeated, [false, true]);
        d.observe(2, &[4, 5, 6], &[10, 10, 10]);
        // Two generations later, key 2 is forgotten; 6 is still known.
        assert_eq!(d.observe(3, &[2, 6], &[10, 10]).repeated, [false, true]);
        assert!(d.first_seen.len() + d.older.len() <= 4);
    }

    #[test]
    fn the_key_table_keeps_every_key_and_clears() {
        let memory = 50_000;
        let mut t = KeyTable::new(memory);
        let key = |i: u64| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes());
        for i in 0..memory as u64 {
            assert_eq!(t.get(key(i)), None);
            t.insert(key(i), i as u32);
        }
        assert_eq!(t.len(), memory);
        // Room for `memory` keys at 2/3 load: 18 bytes a key.
        assert_eq!(t.slots.len(), memory * 3 / 2 + 1);
        for i in 0..memory as u64 {
            assert_eq!(t.get(key(i)), Some(i as u32), "key {i}");
        }
        assert_eq!(t.get(key(memory as u64)), None);
        let size = t.slots.len();
        t.clear();
        assert_eq!((t.len(), t.slots.len()), (0, size));
        assert_eq!(t.get(key(7)), None);
    }

    #[test]
    fn the_key_table_probes_past_its_last_slot_and_takes_key_zero() {
        let mut t = KeyTable::new(10);
        // Keys with all high bits set share the last home slot, then wrap.
        for k in 0..9u64 {
            t.insert(u64::MAX - k, k as u32);
        }
        for k in 0..9u64 {
            assert_eq!(t.get(u64::MAX - k), Some(k as u32));
        }
        // Key 0 marks free slots: it is stored as key 1.
        t.insert(0, 99);
        assert_eq!((t.get(0), t.get(1)), (Some(99), Some(99)));
    }
}
