//! Rules that start at a keyword: months, weekdays, relative words.

use super::clock::time;
use super::grammar::{Expr, TokenView, YearSpec, ordinal, quantity, rule, span_unit, year_after};
use super::lex::{Keyword, TimeRef, Unit};
use super::tokenize::{Sep, is, prev_word, word};

/// The shift a modifier word gives: last (-1), next (+1), this (0).
pub(crate) fn shift_of(w: Keyword) -> Option<i32> {
    match w {
        Keyword::Last | Keyword::Past | Keyword::Previous => Some(-1),
        Keyword::Next | Keyword::Coming => Some(1),
        Keyword::This | Keyword::Current => Some(0),
        _ => None,
    }
}

/// The expression starting at the keyword w at token i.
pub(crate) fn keyword(g: &TokenView, i: usize, w: Keyword) -> Option<(usize, Expr)> {
    let j = i + 1;
    let pw = prev_word(g.text, g.tokens[i].start).map(|p| p.1);
    let after_the = pw.is_some_and(|w| is(&w, "the"));
    match w {
        Keyword::Month(m, full) => month(g, i, m, full),
        Keyword::Weekday(d, plural) => weekday(g, j, d, plural),
        Keyword::Num(_) => match super::spelled::year(g, i) {
            Some((y, j)) if !matches!(g.keyword(j), Some(Keyword::Unit(..))) || !g.tight(j) => {
                Some((j, Expr::Year(y)))
            }
            _ => quantity(g, i),
        },
        Keyword::Few | Keyword::Couple | Keyword::Hundred => quantity(g, i),
        Keyword::Ord(k) => ordinal(g, i, k),
        Keyword::Unit(u, plural) => unit(g, i, u, plural, pw),
        Keyword::Today => day_rel(g, j, 0),
        Keyword::Yesterday => day_rel(g, j, -1),
        Keyword::Tomorrow => day_rel(g, j, 1),
        Keyword::Tonight => Some((j, Expr::RelDay(0, Some("NI")))),
        Keyword::Now => Some((j, Expr::Ref(TimeRef::Present))),
        Keyword::Ref(r) => Some((j, Expr::Ref(r))),
        Keyword::Recent => match g.keyword(j) {
            Some(Keyword::Unit(u, true)) if g.sep(j) == Sep::Space && u >= Unit::Day => {
                Some((j + 1, Expr::Ref(TimeRef::Past)))
            }
            _ => None,
        },
        Keyword::Latest if g.sep(j) == Sep::Space => super::fin::period(g, j),
        Keyword::Period => super::fin::period(g, i),
        // "for the full year": the current year (a report's whole year).
        Keyword::Full
            if after_the
                && g.sep(j) == Sep::Space
                && g.keyword(j) == Some(Keyword::Unit(Unit::Year, false)) =>
        {
            Some((j + 1, Expr::Rel(Unit::Year, 0)))
        }
        Keyword::Early | Keyword::Late | Keyword::Mid => early_or_late(g, j, w),
        Keyword::Earlier | Keyword::Later => earlier_or_later(g, j),
        Keyword::Every | Keyword::Each => every(g, j),
        Keyword::Per(u) => Some((j, Expr::SetUnit(u))),
        Keyword::YearEnd => Some((j, Expr::Day(YearSpec::Open, 12, 31))),
        // "Easter Island" is a place.
        Keyword::Holiday(13) if g.text[g.tokens[i].end..].trim_start().starts_with("Island") => {
            None
        }
        Keyword::Holiday(h) => {
            let (j2, y) = year_after(g, holiday_end(g, j, h));
            Some((j2, Expr::Holiday(h, y, 0)))
        }
        Keyword::Q(q) => {
            let (j2, y) = year_after(g, j);
            Some((j2, Expr::Quarter(y, q)))
        }
        Keyword::Fiscal => g
            .year(j)
            .filter(|_| g.sep(j) == Sep::Space)
            .map(|y| (j + 1, Expr::Year(y))),
        Keyword::Future if pw.is_some_and(|w| is(&w, "the") || is(&w, "near")) => {
            Some((j, Expr::Ref(TimeRef::Future)))
        }
        // "high noon" is the idiom (a showdown), not a clock time.
        Keyword::Noon if pw.is_some_and(|w| is(&w, "high")) => None,
        Keyword::Noon => time(g, i, 12, 0),
        Keyword::Midnight => time(g, i, 24, 0),
        Keyword::Season(s) => {
            let (j2, y) = year_after(g, j);
            (j2 > j).then_some((j2, Expr::Season(y, s)))
        }
        _ => modifier(g, i, w, after_the),
    }
}

/// A weekday at j - 1: "Friday", "Friday morning", "Mondays" (a set), or the
/// day a following date names ("Saturday, April 25").
fn weekday(g: &TokenView, j: usize, d: u32, plural: bool) -> Option<(usize, Expr)> {
    // "Saturday, April 25", "Friday Oct. 13": the date says which day.
    if !plural
        && matches!(g.sep(j), Sep::Space | Sep::Comma)
        && let Some(Keyword::Month(m, full)) = g.keyword(j)
        && let Some(x @ (_, Expr::Day(..))) = month(g, j, m, full)
    {
        return Some(x);
    }
    let part = part_after(g, j);
    let j2 = j + usize::from(part.is_some());
    Some((
        j2,
        if plural {
            Expr::SetWeekday(d, part)
        } else {
            Expr::Weekday(d, 0, part)
        },
    ))
}

/// A unit word at i without a number before it (`pw`: the word before it):
/// "a week", "a year-ago quarter", "the year 1998", "the month", "for days".
fn unit(
    g: &TokenView,
    i: usize,
    u: Unit,
    plural: bool,
    pw: Option<[u8; 12]>,
) -> Option<(usize, Expr)> {
    let j = i + 1;
    let after_the = pw.is_some_and(|w| is(&w, "the"));
    let a = pw.is_some_and(|w| is(&w, "a") || is(&w, "an"));
    if a && !plural {
        return span_unit(g, i, Some(1), u);
    }
    if u == Unit::Year
        && g.sep(j) == Sep::Hyphen
        && matches!(g.keyword(j), Some(Keyword::Ago | Keyword::Earlier))
    {
        return super::fin::after_year_ago(g, j + 1).or(Some((j + 1, Expr::YearAgo)));
    }
    if after_the
        && u == Unit::Year
        && !plural
        && g.sep(j) == Sep::Space
        && let Some((k, y)) = g
            .year_span(j)
            .or_else(|| super::spelled::millennium(g, j).map(|(y, k)| (k, y)))
    {
        return Some((k, Expr::Year(y)));
    }
    if after_the && !plural {
        return match u {
            Unit::Quarter => super::fin::period(g, i),
            Unit::Weekend => Some((j, Expr::Weekend(0))),
            Unit::Year => Some((j, Expr::TheYear)),
            Unit::Month | Unit::Week | Unit::Day => Some((j, Expr::Rel(u, 0))),
            _ => None,
        };
    }
    if plural && pw.is_some_and(|w| is(&w, "for")) && u >= Unit::Day {
        return Some((j, Expr::Dur(None, u)));
    }
    None
}

/// "early 1990", "late last year", "mid-December": the expression at j,
/// when it is one these can qualify (its value is the whole period's).
fn early_or_late(g: &TokenView, j: usize, w: Keyword) -> Option<(usize, Expr)> {
    let ok = g.sep(j) == Sep::Space || (w == Keyword::Mid && g.sep(j) == Sep::Hyphen);
    if !ok {
        return None;
    }
    let (j2, x) = rule(g, j)?;
    matches!(
        x,
        Expr::Month(..)
            | Expr::MonthShift(..)
            | Expr::Year(_)
            | Expr::Decade(_)
            | Expr::Rel(..)
            | Expr::RelDay(..)
            | Expr::Weekday(..)
            | Expr::Season(..)
            | Expr::SeasonShift(..)
            | Expr::Day(..)
    )
    .then_some((j2, x))
}

/// "earlier this week", "later in the day".
fn earlier_or_later(g: &TokenView, j: usize) -> Option<(usize, Expr)> {
    if g.sep(j) == Sep::Space
        && g.keyword(j) == Some(Keyword::This)
        && let Some(Keyword::Unit(u, false)) = g.keyword(j + 1)
    {
        return Some((j + 2, Expr::Rel(u, 0)));
    }
    if g.sep(j) == word("in the") && g.keyword(j) == Some(Keyword::Unit(Unit::Day, false)) {
        return Some((j + 1, Expr::RelDay(0, None)));
    }
    None
}

/// "every week", "each two years", "every Monday": sets.
fn every(g: &TokenView, j: usize) -> Option<(usize, Expr)> {
    let mut j2 = j;
    if let Some((_, k)) = g.amount(j) {
        j2 = k;
    }
    match g.keyword(j2) {
        Some(Keyword::Unit(u, _)) if g.tight(j2) => Some((j2 + 1, Expr::SetUnit(u))),
        Some(Keyword::Weekday(d, _)) if g.sep(j2) == Sep::Space => {
            Some((j2 + 1, Expr::SetWeekday(d, None)))
        }
        _ => None,
    }
}

/// After a holiday name at j - 1: past a following "Day" when it belongs.
fn holiday_end(g: &TokenView, j: usize, h: u8) -> usize {
    let day = g.keyword(j) == Some(Keyword::Unit(Unit::Day, false)) && g.sep(j) == Sep::Space;
    j + usize::from(day && super::holiday::takes_day(h) && g.upper(j))
}

fn part_after(g: &TokenView, j: usize) -> Option<&'static str> {
    match g.keyword(j) {
        Some(Keyword::Part(p)) if g.sep(j) == Sep::Space => Some(p),
        _ => None,
    }
}

fn day_rel(g: &TokenView, j: usize, n: i32) -> Option<(usize, Expr)> {
    let part = part_after(g, j);
    Some((j + usize::from(part.is_some()), Expr::RelDay(n, part)))
}

/// last/next/this/past/coming/previous + unit, weekday, month, season.
fn modifier(g: &TokenView, i: usize, w: Keyword, after_the: bool) -> Option<(usize, Expr)> {
    let n = shift_of(w)?;
    let j = i + 1;
    // "the past" is PAST_REF; "current" alone ("current market conditions")
    // is the present, PRESENT_REF in TimeML.
    let past_ref = || match w {
        Keyword::Past if after_the => Some((j, Expr::Ref(TimeRef::Past))),
        Keyword::Current => Some((j, Expr::Ref(TimeRef::Present))),
        _ => None,
    };
    if g.sep(j) != Sep::Space {
        return past_ref();
    }
    let Some(next) = g.keyword(j) else {
        // "the past 20 years"
        return g.amount(j).and_then(|_| quantity(g, j)).or_else(past_ref);
    };
    match next {
        Keyword::Unit(u, false) if w != Keyword::Current || u >= Unit::Month => {
            if u == Unit::Year
                && let Some(r) = super::fin::years_period(g, j + 1, n)
            {
                return Some(r);
            }
            Some((
                j + 1,
                if u == Unit::Weekend {
                    Expr::Weekend(n)
                } else {
                    Expr::Rel(u, n)
                },
            ))
        }
        Keyword::Unit(u, true) if u >= Unit::Day => Some((
            j + 1,
            Expr::Ref(if n > 0 {
                TimeRef::Future
            } else {
                TimeRef::Past
            }),
        )),
        Keyword::Weekday(d, false) if w != Keyword::Current => {
            Some((j + 1, Expr::Weekday(d, n, None)))
        }
        Keyword::Month(m, true) if w != Keyword::Current => Some((j + 1, Expr::MonthShift(m, n))),
        Keyword::Season(s) if w != Keyword::Current => Some((j + 1, Expr::SeasonShift(s, n))),
        Keyword::Holiday(h) if w != Keyword::Current => Some((
            holiday_end(g, j + 1, h),
            Expr::Holiday(h, YearSpec::Open, n),
        )),
        Keyword::Part(p) if w == Keyword::This => Some((j + 1, Expr::RelDay(0, Some(p)))),
        Keyword::Part("NI") if w == Keyword::Last => Some((j + 1, Expr::RelDay(-1, Some("NI")))),
        Keyword::Num(_) | Keyword::Few | Keyword::Couple => {
            quantity(g, j).filter(|(_, x)| matches!(x, Expr::Dur(..)))
        }
        _ => past_ref(),
    }
}

fn month(g: &TokenView, i: usize, m: u32, full: bool) -> Option<(usize, Expr)> {
    let mut j = i + 1;
    let s1 = g.sep(j);
    let glued = matches!(s1, Sep::Space) || (!full && matches!(s1, Sep::Dot));
    if glued && let Some(d) = g.day(j) {
        j += 1;
        // Ranges: "Dec. 18-19", "Dec. 18 to Jan. 3".
        let to = |s: Sep| {
            s == Sep::Hyphen || s == word("to") || s == word("through") || s == word("until")
        };
        let mut range = None;
        if to(g.sep(j))
            && let Some(d2) = g.day(j)
            && d2 > d
        {
            range = Some((m, d2));
            j += 1;
        } else if to(g.sep(j))
            && let Some(Keyword::Month(m2, _)) = g.keyword(j)
            && matches!(g.sep(j + 1), Sep::Space | Sep::Dot)
            && let Some(d2) = g.day(j + 1)
        {
            range = Some((m2, d2));
            j += 2;
        }
        let mut y = YearSpec::Open;
        if matches!(g.sep(j), Sep::Comma | Sep::Space)
            && let Some((k, v)) = g.year_span(j)
        {
            y = YearSpec::Abs(v);
            j = k;
        }
        return Some((
            j,
            match range {
                Some((m2, d2)) => Expr::Range(y, m, d, m2, d2),
                None => Expr::Day(y, m, d),
            },
        ));
    }
    if (glued || matches!(s1, Sep::Comma) || s1 == word("of"))
        && let Some((k, y)) = g.year_span(j)
    {
        return Some((k, Expr::Month(YearSpec::Abs(y), m)));
    }
    if !full || !g.upper(i) {
        return None;
    }
    if s1 == Sep::Space
        && let Some(n) = g.keyword(j).and_then(shift_of)
        && g.sep(j + 1) == Sep::Space
        && g.keyword(j + 1) == Some(Keyword::Unit(Unit::Year, false))
    {
        return Some((j + 2, Expr::Month(YearSpec::Rel(n), m)));
    }
    if m == 5 {
        // "May" is mostly the modal verb: demand a preposition.
        let (_, w) = prev_word(g.text, g.tokens[i].start)?;
        if ![
            "in", "since", "until", "by", "of", "early", "late", "mid", "last", "next", "this",
            "through", "from", "before", "after", "during",
        ]
        .iter()
        .any(|c| is(&w, c))
        {
            return None;
        }
    }
    Some((j, Expr::Month(YearSpec::Open, m)))
}
