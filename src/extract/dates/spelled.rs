//! Years read out in broadcast transcripts: "nineteen ninety-six",
//! "the year two thousand".

use super::grammar::TokenView;
use super::lex::Keyword;
use super::tokenize::{Sep, word};

/// "nineteen ninety-six" (1500-1999) at token i: (year, next index).
pub(crate) fn year(g: &TokenView, i: usize) -> Option<(i32, usize)> {
    let Some(Keyword::Num(c @ 15..=19)) = g.keyword(i) else {
        return None;
    };
    if g.sep(i + 1) != Sep::Space {
        return None;
    }
    let t = match g.keyword(i + 1)? {
        Keyword::Num(t @ 10..=19) => t,
        Keyword::Num(t @ 20..=90) if t % 10 == 0 => t,
        _ => return None,
    };
    let mut y = c * 100 + t;
    let mut j = i + 2;
    if t >= 20
        && g.tight(j)
        && let Some(Keyword::Num(u @ 1..=9)) = g.keyword(j)
    {
        y += u;
        j += 1;
    }
    Some((y as i32, j))
}

/// "two thousand", "two thousand and one": only where a year is expected.
pub(crate) fn millennium(g: &TokenView, i: usize) -> Option<(i32, usize)> {
    if g.keyword(i)? != Keyword::Num(2) || !g.tight(i + 1) || g.keyword(i + 1)? != Keyword::Thousand
    {
        return None;
    }
    let j = i + 2;
    match g.keyword(j) {
        Some(Keyword::Num(u @ 1..=19)) if g.sep(j) == Sep::Space || g.sep(j) == word("and") => {
            Some((2000 + u as i32, j + 1))
        }
        _ => Some((2000, j)),
    }
}
