//! Publication date from the text alone: the latest explicit date is a lower
//! bound, and month-days without a year told in the past (or untensed) must
//! fall on or before the publication date.

use super::DateTagger;
use super::cue::tense;
use super::grammar::{Expr, YearSpec};
use super::norm::Tense;
use chrono::{Datelike, Duration, NaiveDate};

/// Partial dates may precede the lower bound by this much (an explicit date
/// can be later than an earlier-told event).
const SLACK: i64 = 30;

pub fn infer_published(tagger: &DateTagger, text: &str) -> Option<NaiveDate> {
    let found = tagger.expressions(text);
    let mut lower: Option<NaiveDate> = None;
    for r in &found {
        let d = match r.expr {
            Expr::Day(YearSpec::Abs(y), m, d) | Expr::Range(YearSpec::Abs(y), m, d, _, _) => {
                NaiveDate::from_ymd_opt(y, m, d)
            }
            Expr::Month(YearSpec::Abs(y), m) => NaiveDate::from_ymd_opt(y, m, 1),
            Expr::Year(y) if (1900..=2100).contains(&y) => NaiveDate::from_ymd_opt(y, 1, 1),
            _ => None,
        };
        if let Some(d) = d
            && tense(text, r.start, r.end) != Tense::Future
        {
            lower = lower.max(Some(d));
        }
    }
    let lower = lower?;
    let from = lower - Duration::days(SLACK);
    let mut best = lower;
    for r in &found {
        let (m, d) = match r.expr {
            Expr::Day(YearSpec::Open, m, d) | Expr::Range(YearSpec::Open, m, d, _, _) => (m, d),
            Expr::Month(YearSpec::Open, m) => (m, 1),
            _ => continue,
        };
        if tense(text, r.start, r.end) == Tense::Future {
            continue;
        }
        // First occurrence of this month-day on or after the slackened bound.
        let occ = (from.year()..=from.year() + 1)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .find(|o| *o >= from);
        if let Some(o) = occ {
            best = best.max(o);
        }
    }
    Some(best)
}
