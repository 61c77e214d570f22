//! TIMEX3 values and calendar intervals from parsed expressions.

use super::cal::*;
use super::grammar::{Expr, YearSpec};
use super::holiday;
use super::lex::{TimeRef, Unit};
use super::{Anchor, Granularity, TimexType};
use chrono::{Datelike, Duration, NaiveDate};

/// Tense around an expression.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tense {
    Past,
    Future,
    None,
}

/// An expression's TIMEX3 type and value, and the calendar interval it
/// denotes when there is one.
pub(crate) struct Norm {
    pub kind: TimexType,
    pub value: String,
    pub granularity: Granularity,
    pub begin: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub anchor: Anchor,
}

/// How far (days) the tense may push a month-day without a year away from
/// the reference (about eight months); beyond it the nearest occurrence
/// wins ("payable Dec. 7" in a late-October report is weeks ahead, whatever
/// the verb's tense). A month alone may go nine months (months count 30 days).
const TENSE_REACH: i64 = 245;
const TENSE_REACH_MONTH: i64 = 270;

/// Year of a month(-day) without one: the tense decides the direction
/// (HeidelTime), within [`TENSE_REACH`]; otherwise the nearest occurrence.
pub(crate) fn pick_year(r: NaiveDate, m: u32, d: Option<u32>, tense: Tense) -> i32 {
    let (ry, rm) = (r.year(), r.month());
    // Signed distance (days) from the reference to (y, m, d).
    let dist = |y: i32| -> i64 {
        match d.and_then(|d| ymd(y, m, d)) {
            Some(x) => (x - r).num_days(),
            None => i64::from(y * 12 + m as i32 - ry * 12 - rm as i32) * 30,
        }
    };
    let (past, fut) = if dist(ry) > 0 {
        (ry - 1, ry)
    } else if dist(ry) < 0 {
        (ry, ry + 1)
    } else {
        (ry, ry)
    };
    let (bp, af) = (-dist(past), dist(fut));
    let reach = if d.is_some() {
        TENSE_REACH
    } else {
        TENSE_REACH_MONTH
    };
    match tense {
        Tense::Past if bp <= reach || bp <= af => past,
        Tense::Future if af <= reach || af < bp => fut,
        _ if af < bp => fut,
        _ => past,
    }
}

/// Clock part of a TIME value; midnight ends its day ("T24", TimeML).
fn clock(h: u32, m: u32) -> String {
    if h == 24 {
        "T24".into()
    } else {
        format!("T{h:02}:{m:02}")
    }
}

/// The TIMEX3 value of an expression, against the reference date `r` when
/// there is one; `tense` is asked only when the tense decides. None for an
/// impossible date ("Feb. 30").
pub(crate) fn resolve(
    x: &Expr,
    r: Option<NaiveDate>,
    tense: impl FnOnce() -> Tense,
) -> Option<Norm> {
    Some(match *x {
        Expr::Day(y, m, d) => month_day(y, m, d, r, tense)?,
        Expr::Range(y, m1, d1, m2, d2) => day_range(y, (m1, d1), (m2, d2), r, tense)?,
        Expr::Month(y, m) => named_month(y, m, r, tense),
        Expr::MonthShift(m, k) => shifted_month(m, k, r),
        Expr::Year(y) => year(y, Anchor::Absolute),
        Expr::Decade(d) => whole_years(format!("{d:03}"), Granularity::Decade, d * 10, 10),
        Expr::Century(c) => whole_years(format!("{c:02}"), Granularity::Century, c * 100, 100),
        Expr::Quarter(y, q) => named_quarter(y, q, r, tense),
        Expr::Period(y, k) => report_period(y, k, r),
        Expr::Half(y, h) => half_year(y, h, r),
        Expr::Season(y, s) => season(y, s, r),
        Expr::SeasonShift(s, k) => shifted_season(s, k, r),
        Expr::Weekday(n, k, part) => weekday(n, k, part, r, tense),
        Expr::RelDay(k, part) => relative_day(k, part, r),
        Expr::Rel(u, k) => match r {
            Some(r) => rel(u, k, r)?,
            None => unresolved(
                TimexType::Date,
                if u == Unit::Year { "XXXX" } else { "XXXX-XX" },
                Granularity::Unknown,
            ),
        },
        Expr::Weekend(k) => weekend(k, r),
        Expr::Ref(k) => {
            let v = match k {
                TimeRef::Present => "PRESENT_REF",
                TimeRef::Past => "PAST_REF",
                TimeRef::Future => "FUTURE_REF",
            };
            unresolved(TimexType::Date, v, Granularity::Unknown)
        }
        Expr::Dur(n, u) => duration(n, u),
        Expr::DurHalf(n, u) => match half(n, u) {
            Some(v) => without_interval(TimexType::Duration, v),
            None => duration(Some(n), u),
        },
        Expr::SetUnit(u) => {
            let (t, c) = unit_code(u);
            without_interval(TimexType::Set, format!("P{t}1{c}"))
        }
        Expr::SetWeekday(n, part) => {
            without_interval(TimexType::Set, format!("XXXX-WXX-{n}{}", part_sfx(part)))
        }
        Expr::Time(h, m, k) => clock_time(h, m, k, r),
        Expr::TimeWd(h, m, n) => at_clock(weekday(n, 0, None, r, tense), h, m),
        Expr::TimeMd(h, m, y, mo, d) => at_clock(month_day(y, mo, d, r, tense)?, h, m),
        Expr::Holiday(h, y, k) => holiday(h, y, k, r, tense)?,
        Expr::YearAgo | Expr::TheYear => match r {
            Some(r) => year(r.year() - 1, Anchor::Reference),
            None => unresolved(TimexType::Date, "XXXX", Granularity::Year),
        },
    })
}

/// "Dec. 18", "December 18, 2024": without a year, the tense picks it.
fn month_day(
    y: YearSpec,
    m: u32,
    d: u32,
    r: Option<NaiveDate>,
    tense: impl FnOnce() -> Tense,
) -> Option<Norm> {
    Some(match (y, r) {
        (YearSpec::Abs(y), _) => day(ymd(y, m, d)?, Anchor::Absolute),
        (YearSpec::Open, Some(r)) => day(
            ymd(pick_year(r, m, Some(d), tense()), m, d)?,
            Anchor::Reference,
        ),
        _ => unresolved(
            TimexType::Date,
            &format!("XXXX-{m:02}-{d:02}"),
            Granularity::Day,
        ),
    })
}

/// "Dec. 18-19", "Dec. 30 to Jan. 3": the first day's value, ending on the
/// last day (in the next year when the months wrap).
fn day_range(
    y: YearSpec,
    (m1, d1): (u32, u32),
    (m2, d2): (u32, u32),
    r: Option<NaiveDate>,
    tense: impl FnOnce() -> Tense,
) -> Option<Norm> {
    let (y, anchor) = match (y, r) {
        (YearSpec::Abs(y), _) => (y, Anchor::Absolute),
        (_, Some(r)) => (pick_year(r, m1, Some(d1), tense()), Anchor::Reference),
        _ => {
            return Some(unresolved(
                TimexType::Date,
                &format!("XXXX-{m1:02}-{d1:02}"),
                Granularity::Day,
            ));
        }
    };
    let b = ymd(y, m1, d1)?;
    let e = ymd(y + i32::from(m2 < m1), m2, d2)?;
    let mut n = day(b, anchor);
    n.end = Some(e);
    Some(n)
}

/// "February 2024", "January this year", "June" (the tense picks the year).
fn named_month(y: YearSpec, m: u32, r: Option<NaiveDate>, tense: impl FnOnce() -> Tense) -> Norm {
    match (y, r) {
        (YearSpec::Abs(y), _) => month(y, m, Anchor::Absolute),
        (YearSpec::Rel(k), Some(r)) => month(r.year() + k, m, Anchor::Reference),
        (YearSpec::Open, Some(r)) => month(pick_year(r, m, None, tense()), m, Anchor::Reference),
        (_, None) => unresolved(TimexType::Date, &format!("XXXX-{m:02}"), Granularity::Month),
    }
}

/// "last April" (k = -1), "next April" (k = 1): the one before or after
/// the reference month, never the reference month itself.
fn shifted_month(m: u32, k: i32, r: Option<NaiveDate>) -> Norm {
    let Some(r) = r else {
        return unresolved(TimexType::Date, &format!("XXXX-{m:02}"), Granularity::Month);
    };
    let rm = r.month();
    let y = match k {
        -1 => r.year() - i32::from(m >= rm),
        1 => r.year() + i32::from(m <= rm),
        _ => r.year(),
    };
    month(y, m, Anchor::Reference)
}

/// "the third quarter": of the reference year, but a quarter not yet begun
/// told in the past during the first quarter is last year's.
fn named_quarter(y: YearSpec, q: u32, r: Option<NaiveDate>, tense: impl FnOnce() -> Tense) -> Norm {
    match (y, r) {
        (YearSpec::Abs(y), _) => quarter(y, q, Anchor::Absolute),
        (YearSpec::Rel(k), Some(r)) => quarter(r.year() + k, q, Anchor::Reference),
        (_, Some(r)) => {
            let past = q > r.month().div_ceil(3) && tense() == Tense::Past && r.month() <= 3;
            quarter(r.year() - i32::from(past), q, Anchor::Reference)
        }
        (_, None) => unresolved(TimexType::Date, &format!("XXXX-Q{q}"), Granularity::Quarter),
    }
}

/// A reporting period: the year when one is said ("the 1988 quarter"),
/// otherwise the quarter just reported, shifted by k years.
fn report_period(y: Option<i32>, k: i32, r: Option<NaiveDate>) -> Norm {
    match (y, r) {
        (Some(y), _) => year(y + k, Anchor::Absolute),
        (None, Some(r)) => {
            let (y, q) = super::fin::reported_quarter(r);
            quarter(y + k, q, Anchor::Reference)
        }
        (None, None) => unresolved(TimexType::Date, "XXXX-QX", Granularity::Quarter),
    }
}

/// "the first half (of 1989)": H1 or H2 of the year said or the reference year.
fn half_year(y: YearSpec, h: u32, r: Option<NaiveDate>) -> Norm {
    let (y, anchor) = match (y, r) {
        (YearSpec::Abs(y), _) => (y, Anchor::Absolute),
        (_, Some(r)) => (r.year(), Anchor::Reference),
        _ => {
            return unresolved(TimexType::Date, &format!("XXXX-H{h}"), Granularity::Unknown);
        }
    };
    let m = h * 6 - 5;
    norm(
        TimexType::Date,
        format!("{y:04}-H{h}"),
        Granularity::Unknown,
        ymd(y, m, 1),
        month_end(y, m + 5),
        anchor,
    )
}

/// "summer 1998" (the grammar takes a season only with its year).
fn season(y: YearSpec, s: u32, r: Option<NaiveDate>) -> Norm {
    let (y, anchor) = match (y, r) {
        (YearSpec::Abs(y), _) => (y, Anchor::Absolute),
        (_, Some(r)) => (r.year(), Anchor::Reference),
        _ => {
            return unresolved(
                TimexType::Date,
                &format!("XXXX-{}", season_code(s)),
                Granularity::Unknown,
            );
        }
    };
    norm(
        TimexType::Date,
        format!("{y:04}-{}", season_code(s)),
        Granularity::Unknown,
        None,
        None,
        anchor,
    )
}

/// "last summer" (k = -1), "next spring" (k = 1).
fn shifted_season(s: u32, k: i32, r: Option<NaiveDate>) -> Norm {
    let Some(r) = r else {
        return unresolved(TimexType::Date, "XXXX", Granularity::Unknown);
    };
    let start = s * 3;
    let rm = r.month();
    let y = match k {
        -1 => r.year() - i32::from(start + 2 >= rm),
        1 => r.year() + i32::from(start <= rm),
        _ => r.year(),
    };
    norm(
        TimexType::Date,
        format!("{y:04}-{}", season_code(s)),
        Granularity::Unknown,
        None,
        None,
        Anchor::Reference,
    )
}

/// "Monday", "last Friday" (k = -1), "next Friday" (k = 1), "Friday
/// morning": a bare weekday is the past one unless told in the future.
fn weekday(
    n: u32,
    k: i32,
    part: Option<&'static str>,
    r: Option<NaiveDate>,
    tense: impl FnOnce() -> Tense,
) -> Norm {
    let Some(r) = r else {
        return unresolved(
            TimexType::Date,
            &format!("XXXX-WXX-{n}{}", part_sfx(part)),
            Granularity::Day,
        );
    };
    let back =
        i64::from((7 + r.weekday().num_days_from_monday() - wd(n).num_days_from_monday()) % 7);
    let off = match k {
        -1 => -(if back == 0 { 7 } else { back }),
        1 => (7 - back) % 7 + if back == 0 { 7 } else { 0 },
        _ if tense() == Tense::Future => (7 - back) % 7,
        _ => -back,
    };
    // "Friday morning": a TIME value, "1998-08-07TMO".
    with_part(
        day(r + Duration::days(off), Anchor::Reference),
        part,
        TimexType::Time,
    )
}

/// "yesterday", "tomorrow evening": k days from the reference.
fn relative_day(k: i32, part: Option<&'static str>, r: Option<NaiveDate>) -> Norm {
    match r {
        Some(r) => with_part(
            day(r + Duration::days(i64::from(k)), Anchor::Reference),
            part,
            TimexType::Time,
        ),
        None => unresolved(
            if part.is_some() {
                TimexType::Time
            } else {
                TimexType::Date
            },
            "XXXX-XX-XX",
            Granularity::Day,
        ),
    }
}

/// "this weekend" (k = 0), "last weekend" (k = -1): on a Monday or Tuesday
/// the weekend just past is this one.
fn weekend(k: i32, r: Option<NaiveDate>) -> Norm {
    let Some(r) = r else {
        return unresolved(TimexType::Date, "XXXX", Granularity::Unknown);
    };
    let wdn = r.weekday().num_days_from_monday();
    let d = r + Duration::days(7 * i64::from(k) - if wdn <= 1 { 7 } else { 0 });
    let mut n = week(d, Anchor::Reference);
    n.value.push_str("-WE");
    n.begin = n.end.map(|e| e - Duration::days(1));
    n
}

/// "three days" (P3D), "a few weeks" (PXW).
fn duration(n: Option<u32>, u: Unit) -> Norm {
    let value = match (n, u) {
        // "two decades": TimeBank counts decades in years (P20Y).
        (Some(n), Unit::Decade) => format!("P{}Y", n * 10),
        _ => {
            let (t, c) = unit_code(u);
            let n = n.map_or("X".to_string(), |n| n.to_string());
            format!("P{t}{n}{c}")
        }
    };
    without_interval(TimexType::Duration, value)
}

/// A duration or a set: a value, no calendar interval, no reference needed.
fn without_interval(kind: TimexType, value: String) -> Norm {
    norm(
        kind,
        value,
        Granularity::Unknown,
        None,
        None,
        Anchor::Absolute,
    )
}

/// A clock time on the reference day shifted by k days: "10:35 a.m.",
/// "5 p.m. yesterday".
fn clock_time(h: u32, m: u32, k: i32, r: Option<NaiveDate>) -> Norm {
    match r {
        Some(r) => {
            let d = r + Duration::days(i64::from(k));
            let v = format!("{}{}", d.format("%Y-%m-%d"), clock(h, m));
            norm(
                TimexType::Time,
                v,
                Granularity::Time,
                Some(d),
                Some(d),
                Anchor::Reference,
            )
        }
        None => unresolved(
            TimexType::Time,
            &format!("XXXX-XX-XX{}", clock(h, m)),
            Granularity::Time,
        ),
    }
}

/// A resolved day made a TIME by its clock time: "noon Saturday".
fn at_clock(mut t: Norm, h: u32, m: u32) -> Norm {
    t.value.push_str(&clock(h, m));
    t.kind = TimexType::Time;
    t.granularity = Granularity::Time;
    t
}

/// "Christmas", "last Thanksgiving" (k = -1): the year said, or the last or
/// next occurrence, or the one the tense picks.
fn holiday(
    h: u8,
    y: YearSpec,
    k: i32,
    r: Option<NaiveDate>,
    tense: impl FnOnce() -> Tense,
) -> Option<Norm> {
    Some(match (y, r) {
        (YearSpec::Abs(y), _) => day(holiday::date(h, y)?, Anchor::Absolute),
        (_, Some(r)) => {
            let this = holiday::date(h, r.year())?;
            let y = match k {
                -1 => r.year() - i32::from(this >= r),
                1 => r.year() + i32::from(this <= r),
                _ => pick_year(r, this.month(), Some(this.day()), tense()),
            };
            day(holiday::date(h, y)?, Anchor::Reference)
        }
        (_, None) => unresolved(TimexType::Date, "XXXX-XX-XX", Granularity::Day),
    })
}

/// The TIMEX3 suffix of a part of day, "TMO", or nothing.
fn part_sfx(part: Option<&str>) -> String {
    part.map_or(String::new(), |p| format!("T{p}"))
}

/// A part of day ("morning") appended as a TIMEX3 suffix: "1998-08-07TMO".
fn with_part(mut n: Norm, part: Option<&str>, kind: TimexType) -> Norm {
    if let Some(p) = part {
        n.value.push('T');
        n.value.push_str(p);
        n.kind = kind;
        n.granularity = Granularity::Time;
    }
    n
}

/// A decade or century written out: `count` whole years from `first`.
fn whole_years(value: String, granularity: Granularity, first: i32, count: i32) -> Norm {
    norm(
        TimexType::Date,
        value,
        granularity,
        ymd(first, 1, 1),
        ymd(first + count - 1, 12, 31),
        Anchor::Absolute,
    )
}
