//! Holidays US and international news date things by.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Keyword, holiday id. Ids index [`date`].
pub(crate) const NAMES: &[(&str, u8)] = &[
    ("thanksgiving", 1),
    ("christmas", 2),
    ("christmas eve", 3),
    ("new year's day", 4),
    ("new year's eve", 5),
    ("independence day", 6),
    ("fourth of july", 6),
    ("labor day", 7),
    ("memorial day", 8),
    ("election day", 9),
    ("veterans day", 10),
    ("halloween", 11),
    ("valentine's day", 12),
    ("easter", 13),
    ("good friday", 14),
];

/// Whether "Day" may follow the name ("Thanksgiving Day", "Christmas Day").
pub(crate) fn takes_day(h: u8) -> bool {
    matches!(h, 1 | 2)
}

/// The n-th (1-based) weekday `wd` of month m; n = 0 for the last one.
fn nth(y: i32, m: u32, wd: Weekday, n: u32) -> Option<NaiveDate> {
    if n == 0 {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let last = NaiveDate::from_ymd_opt(ny, nm, 1)? - Duration::days(1);
        let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        return Some(last - Duration::days(i64::from(back)));
    }
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let fwd = (7 + wd.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    Some(first + Duration::days(i64::from(fwd + 7 * (n - 1))))
}

/// Gregorian Easter Sunday (anonymous algorithm).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let (b, c) = (y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// The holiday's date in year y.
pub(crate) fn date(h: u8, y: i32) -> Option<NaiveDate> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(y, m, d);
    match h {
        1 => nth(y, 11, Weekday::Thu, 4),
        2 => fixed(12, 25),
        3 => fixed(12, 24),
        4 => fixed(1, 1),
        5 => fixed(12, 31),
        6 => fixed(7, 4),
        7 => nth(y, 9, Weekday::Mon, 1),
        8 => nth(y, 5, Weekday::Mon, 0),
        9 => nth(y, 11, Weekday::Mon, 1).map(|d| d + Duration::days(1)),
        10 => fixed(11, 11),
        11 => fixed(10, 31),
        12 => fixed(2, 14),
        13 => easter(y),
        14 => easter(y).map(|d| d - Duration::days(2)),
        _ => None,
    }
}
