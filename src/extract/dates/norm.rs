//! TIMEX3 values and calendar intervals from parsed expressions.

use super::cal::*;
use super::grammar::{Expr, Ys};
use super::holiday;
use super::lex::{Refk, Unit};
use super::{Anchor, Granularity as Gr, TimexType as Ty};
use chrono::{Datelike, Duration, NaiveDate};

/// Tense around an expression.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Dir {
    Past,
    Future,
    None,
}

pub(crate) struct Norm {
    pub kind: Ty,
    pub value: String,
    pub gran: Gr,
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
pub(crate) fn pick_year(r: NaiveDate, m: u32, d: Option<u32>, dir: Dir) -> i32 {
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
    match dir {
        Dir::Past if bp <= reach || bp <= af => past,
        Dir::Future if af <= reach || af < bp => fut,
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

pub(crate) fn resolve(x: &Expr, r: Option<NaiveDate>, dir: impl FnOnce() -> Dir) -> Option<Norm> {
    use Anchor::{Absolute as A, Reference as R};
    Some(match (*x, r) {
        (Expr::Day(Ys::Abs(y), m, d), _) => day(ymd(y, m, d)?, A),
        (Expr::Day(Ys::Open, m, d), Some(r)) => day(ymd(pick_year(r, m, Some(d), dir()), m, d)?, R),
        (Expr::Day(_, m, d), _) => unresolved(Ty::Date, &format!("XXXX-{m:02}-{d:02}"), Gr::Day),
        (Expr::Range(ys, m1, d1, m2, d2), r) => {
            let (y, a) = match (ys, r) {
                (Ys::Abs(y), _) => (y, A),
                (_, Some(r)) => (pick_year(r, m1, Some(d1), dir()), R),
                _ => {
                    return Some(unresolved(
                        Ty::Date,
                        &format!("XXXX-{m1:02}-{d1:02}"),
                        Gr::Day,
                    ));
                }
            };
            let b = ymd(y, m1, d1)?;
            let e = ymd(y + i32::from(m2 < m1), m2, d2)?;
            let mut n = day(b, a);
            n.end = Some(e);
            n
        }
        (Expr::Month(Ys::Abs(y), m), _) => month(y, m, A),
        (Expr::Month(Ys::Rel(k), m), Some(r)) => month(r.year() + k, m, R),
        (Expr::Month(Ys::Open, m), Some(r)) => month(pick_year(r, m, None, dir()), m, R),
        (Expr::MonthShift(m, k), Some(r)) => {
            let rm = r.month();
            let y = match k {
                -1 => r.year() - i32::from(m >= rm),
                1 => r.year() + i32::from(m <= rm),
                _ => r.year(),
            };
            month(y, m, R)
        }
        (Expr::Month(_, m) | Expr::MonthShift(m, _), None) => {
            unresolved(Ty::Date, &format!("XXXX-{m:02}"), Gr::Month)
        }
        (Expr::Year(y), _) => year(y, A),
        (Expr::Decade(d), _) => norm(
            Ty::Date,
            format!("{d:03}"),
            Gr::Decade,
            ymd(d * 10, 1, 1),
            ymd(d * 10 + 9, 12, 31),
            A,
        ),
        (Expr::Century(c), _) => norm(
            Ty::Date,
            format!("{c:02}"),
            Gr::Century,
            ymd(c * 100, 1, 1),
            ymd(c * 100 + 99, 12, 31),
            A,
        ),
        (Expr::Quarter(Ys::Abs(y), q), _) => quarter(y, q, A),
        (Expr::Quarter(Ys::Rel(k), q), Some(r)) => quarter(r.year() + k, q, R),
        (Expr::Period(Some(y), k), _) => year(y + k, A),
        (Expr::Period(None, k), Some(r)) => {
            let (y, q) = super::fin::reported_quarter(r);
            quarter(y + k, q, R)
        }
        (Expr::Period(None, _), None) => unresolved(Ty::Date, "XXXX-QX", Gr::Quarter),
        (Expr::Quarter(_, q), Some(r)) => {
            let past = q > r.month().div_ceil(3) && dir() == Dir::Past && r.month() <= 3;
            quarter(r.year() - i32::from(past), q, R)
        }
        (Expr::Quarter(_, q), None) => unresolved(Ty::Date, &format!("XXXX-Q{q}"), Gr::Quarter),
        (Expr::Half(ys, h), r) => {
            let (y, a) = match (ys, r) {
                (Ys::Abs(y), _) => (y, A),
                (_, Some(r)) => (r.year(), R),
                _ => return Some(unresolved(Ty::Date, &format!("XXXX-H{h}"), Gr::Unknown)),
            };
            let m = h * 6 - 5;
            norm(
                Ty::Date,
                format!("{y:04}-H{h}"),
                Gr::Unknown,
                ymd(y, m, 1),
                month_end(y, m + 5),
                a,
            )
        }
        (Expr::Season(ys, s), r) => {
            let (y, a) = match (ys, r) {
                (Ys::Abs(y), _) => (y, A),
                (_, Some(r)) => (r.year(), R),
                _ => {
                    return Some(unresolved(
                        Ty::Date,
                        &format!("XXXX-{}", season_code(s)),
                        Gr::Unknown,
                    ));
                }
            };
            norm(
                Ty::Date,
                format!("{y:04}-{}", season_code(s)),
                Gr::Unknown,
                None,
                None,
                a,
            )
        }
        (Expr::SeasonShift(s, k), Some(r)) => {
            let start = s * 3;
            let rm = r.month();
            let y = match k {
                -1 => r.year() - i32::from(start + 2 >= rm),
                1 => r.year() + i32::from(start <= rm),
                _ => r.year(),
            };
            norm(
                Ty::Date,
                format!("{y:04}-{}", season_code(s)),
                Gr::Unknown,
                None,
                None,
                R,
            )
        }
        (Expr::Weekday(n, k, part), Some(r)) => {
            let back = i64::from(
                (7 + r.weekday().num_days_from_monday() - wd(n).num_days_from_monday()) % 7,
            );
            let off = match k {
                -1 => -(if back == 0 { 7 } else { back }),
                1 => (7 - back) % 7 + if back == 0 { 7 } else { 0 },
                _ if dir() == Dir::Future => (7 - back) % 7,
                _ => -back,
            };
            // "Friday morning": a TIME value, "1998-08-07TMO".
            with_part(day(r + Duration::days(off), R), part, Ty::Time)
        }
        (Expr::Weekday(n, _, part), None) => unresolved(
            Ty::Date,
            &format!("XXXX-WXX-{n}{}", part_sfx(part)),
            Gr::Day,
        ),
        (Expr::RelDay(k, part), Some(r)) => {
            with_part(day(r + Duration::days(i64::from(k)), R), part, Ty::Time)
        }
        (Expr::Rel(u, k), Some(r)) => rel(u, k, r)?,
        (Expr::Weekend(k), Some(r)) => {
            let wdn = r.weekday().num_days_from_monday();
            let d = r + Duration::days(7 * i64::from(k) - if wdn <= 1 { 7 } else { 0 });
            let mut n = week(d, R);
            n.value.push_str("-WE");
            n.begin = n.end.map(|e| e - Duration::days(1));
            n
        }
        (Expr::Ref(k), _) => {
            let v = match k {
                Refk::Present => "PRESENT_REF",
                Refk::Past => "PAST_REF",
                Refk::Future => "FUTURE_REF",
            };
            unresolved(Ty::Date, v, Gr::Unknown)
        }
        // "two decades": TimeBank counts decades in years (P20Y).
        (Expr::Dur(Some(n), Unit::Decade), _) => norm(
            Ty::Duration,
            format!("P{}Y", n * 10),
            Gr::Unknown,
            None,
            None,
            A,
        ),
        (Expr::DurHalf(n, u), _) => match half(n, u) {
            Some(v) => norm(Ty::Duration, v, Gr::Unknown, None, None, A),
            None => resolve(&Expr::Dur(Some(n), u), r, dir)?,
        },
        (Expr::Dur(n, u), _) => {
            let (t, c) = unit_code(u);
            let n = n.map_or("X".to_string(), |n| n.to_string());
            norm(
                Ty::Duration,
                format!("P{t}{n}{c}"),
                Gr::Unknown,
                None,
                None,
                A,
            )
        }
        (Expr::SetUnit(u), _) => {
            let (t, c) = unit_code(u);
            norm(Ty::Set, format!("P{t}1{c}"), Gr::Unknown, None, None, A)
        }
        (Expr::SetWeekday(n, part), _) => norm(
            Ty::Set,
            format!("XXXX-WXX-{n}{}", part_sfx(part)),
            Gr::Unknown,
            None,
            None,
            A,
        ),
        (Expr::Time(h, m, k), Some(r)) => {
            let d = r + Duration::days(i64::from(k));
            let v = format!("{}{}", d.format("%Y-%m-%d"), clock(h, m));
            norm(Ty::Time, v, Gr::Time, Some(d), Some(d), R)
        }
        (Expr::TimeWd(h, m, n), r) => {
            let mut t = resolve(&Expr::Weekday(n, 0, None), r, dir)?;
            t.value.push_str(&clock(h, m));
            t.kind = Ty::Time;
            t.gran = Gr::Time;
            t
        }
        (Expr::TimeMd(h, m, y, mo, d), r) => {
            let mut t = resolve(&Expr::Day(y, mo, d), r, dir)?;
            t.value.push_str(&clock(h, m));
            t.kind = Ty::Time;
            t.gran = Gr::Time;
            t
        }
        (Expr::Holiday(h, Ys::Abs(y), _), _) => day(holiday::date(h, y)?, A),
        (Expr::Holiday(h, _, k), Some(r)) => {
            let this = holiday::date(h, r.year())?;
            let y = match k {
                -1 => r.year() - i32::from(this >= r),
                1 => r.year() + i32::from(this <= r),
                _ => pick_year(r, this.month(), Some(this.day()), dir()),
            };
            day(holiday::date(h, y)?, R)
        }
        (Expr::Holiday(..), None) => unresolved(Ty::Date, "XXXX-XX-XX", Gr::Day),
        (Expr::YearAgo | Expr::TheYear, Some(r)) => year(r.year() - 1, R),
        (Expr::YearAgo | Expr::TheYear, None) => unresolved(Ty::Date, "XXXX", Gr::Year),
        (Expr::Time(h, m, _), None) => {
            unresolved(Ty::Time, &format!("XXXX-XX-XX{}", clock(h, m)), Gr::Time)
        }
        (Expr::RelDay(_, part), None) => unresolved(
            if part.is_some() { Ty::Time } else { Ty::Date },
            "XXXX-XX-XX",
            Gr::Day,
        ),
        (Expr::Rel(u, _), None) => unresolved(
            Ty::Date,
            if u == Unit::Year { "XXXX" } else { "XXXX-XX" },
            Gr::Unknown,
        ),
        (Expr::Weekend(_) | Expr::SeasonShift(..), None) => {
            unresolved(Ty::Date, "XXXX", Gr::Unknown)
        }
    })
}

fn part_sfx(part: Option<&str>) -> String {
    part.map_or(String::new(), |p| format!("T{p}"))
}

fn with_part(mut n: Norm, part: Option<&str>, kind: Ty) -> Norm {
    if let Some(p) = part {
        n.value.push('T');
        n.value.push_str(p);
        n.kind = kind;
        n.gran = Gr::Time;
    }
    n
}
