//! Clock times and what dates them: "10:35 a.m.", "noon Saturday",
//! "5 p.m. EST Nov. 9".

use super::grammar::{Expr, TokenView, rule};
use super::lex::Keyword;
use super::tokenize::{Sep, TokenKind};

/// Time zones that may stand between a clock time and its day.
const ZONES: &[&[u8]] = &[
    b"est", b"edt", b"cst", b"cdt", b"mst", b"mdt", b"pst", b"pdt", b"gmt", b"utc", b"et",
];

/// Whether the clock time before token j is followed by its day: a space,
/// a comma, or a time zone ("EST", "EDT,").
fn joins(g: &TokenView, j: usize) -> bool {
    if j == 0 || j >= g.tokens.len() {
        return false;
    }
    if matches!(g.sep(j), Sep::Space | Sep::Comma) {
        return true;
    }
    let gap = g.text.as_bytes()[g.tokens[j - 1].end..g.tokens[j].start].trim_ascii();
    let gap = gap.strip_suffix(b",").unwrap_or(gap);
    gap.len() <= 3 && ZONES.iter().any(|z| gap.eq_ignore_ascii_case(z))
}

pub(crate) fn time(g: &TokenView, i: usize, h: u32, m: u32) -> Option<(usize, Expr)> {
    let mut j = i + 1;
    let mut h = h;
    match g.keyword(j) {
        Some(Keyword::Am) if g.sep(j) == Sep::Space || g.tokens[j].start == g.tokens[i].end => {
            h %= 12;
            j += 1;
        }
        Some(Keyword::Pm) if g.sep(j) == Sep::Space || g.tokens[j].start == g.tokens[i].end => {
            h = h % 12 + 12;
            j += 1;
        }
        _ if matches!(g.kind(i), Some(TokenKind::Num(..))) => return None,
        _ => {}
    }
    let mut day = 0;
    if joins(g, j) {
        match g.keyword(j) {
            Some(Keyword::Today) => j += 1,
            Some(Keyword::Yesterday) => (day, j) = (-1, j + 1),
            Some(Keyword::Tomorrow) => (day, j) = (1, j + 1),
            Some(Keyword::Weekday(d, false)) => return Some((j + 1, Expr::TimeWd(h, m, d))),
            Some(Keyword::Month(..)) => {
                if let Some((k, Expr::Day(y, mo, d))) = rule(g, j) {
                    return Some((k, Expr::TimeMd(h, m, y, mo, d)));
                }
            }
            _ => {}
        }
    }
    Some((j, Expr::Time(h, m, day)))
}
