//! Discovery: proper names in the clean text that match no actor, kept as
//! candidates so the dictionary can grow. The recognizer ([`crate::extract::ner`])
//! finds and types the names; this module drops what the dictionary
//! already covers and the shapes that are rarely actors,;
//! `aggregate::candidates` sums them over the run into the `candidates` table.

use crate::extract::actors::{Matcher, Mention};
use crate::extract::ner::{Entity, Label, Recognizer};

/// A name span the dictionary does not know: byte offsets, possessive left
/// out (the recognizer never includes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unknown {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// The unknown names in `text`, among the recognizer's `names`. `mentions` are the dictionary's matches in
/// the same text, sorted by start; a name overlapping one is not unknown.
pub fn unknown_names(
    recognizer: &Recognizer,
    matcher: &Matcher,
    text: &str,
    names: &[Entity],
    mentions: &[Mention],
) -> Vec<Unknown> {
    let mut out = Vec::new();
    for &e in names {
        let overlaps = {
            let first = mentions.partition_point(|m| m.end <= e.start);
            mentions.get(first).is_some_and(|m| m.start < e.end)
        };
        let surface = &text[e.start..e.end];
        if overlaps
            || in_a_table_line(text, e.start)
            || matcher.knows(surface)
            || known_in_capitals(matcher, surface)
            || !plausible(recognizer, surface, e.label)
        {
            continue;
        }
        out.push(Unknown {
            start: e.start,
            end: e.end,
            label: e.label,
        });
    }
    out
}

/// Leaves out the shapes that are rarely actors: one-word MISC names that
/// are nationalities or common words ("European", "Western"), while
/// others are often companies or parties ("Siemens", "Tories"); a PER name made
/// only of common words ("Foreign Affairs") is a misread title, and so is
/// a one-word ORG or LOC that is a common word ("Bank", "Community");
/// contractions ("I'm") are sentence starts.
fn plausible(recognizer: &Recognizer, surface: &str, label: Label) -> bool {
    let one_word = !surface.contains(' ');
    let contraction = surface
        .split('\'')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_lowercase()));
    !contraction
        && match label {
            Label::Misc => {
                !one_word || !(recognizer.is_demonym(surface) || recognizer.is_common_word(surface))
            }
            Label::Per => one_word || !surface.split(' ').all(|w| recognizer.is_common_word(w)),
            Label::Org | Label::Loc => !(one_word && recognizer.is_common_word(surface)),
        }
}

/// "Shr 18 cts vs 27 cts", "Oper net loss 4.9 mln vs 75,000", "Qtly div
/// six cts vs five cts prior": a short line of figures in a financial
/// table, whose capitalized words are row labels, not names: a line that
/// is no sentence (no closing stop), with two numbers or more (in digits
/// or words) and at most one lowercase word of five letters or more.
fn in_a_table_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let sentence = line
        .trim_end()
        .ends_with(['.', '!', '?', '"', '\u{201D}', ':', ';']);
    if line.len() > 72 || sentence {
        return false;
    }
    let words = line.split_whitespace();
    let numbers = words
        .clone()
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()) || NUMBER_WORDS.contains(w))
        .count();
    let long_lowercase = words
        .filter(|w| {
            w.starts_with(char::is_lowercase) && w.chars().count() >= 5 && !NUMBER_WORDS.contains(w)
        })
        .count();
    numbers >= 2 && long_lowercase <= 1
}

/// Numbers as wire tables write them.
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "nil",
];

/// "PARIS" in a dateline is the known "Paris" in capitals.
fn known_in_capitals(matcher: &Matcher, surface: &str) -> bool {
    in_capitals(surface) && matcher.knows(&title_case(surface))
}

/// Whether `name` is written in capitals: some upper case, no lower case
/// ("NEW YORK", "G7"; not "New York", "2024").
pub fn in_capitals(name: &str) -> bool {
    name.chars().any(char::is_uppercase) && !name.chars().any(char::is_lowercase)
}

/// "NEW YORK" as "New York": each word's first letter as written, the
/// rest in lower case.
pub fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word_start = true;
    for c in name.chars() {
        if word_start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        word_start = !c.is_alphanumeric();
    }
    out
}

/// The `mentions.actor_type` of a discovered name.
pub fn actor_type(label: Label) -> &'static str {
    match label {
        Label::Per => "person",
        Label::Org => "organization",
        Label::Loc => "place",
        Label::Misc => "misc",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_labels_of_financial_tables_are_no_names() {
        let text = "Results.\nShr 18 cts vs 27 cts\nQtly div 18 cts vs 18 cts prior\n\
                    HOUSTON, March 25 - Qtly div seven cts vs seven cts prior\n\
                    Oper shr loss 4.95 dlrs vs loss 75 cts\n\
                    Acme Corp said net rose 5 pct to 10 mln dlrs in 1986.";
        for label in ["Shr", "Qtly", "Qtly div seven", "Oper"] {
            assert!(in_a_table_line(text, text.find(label).unwrap()), "{label}");
        }
        let prose = "Two men and one woman were named to the board.";
        assert!(!in_a_table_line(prose, 0), "a sentence with number words");
        assert!(!in_a_table_line(text, text.find("Acme").unwrap()));
        assert!(!in_a_table_line(text, 0));
    }

    #[test]
    fn leaves_out_shapes_that_are_rarely_actors() {
        let r = Recognizer::new();
        assert!(plausible(&r, "Friedrich Merz", Label::Per));
        assert!(plausible(&r, "Merz", Label::Per));
        assert!(plausible(&r, "Bundesbank", Label::Org));
        assert!(plausible(&r, "Champions League", Label::Misc));
        assert!(!plausible(&r, "Foreign Affairs", Label::Per));
        assert!(!plausible(&r, "Swedish", Label::Misc));
        assert!(!plausible(&r, "Securities", Label::Org));
        assert!(!plausible(&r, "I'm", Label::Org));
        assert!(plausible(&r, "O'Brien", Label::Per));
    }
}
