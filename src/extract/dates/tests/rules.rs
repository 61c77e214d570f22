//! One test per normalization rule added for the TimeBank-style values.

use super::super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// (surface, value, type) of every timex in `text`.
fn tags(text: &str, r: &str) -> Vec<(String, String, &'static str)> {
    DateTagger::new()
        .tag(text, Some(d(r)))
        .into_iter()
        .map(|t| (text[t.start..t.end].to_string(), t.value, t.kind.as_str()))
        .collect()
}

/// The value of the timex whose surface is `surface`.
fn value(text: &str, r: &str, surface: &str) -> String {
    let t = tags(text, r);
    t.iter()
        .find(|t| t.0 == surface)
        .unwrap_or_else(|| panic!("{surface:?} not in {t:?}"))
        .1
        .clone()
}

#[test]
fn tense_moves_a_date_only_within_eight_months() {
    // Past verb, but Dec. 7 is six weeks ahead of a late-October report:
    // a date eleven months back would need a year.
    let text = "Directors authorized a split, payable Dec. 7 to holders of record Nov. 22.";
    assert_eq!(value(text, "1989-10-27", "Dec. 7"), "1989-12-07");
    assert_eq!(value(text, "1989-10-27", "Nov. 22"), "1989-11-22");
    // Within reach, the tense still decides.
    assert_eq!(
        value("He resigned in March.", "1989-11-02", "March"),
        "1989-03"
    );
    assert_eq!(
        value(
            "The mission will fly in December.",
            "1998-03-04",
            "December"
        ),
        "1998-12"
    );
}

#[test]
fn said_right_before_a_weekday_dates_the_saying() {
    // Friday 1989-10-27: "said Monday" is the past Monday even when a
    // future verb follows in the reported clause.
    let text = "Paribas said Monday that it intends to bid.";
    assert_eq!(value(text, "1989-10-27", "Monday"), "1989-10-23");
    assert_eq!(
        value("Talks would resume Tuesday.", "1989-10-27", "Tuesday"),
        "1989-10-31"
    );
}

#[test]
fn weekday_with_part_of_day_is_a_time() {
    let t = tags("Rebels attacked Friday morning.", "1998-08-08");
    assert_eq!(
        t,
        [(
            "Friday morning".to_string(),
            "1998-08-07TMO".to_string(),
            "TIME"
        )]
    );
}

#[test]
fn spelled_out_years() {
    let r = "1998-02-27";
    assert_eq!(
        value(
            "Prices rose in nineteen ninety-six.",
            r,
            "nineteen ninety-six"
        ),
        "1996"
    );
    assert_eq!(
        value(
            "It began in January nineteen ninety-seven.",
            r,
            "January nineteen ninety-seven"
        ),
        "1997-01"
    );
    assert_eq!(
        value(
            "Unemployment will halve by the year two thousand.",
            r,
            "the year two thousand"
        ),
        "2000"
    );
    // A count is not a year.
    assert_eq!(
        value("It lasted nineteen years.", r, "nineteen years"),
        "P19Y"
    );
}

#[test]
fn the_year_is_this_year_unless_a_fiscal_year_ends() {
    let r = "1989-10-30";
    assert_eq!(
        value(
            "Sales should pick up by the end of the year.",
            r,
            "the end of the year"
        ),
        "1989"
    );
    assert_eq!(
        value("For the year, volume was flat.", r, "the year"),
        "1989"
    );
    let t = tags("Net rose for the year ended Aug. 31.", r);
    assert_eq!(
        t[0],
        ("the year".to_string(), "P1Y".to_string(), "DURATION")
    );
}

#[test]
fn decades_count_in_years() {
    assert_eq!(
        value(
            "The lowest rate in two decades.",
            "1998-02-06",
            "two decades"
        ),
        "P20Y"
    );
}

#[test]
fn clock_time_with_zone_and_day() {
    let r = "1989-11-02";
    let t = tags("The offer expires at 5 p.m. EST Nov. 9.", r);
    assert_eq!(
        t,
        [(
            "5 p.m. EST Nov. 9".to_string(),
            "1989-11-09T17:00".to_string(),
            "TIME"
        )]
    );
    assert_eq!(
        value("Noon came at midday Friday.", "1999-10-08", "midday Friday"),
        "1999-10-08T12:00"
    );
}

#[test]
fn holidays() {
    // Friday 2000-01-07.
    let r = "2000-01-07";
    assert_eq!(
        value(
            "He was found Thanksgiving Day at sea.",
            r,
            "Thanksgiving Day"
        ),
        "1999-11-25"
    );
    assert_eq!(
        value("He was found last Thanksgiving.", r, "last Thanksgiving"),
        "1999-11-25"
    );
    assert_eq!(
        value(
            "The vote comes on Election Day.",
            "1998-10-25",
            "Election Day"
        ),
        "1998-11-03"
    );
    assert_eq!(
        value("They met at Easter 1998.", r, "Easter 1998"),
        "1998-04-12"
    );
    assert_eq!(
        value("Shops close on Christmas.", "2024-12-18", "Christmas"),
        "2024-12-25"
    );
    assert!(tags("They sailed to Easter Island.", r).is_empty());
}

#[test]
fn year_end_is_december_31() {
    assert_eq!(
        value(
            "It will close the deal by year-end.",
            "1989-11-02",
            "year-end"
        ),
        "1989-12-31"
    );
}

#[test]
fn report_periods_follow_the_quarter_reported() {
    let r = "1989-10-26";
    let t = "Net fell in the third quarter. In the year-ago third quarter, it earned \
             more. The latest period had gains. In the 1988 period, it lost. U.K. \
             sales for last year's quarter were flat, as in the corresponding period \
             last year and the quarter a year ago.";
    assert_eq!(value(t, r, "the year-ago third quarter"), "1988-Q3");
    assert_eq!(value(t, r, "The latest period"), "1989-Q3");
    assert_eq!(value(t, r, "the 1988 period"), "1988-Q3");
    assert_eq!(value(t, r, "last year's quarter"), "1988-Q3");
    assert_eq!(value(t, r, "the corresponding period last year"), "1988-Q3");
    assert_eq!(value(t, r, "the quarter a year ago"), "1988-Q3");
    // A quarter not yet over does not reframe the report.
    let t = "Third-quarter net fell. It expects a fourth-quarter loss. The latest \
             quarter was weak, down from a year ago.";
    assert_eq!(value(t, "1989-11-02", "The latest quarter"), "1989-Q3");
    assert_eq!(value(t, "1989-11-02", "a year ago"), "1988-Q3");
    // After the nine months, "a year earlier" and "the 1988 period" are years.
    let t = "Third-quarter net fell. For the nine months, net rose from a year \
             earlier and from the 1988 period.";
    assert_eq!(value(t, r, "a year earlier"), "1988");
    assert_eq!(value(t, r, "the 1988 period"), "1988");
    assert_eq!(value(t, r, "the nine months"), "P9M");
    assert_eq!(
        value(
            "Profit rose in next year's first quarter.",
            r,
            "next year's first quarter"
        ),
        "1990-Q1"
    );
}

#[test]
fn halves_and_the_full_year() {
    let r = "1998-02-27";
    let t = "It took 2 1/2 years, 5 1/2 hours, a minute and a half and two and a half days.";
    assert_eq!(value(t, r, "2 1/2 years"), "P2Y6M");
    assert_eq!(value(t, r, "5 1/2 hours"), "PT5H30M");
    assert_eq!(value(t, r, "a minute and a half"), "PT1M30S");
    assert_eq!(value(t, r, "two and a half days"), "P2DT12H");
    let t = "It forecast an increase for the full year.";
    assert_eq!(value(t, "1989-10-30", "the full year"), "1989");
}

#[test]
fn current_alone_is_the_present() {
    let t = "It was delaying construction because of current market conditions.";
    assert_eq!(value(t, "1989-10-30", "current"), "PRESENT_REF");
    // With a unit it stays a calendar period.
    let t = "Sales will rise in the current quarter.";
    assert_eq!(value(t, "1989-10-30", "the current quarter"), "1989-Q4");
}

#[test]
fn resume_points_to_the_coming_weekday() {
    // Sunday report: the talks set to resume Monday are the next day's.
    let t = "Extremists opposed the truce, which is set to resume Monday in Belfast.";
    assert_eq!(value(t, "1998-03-22", "Monday"), "1998-03-23");
}

#[test]
fn weekday_with_its_date_is_one_date() {
    let t = "The Times said in an editorial on Monday, Oct. 26: The murder was vile.";
    assert_eq!(value(t, "1998-10-25", "Monday, Oct. 26"), "1998-10-26");
    let t = "$14 million seeped out Friday Oct. 13 alone.";
    assert_eq!(value(t, "1989-10-27", "Friday Oct. 13"), "1989-10-13");
}

#[test]
fn governing_phrases_and_possessives_set_the_weekday() {
    let r = "2000-04-03";
    let t = "The INS has given the relatives until 9 a.m. Tuesday to sign.";
    assert_eq!(value(t, r, "9 a.m. Tuesday"), "2000-04-04T09:00");
    let t = "His father could come from Cuba as early as Tuesday.";
    assert_eq!(value(t, r, "Tuesday"), "2000-04-04");
    // Fronted, "until" tells of a state that has since changed.
    let t = "Until Thursday, they had not called Kopp a suspect.";
    assert_eq!(value(t, "1999-05-07", "Thursday"), "1999-05-06");
    // A possessive weekday names an event already reported.
    let t = "They said they would look for ways to get around Wednesday's ruling.";
    assert_eq!(value(t, "2000-01-07", "Wednesday"), "2000-01-05");
}

#[test]
fn a_past_plan_and_midnight() {
    let r = "1989-10-30";
    let t = "It had been due to expire Friday evening.";
    assert_eq!(value(t, r, "Friday evening"), "1989-10-27TEV");
    let t = "It is due to expire Friday evening.";
    assert_eq!(value(t, r, "Friday evening"), "1989-11-03TEV");
    // Midnight ends its day (TimeML "T24").
    let t = "The offer previously had been scheduled to expire at midnight Friday.";
    assert_eq!(value(t, r, "midnight Friday"), "1989-10-27T24");
}

#[test]
fn quotations_and_high_noon() {
    // The reporting verb outside the quotation does not date what is inside.
    let t = "''The father will leave at 4 a.m. EDT Thursday,'' Castro said.";
    assert_eq!(
        value(t, "2000-04-05", "4 a.m. EDT Thursday"),
        "2000-04-06T04:00"
    );
    let t = "For the people of Poland, high noon comes today.";
    assert!(tags(t, "1999-03-12").iter().all(|x| !x.0.contains("noon")));
}
