//! Rules over the token stream: each starts at a token and returns the
//! longest expression it can build, with its meaning still unresolved.

use super::clock::time;
use super::lex::{Refk, Unit, W};
use super::scan::{Sep, Tk, Tok, is, prev_word, word};

/// Year of a partial expression.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Ys {
    Abs(i32),
    /// Reference year plus n ("January this year").
    Rel(i32),
    /// From the reference date and the tense around the expression.
    Open,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Expr {
    Day(Ys, u32, u32),
    Range(Ys, u32, u32, u32, u32),
    Month(Ys, u32),
    /// "last April" (-1), "next April" (+1).
    MonthShift(u32, i32),
    Year(i32),
    Decade(i32),
    Century(i32),
    Quarter(Ys, u32),
    Half(Ys, u32),
    Season(Ys, u32),
    SeasonShift(u32, i32),
    /// ISO weekday, shift (-1 last, 0 open, 1 next), part of day.
    Weekday(u32, i32, Option<&'static str>),
    RelDay(i32, Option<&'static str>),
    Rel(Unit, i32),
    Weekend(i32),
    Ref(Refk),
    Dur(Option<u32>, Unit),
    /// n and a half units: "2 1/2 years", "a minute and a half".
    DurHalf(u32, Unit),
    SetUnit(Unit),
    SetWeekday(u32, Option<&'static str>),
    /// Clock time on a day given as a day shift from the reference.
    Time(u32, u32, i32),
    /// Clock time on a weekday.
    TimeWd(u32, u32, u32),
    /// Clock time on a calendar day: "5 p.m. EST Nov. 9".
    TimeMd(u32, u32, Ys, u32, u32),
    /// "a year ago": the year before, or the quarter a year before the one
    /// the text last spoke of (earnings reports).
    YearAgo,
    /// "the year": a duration unless "the end of the year".
    TheYear,
    /// Reporting period (explicit year, shift in years): "the latest period",
    /// "the 1988 quarter", "the year-ago period"; see [`super::fin`].
    Period(Option<i32>, i32),
    /// Holiday id, year, shift (-1 last, 0 open, 1 next).
    Holiday(u8, Ys, i32),
}

pub(crate) struct Raw {
    pub s: usize,
    pub e: usize,
    pub x: Expr,
}

pub(crate) struct G<'a> {
    pub t: &'a str,
    pub k: &'a [Tok],
}

impl G<'_> {
    pub(crate) fn tk(&self, i: usize) -> Option<Tk> {
        self.k.get(i).map(|t| t.k)
    }
    pub(crate) fn w(&self, i: usize) -> Option<W> {
        match self.tk(i) {
            Some(Tk::W(w)) => Some(w),
            _ => None,
        }
    }
    /// Separator before token i.
    pub(crate) fn sp(&self, i: usize) -> Sep {
        if i == 0 || i >= self.k.len() {
            return Sep::Other;
        }
        super::scan::sep(self.t, self.k[i - 1].e, self.k[i].s)
    }
    pub(crate) fn tight(&self, i: usize) -> bool {
        matches!(self.sp(i), Sep::Space | Sep::Hyphen)
    }
    pub(crate) fn year(&self, i: usize) -> Option<i32> {
        match self.tk(i) {
            Some(Tk::Num(v, 4)) if (1000..=2100).contains(&v) => Some(v as i32),
            _ => None,
        }
    }
    /// A year at i, in digits or spelled out: (year, next index).
    pub(crate) fn year_span(&self, i: usize) -> Option<(usize, i32)> {
        match self.year(i) {
            Some(y) => Some((i + 1, y)),
            None => super::spelled::year(self, i).map(|(y, j)| (j, y)),
        }
    }
    pub(crate) fn day(&self, i: usize) -> Option<u32> {
        match self.tk(i) {
            Some(Tk::Num(v, 1 | 2) | Tk::Ord(v)) if (1..=31).contains(&v) => Some(v),
            _ => None,
        }
    }
    pub(crate) fn upper(&self, i: usize) -> bool {
        self.t.as_bytes()[self.k[i].s].is_ascii_uppercase()
    }
    /// A quantity starting at i: (value or None for "few", next index).
    pub(crate) fn qty(&self, i: usize) -> Option<(Option<u32>, usize)> {
        match self.tk(i)? {
            Tk::Num(v, _) if v > 0 => Some((Some(v), i + 1)),
            Tk::W(W::Num(v)) => {
                if v >= 20
                    && v % 10 == 0
                    && self.tight(i + 1)
                    && let Some(W::Num(u @ 1..=9)) = self.w(i + 1)
                {
                    return Some((Some(v + u), i + 2));
                }
                if self.tight(i + 1) && self.w(i + 1) == Some(W::Hundred) {
                    return Some((Some(v * 100), i + 2));
                }
                if self.tight(i + 1) && self.w(i + 1) == Some(W::Thousand) {
                    return Some((Some(v * 1000), i + 2));
                }
                Some((Some(v), i + 1))
            }
            Tk::W(W::Hundred) => Some((Some(100), i + 1)),
            Tk::W(W::Few) => Some((None, i + 1)),
            Tk::W(W::Couple) if self.sp(i + 1) == word("of") => Some((Some(2), i + 1)),
            _ => None,
        }
    }
}

pub(crate) fn parse(text: &str, toks: &[Tok], out: &mut Vec<Raw>) {
    let g = G { t: text, k: toks };
    let mut i = 0;
    while i < toks.len() {
        match rule(&g, i) {
            Some((j, x)) if j > i => {
                let s = super::span::extend(&g, i, &x);
                let x = match x {
                    // "the year ended Sept. 30" is a fiscal year's length;
                    // otherwise "the year" is the current one ("for the
                    // year", "the end of the year").
                    Expr::TheYear if super::span::fiscal_end(text, toks[j - 1].e) => {
                        Expr::Dur(Some(1), Unit::Year)
                    }
                    Expr::TheYear => Expr::Rel(Unit::Year, 0),
                    x => x,
                };
                out.push(Raw {
                    s,
                    e: toks[j - 1].e,
                    x,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
}

pub(crate) fn rule(g: &G, i: usize) -> Option<(usize, Expr)> {
    match g.tk(i)? {
        Tk::Ymd(y, m, d) => Some((i + 1, Expr::Day(Ys::Abs(y), m, d))),
        Tk::Decade(y) => Some((i + 1, Expr::Decade(y / 10))),
        Tk::Clock(h, m) => time(g, i, h, m),
        Tk::Ord(k) => ordinal(g, i, k),
        Tk::Num(v, n) => number(g, i, v, n),
        Tk::W(w) => super::words::keyword(g, i, w),
    }
}

pub(crate) fn ordinal(g: &G, i: usize, k: u32) -> Option<(usize, Expr)> {
    let j = i + 1;
    match g.w(j) {
        Some(W::Unit(Unit::Quarter, false)) if (1..=4).contains(&k) && g.tight(j) => {
            let (j2, y) = year_after(g, j + 1);
            Some((j2, Expr::Quarter(y, k)))
        }
        Some(W::Unit(Unit::Century, false)) if (1..=30).contains(&k) && g.sp(j) == Sep::Space => {
            Some((j + 1, Expr::Century(k as i32 - 1)))
        }
        Some(W::Half) if (1..=2).contains(&k) && g.tight(j) => {
            let (j2, y) = year_after(g, j + 1);
            Some((j2, Expr::Half(y, k)))
        }
        _ if k == 1 && g.sp(j) == Sep::Space => {
            // "the first nine months"
            let (n, j2) = g.qty(j)?;
            match g.w(j2) {
                Some(W::Unit(u, _)) if g.tight(j2) => Some((j2 + 1, Expr::Dur(n, u))),
                _ => None,
            }
        }
        _ => None,
    }
}

/// "of 1989" / " 1989" after a quarter or month.
pub(crate) fn year_after(g: &G, j: usize) -> (usize, Ys) {
    let s = g.sp(j);
    match g.year_span(j) {
        Some((k, y)) if matches!(s, Sep::Space | Sep::Comma) || s == word("of") => (k, Ys::Abs(y)),
        _ => (j, Ys::Open),
    }
}

fn number(g: &G, i: usize, v: u32, n: u8) -> Option<(usize, Expr)> {
    let j = i + 1;
    // "18 December 2024"
    if let (Some(d), Some(W::Month(m, _))) = (g.day(i), g.w(j))
        && g.sp(j) == Sep::Space
    {
        let mut j2 = j + 1;
        if g.sp(j2) == Sep::Dot {
            // "18 Dec. 2024": the dot was glued to the month.
        }
        let y = match g.year(j2) {
            Some(y) if matches!(g.sp(j2), Sep::Space | Sep::Comma | Sep::Dot) => {
                j2 += 1;
                Ys::Abs(y)
            }
            _ => Ys::Open,
        };
        return Some((j2, Expr::Day(y, m, d)));
    }
    if n <= 2 && v <= 12 && matches!(g.w(j), Some(W::Am | W::Pm)) {
        return time(g, i, v, 0);
    }
    if let Some(y) = g.year(i)
        && let Some(r) = super::fin::year_period(g, i, y)
    {
        return Some(r);
    }
    if let Some(r) = quantity(g, i) {
        return Some(r);
    }
    let y = g.year(i)?;
    if let Some(W::Ord(q @ 1..=4)) = g.w(j)
        && g.sp(j) == Sep::Space
        && g.w(j + 1) == Some(W::Unit(Unit::Quarter, false))
    {
        return Some((j + 2, Expr::Quarter(Ys::Abs(y), q)));
    }
    let cue = prev_word(g.t, g.k[i].s);
    if !(1800..=2100).contains(&y) {
        let ok = cue.is_some_and(|(_, w)| {
            ["in", "since", "of", "by", "until", "from"]
                .iter()
                .any(|c| is(&w, c))
        });
        if !ok {
            return None;
        }
    }
    Some((j, Expr::Year(y)))
}

/// Durations and their "ago" forms: "three days", "two-year", "a week ago".
pub(crate) fn quantity(g: &G, i: usize) -> Option<(usize, Expr)> {
    let (n, j) = g.qty(i)?;
    if let Some(n) = n
        && let Some(k) = half_after(g, j)
        && let Some(W::Unit(u, _)) = g.w(k)
        && g.tight(k)
    {
        return Some((k + 1, Expr::DurHalf(n, u)));
    }
    let Some(W::Unit(u, _)) = g.w(j) else {
        return None;
    };
    let of = g.sp(j) == word("of") && matches!(g.tk(i), Some(Tk::W(W::Couple)));
    if !g.tight(j) && !of {
        return None;
    }
    if g.sp(j) == Sep::Hyphen && g.w(j + 1).is_some_and(|w| matches!(w, W::Ago | W::Earlier)) {
        return None;
    }
    span_unit(g, j, n, u)
}

/// " 1/2" or " and a half" at token j: the index after it.
fn half_after(g: &G, j: usize) -> Option<usize> {
    if g.sp(j) == word("and a") && g.w(j) == Some(W::Half) {
        return Some(j + 1);
    }
    let slash = g.k.get(j + 1).is_some_and(|b| &g.t[g.k[j].e..b.s] == "/");
    (g.sp(j) == Sep::Space
        && g.tk(j) == Some(Tk::Num(1, 1))
        && slash
        && g.tk(j + 1) == Some(Tk::Num(2, 1)))
    .then_some(j + 2)
}

/// After a unit token at j with quantity n: "ago"/"earlier" make it a date.
pub(crate) fn span_unit(g: &G, j: usize, n: Option<u32>, u: Unit) -> Option<(usize, Expr)> {
    let rest = &g.t.as_bytes()[g.k[j].e..];
    if rest.len() >= 4 && rest[0] == b'-' && rest[1..4].eq_ignore_ascii_case(b"old") {
        return None;
    }
    if g.sp(j + 1) == Sep::Space {
        match (g.w(j + 1), n) {
            (Some(W::Ago | W::Earlier), Some(1)) if u == Unit::Year => {
                return Some((j + 2, Expr::YearAgo));
            }
            (Some(W::Ago | W::Earlier), Some(n)) => {
                return Some((j + 2, Expr::Rel(u, -(n as i32))));
            }
            (Some(W::Ago | W::Earlier), None) => return Some((j + 2, Expr::Ref(Refk::Past))),
            _ => {}
        }
    }
    // "a year and a half"
    if let Some(n) = n
        && g.sp(j + 1) == word("and a")
        && g.w(j + 1) == Some(W::Half)
    {
        return Some((j + 2, Expr::DurHalf(n, u)));
    }
    Some((j + 1, Expr::Dur(n, u)))
}
