//! Word and phrase tables, built once from the embedded data files.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the keys are short words, where it beats SipHash by a wide margin.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

pub const TITLE: u16 = 1;
pub const ORG_END: u16 = 1 << 1;
pub const LOC_END: u16 = 1 << 2;
pub const MISC_END: u16 = 1 << 3;
pub const ORG_HEAD: u16 = 1 << 4;
pub const LOC_HEAD: u16 = 1 << 5;
pub const NONE: u16 = 1 << 6;
pub const JOIN: u16 = 1 << 7;
pub const LOC: u16 = 1 << 8;
pub const DEMONYM: u16 = 1 << 9;
pub const FIRST: u16 = 1 << 10;
pub const LAST: u16 = 1 << 11;
pub const COUNTRY: u16 = 1 << 12;
pub const SPORT: u16 = 1 << 13;
pub const HYPHEN: u16 = 1 << 14;

/// What the tables know about one lowercased word.
#[derive(Debug, Clone, Copy, Default)]
pub struct Word {
    pub flags: u16,
    /// Mid-sentence occurrences in the corpora, lowercase and capitalized.
    pub low: u32,
    pub cap: u32,
}

impl Word {
    pub fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }
    /// A common lowercase word; unknown words are not.
    pub fn common(&self) -> bool {
        self.low >= 3 && self.low > self.cap
    }
}

pub struct Lexicon {
    words: FastMap<Box<str>, Word>,
    /// Silver type votes per word (PER, ORG, LOC, MISC), from self-training.
    types: FastMap<Box<str>, [u32; 4]>,
    /// Class distribution (PER, ORG, LOC, MISC) by word ending.
    suffixes: FastMap<Box<str>, [f32; 4]>,
    /// Multi-word gazetteer phrases, lowercased, single spaces: LOC or DEMONYM.
    phrases: FastMap<Box<str>, u16>,
}

const CUES: &str = include_str!("../../pipelines/ner/cues.tsv");
const GAZETTEER: &str = include_str!("../../pipelines/ner/gazetteer.tsv");
const WORDS: &str = include_str!("../../pipelines/ner/words.tsv");
const SUFFIXES: &str = include_str!("../../pipelines/ner/suffixes.tsv");
const TYPES: &str = include_str!("../../pipelines/ner/types.tsv");

impl Lexicon {
    pub fn load() -> Lexicon {
        let mut words: FastMap<Box<str>, Word> = FastMap::default();
        let mut phrases: FastMap<Box<str>, u16> = FastMap::default();
        for line in WORDS.lines() {
            let mut f = line.split('\t');
            let (Some(w), Some(lo), Some(ca)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let e = words.entry(w.into()).or_default();
            e.low = lo.parse().unwrap_or(0);
            e.cap = ca.parse().unwrap_or(0);
        }
        for line in GAZETTEER.lines() {
            let Some((p, kind)) = line.split_once('\t') else {
                continue;
            };
            let flag = match kind {
                "LOC" => LOC,
                "CTRY" => LOC | COUNTRY,
                "MISC" => DEMONYM,
                "FIRST" => FIRST,
                "LAST" => LAST,
                _ => continue,
            };
            if p.contains(' ') {
                *phrases.entry(p.into()).or_default() |= flag;
            } else {
                words.entry(p.into()).or_default().flags |= flag;
            }
        }
        for line in CUES.lines().filter(|l| !l.starts_with('#')) {
            let Some((kind, list)) = line.split_once('\t') else {
                continue;
            };
            let flag = match kind {
                "TITLE" => TITLE,
                "ORG_END" => ORG_END,
                "LOC_END" => LOC_END,
                "MISC_END" => MISC_END,
                "ORG_HEAD" => ORG_HEAD,
                "LOC_HEAD" => LOC_HEAD,
                "NONE" => NONE,
                "JOIN" => JOIN,
                "SPORT" => SPORT,
                "HYPHEN" => HYPHEN,
                "MISC" => DEMONYM,
                "CTRY" => LOC | COUNTRY,
                _ => continue,
            };
            for w in list.split_whitespace() {
                words.entry(w.into()).or_default().flags |= flag;
            }
        }
        let mut types: FastMap<Box<str>, [u32; 4]> = FastMap::default();
        for line in TYPES.lines() {
            let mut f = line.split('\t');
            let Some(w) = f.next() else { continue };
            let mut v = [0u32; 4];
            for x in v.iter_mut() {
                *x = f.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            }
            types.insert(w.into(), v);
        }
        let mut suffixes: FastMap<Box<str>, [f32; 4]> = FastMap::default();
        for line in SUFFIXES.lines() {
            let mut f = line.split('\t');
            let Some(w) = f.next() else { continue };
            let mut v = [0f32; 4];
            for x in v.iter_mut() {
                *x = f.next().and_then(|n| n.parse().ok()).unwrap_or(0.0);
            }
            suffixes.insert(w.into(), v);
        }
        Lexicon {
            suffixes,
            words,
            phrases,
            types,
        }
    }

    /// Looks a word up case-insensitively without allocating for ASCII words.
    pub fn word(&self, w: &str) -> Word {
        let mut buf = [0u8; 48];
        if w.len() <= buf.len() && w.is_ascii() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            // ASCII in, ASCII out: always valid UTF-8.
            let key = std::str::from_utf8(b).unwrap_or("");
            return self.words.get(key).copied().unwrap_or_default();
        }
        self.words
            .get(w.to_lowercase().as_str())
            .copied()
            .unwrap_or_default()
    }

    /// Silver type votes of a word as written (case-sensitive).
    pub fn votes(&self, w: &str) -> [u32; 4] {
        self.types.get(w).copied().unwrap_or_default()
    }

    /// Class distribution of the longest known ending of an ASCII word.
    pub fn ending(&self, w: &str) -> Option<[f32; 4]> {
        if !w.is_ascii() || w.len() < 5 || w.len() > 32 {
            return None;
        }
        let mut buf = [0u8; 32];
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        (2..=4).rev().find_map(|n| {
            let key = std::str::from_utf8(&b[b.len() - n..]).ok()?;
            self.suffixes.get(key).copied()
        })
    }

    /// Is `w` a common lowercase word (or the plural of one)?
    pub fn common(&self, w: &str) -> bool {
        let x = self.word(w);
        if x.low + x.cap == 0 && w.len() > 3 && w.ends_with(['s', 'S']) {
            return self.word(&w[..w.len() - 1]).common();
        }
        x.common()
    }

    /// `U.S.-based`, `ex-England`, `Belgian-born`: CoNLL calls these MISC.
    pub fn hyphen_misc(&self, w: &str) -> bool {
        let Some((l, r)) = w.split_once('-') else {
            return false;
        };
        let upper = |s: &str| s.starts_with(|c: char| c.is_uppercase());
        let cue = |s: &str| s.starts_with(|c: char| c.is_lowercase()) && self.word(s).has(HYPHEN);
        (upper(l) && cue(r)) || (cue(l) && upper(r))
    }

    /// Gazetteer flags of a lowercased multi-word phrase.
    pub fn phrase(&self, key: &str) -> u16 {
        self.phrases.get(key).copied().unwrap_or(0)
    }
}
