//! Block classes, searches and line walks against byte-by-byte references.

use crate::clean::block::*;

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
        assert_eq!(plain_space64_swar(&buf), plain_space_reference(&buf, 0));
    }
    for base in 0..all.len() {
        let got = plain_space(&all, base);
        assert_eq!(got, plain_space_reference(&all, base), "at {base}");
    }
}

#[test]
fn find_any_finds_the_first_needle() {
    let text: Vec<u8> = (0..300u32).map(|i| (i * 7 % 251) as u8).collect();
    let needles = [b'.', b'!', b'?'];
    for i in 0..=text.len() {
        let want = (i..text.len())
            .find(|&j| needles.contains(&text[j]))
            .unwrap_or(text.len());
        assert_eq!(find_any(&text, i, needles), want, "from {i}");
    }
    for base in (0..text.len()).step_by(64) {
        let mut buf = [0u8; 64];
        let n = (text.len() - base).min(64);
        buf[..n].copy_from_slice(&text[base..base + n]);
        let want = (0..64).fold(0u64, |m, k| m | u64::from(needles.contains(&buf[k])) << k);
        assert_eq!(any64_swar(&buf, needles), want);
    }
}

#[test]
fn lines_agree_with_str_lines() {
    let long = "x".repeat(63);
    let texts = [
        String::new(),
        "\n".into(),
        "a".into(),
        "a\n".into(),
        "a\r\nb\r".into(),
        "\r\n\n\u{e9}t\u{e9}\nplain\n\n".into(),
        format!("{long}\n{long}\u{e9}\n{long}{long}\n\n{long}\r\n{long}x\n"),
        format!("{long}x{long}\u{2028}{long}"),
    ];
    for t in &texts {
        let got: Vec<_> = Lines::new(t).collect();
        let want: Vec<_> = t.lines().map(|l| (l, l.is_ascii())).collect();
        assert_eq!(got, want, "{t:?}");
    }
}

fn plain_space_reference(b: &[u8], base: usize) -> (u64, u64) {
    let (mut plain, mut space) = (0, 0);
    for k in 0..64 {
        let Some(&c) = b.get(base + k) else { break };
        plain |= u64::from(c.is_ascii_graphic() && c != b'`') << k;
        space |= u64::from(c == b' ') << k;
    }
    (plain, space)
}
