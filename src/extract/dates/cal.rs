//! Calendar arithmetic and TIMEX3 value builders.

use super::lex::Unit;
use super::norm::Norm;
use super::{Anchor, Granularity, TimexType};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(crate) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = add_months(y, m, 1);
    ymd(ny, nm, 1).map(|d| d - Duration::days(1))
}

pub(crate) fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let t = y * 12 + m as i32 - 1 + n;
    (t.div_euclid(12), t.rem_euclid(12) as u32 + 1)
}

pub(crate) fn norm(
    kind: TimexType,
    value: String,
    granularity: Granularity,
    begin: Option<NaiveDate>,
    end: Option<NaiveDate>,
    anchor: Anchor,
) -> Norm {
    Norm {
        kind,
        value,
        granularity,
        begin,
        end,
        anchor,
    }
}

pub(crate) fn day(d: NaiveDate, anchor: Anchor) -> Norm {
    norm(
        TimexType::Date,
        d.format("%Y-%m-%d").to_string(),
        Granularity::Day,
        Some(d),
        Some(d),
        anchor,
    )
}

pub(crate) fn month(y: i32, m: u32, anchor: Anchor) -> Norm {
    norm(
        TimexType::Date,
        format!("{y:04}-{m:02}"),
        Granularity::Month,
        ymd(y, m, 1),
        month_end(y, m),
        anchor,
    )
}

pub(crate) fn year(y: i32, anchor: Anchor) -> Norm {
    norm(
        TimexType::Date,
        format!("{y:04}"),
        Granularity::Year,
        ymd(y, 1, 1),
        ymd(y, 12, 31),
        anchor,
    )
}

pub(crate) fn quarter(y: i32, q: u32, anchor: Anchor) -> Norm {
    let m = q * 3 - 2;
    norm(
        TimexType::Date,
        format!("{y:04}-Q{q}"),
        Granularity::Quarter,
        ymd(y, m, 1),
        month_end(y, m + 2),
        anchor,
    )
}

pub(crate) fn week(d: NaiveDate, anchor: Anchor) -> Norm {
    let w = d.iso_week();
    let mon = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let v = format!("{:04}-W{:02}", w.year(), w.week());
    norm(
        TimexType::Date,
        v,
        Granularity::Week,
        Some(mon),
        Some(mon + Duration::days(6)),
        anchor,
    )
}

pub(crate) fn unresolved(kind: TimexType, v: &str, granularity: Granularity) -> Norm {
    norm(
        kind,
        v.to_string(),
        granularity,
        None,
        None,
        Anchor::Reference,
    )
}

pub(crate) fn wd(n: u32) -> Weekday {
    Weekday::try_from((n - 1) as u8).unwrap_or(Weekday::Mon)
}

pub(crate) fn unit_code(u: Unit) -> (&'static str, &'static str) {
    match u {
        Unit::Second => ("T", "S"),
        Unit::Minute => ("T", "M"),
        Unit::Hour => ("T", "H"),
        Unit::Day => ("", "D"),
        Unit::Weekend => ("", "WE"),
        Unit::Week => ("", "W"),
        Unit::Month => ("", "M"),
        Unit::Quarter => ("", "Q"),
        Unit::Year => ("", "Y"),
        Unit::Decade => ("", "DE"),
        Unit::Century => ("", "CE"),
    }
}

/// n and a half units in TIMEX3: "P2Y6M", "PT5H30M".
pub(crate) fn half(n: u32, u: Unit) -> Option<String> {
    Some(match u {
        Unit::Year => format!("P{n}Y6M"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Minute => format!("PT{n}M30S"),
        _ => return None,
    })
}

pub(crate) fn season_code(s: u32) -> &'static str {
    ["SP", "SU", "FA", "WI"][(s.clamp(1, 4) - 1) as usize]
}

pub(crate) fn rel(u: Unit, k: i32, r: NaiveDate) -> Option<Norm> {
    use Anchor::Reference as R;
    Some(match u {
        Unit::Day | Unit::Weekend => day(r + Duration::days(i64::from(k)), R),
        Unit::Week => week(r + Duration::days(7 * i64::from(k)), R),
        Unit::Month => {
            let (y, m) = add_months(r.year(), r.month(), k);
            month(y, m, R)
        }
        Unit::Quarter => {
            let t = r.year() * 4 + (r.month() as i32 - 1) / 3 + k;
            quarter(t.div_euclid(4), t.rem_euclid(4) as u32 + 1, R)
        }
        Unit::Year => year(r.year() + k, R),
        Unit::Decade => {
            let d = r.year() / 10 + k;
            norm(
                TimexType::Date,
                format!("{d:03}"),
                Granularity::Decade,
                ymd(d * 10, 1, 1),
                ymd(d * 10 + 9, 12, 31),
                R,
            )
        }
        Unit::Century => norm(
            TimexType::Date,
            format!("{:02}", r.year() / 100 + k),
            Granularity::Century,
            None,
            None,
            R,
        ),
        Unit::Hour | Unit::Minute | Unit::Second => {
            let (t, c) = unit_code(u);
            norm(
                TimexType::Duration,
                format!("P{t}{}{c}", k.abs()),
                Granularity::Unknown,
                None,
                None,
                R,
            )
        }
    })
}
