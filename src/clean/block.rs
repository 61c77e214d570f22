//! Byte classes of 64-byte blocks as bitmasks (bit k for byte k), for the
//! scans that touch every byte of an article. SSE2 on x86_64 (part of its
//! baseline, so no runtime detection), eight-byte SWAR elsewhere; both exact.

use super::swar;

/// Classes of one block; bytes past the text's end count as none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Classes {
    pub space: u64,
    pub newline: u64,
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Bytes >= 0x80.
    pub high: u64,
}

/// Classes of `b[base..base + 64]` (zero-padded past the end: a zero byte is
/// in no class).
#[inline(always)]
pub(crate) fn classes(b: &[u8], base: usize) -> Classes {
    match b.get(base..base + 64) {
        Some(chunk) => classes64(chunk.try_into().expect("64 bytes")),
        None => {
            let mut buf = [0u8; 64];
            let rest = &b[base.min(b.len())..];
            buf[..rest.len()].copy_from_slice(rest);
            classes64(&buf)
        }
    }
}

/// Bits of the "plain" bytes (ASCII graphic but '`', which normalization
/// copies as they are) and of the spaces in `b[i..i + 64]` (zero-padded).
#[inline(always)]
pub(crate) fn plain_space(b: &[u8], i: usize) -> (u64, u64) {
    match b.get(i..i + 64) {
        Some(chunk) => plain_space64(chunk.try_into().expect("64 bytes")),
        None => {
            let mut buf = [0u8; 64];
            let rest = &b[i.min(b.len())..];
            buf[..rest.len()].copy_from_slice(rest);
            plain_space64(&buf)
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn plain_space64(c: &[u8; 64]) -> (u64, u64) {
    // SAFETY: as for `classes64`.
    unsafe { plain_space64_sse2(c) }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn plain_space64_sse2(c: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::*;
    let (mut plain, mut space) = (0, 0);
    for k in 0..4 {
        let half = |i: usize| i64::from_le_bytes(c[i..i + 8].try_into().expect("8 bytes"));
        let x = _mm_set_epi64x(half(16 * k + 8), half(16 * k));
        // 0x21..=0x7E: (x - 0x21) as u8 < 0x5E, biased to a signed compare.
        let graphic = _mm_cmplt_epi8(
            _mm_add_epi8(x, _mm_set1_epi8(0x80u8.wrapping_sub(0x21) as i8)),
            _mm_set1_epi8(0x80u8.wrapping_add(0x5E) as i8),
        );
        let tick = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'`' as i8));
        let p = _mm_andnot_si128(tick, graphic);
        let sp = _mm_cmpeq_epi8(x, _mm_set1_epi8(b' ' as i8));
        plain |= (_mm_movemask_epi8(p) as u32 as u64) << (16 * k);
        space |= (_mm_movemask_epi8(sp) as u32 as u64) << (16 * k);
    }
    (plain, space)
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn plain_space64(c: &[u8; 64]) -> (u64, u64) {
    plain_space64_swar(c)
}

/// The portable form (tested on every target, in `tests::block`).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn plain_space64_swar(c: &[u8; 64]) -> (u64, u64) {
    let (mut plain, mut space) = (0, 0);
    for k in 0..8 {
        let x = swar::load(c, 8 * k);
        let graphic = swar::ge7(x, 0x21) & !swar::eq(x, 0x7F) & !x & swar::HI;
        plain |= swar::bits(graphic & !swar::eq(x, b'`')) << (8 * k);
        space |= swar::bits(swar::eq(x, b' ')) << (8 * k);
    }
    (plain, space)
}

/// Index of the first byte at or after `i` that is one of `needles` (all
/// nonzero), else `b.len()`; 64 bytes at a time.
#[inline]
pub(crate) fn find_any(b: &[u8], mut i: usize, needles: [u8; 3]) -> usize {
    while i < b.len() {
        let m = match b.get(i..i + 64) {
            Some(chunk) => any64(chunk.try_into().expect("64 bytes"), needles),
            None => {
                let mut buf = [0u8; 64];
                buf[..b.len() - i].copy_from_slice(&b[i..]);
                any64(&buf, needles)
            }
        };
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        i += 64;
    }
    b.len()
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn any64(c: &[u8; 64], needles: [u8; 3]) -> u64 {
    // SAFETY: as for `classes64`.
    unsafe { any64_sse2(c, needles) }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn any64_sse2(c: &[u8; 64], needles: [u8; 3]) -> u64 {
    use std::arch::x86_64::*;
    let [n0, n1, n2] = needles.map(|n| _mm_set1_epi8(n as i8));
    let mut m = 0;
    for k in 0..4 {
        let half = |i: usize| i64::from_le_bytes(c[i..i + 8].try_into().expect("8 bytes"));
        let x = _mm_set_epi64x(half(16 * k + 8), half(16 * k));
        let hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, n0), _mm_cmpeq_epi8(x, n1)),
            _mm_cmpeq_epi8(x, n2),
        );
        m |= (_mm_movemask_epi8(hit) as u32 as u64) << (16 * k);
    }
    m
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn any64(c: &[u8; 64], needles: [u8; 3]) -> u64 {
    any64_swar(c, needles)
}

/// The portable form (tested on every target, in `tests::block`).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn any64_swar(c: &[u8; 64], needles: [u8; 3]) -> u64 {
    let mut m = 0;
    for k in 0..8 {
        let x = swar::load(c, 8 * k);
        let hit = swar::eq(x, needles[0]) | swar::eq(x, needles[1]) | swar::eq(x, needles[2]);
        m |= swar::bits(hit) << (8 * k);
    }
    m
}

/// The lines of a text as [`str::lines`] gives them (split at '\n', a '\r'
/// before it dropped), each with whether it is all ASCII; found from the
/// blocks' newline bits instead of a search per line.
pub(crate) struct Lines<'a> {
    s: &'a str,
    /// Start of the next line.
    start: usize,
    /// The cached block (`start` is before its end).
    base: usize,
    newline: u64,
    high: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(s: &'a str) -> Lines<'a> {
        let m = classes(s.as_bytes(), 0);
        Lines {
            s,
            start: 0,
            base: 0,
            newline: m.newline,
            high: m.high,
        }
    }

    fn advance(&mut self) {
        self.base += 64;
        let m = classes(self.s.as_bytes(), self.base);
        self.newline = m.newline;
        self.high = m.high;
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (&'a str, bool);

    #[inline]
    fn next(&mut self) -> Option<(&'a str, bool)> {
        let len = self.s.len();
        if self.start >= len {
            return None;
        }
        let mut high = false;
        loop {
            // Bits of the block from the line's start on.
            let from = u64::MAX << self.start.saturating_sub(self.base);
            let nl = self.newline & from;
            if nl != 0 {
                let bit = nl & nl.wrapping_neg();
                let at = self.base + bit.trailing_zeros() as usize;
                high |= self.high & from & (bit - 1) != 0;
                let line = &self.s[self.start..at];
                self.start = at + 1;
                if self.start == self.base + 64 {
                    self.advance();
                }
                return Some((line.strip_suffix('\r').unwrap_or(line), !high));
            }
            high |= self.high & from != 0;
            if self.base + 64 >= len {
                let line = &self.s[self.start..];
                self.start = len;
                return Some((line, !high));
            }
            self.advance();
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn classes64(c: &[u8; 64]) -> Classes {
    // SAFETY: the only requirement is SSE2, which this build enables (the
    // cfg above; it is part of every x86_64 target's baseline).
    unsafe { classes64_sse2(c) }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn classes64_sse2(c: &[u8; 64]) -> Classes {
    use std::arch::x86_64::*;
    let mut m = Classes {
        space: 0,
        newline: 0,
        alnum: 0,
        high: 0,
    };
    // (v - lo) as u8 < n, as a signed compare after biasing by 0x80.
    macro_rules! range {
        ($v:expr, $lo:expr, $n:expr) => {
            _mm_cmplt_epi8(
                _mm_add_epi8($v, _mm_set1_epi8(0x80u8.wrapping_sub($lo) as i8)),
                _mm_set1_epi8(0x80u8.wrapping_add($n) as i8),
            )
        };
    }
    for k in 0..4 {
        let half = |i: usize| i64::from_le_bytes(c[i..i + 8].try_into().expect("8 bytes"));
        let x = _mm_set_epi64x(half(16 * k + 8), half(16 * k));
        let letter = range!(_mm_or_si128(x, _mm_set1_epi8(0x20)), b'a', 26);
        let digit = range!(x, b'0', 10);
        let bits = [
            _mm_cmpeq_epi8(x, _mm_set1_epi8(b' ' as i8)),
            _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\n' as i8)),
            _mm_or_si128(letter, digit),
            x,
        ]
        .map(|v| (_mm_movemask_epi8(v) as u32 as u64) << (16 * k));
        m.space |= bits[0];
        m.newline |= bits[1];
        m.alnum |= bits[2];
        m.high |= bits[3];
    }
    m
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn classes64(c: &[u8; 64]) -> Classes {
    classes64_swar(c)
}

/// The portable form (tested on every target, in `tests::block`).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn classes64_swar(c: &[u8; 64]) -> Classes {
    let mut m = Classes {
        space: 0,
        newline: 0,
        alnum: 0,
        high: 0,
    };
    for k in 0..8 {
        let x = swar::load(c, 8 * k);
        m.space |= swar::bits(swar::eq(x, b' ')) << (8 * k);
        m.newline |= swar::bits(swar::eq(x, b'\n')) << (8 * k);
        m.alnum |= swar::bits(swar::alnum(x)) << (8 * k);
        m.high |= swar::bits(x & swar::HI) << (8 * k);
    }
    m
}
