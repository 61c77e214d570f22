//! Tables inside article text: wire copy with a figures table in the middle
//! or at the end is an article body, not a page; every sentence and every
//! row survives. Inside a scraped page's body, a table stays with the body.

use crate::clean::*;

fn clean(raw: &str) -> Cleaned {
    Cleaner::new(&CleanConfig::default()).clean(raw)
}

/// Each fragment (a sentence, a row) is in the clean text, once unwrapped:
/// hard-wrapped lines may stay apart, so spaces and line breaks compare equal.
fn assert_kept(c: &Cleaned, fragments: &[&str]) {
    let flat = c.text.replace('\n', " ");
    for f in fragments {
        assert!(flat.contains(f), "lost {f:?} in:\n{}", c.text);
    }
    assert_eq!(c.boilerplate_chars, 0, "{}", c.text);
}

/// Hard-wrapped at ~62 columns like 1987 wire copy; the table's header row is
/// dates only and one row is figures only, which look like page chrome alone.
const WIRE_TABLE_MIDDLE: &str = "\
LISBON, March 4 - Portugal's main cement maker said its
sales rose in February on stronger demand from building sites
in the north, and it expects the gain to hold this spring.
    The company gave the following figures, in thousands of
tonnes, with comparisons --
              Feb 87    Jan 87    Feb 86
    Grey cement....412.6 ...398.1 ...371.0
    White cement....21.4 ....19.8 ....18.2
    Clinker exports..55.0 ....61.3 ....40.7
                 (489.1)  (479.2)  (429.9)
    The company said prices were unchanged in the month and that
it had no plans to raise them before the summer.
    It also said a new kiln near Porto would start work in May.
Terms of the kiln contract were not disclosed.
 Reuter
";

#[test]
fn wire_story_keeps_prose_on_both_sides_of_a_table() {
    let c = clean(WIRE_TABLE_MIDDLE);
    assert_kept(
        &c,
        &[
            "LISBON, March 4 - Portugal's main cement maker said its sales rose in February",
            "it expects the gain to hold this spring.",
            "The company gave the following figures, in thousands of tonnes, with comparisons --",
            "Feb 87 Jan 87 Feb 86",
            "Grey cement....412.6 ...398.1 ...371.0",
            "Clinker exports..55.0 ....61.3 ....40.7",
            "(489.1) (479.2) (429.9)",
            "The company said prices were unchanged in the month",
            "before the summer.",
            "It also said a new kiln near Porto would start work in May.",
            "Terms of the kiln contract were not disclosed.",
            "Reuter",
        ],
    );
}

/// Results first, then notes wrapped so that a line's tail ("share.",
/// "1986.") stands alone and reads like a chrome label or a bare figure.
const WIRE_TABLE_END: &str = "\
DENVER, March 9 - Western Pipe and Valve Corp said its
first quarter profit rose on higher shipments to oil and gas
customers in Texas and Oklahoma, and it raised its dividend.
    The company said orders for the second quarter were also
running ahead of last year, but gave no forecast.
    Qtr ended Feb 28
    Shr 41 cts vs 29 cts
    Net 2,114,000 vs 1,502,000
    Revs 38.6 mln vs 31.9 mln
    Avg shrs 5,156,000 vs 5,180,000
    Six mths
    Shr 77 cts vs 52 cts
    Net 3,968,000 vs 2,694,000
    Revs 71.2 mln vs 60.4 mln
    NOTE: Prior qtr includes gain of 210,000 dlrs or four cts a
share.
    Share adjusted for three-for-two stock split in December
1986.
";

#[test]
fn wire_story_keeps_a_table_at_the_end() {
    let c = clean(WIRE_TABLE_END);
    assert_kept(
        &c,
        &[
            "DENVER, March 9 - Western Pipe and Valve Corp said its first quarter profit",
            "and it raised its dividend.",
            "The company said orders for the second quarter were also running ahead",
            "Qtr ended Feb 28",
            "Shr 41 cts vs 29 cts",
            "Net 2,114,000 vs 1,502,000",
            "Avg shrs 5,156,000 vs 5,180,000",
            "Revs 71.2 mln vs 60.4 mln",
            "four cts a share.",
            "stock split in December 1986.",
        ],
    );
}

#[test]
fn table_inside_a_page_body_stays_with_the_body() {
    let page = "\
Home
World
Business
Grain exporters ship more wheat as prices ease
By Jane Doe
The country's grain exporters shipped more wheat last month than in any month of the past two years, helped by lower prices and strong demand from buyers in North Africa and the Middle East, the trade ministry said on Tuesday.
Wheat 1,204,000 tonnes vs 988,000
Barley 310,500 tonnes vs 402,100
Maize 95,000 tonnes vs 120,300
Sorghum 12,400 tonnes vs 9,800
Officials said the ministry expects shipments to stay high through the spring, although a stronger currency could make the country's grain less attractive to some of its traditional buyers later in the year.
Share this article
Related
Another headline about something else entirely
";
    let c = clean(page);
    for kept in [
        "helped by lower prices",
        "Wheat 1,204,000 tonnes vs 988,000",
        "Sorghum 12,400 tonnes vs 9,800",
        "Officials said the ministry expects shipments to stay high",
    ] {
        assert!(c.text.contains(kept), "lost {kept:?} in:\n{}", c.text);
    }
    for gone in [
        "Home",
        "Business\n",
        "By Jane Doe",
        "Share this",
        "Another headline",
    ] {
        assert!(!c.text.contains(gone), "{gone:?} survived in:\n{}", c.text);
    }
}
