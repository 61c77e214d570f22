//! Byte tests eight at a time ("SIMD within a register") on plain `u64`s, for
//! the scans that touch every byte of an article: finding line ends, sentence
//! terminators and the bytes normalization must look at. Portable (no
//! `std::arch`), and exact: every mask has the high bit of a byte set exactly
//! when that byte matches, with no carries between bytes.

/// 0x01 in every byte.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// 0x80 in every byte.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The 8 bytes at `b[i..i + 8]`, first byte lowest (callers check bounds).
#[inline(always)]
pub(crate) fn load(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"))
}

/// One bit per byte of a mask (bit k for byte k), from the byte high bits.
#[inline(always)]
pub(crate) fn bits(mask: u64) -> u64 {
    // Byte k's flag lands on bit 56 + k; no two partial products overlap.
    ((mask >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Bytes equal to `c`.
#[inline(always)]
pub(crate) fn eq(x: u64, c: u8) -> u64 {
    let y = x ^ (LO * c as u64);
    // A byte of y is zero iff adding 0x7F to its low 7 bits leaves the high
    // bit clear and its own high bit is clear.
    !(((y & !HI) + !HI) | y) & HI
}

/// Bytes whose low 7 bits are >= `n` (1 <= n <= 0x80); combine with `!x & HI`
/// for ASCII-only ranges.
#[inline(always)]
pub(crate) fn ge7(x: u64, n: u8) -> u64 {
    ((x & !HI) + LO * (0x80 - n as u64)) & HI
}

/// ASCII letters lowercased, every other byte (non-ASCII included) unchanged.
#[inline(always)]
pub(crate) fn to_lower(x: u64) -> u64 {
    let upper = ge7(x, b'A') & !ge7(x, b'Z' + 1) & !x & HI;
    x | (upper >> 2)
}

/// ASCII letters and digits.
#[inline(always)]
pub(crate) fn alnum(x: u64) -> u64 {
    // Setting bit 5 maps exactly the ASCII letters onto a..z.
    let l = x | (LO * 0x20);
    let letter = ge7(l, b'a') & !ge7(l, b'z' + 1);
    let digit = ge7(x, b'0') & !ge7(x, b'9' + 1);
    (letter | digit) & !x & HI
}

#[cfg(test)]
#[test]
fn masks_agree_with_byte_tests() {
    for base in (0..256).step_by(8) {
        let bytes: [u8; 8] = std::array::from_fn(|k| (base + k) as u8);
        let x = u64::from_le_bytes(bytes);
        let lower = to_lower(x).to_le_bytes();
        for (k, &c) in bytes.iter().enumerate() {
            let bit = |m: u64| m >> (8 * k) & 0x80 != 0;
            assert_eq!(bit(eq(x, b' ')), c == b' ');
            assert_eq!(bit(eq(x, 0x7F)), c == 0x7F);
            assert_eq!(bit(ge7(x, 0x21)), c & 0x7F >= 0x21);
            assert_eq!(bit(alnum(x)), c.is_ascii_alphanumeric());
            assert_eq!(lower[k], c.to_ascii_lowercase());
        }
    }
    for m in 0..=255u64 {
        let spread = (0..8).fold(0, |acc, k| acc | ((m >> k & 1) << (8 * k + 7)));
        assert_eq!(bits(spread), m);
    }
}
