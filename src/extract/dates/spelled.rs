//! Years read out in broadcast transcripts: "nineteen ninety-six",
//! "the year two thousand".

use super::grammar::G;
use super::lex::W;
use super::scan::{Sep, word};

/// "nineteen ninety-six" (1500-1999) at token i: (year, next index).
pub(crate) fn year(g: &G, i: usize) -> Option<(i32, usize)> {
    let Some(W::Num(c @ 15..=19)) = g.w(i) else {
        return None;
    };
    if g.sp(i + 1) != Sep::Space {
        return None;
    }
    let t = match g.w(i + 1)? {
        W::Num(t @ 10..=19) => t,
        W::Num(t @ 20..=90) if t % 10 == 0 => t,
        _ => return None,
    };
    let mut y = c * 100 + t;
    let mut j = i + 2;
    if t >= 20
        && g.tight(j)
        && let Some(W::Num(u @ 1..=9)) = g.w(j)
    {
        y += u;
        j += 1;
    }
    Some((y as i32, j))
}

/// "two thousand", "two thousand and one": only where a year is expected.
pub(crate) fn millennium(g: &G, i: usize) -> Option<(i32, usize)> {
    if g.w(i)? != W::Num(2) || !g.tight(i + 1) || g.w(i + 1)? != W::Thousand {
        return None;
    }
    let j = i + 2;
    match g.w(j) {
        Some(W::Num(u @ 1..=19)) if g.sp(j) == Sep::Space || g.sp(j) == word("and") => {
            Some((2000 + u as i32, j + 1))
        }
        _ => Some((2000, j)),
    }
}
