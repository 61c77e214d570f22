//! Where dictionary patterns are looked for: only at word starts whose first
//! two bytes begin some pattern, with an anchored walk of the automaton from
//! there.
//!
//! A match must be a whole word anyway, so an unanchored scan spends most of
//! its work on positions that can never give one; a capitalized word start
//! is a few percent of the bytes of news text. Walking from word starts also
//! keeps a match that begins inside a word ("Donald Trump" in "MacDonald
//! Trump") from hiding a real one after it.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, StartKind, dfa, nfa::contiguous};

use crate::clean::block;

/// Dictionaries with up to this many bytes of patterns (some 30,000
/// names) are matched with a DFA; its memory grows with the patterns'
/// bytes, so very large dictionaries keep the (slower, smaller) NFA.
const DFA_PATTERN_BYTES: usize = 512 * 1024;

/// One set of patterns, compiled for anchored leftmost-longest walks.
pub(super) enum Patterns {
    Dfa(dfa::DFA),
    Nfa(contiguous::NFA),
}

impl Patterns {
    pub(super) fn new(patterns: &[String], case_insensitive: bool) -> Patterns {
        let bytes: usize = patterns.iter().map(String::len).sum();
        Patterns::build(patterns, case_insensitive, bytes <= DFA_PATTERN_BYTES)
    }

    fn build(patterns: &[String], case_insensitive: bool, dfa: bool) -> Patterns {
        if dfa {
            let dfa = dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(case_insensitive)
                .start_kind(StartKind::Anchored)
                .build(patterns)
                .expect("dictionary patterns build an automaton");
            Patterns::Dfa(dfa)
        } else {
            let nfa = contiguous::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(case_insensitive)
                .build(patterns)
                .expect("dictionary patterns build an automaton");
            Patterns::Nfa(nfa)
        }
    }

    /// The longest pattern that starts at byte `at` of `hay` and ends within
    /// it: (pattern index, end).
    pub(super) fn longest_at(&self, hay: &[u8], at: usize) -> Option<(u32, usize)> {
        match self {
            Patterns::Dfa(a) => longest_at(a, hay, at),
            Patterns::Nfa(a) => longest_at(a, hay, at),
        }
    }
}

fn longest_at<A: Automaton>(aut: &A, hay: &[u8], at: usize) -> Option<(u32, usize)> {
    let mut sid = aut.start_state(Anchored::Yes).ok()?;
    let mut found = None;
    for (i, &b) in hay[at..].iter().enumerate() {
        sid = aut.next_state(Anchored::Yes, sid, b);
        if !aut.is_special(sid) {
            continue;
        }
        if aut.is_dead(sid) {
            break;
        }
        if aut.is_match(sid) {
            // A match state can also carry matches that begin after `at`
            // (reached through failure transitions): only a pattern as long
            // as the walk starts here.
            let len = i + 1;
            let own = (0..aut.match_len(sid))
                .map(|k| aut.match_pattern(sid, k))
                .find(|&p| aut.pattern_len(p) == len);
            if let Some(p) = own {
                found = Some((p.as_u32(), at + len));
            }
        }
    }
    found
}

/// Flags per byte: which pattern sets have a pattern beginning with it.
pub(super) const EXACT: u8 = 1;
pub(super) const TITLE: u8 = 2;

/// The first bytes of the patterns, per set.
pub(super) struct Starts {
    flags: [u8; 256],
    /// Per set (`flag - 1`): a bit per first two bytes (first << 8 |
    /// second) of some pattern, all second bytes for a one-byte pattern. Most
    /// word starts fail here and cost no walk.
    pairs: Box<[[u64; 1024]; 2]>,
    /// Some pattern starts with a byte that is no ASCII letter or digit and
    /// no UTF-8 lead byte: word starts alone do not find it.
    odd_start: bool,
}

impl Starts {
    pub(super) fn new() -> Starts {
        Starts {
            flags: [0; 256],
            pairs: Box::new([[0; 1024]; 2]),
            odd_start: false,
        }
    }

    pub(super) fn add(&mut self, patterns: &[String], flag: u8, case_insensitive: bool) {
        for p in patterns {
            let Some(&b) = p.as_bytes().first() else {
                continue;
            };
            self.odd_start |= !(b.is_ascii_alphanumeric() || b >= 0xC0);
            let cases = |x: u8| {
                if case_insensitive {
                    [x.to_ascii_lowercase(), x.to_ascii_uppercase()]
                } else {
                    [x, x]
                }
            };
            let pairs = &mut self.pairs[usize::from(flag) - 1];
            for first in cases(b) {
                self.flags[first as usize] |= flag;
                match p.as_bytes().get(1) {
                    Some(&second) => {
                        for second in cases(second) {
                            let k = usize::from(first) << 8 | usize::from(second);
                            pairs[k / 64] |= 1 << (k % 64);
                        }
                    }
                    None => pairs[usize::from(first) * 4..][..4].fill(u64::MAX),
                }
            }
        }
    }

    /// The sets with a pattern that starts with bytes `i` and `i + 1` of `b`.
    #[inline]
    fn pair_flags(&self, b: &[u8], i: usize) -> u8 {
        let k = usize::from(b[i]) << 8 | usize::from(b.get(i + 1).copied().unwrap_or(0));
        let bit = |set: usize| u8::from(self.pairs[set][k / 64] >> (k % 64) & 1 != 0);
        bit(0) | bit(1) << 1
    }

    /// Calls `hit(position, flags)` for each byte position in `range` of
    /// `text` that starts a word (the character before it, if any, is
    /// neither alphanumeric nor `-`) with a byte some pattern starts with.
    /// Positions are character boundaries: no pattern starts with a UTF-8
    /// continuation byte.
    pub(super) fn word_starts(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
        mut hit: impl FnMut(usize, u8),
    ) {
        let b = text.as_bytes();
        let mut check = |i: usize| {
            let flags = self.flags[b[i] as usize];
            if flags == 0 {
                return;
            }
            let flags = flags & self.pair_flags(b, i);
            if flags != 0 && starts_word(text, i) {
                hit(i, flags);
            } else if flags & EXACT != 0 && after_name_and_hyphen(b, i) {
                hit(i, EXACT);
            }
        };
        if self.odd_start {
            range.for_each(check);
            return;
        }
        // 64 bytes at a time: only a letter, digit or byte >= 0x80 that
        // follows no ASCII letter or digit can start a word.
        let mut after_alnum = range.start > 0 && b[range.start - 1].is_ascii_alphanumeric();
        let mut base = range.start;
        while base < range.end {
            let c = block::classes(b, base);
            let mut candidates = (c.alnum | c.high) & !((c.alnum << 1) | u64::from(after_alnum));
            after_alnum = c.alnum >> 63 != 0;
            if range.end - base < 64 {
                candidates &= (1u64 << (range.end - base)) - 1;
            }
            while candidates != 0 {
                check(base + candidates.trailing_zeros() as usize);
                candidates &= candidates - 1;
            }
            base += 64;
        }
    }
}

/// "Iraq" in "Iran-Iraq", "Japan" in "U.S.-Japan": a capital letter after
/// a hyphen that ends a capitalized word starts a name too (but not "Vice-President"'s title,
/// nor "OPEC" in "non-OPEC").
pub(super) fn after_name_and_hyphen(b: &[u8], i: usize) -> bool {
    if i < 2 || b[i - 1] != b'-' || !b[i].is_ascii_uppercase() {
        return false;
    }
    let word = b[..i - 1]
        .iter()
        .rev()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'.')
        .count();
    word > 0 && b[i - 1 - word].is_ascii_uppercase()
}

/// Whether byte `i` of `text` (a character boundary) starts a word: the
/// character before it, if any, is neither alphanumeric nor `-`.
pub(super) fn starts_word(text: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|p| text.as_bytes()[p]) {
        None => true,
        Some(p) if p < 0x80 => !(p.is_ascii_alphanumeric() || p == b'-'),
        Some(_) => !text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_dfa_and_the_nfa_for_large_dictionaries_find_the_same_longest_match() {
        let words = strings(&["Kyiv", "Kyiv Independent", "Ky", "US", "USA", "Élysée", "é"]);
        let text = "Kyiv Independent, Kyiv, Kyi, the USA and US, Élysée é USAF".as_bytes();
        for ci in [false, true] {
            let (dfa, nfa) = (
                Patterns::build(&words, ci, true),
                Patterns::build(&words, ci, false),
            );
            let found: Vec<_> = (0..text.len()).map(|i| dfa.longest_at(text, i)).collect();
            let nfa_found: Vec<_> = (0..text.len()).map(|i| nfa.longest_at(text, i)).collect();
            assert_eq!(found, nfa_found, "case-insensitive: {ci}");
            // Longest at a start; a shorter pattern inside it is no match
            // of its own start; none past the haystack's end.
            assert_eq!(found[0], Some((1, 16)));
            assert_eq!(dfa.longest_at(&text[..10], 0), Some((0, 4)));
            assert_eq!(found[1], None);
            assert_eq!(dfa.longest_at(text, 24), Some((2, 26)));
        }
        let ci = Patterns::build(&words, true, true);
        assert_eq!(ci.longest_at(b"kyiv independent", 0), Some((1, 16)));
        assert_eq!(
            Patterns::build(&words, false, true).longest_at(b"kyiv", 0),
            None
        );
    }

    #[test]
    fn word_starts_skip_letters_digits_and_hyphens_before() {
        let mut starts = Starts::new();
        starts.add(&strings(&["Kyiv", "kyiv"]), EXACT, false);
        starts.add(&strings(&["president"]), TITLE, true);
        let text = "Kyiv, xKyiv 9Kyiv -Kyiv «Kyiv» éKyiv Président Pacific President PResident";
        let mut hits = Vec::new();
        starts.word_starts(text, 0..text.len(), |i, flags| hits.push((i, flags)));
        let words: Vec<_> = hits.iter().map(|&(i, f)| (&text[i..i + 4], f)).collect();
        // "Pacific": no pattern starts with "Pa"; "Président" starts as
        // "president" does, and the walk decides.
        assert_eq!(
            words,
            [
                ("Kyiv", EXACT),
                ("Kyiv", EXACT),
                ("Pré", TITLE),
                ("Pres", TITLE),
                ("PRes", TITLE)
            ]
        );
    }
}
