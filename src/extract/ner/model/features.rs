//! The features of a token, hashed: its word, affixes and shape, its
//! neighbours, the lexicon's flags and counts, gazetteer phrases, the two
//! tags before it and the type the same word last had in the document.
//! One definition serves training and tagging, so the two cannot drift.

use super::super::Doc;
use super::super::lexicon::{self, NameLexicon, PHRASE_FIRST};
use super::super::table::{lower_ascii, short_key};
use super::super::tokens::Shape;
use super::{DocTypes, Tag};

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// Most features one token has: the fixed templates plus lexicon flags.
pub const MAX: usize = 48;

/// What the features need of each token, computed once per document.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    /// Hash of the lowercased word.
    pub low: u64,
    /// Hash of the word's collapsed shape (`Xx`, `X.X.`, `d-d`).
    pub shape: u64,
    /// Could the token be part of a name: capitalized, a hyphenated
    /// name word, or a joiner between such tokens (`of`, `&`, `de`).
    pub cand: bool,
    /// Gazetteer phrase covering the token: 0 none, else 1 + position (first,
    /// inside) * 2 + whether it is a nationality phrase.
    pub phrase: u8,
    /// The run of name tokens on one line this token is in, as the index of
    /// its first and last token (for candidates only).
    pub run: (u32, u32),
}

/// The per-document context the templates read.
pub struct Context<'d, 't> {
    pub(in crate::extract::ner) doc: &'d Doc<'t>,
    pub info: Vec<TokInfo>,
    /// The scored tokens, in order.
    pub cands: Vec<u32>,
    /// Words written capitalized mid-sentence somewhere in the document
    /// (1), in running text rather than a headline in capitals: a
    /// sentence's first word or a headline word seen so is likely a name.
    mid_caps: DocTypes,
}

/// Lowercase words that join the capitalized words of one name (`Bank of
/// England`, `Ludwig van Beethoven`, `Marks & Spencer`). Not `in`, `on` or
/// `the`, and `and` only before a word that ends organizations' names
/// ([`ends_in_an_organization`]): they join two names far more often than
/// they sit in one.
const JOINERS: &[&str] = &[
    "of", "de", "del", "der", "den", "van", "von", "la", "le", "du", "da", "di", "y", "al", "el",
    "bin", "for", "&", "des", "dos", "das", "zu",
];

fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(23) ^ x).wrapping_mul(K)
}

/// Hash of `s` with ASCII letters lowercased, 8 bytes at a time; never 0.
fn hash_lower(s: &[u8]) -> u64 {
    hash_chunks(s, lower_ascii)
}

/// Hash of `s`, each 8-byte chunk (zero-padded) passed through `f` first.
fn hash_chunks(s: &[u8], f: impl Fn(u64) -> u64) -> u64 {
    let mut h = s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, f(u64::from_le_bytes(c.try_into().unwrap_or_default())));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, f(short_key(rest).0));
    }
    h | 1
}

/// `Xx`, `XX`, `X.X.`, `d,d`: each character's class, repeats collapsed,
/// at most 6 classes kept; never 0.
fn shape_hash(s: &str) -> u64 {
    let (mut h, mut last, mut n) = (1u64, 0u8, 0);
    let class = |b: u8| match b {
        b'A'..=b'Z' => b'X',
        b'a'..=b'z' => b'x',
        b'0'..=b'9' => b'd',
        _ => b,
    };
    if s.is_ascii() {
        for &b in s.as_bytes() {
            let k = class(b);
            if k != last {
                h = mix(h, u64::from(k));
                (last, n) = (k, n + 1);
                if n == 6 {
                    break;
                }
            }
        }
        return h | 1;
    }
    for c in s.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        if k != last {
            h = mix(h, u64::from(k));
            (last, n) = (k, n + 1);
            if n == 6 {
                break;
            }
        }
    }
    h | 1
}

impl<'d, 't> Context<'d, 't> {
    pub(in crate::extract::ner) fn new(doc: &'d Doc<'t>) -> Self {
        // Every pass after the first visits the scored tokens only: most
        // tokens are lowercase words that no name feature reads.
        let (mut info, cands) = candidates(doc);
        mark_runs(doc, &mut info, &cands);
        // Words and shapes only where a feature reads them: two tokens
        // around a scored one for the word, one for the shape.
        let n = info.len();
        for &i in &cands {
            let i = i as usize;
            let words = i.saturating_sub(2)..(i + 3).min(n);
            for (j, t) in words.clone().zip(&mut info[words]) {
                if t.low == 0 {
                    t.low = hash_lower(bytes(doc, j));
                }
            }
            let shapes = i.saturating_sub(1)..(i + 2).min(n);
            for (j, t) in shapes.clone().zip(&mut info[shapes]) {
                if t.shape == 0 {
                    t.shape = shape_hash(doc.s(j));
                }
            }
        }
        let mut mid_caps = DocTypes::new(cands.len());
        for &i in &cands {
            let (i, t) = (i as usize, doc.toks[i as usize]);
            if t.shape == Shape::Cap && !t.sent_start && !doc.caps_line(i) {
                mid_caps.set(info[i].low, 1);
            }
        }
        let mut cx = Context {
            doc,
            info,
            cands,
            mid_caps,
        };
        cx.mark_phrases();
        cx
    }

    /// Gazetteer phrases of 2 to 4 capitalized words on one line.
    fn mark_phrases(&mut self) {
        let doc = self.doc;
        // Tokens before `free` are in a phrase already.
        let mut free = 0;
        for k in 0..self.cands.len() {
            let i = self.cands[k] as usize;
            if i < free || doc.toks[i].shape == Shape::Punct {
                continue;
            }
            let w = doc.w(i);
            if !doc.lex.may_start_phrase(w) {
                continue;
            }
            let end = (self.info[i].run.1 as usize).min(i + 3);
            let found = (i + 1..=end).rev().find_map(|b| {
                let flags = phrase_flags(doc.lex, doc, i, b);
                (flags != 0).then_some((b, flags & lexicon::DEMONYM != 0))
            });
            if let Some((b, demonym)) = found {
                for k in i..=b {
                    self.info[k].phrase = 1 + u8::from(k > i) * 2 + u8::from(demonym);
                }
                free = b + 1;
            }
        }
    }

    /// Whether a name can go on from token `i` to the next.
    pub fn continues(&self, i: usize) -> bool {
        i + 1 < self.info.len() && self.info[i + 1].cand && joined(self.doc, i)
    }

    /// A key for the word of token `i` as [`Context::word_features`] sees
    /// it: its exact bytes and whether its line is in capitals.
    pub fn word_key(&self, i: usize) -> u64 {
        let h = hash_chunks(bytes(self.doc, i), |w| w);
        fmix(mix(h, u64::from(self.doc.caps_line(i))))
    }

    /// The features of token `i` that depend only on the word as written
    /// (and its line's case), so their scores can be remembered per word:
    /// the word, its affixes and shape, its lexicon flags, silver votes
    /// and ending statistics.
    pub fn word_features(&self, i: usize, out: &mut Out) {
        let doc = self.doc;
        let me = self.info[i];
        let text = doc.s(i);
        let s = text.as_bytes();
        out.put(2, me.low);
        out.put(3, hash_lower(&s[..prefix_len(s, 3)]));
        out.put(4, hash_lower(&s[suffix_start(s, 3)..]));
        out.put(5, hash_lower(&s[suffix_start(s, 4)..]));
        out.put(6, me.shape);
        out.flags(30, doc.w(i).flags);
        let votes = if doc.caps_line(i) {
            doc.lex.votes_title(text)
        } else {
            doc.lex.votes(text)
        };
        out.put(24, strongest(votes.map(|v| v as f32), 2.0));
        if let Some(e) = doc.lex.ending(text) {
            out.put(25, strongest(e, 0.0));
        }
    }

    /// The features of token `i` in its place: neighbours, the two tags
    /// before it (`prev`, `prev2`), the type its word last had in this
    /// document (`doc_type`, 0 for none), its run of name words.
    pub fn context_features(&self, i: usize, prev: Tag, prev2: Tag, doc_type: u8, out: &mut Out) {
        let doc = self.doc;
        let t = doc.toks[i];
        let me = self.info[i];
        let at = |k: isize| -> TokInfo {
            let j = i as isize + k;
            let ok = j >= 0 && (j as usize) < self.info.len();
            if ok && doc.toks[j as usize].line == t.line {
                self.info[j as usize]
            } else {
                TokInfo::default()
            }
        };
        let (l1, l2, r1, r2) = (at(-1), at(-2), at(1), at(2));
        let case = u64::from(t.sent_start) | u64::from(doc.caps_line(i)) << 1;
        out.put(1, 0);
        out.put(7, mix(l1.shape, me.shape));
        out.put(8, mix(me.shape, r1.shape));
        out.put(9, l1.low);
        out.put(10, r1.low);
        out.put(11, l2.low);
        out.put(12, r2.low);
        out.put(13, mix(l1.low, me.low));
        out.put(14, mix(me.low, r1.low));
        out.put(15, prev as u64);
        out.put(16, mix(prev2 as u64, prev as u64));
        out.put(18, mix(case, me.shape));
        out.put(19, mix(case, me.low));
        out.put(20, mix(u64::from(me.phrase), u64::from(l1.phrase)));
        out.put(21, u64::from(doc_type));
        out.put(23, mix(commonness(doc.w(i)), case));
        out.put(26, mix(u64::from(self.mid_caps.get(me.low)), case));
        out.put(27, mix(prev as u64, me.low));
        // The whole run: its last word types it (`... Cricket Club`).
        let (first, last) = (me.run.0 as usize, me.run.1 as usize);
        let len = (last - first + 1).min(4) as u64;
        let pos = if i == first {
            0
        } else if i == last {
            1
        } else {
            2
        };
        out.put(28, len * 3 + pos);
        if i != last {
            out.put(29, self.info[last].low);
        }
        if i != first {
            out.put(35, self.info[first].low);
        }
        if l1.cand {
            out.flags(31, doc.w(i - 1).flags);
        }
        if r1.cand {
            out.flags(32, doc.w(i + 1).flags);
        }
        if last > i + 1 {
            out.flags(33, doc.w(last).flags);
        }
    }
}

/// Feature hashes being written for one token.
pub struct Out {
    pub keys: [u64; MAX],
    pub len: usize,
}

impl Default for Out {
    fn default() -> Self {
        Out {
            keys: [0; MAX],
            len: 0,
        }
    }
}

impl Out {
    fn put(&mut self, template: u64, v: u64) {
        if let Some(k) = self.keys.get_mut(self.len) {
            *k = fmix(mix(template.wrapping_mul(K), v));
            self.len += 1;
        }
    }

    /// One feature per lexicon flag set.
    fn flags(&mut self, template: u64, flags: u16) {
        let mut f = flags & !PHRASE_FIRST;
        while f != 0 {
            self.put(template, u64::from(f.trailing_zeros()));
            f &= f - 1;
        }
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.keys[..self.len]
    }
}

/// The token's bytes.
fn bytes<'a>(doc: &'a Doc, i: usize) -> &'a [u8] {
    let t = doc.toks[i];
    &doc.text.as_bytes()[t.start..t.end]
}

/// Which tokens are scored, in order: capitalized words of two or more
/// letters and hyphenated name words, but not a sentence's first word when
/// it is a common word with no name word after it (`The`, `But`), nor a
/// common word in a headline in capitals between two that are no names, nor
/// a role title before a name; then the joiners between two of them on one
/// line (`Bank of England`).
fn candidates(doc: &Doc) -> (Vec<TokInfo>, Vec<u32>) {
    let n = doc.toks.len();
    let mut info = vec![TokInfo::default(); n];
    let mut list: Vec<u32> = Vec::new();
    for (i, (t, &hy)) in doc.toks.iter().zip(&doc.hy).enumerate() {
        if hy || (matches!(t.shape, Shape::Cap | Shape::Upper) && t.end - t.start > 1) {
            info[i].cand = true;
            list.push(i as u32);
        }
    }
    let next_on_line =
        |info: &[TokInfo], i: usize| i + 1 < n && info[i + 1].cand && doc.same_line(i, i + 1);
    for &i in &list {
        let (i, t) = (i as usize, doc.toks[i as usize]);
        if t.sent_start
            && t.shape == Shape::Cap
            && !next_on_line(&info, i)
            && doc.lex.common_of(doc.w(i), doc.s(i))
        {
            info[i].cand = false;
        }
    }
    // In a headline in capitals, a common word between two words that are
    // no names (`SHR`, `NET`, `TAKE OVER`) is no name either.
    let mut common: Vec<bool> = Vec::new();
    for &i in &list {
        let i = i as usize;
        if info[i].cand && doc.caps_line(i) {
            if common.is_empty() {
                common = vec![false; n];
            }
            common[i] = doc.lex.common_of(doc.w(i), doc.s(i));
        }
    }
    if !common.is_empty() {
        for &i in &list {
            let i = i as usize;
            let named = |j: usize| info[j].cand && !common[j] && doc.same_line(i, j);
            if common[i] && !(i > 0 && named(i - 1)) && !(i + 1 < n && named(i + 1)) {
                info[i].cand = false;
            }
        }
    }
    // A role title before a name (`President Emmanuel Macron`, `Secretary
    // General Mark Rutte`) is no part of it: split there, as a greedy
    // tagger that began a name at the title could not.
    for &i in &list {
        let i = i as usize;
        if info[i].cand
            && next_on_line(&info, i)
            && doc.toks[i].shape == Shape::Cap
            && doc.w(i).has(lexicon::TITLE)
        {
            info[i].cand = false;
        }
    }
    list.retain(|&i| info[i as usize].cand);
    let mut joiners = Vec::new();
    for (k, pair) in list.windows(2).enumerate() {
        let (a, b) = (pair[0] as usize, pair[1] as usize);
        if b != a + 2 || !doc.same_line(a, b) {
            continue;
        }
        let (i, s) = (a + 1, bytes(doc, a + 1));
        let lower = matches!(doc.toks[i].shape, Shape::Lower | Shape::Punct);
        let joiner = if s == b"and" {
            ends_in_an_organization(doc, &list[k + 1..])
        } else {
            s.len() <= 3 && JOINERS.iter().any(|j| j.as_bytes().eq_ignore_ascii_case(s))
        };
        if lower && joiner {
            info[i].cand = true;
            joiners.push(i as u32);
        }
    }
    if !joiners.is_empty() {
        list.extend(joiners);
        list.sort_unstable();
    }
    (info, list)
}

/// `Securities and Exchange Commission`: whether the run of scored tokens
/// opening `rest` (on one line, one after the other) ends with a word that
/// ends organizations' names, so an `and` before it is inside one name.
fn ends_in_an_organization(doc: &Doc, rest: &[u32]) -> bool {
    let mut e = 0;
    while e + 1 < rest.len()
        && rest[e + 1] == rest[e] + 1
        && doc.same_line(rest[e] as usize, rest[e + 1] as usize)
    {
        e += 1;
    }
    rest.get(e)
        .is_some_and(|&t| doc.w(t as usize).has(lexicon::ORG_END))
}

/// Whether a name may run from token `i` into the next: on one line, and
/// neither is a hyphenated name word (`Ohio-based`), a name of its own.
fn joined(doc: &Doc, i: usize) -> bool {
    doc.same_line(i, i + 1) && !doc.hy[i] && !doc.hy[i + 1]
}

/// Each scored token's run: the scored tokens around it on its line.
fn mark_runs(doc: &Doc, info: &mut [TokInfo], cands: &[u32]) {
    let mut k = 0;
    while k < cands.len() {
        let mut e = k;
        while e + 1 < cands.len() && cands[e + 1] == cands[e] + 1 && joined(doc, cands[e] as usize)
        {
            e += 1;
        }
        let run = (cands[k], cands[e]);
        for &i in &cands[k..=e] {
            info[i as usize].run = run;
        }
        k = e + 1;
    }
}

/// The gazetteer flags of the phrase made of tokens `a..=b`, 0 if none.
fn phrase_flags(lex: &NameLexicon, doc: &Doc, a: usize, b: usize) -> u16 {
    if a == b || !lex.may_start_phrase(doc.w(a)) {
        return 0;
    }
    // No allocation: the key is built on the stack, and only when it is no
    // longer than the longest phrase.
    let mut len = b - a;
    for t in &doc.toks[a..=b] {
        len += t.end - t.start;
        if len > lex.phrase_max_len() {
            return 0;
        }
    }
    let (mut buf, mut heap) = ([0u8; 256], Vec::new());
    let key = if len <= buf.len() {
        &mut buf[..len]
    } else {
        heap.resize(len, 0);
        &mut heap[..]
    };
    let mut k = 0;
    for i in a..=b {
        if i > a {
            key[k] = b' ';
            k += 1;
        }
        let s = doc.s(i).as_bytes();
        key[k..k + s.len()].copy_from_slice(s);
        k += s.len();
    }
    key.make_ascii_lowercase();
    lex.phrase(key)
}

/// The index of the largest of four (1-based) with a rough strength bucket,
/// 0 when the total is below `min`.
fn strongest(v: [f32; 4], min: f32) -> u64 {
    let total: f32 = v.iter().sum();
    if total <= min {
        return 0;
    }
    let (k, best) = v
        .iter()
        .enumerate()
        .fold((0, f32::MIN), |a, (k, &x)| if x > a.1 { (k, x) } else { a });
    let share = best / total;
    let bucket = if share > 0.9 {
        2
    } else if share > 0.6 {
        1
    } else {
        0
    };
    (k as u64 + 1) * 4 + bucket
}

/// How a word is written elsewhere: unknown, or its share of capitalized
/// occurrences mid-sentence in five buckets.
fn commonness(w: lexicon::Word) -> u64 {
    let total = w.low + w.cap;
    if total == 0 {
        return 0;
    }
    let share = w.cap as f32 / total as f32;
    let freq = if total >= 1000 {
        10
    } else if total >= 20 {
        5
    } else {
        0
    };
    1 + freq + (share * 4.0).round() as u64
}

fn prefix_len(s: &[u8], n: usize) -> usize {
    let mut k = n.min(s.len());
    while k < s.len() && (s[k] & 0xC0) == 0x80 {
        k += 1;
    }
    k
}

fn suffix_start(s: &[u8], n: usize) -> usize {
    let mut k = s.len().saturating_sub(n);
    while k > 0 && (s[k] & 0xC0) == 0x80 {
        k -= 1;
    }
    k
}

/// MurmurHash3's finalizer: every bit of the key depends on every input bit.
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h | 1
}
