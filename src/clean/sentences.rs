//! Sentence segmentation of clean text. A line is a paragraph and always ends
//! a sentence; inside a line a sentence ends at . ! ? (plus closing quotes and
//! brackets) followed by a space and a capitalized start, unless the period
//! belongs to a title (Mr., Gen., No.), an abbreviation (Dec., Inc.) or an
//! initial/acronym (J., U.S.) not followed by a capitalized function word.

use super::Sentence;
use super::block;
use super::swar;
use super::words::CleanWords;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// Appends the sentences of `text` (paragraphs joined with '\n') to `out`.
pub(crate) fn split(lex: &CleanWords, text: &str, out: &mut Vec<Sentence>) {
    let b = text.as_bytes();
    let mut base = 0;
    loop {
        let end = block::find_any(b, base, [b'\n'; 3]);
        split_line(lex, &text[base..end], |s, e| {
            out.push(Sentence {
                start: base + s,
                end: base + e,
            })
        });
        if end == b.len() {
            break;
        }
        base = end + 1;
    }
}

/// Number of sentences in one paragraph.
pub(crate) fn count_line(lex: &CleanWords, line: &str) -> usize {
    let mut n = 0;
    split_line(lex, line, |_, _| n += 1);
    n
}

fn split_line(lex: &CleanWords, line: &str, mut emit: impl FnMut(usize, usize)) {
    let b = line.as_bytes();
    let len = b.len();
    // A list item's sentence starts after its bullet.
    let mut start = if line.starts_with("- ") { 2 } else { 0 };
    while start < len && b[start] == b' ' {
        start += 1;
    }
    let mut i = start;
    loop {
        i = next_terminator(b, i);
        if i >= len {
            break;
        }
        let term = i;
        let mut j = i;
        while j < len && matches!(b[j], b'.' | b'!' | b'?') {
            j += 1;
        }
        let term_end = j;
        while j < len && matches!(b[j], b'"' | b'\'' | b')' | b']') {
            j += 1;
        }
        if j >= len {
            break;
        }
        if b[j] != b' ' {
            i = j;
            continue;
        }
        let mut k = j;
        while k < len && b[k] == b' ' {
            k += 1;
        }
        if k < len && boundary(lex, line, start, term, term_end, j, k) {
            emit(start, j);
            start = k;
        }
        i = k;
    }
    let end = line.trim_end().len();
    if start < end {
        emit(start, end);
    }
}

/// Index of the first . ! ? at or after `i`, else `b.len()`.
#[inline]
fn next_terminator(b: &[u8], i: usize) -> usize {
    block::find_any(b, i, [b'.', b'!', b'?'])
}

/// Whether the terminal run `b[term..term_end]` (closers up to `close_end`)
/// ends a sentence, given that the next one would start at `next`.
fn boundary(
    lex: &CleanWords,
    line: &str,
    start: usize,
    term: usize,
    term_end: usize,
    close_end: usize,
    next: usize,
) -> bool {
    let b = line.as_bytes();
    let rest = &line[next..];
    let starter = rest
        .trim_start_matches(['"', '\'', '(', '['])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !starter {
        return false;
    }
    let closed = close_end > term_end;
    // "Who guarantees us?" Zelensky asked. -- the quote's attribution goes on.
    if closed && b[term] != b'.' {
        let mut said = false;
        for w in rest.split(' ').take(4) {
            if lex
                .say
                .contains(w.trim_end_matches([',', '.', '!', '?']).as_bytes())
            {
                said = true;
                break;
            }
            if w.ends_with(['.', '!', '?']) {
                break;
            }
        }
        if said {
            return false;
        }
    }
    if closed || term_end - term != 1 || b[term] != b'.' {
        return true;
    }
    // A single period right after a word: check the word.
    let tok_start = line[start..term]
        .rfind([' ', '(', '"', '\''])
        .map_or(start, |p| start + p + 1);
    let tok = &line[tok_start..term];
    if tok.is_empty() {
        return true;
    }
    if lex.titles.contains(tok.as_bytes()) {
        return false;
    }
    let single_cap = tok.len() == 1 && tok.as_bytes()[0].is_ascii_uppercase();
    if single_cap || tok.contains('.') || lex.abbrevs.contains(tok.as_bytes()) {
        // "U.S. President-elect", "Dec. 18", "J. R. Smith" go on; "the U.S. The" ends.
        let word = rest
            .split(' ')
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        let cap = word.chars().next().is_some_and(char::is_uppercase);
        return cap && lex.stop.contains_lower(word.as_bytes());
    }
    true
}

/// Key of a sentence for repeat detection: xxh3-64 of its words, lowercased,
/// apostrophes dropped, every other non-alphanumeric run one space.
pub fn sentence_key(sentence: &str) -> u64 {
    let mut out = KeyBytes::new();
    let b = sentence.as_bytes();
    // A separator is owed before the next word (none before the first).
    let mut gap = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            // ASCII, the bulk of news text: a table lookup per byte between
            // words, words taken up to 8 bytes at a time.
            match KEY_ASCII[c as usize] {
                SKIP => i += 1,
                GAP => {
                    i += 1;
                    gap = true;
                }
                lower => {
                    if gap && out.any() {
                        out.push(b' ');
                    }
                    gap = false;
                    if i + 8 <= b.len() {
                        // The letters and digits from here (at least this
                        // one, at most 8), lowercased at once.
                        let w = swar::load(b, i);
                        let n = (!swar::alnum(w) & swar::HI).trailing_zeros() as usize / 8;
                        out.push_run(swar::to_lower(w), n);
                        i += n;
                    } else {
                        out.push(lower);
                        i += 1;
                    }
                }
            }
            continue;
        }
        let ch = sentence[i..].chars().next().expect("char boundary");
        i += ch.len_utf8();
        // Apostrophes join (U+02BC counts as a letter, so test it first).
        if matches!(ch, '\u{2019}' | '\u{02BC}' | '\u{2018}') {
            continue;
        }
        if ch.is_alphanumeric() {
            if gap && out.any() {
                out.push(b' ');
            }
            gap = false;
            for l in ch.to_lowercase() {
                let mut tmp = [0u8; 4];
                for &x in l.encode_utf8(&mut tmp).as_bytes() {
                    out.push(x);
                }
            }
        } else {
            gap = true;
        }
    }
    out.finish()
}

/// [`KEY_ASCII`] entries other than a lowercase letter or digit.
const GAP: u8 = 0;
const SKIP: u8 = 1;

/// What [`sentence_key`] makes of an ASCII byte: its lowercase form for
/// letters and digits, [`SKIP`] for apostrophes, [`GAP`] for the rest.
static KEY_ASCII: [u8; 128] = {
    let mut t = [GAP; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() {
            t[c] = b.to_ascii_lowercase();
        }
        c += 1;
    }
    t[b'\'' as usize] = SKIP;
    t[b'`' as usize] = SKIP;
    t
};

/// The key's bytes, hashed on the stack in one shot when short (almost every
/// sentence), streamed through a hasher when not. xxh3 gives the same digest
/// either way.
struct KeyBytes {
    buf: [u8; 512],
    n: usize,
    stream: Option<Xxh3Default>,
}

impl KeyBytes {
    fn new() -> KeyBytes {
        KeyBytes {
            buf: [0; 512],
            n: 0,
            stream: None,
        }
    }

    /// Some byte was pushed.
    #[inline(always)]
    fn any(&self) -> bool {
        self.n > 0 || self.stream.is_some()
    }

    /// Moves the buffered bytes into the stream.
    #[cold]
    fn flush(&mut self) {
        self.stream
            .get_or_insert_with(Xxh3Default::new)
            .update(&self.buf[..self.n]);
        self.n = 0;
    }

    #[inline(always)]
    fn push(&mut self, x: u8) {
        if self.n == self.buf.len() {
            self.flush();
        }
        self.buf[self.n] = x;
        self.n += 1;
    }

    /// Pushes the first `n` bytes of `w` (first byte lowest).
    #[inline(always)]
    fn push_run(&mut self, w: u64, n: usize) {
        if self.n + 8 > self.buf.len() {
            self.flush();
        }
        self.buf[self.n..self.n + 8].copy_from_slice(&w.to_le_bytes());
        self.n += n;
    }

    fn finish(self) -> u64 {
        match self.stream {
            None => xxh3_64(&self.buf[..self.n]),
            Some(mut h) => {
                h.update(&self.buf[..self.n]);
                h.digest()
            }
        }
    }
}
