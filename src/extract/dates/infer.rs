//! Publication days from the text, when no input gives one: either right
//! or not at all. A wire story's dateline ("WASHINGTON, March 3 -") gives
//! the day and month it was filed, not the year. A full date written in
//! the text (day, month and year) suggests one, but a single story's full
//! dates are maturities, fiscal years and anniversaries as often as this
//! year's: the suggestion is a vote, and the feed the story came in
//! (`run::feed`) settles the year from the votes of many stories. Month
//! names and bare years ("in December", "in 1999") are no evidence: they
//! put the BBC's stories of 2004-2005 anywhere from 1999 to 2008.

use super::DateTagger;
use super::cue::tense;
use super::grammar::{Expr, YearSpec};
use super::norm::Tense;
use chrono::{Datelike, NaiveDate};

/// How sure an inferred publication day is (`documents.published_confidence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// A dateline's day and month, the year its feed's stories agree on.
    Medium,
    /// As medium, and the story's own full dates suggest the same year.
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// What one text says about its own publication day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayEvidence {
    /// Month and day of a dateline opening the text.
    pub dateline: Option<(u32, u32)>,
    /// The dateline's month-day in the year its nearest full date suggests.
    pub suggested: Option<NaiveDate>,
}

/// The evidence in `text` for its publication day.
pub fn day_evidence(tagger: &DateTagger, text: &str) -> DayEvidence {
    let Some((month, day)) = dateline(text) else {
        return DayEvidence::default();
    };
    let full: Vec<NaiveDate> = tagger
        .expressions(text)
        .iter()
        .filter(|r| !text[r.start..r.end].contains('\n'))
        .filter(|r| tense(text, r.start, r.end) != Tense::Future)
        .filter_map(|r| match r.expr {
            Expr::Day(YearSpec::Abs(y), m, d) | Expr::Range(YearSpec::Abs(y), m, d, _, _)
                if (1900..=2100).contains(&y) =>
            {
                NaiveDate::from_ymd_opt(y, m, d)
            }
            _ => None,
        })
        .collect();
    DayEvidence {
        dateline: Some((month, day)),
        suggested: suggested_by_full_dates(month, day, &full),
    }
}

/// The dateline's month-day in the year that puts it nearest a full date
/// of the text.
fn suggested_by_full_dates(month: u32, day: u32, full: &[NaiveDate]) -> Option<NaiveDate> {
    full.iter()
        .flat_map(|f| (f.year() - 1..=f.year() + 1).map(move |y| (f, y)))
        .filter_map(|(f, y)| {
            let d = NaiveDate::from_ymd_opt(y, month, day)?;
            Some(((d - *f).num_days().abs(), d))
        })
        .min()
        .map(|(_, d)| d)
}

/// "PARIS, June 18 -", "Stanley, Feb. 3 -": the month and day of a
/// dateline that opens the text.
fn dateline(text: &str) -> Option<(u32, u32)> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let start = text.len() - text.trim_start().len();
    let head = &text[start..text.floor_char_boundary(start + 64)];
    let head = &head[..head.find('\n').unwrap_or(head.len())];
    let (place, rest) = head.split_once(", ")?;
    let name_word = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    if place.is_empty() || place.split(' ').count() > 4 || !place.split(' ').all(name_word) {
        return None;
    }
    let month = MONTHS.iter().position(|m| rest.starts_with(m))? as u32 + 1;
    let rest = rest
        .trim_start_matches(char::is_alphabetic)
        .trim_start_matches('.');
    let rest = rest.strip_prefix(' ')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let day: u32 = rest.get(..digits).filter(|d| d.len() <= 2)?.parse().ok()?;
    let after = rest[digits..].trim_start_matches([',', ' ']);
    let after = after
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let dash =
        after.starts_with('-') || after.starts_with('\u{2013}') || after.starts_with('\u{2014}');
    (dash && (1..=31).contains(&day)).then_some((month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn evidence(text: &str) -> DayEvidence {
        day_evidence(&DateTagger::new(), text)
    }

    #[test]
    fn reads_datelines() {
        assert_eq!(dateline("PARIS, June 18 - Shares rose."), Some((6, 18)));
        assert_eq!(dateline("  NEW YORK, Feb. 3 - Shares."), Some((2, 3)));
        assert_eq!(dateline("Stanley, March 3, 1987 - Rain."), Some((3, 3)));
        assert_eq!(dateline("He said, March 3 was fine."), None);
        assert_eq!(dateline("Shares rose. PARIS, June 18 - x"), None);
        assert_eq!(
            dateline("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ, June 18 - x"),
            None
        );
    }

    #[test]
    fn a_full_date_suggests_the_dateline_s_year() {
        let text = "OSLO, March 3 - The company said on February 27, 1987 that sales rose.";
        assert_eq!(evidence(text).suggested, Some(d("1987-03-03")));
        // A date told in the future (a maturity, a payment day) does not vote.
        let text = "OSLO, March 3 - The notes will mature on March 1, 1992.";
        assert_eq!(evidence(text).suggested, None);
        // December dateline, a date in the new year.
        let text = "OSLO, Dec 30 - Talks ended on January 4, 1988.";
        assert_eq!(evidence(text).suggested, Some(d("1987-12-30")));
        let text = "OSLO, March 3 - The dividend is payable April 15.";
        assert_eq!(
            evidence(text),
            DayEvidence {
                dateline: Some((3, 3)),
                suggested: None
            }
        );
    }

    #[test]
    fn without_a_dateline_there_is_no_evidence() {
        for text in [
            "He said on Dec. 3, 2004 that it was over.",
            "Sales rose in 1999 and will double by 2046.",
            "It began in February 2024. In December, Radio Liberty reported it.",
        ] {
            assert_eq!(evidence(text), DayEvidence::default(), "{text}");
        }
    }
}
