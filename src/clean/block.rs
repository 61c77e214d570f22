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

/// The portable form (tested on every target).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
fn classes64_swar(c: &[u8; 64]) -> Classes {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(b: &[u8], base: usize) -> Classes {
        let mut m = Classes {
            space: 0,
            newline: 0,
            alnum: 0,
            high: 0,
        };
        for k in 0..64 {
            let Some(&c) = b.get(base + k) else { break };
            let bit = 1u64 << k;
            m.space |= if c == b' ' { bit } else { 0 };
            m.newline |= if c == b'\n' { bit } else { 0 };
            m.alnum |= if c.is_ascii_alphanumeric() { bit } else { 0 };
            m.high |= if c >= 0x80 { bit } else { 0 };
        }
        m
    }

    #[test]
    fn classes_agree_with_byte_tests() {
        let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for base in 0..all.len() {
            assert_eq!(classes(&all, base), reference(&all, base), "at {base}");
        }
        // The portable path, on the same bytes.
        for base in (0..all.len()).step_by(64) {
            let mut buf = [0u8; 64];
            let n = (all.len() - base).min(64);
            buf[..n].copy_from_slice(&all[base..base + n]);
            assert_eq!(classes64_swar(&buf), reference(&buf, 0));
        }
    }
}
