//! Days as polars stores a Date and the tables hold them: days since
//! 1970-01-01.

/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const UNIX_EPOCH_DAY: i32 = 719_163;

/// A day as polars stores a Date: days since 1970-01-01.
pub fn days(date: Option<chrono::NaiveDate>) -> Option<i32> {
    use chrono::Datelike;
    date.map(|d| d.num_days_from_ce() - UNIX_EPOCH_DAY)
}

/// The day a polars Date holds ([`days`] reversed); `None` out of range.
pub fn day_of(days: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_DAY)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_unix_epoch() {
        assert_eq!(days(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)), Some(0));
        assert_eq!(
            days(chrono::NaiveDate::from_ymd_opt(2024, 12, 18)),
            Some(20075)
        );
        assert_eq!(days(None), None);
        let d = chrono::NaiveDate::from_ymd_opt(2024, 12, 18);
        assert_eq!(day_of(20075), d);
        assert_eq!(day_of(i32::MAX), None);
    }
}
