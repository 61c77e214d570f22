//! Rules over the token stream: each starts at a token and returns the
//! longest expression it can build, with its meaning still unresolved.

use super::clock::time;
use super::lex::{Keyword, TimeRef, Unit};
use super::tokenize::{Sep, Token, TokenKind, is, prev_word, word};

/// The year an expression gives: said, relative to the reference year, or
/// left to the reference date and the tense.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum YearSpec {
    /// Said outright ("December 2024").
    Abs(i32),
    /// Reference year plus n ("January this year").
    Rel(i32),
    /// From the reference date and the tense around the expression.
    Open,
}

/// What an expression says, before the reference date resolves it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Expr {
    Day(YearSpec, u32, u32),
    Range(YearSpec, u32, u32, u32, u32),
    Month(YearSpec, u32),
    /// "last April" (-1), "next April" (+1).
    MonthShift(u32, i32),
    Year(i32),
    Decade(i32),
    Century(i32),
    Quarter(YearSpec, u32),
    Half(YearSpec, u32),
    Season(YearSpec, u32),
    SeasonShift(u32, i32),
    /// ISO weekday, shift (-1 last, 0 open, 1 next), part of day.
    Weekday(u32, i32, Option<&'static str>),
    RelDay(i32, Option<&'static str>),
    Rel(Unit, i32),
    Weekend(i32),
    Ref(TimeRef),
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
    TimeMd(u32, u32, YearSpec, u32, u32),
    /// "a year ago": the year before, or the quarter a year before the one
    /// the text last spoke of (earnings reports).
    YearAgo,
    /// "the year": a duration unless "the end of the year".
    TheYear,
    /// Reporting period (explicit year, shift in years): "the latest period",
    /// "the 1988 quarter", "the year-ago period"; see [`super::fin`].
    Period(Option<i32>, i32),
    /// Holiday id, year, shift (-1 last, 0 open, 1 next).
    Holiday(u8, YearSpec, i32),
}

/// An expression the grammar found, before resolution: byte offsets into
/// the text (end exclusive) and what it says.
pub(crate) struct ExprSpan {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
}

/// The text and its tokens, as the rules see them: tokens by index, and the
/// gap text between them on demand.
pub(crate) struct TokenView<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
}

impl TokenView<'_> {
    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }
    pub(crate) fn keyword(&self, i: usize) -> Option<Keyword> {
        match self.kind(i) {
            Some(TokenKind::Keyword(w)) => Some(w),
            _ => None,
        }
    }
    /// Separator before token i.
    pub(crate) fn sep(&self, i: usize) -> Sep {
        if i == 0 || i >= self.tokens.len() {
            return Sep::Other;
        }
        super::tokenize::sep(self.text, self.tokens[i - 1].end, self.tokens[i].start)
    }
    /// Whether token i follows the previous one after a space or a hyphen.
    pub(crate) fn tight(&self, i: usize) -> bool {
        matches!(self.sep(i), Sep::Space | Sep::Hyphen)
    }
    pub(crate) fn year(&self, i: usize) -> Option<i32> {
        match self.kind(i) {
            Some(TokenKind::Num(v, 4)) if (1000..=2100).contains(&v) => Some(v as i32),
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
        match self.kind(i) {
            Some(TokenKind::Num(v, 1 | 2) | TokenKind::Ord(v)) if (1..=31).contains(&v) => Some(v),
            _ => None,
        }
    }
    pub(crate) fn upper(&self, i: usize) -> bool {
        self.text.as_bytes()[self.tokens[i].start].is_ascii_uppercase()
    }
    /// A quantity starting at i: (value or None for "few", next index).
    pub(crate) fn amount(&self, i: usize) -> Option<(Option<u32>, usize)> {
        match self.kind(i)? {
            TokenKind::Num(v, _) if v > 0 => Some((Some(v), i + 1)),
            TokenKind::Keyword(Keyword::Num(v)) => {
                if v >= 20
                    && v % 10 == 0
                    && self.tight(i + 1)
                    && let Some(Keyword::Num(u @ 1..=9)) = self.keyword(i + 1)
                {
                    return Some((Some(v + u), i + 2));
                }
                if self.tight(i + 1) && self.keyword(i + 1) == Some(Keyword::Hundred) {
                    return Some((Some(v * 100), i + 2));
                }
                if self.tight(i + 1) && self.keyword(i + 1) == Some(Keyword::Thousand) {
                    return Some((Some(v * 1000), i + 2));
                }
                Some((Some(v), i + 1))
            }
            TokenKind::Keyword(Keyword::Hundred) => Some((Some(100), i + 1)),
            TokenKind::Keyword(Keyword::Few) => Some((None, i + 1)),
            TokenKind::Keyword(Keyword::Couple) if self.sep(i + 1) == word("of") => {
                Some((Some(2), i + 1))
            }
            _ => None,
        }
    }
}

pub(crate) fn parse(text: &str, toks: &[Token], out: &mut Vec<ExprSpan>) {
    let g = TokenView { text, tokens: toks };
    let mut i = 0;
    while i < toks.len() {
        match rule(&g, i) {
            Some((j, x)) if j > i => {
                let s = super::span::extend(&g, i, &x);
                let x = match x {
                    // "the year ended Sept. 30" is a fiscal year's length;
                    // otherwise "the year" is the current one ("for the
                    // year", "the end of the year").
                    Expr::TheYear if super::span::fiscal_end(text, toks[j - 1].end) => {
                        Expr::Dur(Some(1), Unit::Year)
                    }
                    Expr::TheYear => Expr::Rel(Unit::Year, 0),
                    x => x,
                };
                out.push(ExprSpan {
                    start: s,
                    end: toks[j - 1].end,
                    expr: x,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
}

pub(crate) fn rule(g: &TokenView, i: usize) -> Option<(usize, Expr)> {
    match g.kind(i)? {
        TokenKind::Ymd(y, m, d) => Some((i + 1, Expr::Day(YearSpec::Abs(y), m, d))),
        TokenKind::Decade(y) => Some((i + 1, Expr::Decade(y / 10))),
        TokenKind::Clock(h, m) => time(g, i, h, m),
        TokenKind::Ord(k) => ordinal(g, i, k),
        TokenKind::Num(v, n) => number(g, i, v, n),
        TokenKind::Keyword(w) => super::words::keyword(g, i, w),
    }
}

pub(crate) fn ordinal(g: &TokenView, i: usize, k: u32) -> Option<(usize, Expr)> {
    let j = i + 1;
    match g.keyword(j) {
        Some(Keyword::Unit(Unit::Quarter, false)) if (1..=4).contains(&k) && g.tight(j) => {
            let (j2, y) = year_after(g, j + 1);
            Some((j2, Expr::Quarter(y, k)))
        }
        Some(Keyword::Unit(Unit::Century, false))
            if (1..=30).contains(&k) && g.sep(j) == Sep::Space =>
        {
            Some((j + 1, Expr::Century(k as i32 - 1)))
        }
        Some(Keyword::Half) if (1..=2).contains(&k) && g.tight(j) => {
            let (j2, y) = year_after(g, j + 1);
            Some((j2, Expr::Half(y, k)))
        }
        _ if k == 1 && g.sep(j) == Sep::Space => {
            // "the first nine months"
            let (n, j2) = g.amount(j)?;
            match g.keyword(j2) {
                Some(Keyword::Unit(u, _)) if g.tight(j2) => Some((j2 + 1, Expr::Dur(n, u))),
                _ => None,
            }
        }
        _ => None,
    }
}

/// "of 1989" / " 1989" after a quarter or month.
pub(crate) fn year_after(g: &TokenView, j: usize) -> (usize, YearSpec) {
    let s = g.sep(j);
    match g.year_span(j) {
        Some((k, y)) if matches!(s, Sep::Space | Sep::Comma) || s == word("of") => {
            (k, YearSpec::Abs(y))
        }
        _ => (j, YearSpec::Open),
    }
}

fn number(g: &TokenView, i: usize, v: u32, n: u8) -> Option<(usize, Expr)> {
    let j = i + 1;
    // "18 December 2024"
    if let (Some(d), Some(Keyword::Month(m, _))) = (g.day(i), g.keyword(j))
        && g.sep(j) == Sep::Space
    {
        let mut j2 = j + 1;
        if g.sep(j2) == Sep::Dot {
            // "18 Dec. 2024": the dot was glued to the month.
        }
        let y = match g.year(j2) {
            Some(y) if matches!(g.sep(j2), Sep::Space | Sep::Comma | Sep::Dot) => {
                j2 += 1;
                YearSpec::Abs(y)
            }
            _ => YearSpec::Open,
        };
        return Some((j2, Expr::Day(y, m, d)));
    }
    if n <= 2 && v <= 12 && matches!(g.keyword(j), Some(Keyword::Am | Keyword::Pm)) {
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
    if let Some(Keyword::Ord(q @ 1..=4)) = g.keyword(j)
        && g.sep(j) == Sep::Space
        && g.keyword(j + 1) == Some(Keyword::Unit(Unit::Quarter, false))
    {
        return Some((j + 2, Expr::Quarter(YearSpec::Abs(y), q)));
    }
    let cue = prev_word(g.text, g.tokens[i].start);
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
pub(crate) fn quantity(g: &TokenView, i: usize) -> Option<(usize, Expr)> {
    let (n, j) = g.amount(i)?;
    if let Some(n) = n
        && let Some(k) = half_after(g, j)
        && let Some(Keyword::Unit(u, _)) = g.keyword(k)
        && g.tight(k)
    {
        return Some((k + 1, Expr::DurHalf(n, u)));
    }
    let Some(Keyword::Unit(u, _)) = g.keyword(j) else {
        return None;
    };
    let of =
        g.sep(j) == word("of") && matches!(g.kind(i), Some(TokenKind::Keyword(Keyword::Couple)));
    if !g.tight(j) && !of {
        return None;
    }
    if g.sep(j) == Sep::Hyphen
        && g.keyword(j + 1)
            .is_some_and(|w| matches!(w, Keyword::Ago | Keyword::Earlier))
    {
        return None;
    }
    span_unit(g, j, n, u)
}

/// " 1/2" or " and a half" at token j: the index after it.
fn half_after(g: &TokenView, j: usize) -> Option<usize> {
    if g.sep(j) == word("and a") && g.keyword(j) == Some(Keyword::Half) {
        return Some(j + 1);
    }
    let slash = g
        .tokens
        .get(j + 1)
        .is_some_and(|b| &g.text[g.tokens[j].end..b.start] == "/");
    (g.sep(j) == Sep::Space
        && g.kind(j) == Some(TokenKind::Num(1, 1))
        && slash
        && g.kind(j + 1) == Some(TokenKind::Num(2, 1)))
    .then_some(j + 2)
}

/// After a unit token at j with quantity n: "ago"/"earlier" make it a date.
pub(crate) fn span_unit(g: &TokenView, j: usize, n: Option<u32>, u: Unit) -> Option<(usize, Expr)> {
    let rest = &g.text.as_bytes()[g.tokens[j].end..];
    if rest.len() >= 4 && rest[0] == b'-' && rest[1..4].eq_ignore_ascii_case(b"old") {
        return None;
    }
    if g.sep(j + 1) == Sep::Space {
        match (g.keyword(j + 1), n) {
            (Some(Keyword::Ago | Keyword::Earlier), Some(1)) if u == Unit::Year => {
                return Some((j + 2, Expr::YearAgo));
            }
            (Some(Keyword::Ago | Keyword::Earlier), Some(n)) => {
                return Some((j + 2, Expr::Rel(u, -(n as i32))));
            }
            (Some(Keyword::Ago | Keyword::Earlier), None) => {
                return Some((j + 2, Expr::Ref(TimeRef::Past)));
            }
            _ => {}
        }
    }
    // "a year and a half"
    if let Some(n) = n
        && g.sep(j + 1) == word("and a")
        && g.keyword(j + 1) == Some(Keyword::Half)
    {
        return Some((j + 2, Expr::DurHalf(n, u)));
    }
    Some((j + 1, Expr::Dur(n, u)))
}
