//! The date tagger's unit tests: on the seeds (here) and one per
//! normalization rule ([`rules`]).

mod rules;

use super::*;

const S000: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/000_30e0651a83f97932.txt"
));
const S003: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/003_ca0a0fc979f8b174.txt"
));
const S004: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/004_7de40e1cfbd345eb.txt"
));

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Values of every timex whose surface is `surface`.
fn values(text: &str, r: Option<NaiveDate>, surface: &str) -> Vec<String> {
    DateTagger::new()
        .tag(text, r)
        .into_iter()
        .filter(|t| text[t.start..t.end].eq_ignore_ascii_case(surface))
        .map(|t| t.value)
        .collect()
}

fn one(text: &str, r: &str, surface: &str) -> Timex {
    let t = DateTagger::new().tag(text, Some(d(r)));
    let hit = t.iter().find(|t| &text[t.start..t.end] == surface);
    hit.unwrap_or_else(|| panic!("{surface:?} not found in {t:?}"))
        .clone()
}

#[test]
fn seed_000() {
    let r = Some(d("2024-12-18"));
    assert_eq!(values(S000, r, "Dec. 18"), ["2024-12-18", "2024-12-18"]);
    let range = one(S000, "2024-12-18", "Dec. 18-19");
    assert_eq!(
        (range.begin, range.end_date),
        (Some(d("2024-12-18")), Some(d("2024-12-19")))
    );
    assert_eq!(values(S000, r, "February 2024"), ["2024-02"]);
    assert_eq!(values(S000, r, "January"), ["2025-01"]);
    assert_eq!(values(S000, r, "Dec. 7"), ["2024-12-07"]);
    assert_eq!(values(S000, r, "Dec. 3"), ["2024-12-03"]);
}

#[test]
fn seed_003() {
    let r = Some(d("2025-01-13"));
    assert_eq!(values(S003, r, "Jan. 13"), ["2025-01-13"]);
    assert_eq!(values(S003, r, "Jan. 20"), ["2025-01-20"]);
    assert_eq!(values(S003, r, "Dec. 18"), ["2024-12-18"]);
    assert_eq!(values(S003, r, "Jan. 10"), ["2025-01-10"]);
    assert_eq!(values(S003, r, "recent months"), ["PAST_REF"]);
    assert_eq!(values(S003, r, "the coming weeks"), ["FUTURE_REF"]);
}

#[test]
fn seeds_without_a_dateline_get_no_day() {
    // Month names and days without a year ("In December", "Dec. 18") say
    // nothing sure about the year.
    for text in [S000, S004] {
        assert_eq!(
            day_evidence(&DateTagger::new(), text),
            DayEvidence::default()
        );
    }
}

#[test]
fn forms() {
    let cases = [
        (
            "It happened on December 18, 2024.",
            "December 18, 2024",
            "2024-12-18",
        ),
        (
            "It happened on 18 December 2024.",
            "18 December 2024",
            "2024-12-18",
        ),
        ("It happened Dec 18th.", "Dec 18th", "2024-12-18"),
        ("Filed 2024-12-18 in court.", "2024-12-18", "2024-12-18"),
        ("Filed 12/18/2024 in court.", "12/18/2024", "2024-12-18"),
        ("Back in 2024 it was different.", "2024", "2024"),
        ("Popular in the 1990s.", "the 1990s", "199"),
        ("Profit rose in Q3 2024.", "Q3 2024", "2024-Q3"),
        ("Talks resume mid-December.", "mid-December", "2024-12"),
        ("He arrived today.", "today", "2024-12-18"),
        ("He arrived yesterday.", "yesterday", "2024-12-17"),
        ("He leaves tomorrow.", "tomorrow", "2024-12-19"),
        ("He arrived last Friday.", "last Friday", "2024-12-13"),
        ("Talks start next week.", "next week", "2024-W52"),
        ("Sales fell this month.", "this month", "2024-12"),
        ("He left two days ago.", "two days ago", "2024-12-16"),
        ("Sales fell last year.", "last year", "2023"),
        ("It is now clear.", "now", "PRESENT_REF"),
        ("They met for three days.", "three days", "P3D"),
        ("It took two years.", "two years", "P2Y"),
        ("They meet every week.", "every week", "P1W"),
        ("It is published daily.", "daily", "P1D"),
        (
            "They met at 11:30 a.m. local time.",
            "11:30 a.m.",
            "2024-12-18T11:30",
        ),
        (
            "Earlier in the day, he spoke.",
            "Earlier in the day",
            "2024-12-18",
        ),
    ];
    for (text, surface, want) in cases {
        let t = DateTagger::new().tag(text, Some(d("2024-12-18")));
        let got: Vec<(&str, &str)> = t
            .iter()
            .map(|t| (&text[t.start..t.end], t.value.as_str()))
            .collect();
        assert_eq!(got, [(surface, want)], "{text}");
    }
    assert_eq!(
        one("They met at 11:30 a.m.", "2024-12-18", "11:30 a.m.").kind,
        TimexType::Time
    );
    assert_eq!(
        one("They met for three days.", "2024-12-18", "three days").kind,
        TimexType::Duration
    );
    assert_eq!(
        one("They meet every week.", "2024-12-18", "every week").kind,
        TimexType::Set
    );
}

#[test]
fn weekday_and_cues() {
    // Wednesday 2024-12-18: "on Monday" told in the past is two days back,
    // with "will" it is the next Monday.
    assert_eq!(
        one(
            "He said on Monday that it was over.",
            "2024-12-18",
            "Monday"
        )
        .value,
        "2024-12-16"
    );
    assert_eq!(
        one("He will visit on Monday.", "2024-12-18", "Monday").value,
        "2024-12-23"
    );
    // A month far from the reference follows the tense.
    assert_eq!(
        one("They met in June.", "2024-12-18", "June").value,
        "2024-06"
    );
    assert_eq!(
        one("They will meet in June.", "2024-12-18", "June").value,
        "2025-06"
    );
}

#[test]
fn no_reference_keeps_unknown_year() {
    let t = DateTagger::new().tag("He spoke on Dec. 18.", None);
    assert_eq!(t[0].value, "XXXX-12-18");
    assert_eq!(t[0].begin, None);
}

#[test]
fn byte_offsets_on_non_ascii() {
    let text = "Kyivʼs talks on Dec. 18 — and “today”.";
    let t = DateTagger::new().tag(text, Some(d("2024-12-18")));
    let s: Vec<&str> = t.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(s, ["Dec. 18", "today"]);
}

#[test]
fn no_false_years_or_months() {
    let text = "It may cost $2,024 or 1,999 units, 50% of 3000 people; May Day.";
    let t = DateTagger::new().tag(text, Some(d("2024-12-18")));
    assert!(t.is_empty(), "{t:?}");
}
