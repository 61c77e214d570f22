//! Clock times and what dates them: "10:35 a.m.", "noon Saturday",
//! "5 p.m. EST Nov. 9".

use super::grammar::{Expr, G, rule};
use super::lex::W;
use super::scan::{Sep, Tk};

/// Time zones that may stand between a clock time and its day.
const ZONES: &[&[u8]] = &[
    b"est", b"edt", b"cst", b"cdt", b"mst", b"mdt", b"pst", b"pdt", b"gmt", b"utc", b"et",
];

/// Whether the clock time before token j is followed by its day: a space,
/// a comma, or a time zone ("EST", "EDT,").
fn joins(g: &G, j: usize) -> bool {
    if j == 0 || j >= g.k.len() {
        return false;
    }
    if matches!(g.sp(j), Sep::Space | Sep::Comma) {
        return true;
    }
    let gap = g.t.as_bytes()[g.k[j - 1].e..g.k[j].s].trim_ascii();
    let gap = gap.strip_suffix(b",").unwrap_or(gap);
    gap.len() <= 3 && ZONES.iter().any(|z| gap.eq_ignore_ascii_case(z))
}

pub(crate) fn time(g: &G, i: usize, h: u32, m: u32) -> Option<(usize, Expr)> {
    let mut j = i + 1;
    let mut h = h;
    match g.w(j) {
        Some(W::Am) if g.sp(j) == Sep::Space || g.k[j].s == g.k[i].e => {
            h %= 12;
            j += 1;
        }
        Some(W::Pm) if g.sp(j) == Sep::Space || g.k[j].s == g.k[i].e => {
            h = h % 12 + 12;
            j += 1;
        }
        _ if matches!(g.tk(i), Some(Tk::Num(..))) => return None,
        _ => {}
    }
    let mut day = 0;
    if joins(g, j) {
        match g.w(j) {
            Some(W::Today) => j += 1,
            Some(W::Yesterday) => (day, j) = (-1, j + 1),
            Some(W::Tomorrow) => (day, j) = (1, j + 1),
            Some(W::Weekday(d, false)) => return Some((j + 1, Expr::TimeWd(h, m, d))),
            Some(W::Month(..)) => {
                if let Some((k, Expr::Day(y, mo, d))) = rule(g, j) {
                    return Some((k, Expr::TimeMd(h, m, y, mo, d)));
                }
            }
            _ => {}
        }
    }
    Some((j, Expr::Time(h, m, day)))
}
