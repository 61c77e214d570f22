//! Tense cues around an expression (HeidelTime reads the sentence's tense):
//! the nearest cue word within a few words, inside the sentence, decides.

use super::norm::Tense;

const WINDOW: usize = 8;

/// Extra distance for reporting verbs ("said"), weaker than the event's verb.
const WEAK: usize = 3;

/// Words before a future cue searched for "had" ("had been scheduled to").
const PLUPERFECT: usize = 4;

const FUTURE: &[&str] = &[
    "will",
    "ll",
    "shall",
    "wo",
    "plans",
    "plan",
    "planning",
    "expected",
    "expects",
    "expect",
    "scheduled",
    "due",
    "upcoming",
    "next",
    "intends",
    "aims",
    "coming",
    "would",
    "planned",
    "slated",
    "soon",
    "payable",
    "expire",
    "expires",
    "tomorrow",
    "might",
    "resume",
    "resumes",
];

const PAST: &[&str] = &[
    "said",
    "told",
    "was",
    "were",
    "had",
    "did",
    "ago",
    "last",
    "earlier",
    "met",
    "began",
    "came",
    "took",
    "made",
    "held",
    "gave",
    "saw",
    "won",
    "lost",
    "left",
    "went",
    "fell",
    "rose",
    "sold",
    "bought",
    "paid",
    "became",
    "led",
    "spoke",
    "wrote",
    "sent",
    "got",
    "thought",
    "knew",
    "found",
    "brought",
    "ran",
    "kept",
    "struck",
    "shot",
    "flew",
    "fought",
    "broke",
    "chose",
    "grew",
    "threw",
    "stood",
    "sought",
    "caught",
    "felt",
    "heard",
    "since",
    "previously",
    "recently",
];

/// Words ending in "-ed" that are not past-tense verbs.
const NOT_ED: &[&str] = &[
    "united", "based", "hundred", "indeed", "need", "speed", "proceed", "red", "limited", "bed",
];

/// A word of up to 16 bytes as one integer, zero-padded: cue words are
/// letters only, so no two words share a key.
fn key(w: &[u8]) -> Option<u128> {
    let mut b = [0u8; 16];
    b.get_mut(..w.len())?.copy_from_slice(w);
    Some(u128::from_le_bytes(b))
}

/// Cue words by key, sorted for binary search: `class` runs for every word
/// near every date expression, and a linear scan of the lists, then a
/// binary search comparing byte strings, were hot spots.
static CUES: std::sync::LazyLock<Vec<(u128, Tense)>> = std::sync::LazyLock::new(|| {
    let mut cues: Vec<_> = FUTURE
        .iter()
        .map(|w| (w, Tense::Future))
        .chain(PAST.iter().map(|w| (w, Tense::Past)))
        .map(|(w, d)| (key(w.as_bytes()).expect("cue words are short"), d))
        .collect();
    cues.sort_unstable_by_key(|&(k, _)| k);
    cues
});

fn class(w: &[u8]) -> Option<(Tense, usize)> {
    if let Some(k) = key(w)
        && let Ok(i) = CUES.binary_search_by_key(&k, |&(c, _)| c)
    {
        let d = CUES[i].1;
        // Reporting verbs are weaker than the event's own verb.
        let weak = d == Tense::Past && (w == b"said" || w == b"told");
        return Some((d, if weak { WEAK } else { 0 }));
    }
    if w.len() >= 5 && w.ends_with(b"ed") && !NOT_ED.iter().any(|x| x.as_bytes() == w) {
        return Some((Tense::Past, 0));
    }
    None
}

/// Sentence end before byte i (backwards) or at i (forwards).
fn boundary(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\n' | b'!' | b'?' | b';' => true,
        // A quotation ends the clause: the reporting verb outside it does
        // not tell the tense inside.
        b'"' | b'`' => true,
        b'\'' => b.get(i + 1) == Some(&b'\'') || (i > 0 && b[i - 1] == b'\''),
        b'.' => {
            // "Dec." and "U.S." do not end sentences; a long word or a number does.
            if b.get(i + 1)
                .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'"')
            {
                return false;
            }
            let mut s = i;
            while s > 0 && b[s - 1].is_ascii_alphabetic() {
                s -= 1;
            }
            i - s > 3
                || (i > s && b[s].is_ascii_lowercase())
                || (i > 0 && b[i - 1].is_ascii_digit())
        }
        _ => false,
    }
}

/// The nearest cue word from byte `from`, backwards or forwards within the
/// sentence: (tense, distance in words).
fn nearest_cue(b: &[u8], from: usize, forward: bool) -> Option<(Tense, usize)> {
    let mut buf = [0u8; 16];
    let mut n = 0;
    let mut i = from;
    let mut count = 0;
    loop {
        let at_end = if forward { i >= b.len() } else { i == 0 };
        let c = if at_end {
            b' '
        } else if forward {
            b[i]
        } else {
            b[i - 1]
        };
        let stop = !at_end && boundary(b, if forward { i } else { i - 1 });
        if c.is_ascii_alphabetic() {
            if n < buf.len() {
                buf[n] = c.to_ascii_lowercase();
            }
            n += 1;
        } else if n > 0 {
            if n <= buf.len() {
                let w = &mut buf[..n];
                if !forward {
                    w.reverse();
                }
                if let Some((d, pen)) = class(w) {
                    // "had been due to expire Friday": a past plan.
                    if !forward && d == Tense::Future && pluperfect(b, i) {
                        return Some((Tense::Past, count));
                    }
                    // "said Monday", "said on Monday": the saying is dated.
                    let pen = if count <= 1 { 0 } else { pen };
                    return Some((d, count + pen));
                }
            }
            count += 1;
            n = 0;
            if count >= WINDOW {
                return None;
            }
        }
        if at_end || (stop && n == 0) {
            return None;
        }
        if forward {
            i += 1;
        } else {
            i -= 1;
        }
    }
}

/// Whether "had" is among the few words before byte i, in the sentence.
fn pluperfect(b: &[u8], i: usize) -> bool {
    let head = &b[i.saturating_sub(32)..i];
    let start = head
        .iter()
        .rposition(|c| matches!(c, b'.' | b';' | b'!' | b'?'))
        .map_or(0, |p| p + 1);
    head[start..]
        .split(|c| !c.is_ascii_alphabetic())
        .rev()
        .filter(|w| !w.is_empty())
        .take(PLUPERFECT)
        .any(|w| w.eq_ignore_ascii_case(b"had"))
}

/// Phrases right before an expression that point ahead: "until Tuesday",
/// "as early as Tuesday". Matched in lower case: fronted ("Until Thursday,
/// they had not...") they tell of a state that has since changed.
const AHEAD: &[&str] = &["until", "till", "as early as", "as soon as"];

/// The cue the expression's own syntax gives: a phrase governing it, or a
/// possessive ("Wednesday's ruling" names an event already reported).
fn governed(b: &[u8], s: usize, e: usize) -> Option<Tense> {
    if b[e..].starts_with(b"'s") && b.get(e + 2).is_none_or(|c| !c.is_ascii_alphanumeric()) {
        return Some(Tense::Past);
    }
    let head = b[..s].trim_ascii_end();
    AHEAD
        .iter()
        .any(|p| {
            let n = p.len();
            head.len() >= n
                && &head[head.len() - n..] == p.as_bytes()
                && (head.len() == n || !head[head.len() - n - 1].is_ascii_alphanumeric())
        })
        .then_some(Tense::Future)
}

/// The tense around the expression at s..e: its own syntax's, else the
/// nearest cue's (the one before it on a tie).
pub(crate) fn tense(text: &str, s: usize, e: usize) -> Tense {
    let b = text.as_bytes();
    if let Some(d) = governed(b, s, e) {
        return d;
    }
    let back = nearest_cue(b, s, false);
    let fwd = nearest_cue(b, e, true);
    match (back, fwd) {
        (Some((d, x)), Some((f, y))) => {
            if x <= y {
                d
            } else {
                f
            }
        }
        (Some((d, _)), None) | (None, Some((d, _))) => d,
        (None, None) => Tense::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_word_has_one_direction_and_is_found() {
        for w in FUTURE {
            assert!(!PAST.contains(w), "{w} is both a future and a past cue");
            assert_eq!(class(w.as_bytes()), Some((Tense::Future, 0)), "{w}");
        }
        for w in PAST {
            let pen = if matches!(*w, "said" | "told") {
                WEAK
            } else {
                0
            };
            assert_eq!(class(w.as_bytes()), Some((Tense::Past, pen)), "{w}");
        }
        assert_eq!(class(b"announced"), Some((Tense::Past, 0)));
        assert_eq!(class(b"limited"), None);
        assert_eq!(class(b"table"), None);
        assert_eq!(class(b"wil"), None);
    }
}
