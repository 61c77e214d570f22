//! Rules that start at a keyword: months, weekdays, relative words.

use super::clock::time;
use super::grammar::{Expr, G, Ys, ordinal, quantity, rule, span_unit, year_after};
use super::lex::{Refk, Unit, W};
use super::scan::{Sep, is, prev_word, word};

pub(crate) fn shift_of(w: W) -> Option<i32> {
    match w {
        W::Last | W::Past | W::Previous => Some(-1),
        W::Next | W::Coming => Some(1),
        W::This | W::Current => Some(0),
        _ => None,
    }
}

pub(crate) fn keyword(g: &G, i: usize, w: W) -> Option<(usize, Expr)> {
    let j = i + 1;
    let pw = prev_word(g.t, g.k[i].s).map(|p| p.1);
    let after_the = pw.is_some_and(|w| is(&w, "the"));
    match w {
        W::Month(m, full) => month(g, i, m, full),
        W::Weekday(d, plural) => {
            // "Saturday, April 25", "Friday Oct. 13": the date says which day.
            if !plural
                && matches!(g.sp(j), Sep::Space | Sep::Comma)
                && let Some(W::Month(m, full)) = g.w(j)
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
        W::Num(_) => match super::spelled::year(g, i) {
            Some((y, j)) if !matches!(g.w(j), Some(W::Unit(..))) || !g.tight(j) => {
                Some((j, Expr::Year(y)))
            }
            _ => quantity(g, i),
        },
        W::Few | W::Couple | W::Hundred => quantity(g, i),
        W::Ord(k) => ordinal(g, i, k),
        W::Unit(u, plural) => {
            let a = pw.is_some_and(|w| is(&w, "a") || is(&w, "an"));
            if a && !plural {
                return span_unit(g, i, Some(1), u);
            }
            if u == Unit::Year
                && g.sp(j) == Sep::Hyphen
                && matches!(g.w(j), Some(W::Ago | W::Earlier))
            {
                return super::fin::after_year_ago(g, j + 1).or(Some((j + 1, Expr::YearAgo)));
            }
            if after_the
                && u == Unit::Year
                && !plural
                && g.sp(j) == Sep::Space
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
        W::Today => day_rel(g, j, 0),
        W::Yesterday => day_rel(g, j, -1),
        W::Tomorrow => day_rel(g, j, 1),
        W::Tonight => Some((j, Expr::RelDay(0, Some("NI")))),
        W::Now => Some((j, Expr::Ref(Refk::Present))),
        W::Ref(r) => Some((j, Expr::Ref(r))),
        W::Recent => match g.w(j) {
            Some(W::Unit(u, true)) if g.sp(j) == Sep::Space && u >= Unit::Day => {
                Some((j + 1, Expr::Ref(Refk::Past)))
            }
            _ => None,
        },
        W::Latest if g.sp(j) == Sep::Space => super::fin::period(g, j),
        W::Period => super::fin::period(g, i),
        // "for the full year": the current year (a report's whole year).
        W::Full
            if after_the && g.sp(j) == Sep::Space && g.w(j) == Some(W::Unit(Unit::Year, false)) =>
        {
            Some((j + 1, Expr::Rel(Unit::Year, 0)))
        }
        W::Early | W::Late | W::Mid => {
            let ok = g.sp(j) == Sep::Space || (w == W::Mid && g.sp(j) == Sep::Hyphen);
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
        W::Earlier | W::Later => {
            if g.sp(j) == Sep::Space
                && g.w(j) == Some(W::This)
                && let Some(W::Unit(u, false)) = g.w(j + 1)
            {
                return Some((j + 2, Expr::Rel(u, 0)));
            }
            if g.sp(j) == word("in the") && g.w(j) == Some(W::Unit(Unit::Day, false)) {
                return Some((j + 1, Expr::RelDay(0, None)));
            }
            None
        }
        W::Every | W::Each => {
            let mut j2 = j;
            if let Some((_, k)) = g.qty(j) {
                j2 = k;
            }
            match g.w(j2) {
                Some(W::Unit(u, _)) if g.tight(j2) => Some((j2 + 1, Expr::SetUnit(u))),
                Some(W::Weekday(d, _)) if g.sp(j2) == Sep::Space => {
                    Some((j2 + 1, Expr::SetWeekday(d, None)))
                }
                _ => None,
            }
        }
        W::Per(u) => Some((j, Expr::SetUnit(u))),
        W::YearEnd => Some((j, Expr::Day(Ys::Open, 12, 31))),
        // "Easter Island" is a place.
        W::Holiday(13) if g.t[g.k[i].e..].trim_start().starts_with("Island") => None,
        W::Holiday(h) => {
            let (j2, y) = year_after(g, holiday_end(g, j, h));
            Some((j2, Expr::Holiday(h, y, 0)))
        }
        W::Q(q) => {
            let (j2, y) = year_after(g, j);
            Some((j2, Expr::Quarter(y, q)))
        }
        W::Fiscal => g
            .year(j)
            .filter(|_| g.sp(j) == Sep::Space)
            .map(|y| (j + 1, Expr::Year(y))),
        W::Future if pw.is_some_and(|w| is(&w, "the") || is(&w, "near")) => {
            Some((j, Expr::Ref(Refk::Future)))
        }
        // "high noon" is the idiom (a showdown), not a clock time.
        W::Noon if pw.is_some_and(|w| is(&w, "high")) => None,
        W::Noon => time(g, i, 12, 0),
        W::Midnight => time(g, i, 24, 0),
        W::Season(s) => {
            let (j2, y) = year_after(g, j);
            (j2 > j).then_some((j2, Expr::Season(y, s)))
        }
        _ => modifier(g, i, w, after_the),
    }
}

/// After a holiday name at j - 1: past a following "Day" when it belongs.
fn holiday_end(g: &G, j: usize, h: u8) -> usize {
    let day = g.w(j) == Some(W::Unit(Unit::Day, false)) && g.sp(j) == Sep::Space;
    j + usize::from(day && super::holiday::takes_day(h) && g.upper(j))
}

fn part_after(g: &G, j: usize) -> Option<&'static str> {
    match g.w(j) {
        Some(W::Part(p)) if g.sp(j) == Sep::Space => Some(p),
        _ => None,
    }
}

fn day_rel(g: &G, j: usize, n: i32) -> Option<(usize, Expr)> {
    let part = part_after(g, j);
    Some((j + usize::from(part.is_some()), Expr::RelDay(n, part)))
}

/// last/next/this/past/coming/previous + unit, weekday, month, season.
fn modifier(g: &G, i: usize, w: W, after_the: bool) -> Option<(usize, Expr)> {
    let n = shift_of(w)?;
    let j = i + 1;
    // "the past" is PAST_REF; "current" alone ("current market conditions")
    // is the present, PRESENT_REF in TimeML.
    let past_ref = || match w {
        W::Past if after_the => Some((j, Expr::Ref(Refk::Past))),
        W::Current => Some((j, Expr::Ref(Refk::Present))),
        _ => None,
    };
    if g.sp(j) != Sep::Space {
        return past_ref();
    }
    let Some(next) = g.w(j) else {
        // "the past 20 years"
        return g.qty(j).and_then(|_| quantity(g, j)).or_else(past_ref);
    };
    match next {
        W::Unit(u, false) if w != W::Current || u >= Unit::Month => {
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
        W::Unit(u, true) if u >= Unit::Day => Some((
            j + 1,
            Expr::Ref(if n > 0 { Refk::Future } else { Refk::Past }),
        )),
        W::Weekday(d, false) if w != W::Current => Some((j + 1, Expr::Weekday(d, n, None))),
        W::Month(m, true) if w != W::Current => Some((j + 1, Expr::MonthShift(m, n))),
        W::Season(s) if w != W::Current => Some((j + 1, Expr::SeasonShift(s, n))),
        W::Holiday(h) if w != W::Current => {
            Some((holiday_end(g, j + 1, h), Expr::Holiday(h, Ys::Open, n)))
        }
        W::Part(p) if w == W::This => Some((j + 1, Expr::RelDay(0, Some(p)))),
        W::Part("NI") if w == W::Last => Some((j + 1, Expr::RelDay(-1, Some("NI")))),
        W::Num(_) | W::Few | W::Couple => {
            quantity(g, j).filter(|(_, x)| matches!(x, Expr::Dur(..)))
        }
        _ => past_ref(),
    }
}

fn month(g: &G, i: usize, m: u32, full: bool) -> Option<(usize, Expr)> {
    let mut j = i + 1;
    let s1 = g.sp(j);
    let glued = matches!(s1, Sep::Space) || (!full && matches!(s1, Sep::Dot));
    if glued && let Some(d) = g.day(j) {
        j += 1;
        // Ranges: "Dec. 18-19", "Dec. 18 to Jan. 3".
        let to = |s: Sep| {
            s == Sep::Hyphen || s == word("to") || s == word("through") || s == word("until")
        };
        let mut range = None;
        if to(g.sp(j))
            && let Some(d2) = g.day(j)
            && d2 > d
        {
            range = Some((m, d2));
            j += 1;
        } else if to(g.sp(j))
            && let Some(W::Month(m2, _)) = g.w(j)
            && matches!(g.sp(j + 1), Sep::Space | Sep::Dot)
            && let Some(d2) = g.day(j + 1)
        {
            range = Some((m2, d2));
            j += 2;
        }
        let mut y = Ys::Open;
        if matches!(g.sp(j), Sep::Comma | Sep::Space)
            && let Some((k, v)) = g.year_span(j)
        {
            y = Ys::Abs(v);
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
        return Some((k, Expr::Month(Ys::Abs(y), m)));
    }
    if !full || !g.upper(i) {
        return None;
    }
    if s1 == Sep::Space
        && let Some(n) = g.w(j).and_then(shift_of)
        && g.sp(j + 1) == Sep::Space
        && g.w(j + 1) == Some(W::Unit(Unit::Year, false))
    {
        return Some((j + 2, Expr::Month(Ys::Rel(n), m)));
    }
    if m == 5 {
        // "May" is mostly the modal verb: demand a preposition.
        let (_, w) = prev_word(g.t, g.k[i].s)?;
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
    Some((j, Expr::Month(Ys::Open, m)))
}
