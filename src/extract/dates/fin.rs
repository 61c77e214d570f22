//! Earnings-report periods (TimeBank financial news): "the latest period",
//! "the 1988 quarter", "the year-ago period", "the quarter a year ago",
//! "the corresponding period last year", "last year's third quarter".
//! Their quarter is the one the report last spoke of ([`ReportContext`]);
//! without one, the quarter before the reference date (the one just
//! reported).

use super::cal;
use super::grammar::{Expr, TokenView, YearSpec};
use super::lex::{Keyword, Unit};
use super::norm::Norm;
use super::tokenize::{Sep, is, prev_word, word};
use super::{Anchor, Granularity};
use chrono::{Datelike, NaiveDate};

/// How far back (bytes) a period mention frames a later "a year ago".
const CONTEXT: usize = 2000;

/// A reporting period noun at i: "quarter" or "period".
fn period_noun(g: &TokenView, i: usize) -> bool {
    matches!(
        g.keyword(i),
        Some(Keyword::Unit(Unit::Quarter, false) | Keyword::Period)
    )
}

/// "a year ago"/"a year earlier" starting at the "year" token j.
fn a_year_ago(g: &TokenView, j: usize) -> bool {
    g.sep(j) == word("a")
        && g.keyword(j) == Some(Keyword::Unit(Unit::Year, false))
        && g.sep(j + 1) == Sep::Space
        && matches!(g.keyword(j + 1), Some(Keyword::Ago | Keyword::Earlier))
}

/// "last year" at j.
fn last_year(g: &TokenView, j: usize) -> bool {
    g.sep(j) == Sep::Space
        && g.keyword(j) == Some(Keyword::Last)
        && g.sep(j + 1) == Sep::Space
        && g.keyword(j + 1) == Some(Keyword::Unit(Unit::Year, false))
}

/// A period noun at i (after "the"/"latest"/"corresponding"...): the
/// period itself, or the one a year before ("the quarter a year ago",
/// "the same period last year").
pub(crate) fn period(g: &TokenView, i: usize) -> Option<(usize, Expr)> {
    if !period_noun(g, i) {
        return None;
    }
    let j = i + 1;
    if a_year_ago(g, j) {
        return Some((j + 2, Expr::Period(None, -1)));
    }
    let pw = prev_word(g.text, g.tokens[i].start).map(|p| p.1);
    let same = same_before(g.text, g.tokens[i].start).is_some();
    if same && last_year(g, j) {
        return Some((j + 2, Expr::Period(None, -1)));
    }
    let the = pw.is_some_and(|w| is(&w, "the") || is(&w, "latest"));
    (the || same).then_some((j, Expr::Period(None, 0)))
}

/// "corresponding"/"comparable"/"same" just before byte s: its start.
pub(crate) fn same_before(t: &str, s: usize) -> Option<usize> {
    let b = t[..s].trim_end().as_bytes();
    ["corresponding", "comparable", "same"]
        .iter()
        .find_map(|w| {
            let n = w.len();
            let ok = b.len() >= n
                && b[b.len() - n..].eq_ignore_ascii_case(w.as_bytes())
                && (b.len() == n || !b[b.len() - n - 1].is_ascii_alphanumeric());
            ok.then(|| b.len() - n)
        })
}

/// After "year-ago"/"year-earlier" (k is the token after "ago"):
/// "year-ago quarter", "the year-ago third quarter".
pub(crate) fn after_year_ago(g: &TokenView, k: usize) -> Option<(usize, Expr)> {
    if g.tight(k) && period_noun(g, k) {
        return Some((k + 1, Expr::Period(None, -1)));
    }
    // "the year-earlier nine months": the length is what is said.
    if g.sep(k) == Sep::Space
        && let Some(d @ (_, Expr::Dur(..))) = super::grammar::quantity(g, k)
    {
        return Some(d);
    }
    ordinal_quarter(g, k).map(|(e, q)| (e, Expr::Quarter(YearSpec::Rel(-1), q)))
}

/// "third quarter" at k, preceded by a space: (end, quarter).
fn ordinal_quarter(g: &TokenView, k: usize) -> Option<(usize, u32)> {
    match g.keyword(k) {
        Some(Keyword::Ord(q @ 1..=4))
            if g.sep(k) == Sep::Space
                && g.sep(k + 1) == Sep::Space
                && g.keyword(k + 1) == Some(Keyword::Unit(Unit::Quarter, false)) =>
        {
            Some((k + 2, q))
        }
        _ => None,
    }
}

/// After "last/this/next year" ending before token k: "last year's quarter",
/// "next year's first quarter".
pub(crate) fn years_period(g: &TokenView, k: usize, n: i32) -> Option<(usize, Expr)> {
    if g.sep(k) != Sep::Apos {
        return None;
    }
    if period_noun(g, k) {
        return Some((k + 1, Expr::Period(None, n)));
    }
    let q = match g.keyword(k) {
        Some(Keyword::Ord(q @ 1..=4))
            if g.keyword(k + 1) == Some(Keyword::Unit(Unit::Quarter, false)) =>
        {
            q
        }
        _ => return None,
    };
    (g.sep(k + 1) == Sep::Space).then_some((k + 2, Expr::Quarter(YearSpec::Rel(n), q)))
}

/// "the 1988 quarter", "the 1989 period" (year token at i).
pub(crate) fn year_period(g: &TokenView, i: usize, y: i32) -> Option<(usize, Expr)> {
    let j = i + 1;
    let the = prev_word(g.text, g.tokens[i].start).is_some_and(|(_, w)| is(&w, "the"));
    (the && g.sep(j) == Sep::Space && period_noun(g, j))
        .then_some((j + 1, Expr::Period(Some(y), 0)))
}

/// The quarter before the reference date's: the one a report dated r covers.
pub(crate) fn reported_quarter(r: NaiveDate) -> (i32, u32) {
    let t = r.year() * 4 + (r.month() as i32 - 1) / 3 - 1;
    (t.div_euclid(4), t.rem_euclid(4) as u32 + 1)
}

/// What the report last spoke of: the last quarter already over that it
/// mentions, and the last longer period ("the nine months").
#[derive(Clone, Copy, Default)]
pub(crate) struct ReportContext {
    /// (year, quarter, end offset of the latest mention).
    last_quarter: Option<(i32, u32, usize)>,
    /// End offset of the latest "six months", "nine months" or half year.
    last_long_period: Option<usize>,
}

impl ReportContext {
    /// Updates the context with an expression at s..e and re-resolves the
    /// context-dependent ones.
    pub(crate) fn apply(
        &mut self,
        x: &Expr,
        s: usize,
        e: usize,
        n: &mut Norm,
        r: Option<NaiveDate>,
    ) {
        let near = |at: usize| s.saturating_sub(at) < CONTEXT;
        let quarter = |y: i32, q: u32| cal::quarter(y, q, Anchor::Reference);
        let q = self.last_quarter.filter(|&(_, _, at)| near(at));
        let long = self
            .last_long_period
            .filter(|&l| near(l) && q.is_none_or(|(_, _, at)| l > at));
        match (*x, q) {
            (Expr::YearAgo, Some((y, q, _))) if long.is_none() => *n = quarter(y - 1, q),
            (Expr::Period(yo, k), _) if long.is_some() => {
                if let Some(y) = yo.or(r.map(|r| r.year())) {
                    *n = cal::year(y + k, Anchor::Reference);
                }
            }
            (Expr::Period(yo, k), Some((y, q, _))) => *n = quarter(yo.unwrap_or(y) + k, q),
            // Only a quarter already over can be the one reported on
            // ("expects a fourth-quarter loss" does not reframe the report).
            (Expr::Period(_, 0) | Expr::Quarter(YearSpec::Abs(_) | YearSpec::Open, _), _)
                if n.granularity == Granularity::Quarter
                    && n.end.zip(r).is_none_or(|(end, r)| end < r) =>
            {
                if let Some(b) = n.begin {
                    self.last_quarter = Some((b.year(), b.month().div_ceil(3), e));
                }
            }
            (Expr::Dur(Some(6 | 9), Unit::Month) | Expr::Half(..), _) => {
                self.last_long_period = Some(e)
            }
            _ => {}
        }
    }
}
