//! Word and phrase tables, built once from the embedded data files.

use std::str::FromStr;

use super::table::{self, Table, short_key};

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
/// The first word of a multi-word gazetteer phrase ([`NameLexicon::may_start_phrase`]).
pub const PHRASE_FIRST: u16 = 1 << 15;

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

/// The recognizer's word and phrase tables: cue flags and corpus counts per
/// word, type votes, class distributions by ending and gazetteer phrases.
pub struct NameLexicon {
    words: Table<Word>,
    /// Silver type votes per word (PER, ORG, LOC, MISC), from self-training.
    types: Table<[u32; 4]>,
    /// Class distribution (PER, ORG, LOC, MISC) by word ending.
    suffixes: Table<[f32; 4]>,
    /// Multi-word gazetteer phrases, lowercased, single spaces: LOC or DEMONYM.
    phrases: Table<u16>,
    /// [`NameLexicon::word`] of each one-byte ASCII string.
    single: [Word; 128],
    /// Whether [`PHRASE_FIRST`] tells which words can start a phrase: every
    /// phrase's first word is as [`NameLexicon::word`] looks words up.
    phrase_filter: bool,
}

const CUES: &str = include_str!("../../../pipelines/ner/cues.tsv");
const GAZETTEER: &str = include_str!("../../../pipelines/ner/gazetteer.tsv");
const WORDS: &str = include_str!("../../../pipelines/ner/words.tsv");
const SUFFIXES: &str = include_str!("../../../pipelines/ner/suffixes.tsv");
const TYPES: &str = include_str!("../../../pipelines/ner/types.tsv");

impl NameLexicon {
    /// Builds the tables from the embedded data files, once per run.
    pub fn load() -> NameLexicon {
        // Sized up front: the word list, gazetteer words and phrases' first
        // words all go in `words`.
        let phrase_count = GAZETTEER
            .lines()
            .filter(|l| l.split('\t').next().is_some_and(|p| p.contains(' ')))
            .count();
        let mut words: Table<Word> = Table::with_capacity(lines(WORDS) + lines(GAZETTEER));
        let mut phrases: Table<u16> = Table::with_capacity(phrase_count);
        add_word_counts(&mut words);
        let phrase_filter = add_gazetteer(&mut words, &mut phrases);
        add_cues(&mut words);
        let types: Table<[u32; 4]> = four_per_word(TYPES);
        let suffixes: Table<[f32; 4]> = four_per_word(SUFFIXES);
        let single = single_byte_words(&words);
        NameLexicon {
            single,
            phrase_filter,
            suffixes,
            words,
            phrases,
            types,
        }
    }

    /// Looks a word up case-insensitively (Unicode lowercase), without
    /// allocating unless lowercasing changes a non-ASCII character.
    pub fn word(&self, w: &str) -> Word {
        let b = w.as_bytes();
        if let [c] = b
            && let Some(&x) = self.single.get(usize::from(*c))
        {
            return x;
        }
        if b.len() <= 16 {
            if let Some(key) = short_ascii_key(b) {
                return self.words.get_short(key, b.len()).unwrap_or_default();
            }
        } else if b.is_ascii() {
            if b.len() > self.words.max_len {
                return Word::default();
            }
            let mut buf = [0u8; 64];
            if let Some(key) = buf.get_mut(..b.len()) {
                key.copy_from_slice(b);
                key.make_ascii_lowercase();
                return self.words.get(key).unwrap_or_default();
            }
        }
        if w.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        }) {
            // Lowercasing leaves every character as is (`“`, `é`).
            return self.words.get(b).unwrap_or_default();
        }
        self.words
            .get(w.to_lowercase().as_bytes())
            .unwrap_or_default()
    }

    /// Starts loading the entry of a short ASCII word into cache, for a
    /// [`NameLexicon::word`] soon after.
    pub fn prefetch(&self, w: &str) {
        let b = w.as_bytes();
        if (2..=16).contains(&b.len())
            && let Some(key) = short_ascii_key(b)
        {
            self.words.prefetch_short(key, b.len());
        }
    }

    /// Silver type votes of a word as written (case-sensitive).
    pub fn votes(&self, w: &str) -> [u32; 4] {
        self.types.get(w.as_bytes()).unwrap_or_default()
    }

    /// Silver votes of a headline word in capitals, looked up in title case
    /// (the first character as is, the others lowercased).
    pub fn votes_title(&self, s: &str) -> [u32; 4] {
        let b = s.as_bytes();
        if b.is_ascii() && b.len() <= 64 {
            let mut buf = [0u8; 64];
            let key = &mut buf[..b.len()];
            key.copy_from_slice(b);
            key[1..].make_ascii_lowercase();
            return self.types.get(key).unwrap_or_default();
        }
        let mut t = String::with_capacity(s.len());
        for (k, c) in s.chars().enumerate() {
            if k == 0 {
                t.push(c);
            } else {
                t.extend(c.to_lowercase());
            }
        }
        self.votes(&t)
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
        (2..=4)
            .rev()
            .find_map(|n| self.suffixes.get(&b[b.len() - n..]))
    }

    /// Is `w` a common lowercase word (or the plural of one)?
    pub fn common(&self, w: &str) -> bool {
        self.common_of(self.word(w), w)
    }

    /// [`NameLexicon::common`] with `x == self.word(w)` already looked up.
    pub fn common_of(&self, x: Word, w: &str) -> bool {
        if x.low + x.cap == 0 && w.len() > 3 && w.ends_with(['s', 'S']) {
            return self.word(&w[..w.len() - 1]).common();
        }
        x.common()
    }

    /// `U.S.-based`, `ex-England`, `Belgian-born`: CoNLL calls these MISC.
    pub fn hyphen_misc(&self, w: &str) -> bool {
        if !w.as_bytes().contains(&b'-') {
            return false;
        }
        let Some((l, r)) = w.split_once('-') else {
            return false;
        };
        let upper = |s: &str| s.starts_with(|c: char| c.is_uppercase());
        let cue = |s: &str| s.starts_with(|c: char| c.is_lowercase()) && self.word(s).has(HYPHEN);
        (upper(l) && cue(r)) || (cue(l) && upper(r))
    }

    /// Gazetteer flags of a lowercased multi-word phrase.
    pub fn phrase(&self, key: &[u8]) -> u16 {
        self.phrases.get(key).unwrap_or(0)
    }

    /// False only if no gazetteer phrase starts with the word whose entry is
    /// `first` ([`NameLexicon::word`]): most capitalized pairs are no phrase,
    /// and the flag saves building their key and a lookup that misses.
    pub fn may_start_phrase(&self, first: Word) -> bool {
        !self.phrase_filter || first.has(PHRASE_FIRST)
    }

    /// Length of the longest gazetteer phrase, in bytes.
    pub fn phrase_max_len(&self) -> usize {
        self.phrases.max_len
    }
}

/// The key [`NameLexicon::word`] looks a word of at most 16 bytes up by: its
/// [`short_key`] lowercased, if it is all ASCII.
fn short_ascii_key(b: &[u8]) -> Option<(u64, u64)> {
    let (w0, w1) = short_key(b);
    table::is_ascii(w0 | w1).then(|| (table::lower_ascii(w0), table::lower_ascii(w1)))
}

/// Corpus counts from `words.tsv` (`word`, lowercase and capitalized
/// mid-sentence counts); a count that does not parse is 0.
fn add_word_counts(words: &mut Table<Word>) {
    for line in WORDS.lines() {
        let mut f = line.split('\t');
        let (Some(w), Some(lo), Some(ca)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let e = words.entry(w);
        e.low = lo.parse().unwrap_or(0);
        e.cap = ca.parse().unwrap_or(0);
    }
}

/// The flag of a gazetteer entry's kind, if the recognizer uses that kind.
fn gazetteer_flag(kind: &str) -> Option<u16> {
    Some(match kind {
        "LOC" => LOC,
        "CTRY" => LOC | COUNTRY,
        "MISC" => DEMONYM,
        "FIRST" => FIRST,
        "LAST" => LAST,
        _ => return None,
    })
}

/// Gazetteer entries: single words as flags in `words`, multi-word phrases
/// in `phrases` with their first word flagged [`PHRASE_FIRST`]. Whether
/// that flag can be trusted: every first word is already lowercase, as
/// [`NameLexicon::word`] looks words up.
fn add_gazetteer(words: &mut Table<Word>, phrases: &mut Table<u16>) -> bool {
    let mut phrase_filter = true;
    for line in GAZETTEER.lines() {
        let Some((p, kind)) = line.split_once('\t') else {
            continue;
        };
        let Some(flag) = gazetteer_flag(kind) else {
            continue;
        };
        if let Some((first, _)) = p.split_once(' ') {
            *phrases.entry(p) |= flag;
            words.entry(first).flags |= PHRASE_FIRST;
            phrase_filter &= first.to_lowercase() == first;
        } else {
            words.entry(p).flags |= flag;
        }
    }
    phrase_filter
}

/// The flag of a cue list's kind, if the recognizer uses that kind.
fn cue_flag(kind: &str) -> Option<u16> {
    Some(match kind {
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
        _ => return None,
    })
}

/// Cue lists (`KIND`, then its words; `#` starts a comment line): each word
/// gets the kind's flag in `words`.
fn add_cues(words: &mut Table<Word>) {
    for line in CUES.lines().filter(|l| !l.starts_with('#')) {
        let Some((kind, list)) = line.split_once('\t') else {
            continue;
        };
        let Some(flag) = cue_flag(kind) else {
            continue;
        };
        for w in list.split_whitespace() {
            words.entry(w).flags |= flag;
        }
    }
}

/// A table of four numbers per word from lines of a word and four
/// tab-separated numbers (type votes, class distributions); a number that
/// is missing or does not parse is 0.
fn four_per_word<T: Copy + Default + FromStr>(data: &str) -> Table<[T; 4]> {
    let mut table: Table<[T; 4]> = Table::with_capacity(lines(data));
    for line in data.lines() {
        let mut f = line.split('\t');
        let Some(w) = f.next() else { continue };
        let mut v = [T::default(); 4];
        for x in v.iter_mut() {
            *x = f.next().and_then(|n| n.parse().ok()).unwrap_or_default();
        }
        *table.entry(w) = v;
    }
    table
}

/// [`NameLexicon::word`] of each one-byte ASCII string, so one-byte tokens
/// (punctuation, initials) skip the hash lookup.
fn single_byte_words(words: &Table<Word>) -> [Word; 128] {
    let mut single = [Word::default(); 128];
    for (c, w) in (0u8..).zip(single.iter_mut()) {
        *w = words.get(&[c.to_ascii_lowercase()]).unwrap_or_default();
    }
    single
}

fn lines(s: &str) -> usize {
    memchr::memchr_iter(b'\n', s.as_bytes()).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetch_takes_any_word() {
        let lex = NameLexicon::load();
        for n in 0..40 {
            lex.prefetch(&"A".repeat(n));
        }
        for w in ["Zelensky", "Ålesund", "“", "U.S.", ""] {
            lex.prefetch(w);
            // A hint only: the lookup answers as it did.
            let _ = lex.word(w);
        }
    }

    #[test]
    fn every_phrase_starts_with_a_flagged_word() {
        let lex = NameLexicon::load();
        assert!(lex.phrase_filter);
        let mut phrases = 0;
        for line in GAZETTEER.lines() {
            let Some((p, _)) = line.split_once('\t') else {
                continue;
            };
            if let Some((first, _)) = p.split_once(' ') {
                phrases += 1;
                assert!(lex.may_start_phrase(lex.word(first)), "{p}");
                // As a capitalized token is looked up.
                let mut chars = first.chars();
                let cap: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(chars)
                    .collect();
                assert!(lex.may_start_phrase(lex.word(&cap)), "{p}");
            }
        }
        assert!(phrases > 1000);
        assert!(!lex.may_start_phrase(lex.word("Zelensky")));
    }
}
