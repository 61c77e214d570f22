//! Discovery: proper names in the clean text that match no actor, kept as
//! candidates so the dictionary can grow. The recognizer ([`crate::ner`])
//! finds and types the names; this module drops what the dictionary
//! already covers and the shapes that are rarely actors, and
//! [`Candidates`] sums them over the run into the `candidates` table.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::actors::{Matcher, Mention};
use crate::ner::{Label, Recognizer, WordMap};
use crate::tables::{CANDIDATES, conform, days};

/// A name span the dictionary does not know: byte offsets, possessive left
/// out (the recognizer never includes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unknown {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// The unknown names in `text`. `mentions` are the dictionary's matches in
/// the same text, sorted by start; a name overlapping one is not unknown.
pub fn unknown_names(
    recognizer: &Recognizer,
    matcher: &Matcher,
    text: &str,
    mentions: &[Mention],
) -> Vec<Unknown> {
    let mut out = Vec::new();
    for e in recognizer.entities(text) {
        let overlaps = {
            let first = mentions.partition_point(|m| m.end <= e.start);
            mentions.get(first).is_some_and(|m| m.start < e.end)
        };
        let surface = &text[e.start..e.end];
        if overlaps
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

/// Leaves out the shapes that are rarely actors: one-word MISC names are
/// nationalities and adjectives ("European", "Western"); a PER name made
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
            Label::Misc => !one_word,
            Label::Per => one_word || !surface.split(' ').all(|w| recognizer.is_common_word(w)),
            Label::Org | Label::Loc => !(one_word && recognizer.is_common_word(surface)),
        }
}

/// "PARIS" in a dateline is the known "Paris" in capitals.
fn known_in_capitals(matcher: &Matcher, surface: &str) -> bool {
    if surface.chars().any(char::is_lowercase) || !surface.chars().any(char::is_uppercase) {
        return false;
    }
    let mut title = String::with_capacity(surface.len());
    let mut start = true;
    for c in surface.chars() {
        if start {
            title.push(c);
        } else {
            title.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    matcher.knows(&title)
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

/// Run-wide counts per candidate name. Memory grows with the number of
/// distinct unknown names, not with the corpus.
#[derive(Default)]
pub struct Candidates {
    /// Looked up once per discovered mention, on the sequential merge
    /// thread: a word hasher, not SipHash.
    by_name: WordMap<String, Stats>,
}

struct Stats {
    /// The name's number, in order of first mention.
    index: u32,
    /// Mentions per label, in [`LABELS`] order; the most frequent is the guess.
    labels: [u64; 4],
    documents: u64,
    last_document: u32,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    example_doc: String,
    example: String,
}

const LABELS: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

/// Longest example sentence kept, in bytes: enough to read the context.
const EXAMPLE_BYTES: usize = 400;

impl Candidates {
    /// Records one mention of `name` and returns the name's number (in
    /// order of first mention). Calls come in input order, so the example
    /// is the first sentence that used the name.
    pub fn observe(
        &mut self,
        name: &str,
        label: Label,
        document: u32,
        doc_id: &str,
        day: Option<NaiveDate>,
        sentence: &str,
    ) -> u32 {
        let next = self.by_name.len() as u32;
        let stats = match self.by_name.get_mut(name) {
            Some(stats) => stats,
            None => self.by_name.entry(name.to_owned()).or_insert(Stats {
                index: next,
                labels: [0; 4],
                documents: 0,
                last_document: u32::MAX,
                first_day: None,
                last_day: None,
                example_doc: doc_id.to_owned(),
                example: truncate(sentence.trim(), EXAMPLE_BYTES).to_owned(),
            }),
        };
        stats.labels[LABELS.iter().position(|&l| l == label).unwrap_or(3)] += 1;
        if stats.last_document != document {
            stats.documents += 1;
            stats.last_document = document;
        }
        if let Some(day) = day {
            stats.first_day = Some(stats.first_day.map_or(day, |d| d.min(day)));
            stats.last_day = Some(stats.last_day.map_or(day, |d| d.max(day)));
        }
        stats.index
    }

    /// The `candidates` table: most mentioned first, then by name.
    pub fn finish(self) -> PolarsResult<DataFrame> {
        let mut rows: Vec<(String, Stats)> = self.by_name.into_iter().collect();
        let total = |s: &Stats| s.labels.iter().sum::<u64>();
        rows.sort_by(|a, b| total(&b.1).cmp(&total(&a.1)).then_with(|| a.0.cmp(&b.0)));
        let guess = |s: &Stats| {
            // Ties go to the earlier label in LABELS order.
            let best = (0..4).rev().max_by_key(|&i| s.labels[i]).unwrap_or(0);
            LABELS[best].as_str()
        };
        conform(
            &CANDIDATES,
            vec![
                Column::new(
                    "name".into(),
                    rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "type".into(),
                    rows.iter().map(|r| guess(&r.1)).collect::<Vec<_>>(),
                ),
                Column::new(
                    "mentions".into(),
                    rows.iter().map(|r| total(&r.1)).collect::<Vec<_>>(),
                ),
                Column::new(
                    "documents".into(),
                    rows.iter().map(|r| r.1.documents).collect::<Vec<_>>(),
                ),
                Column::new(
                    "first_day".into(),
                    rows.iter().map(|r| days(r.1.first_day)).collect::<Vec<_>>(),
                ),
                Column::new(
                    "last_day".into(),
                    rows.iter().map(|r| days(r.1.last_day)).collect::<Vec<_>>(),
                ),
                Column::new(
                    "example_doc_id".into(),
                    rows.iter()
                        .map(|r| r.1.example_doc.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "example".into(),
                    rows.iter()
                        .map(|r| r.1.example.as_str())
                        .collect::<Vec<_>>(),
                ),
            ],
        )
    }
}

/// `s` cut to at most `max` bytes at a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_documents_days_and_the_most_frequent_type() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 12, d);
        let mut c = Candidates::default();
        c.observe("Merz", Label::Per, 0, "a", day(9), "A meeting with Merz.");
        c.observe("Merz", Label::Org, 0, "a", day(3), "Merz said.");
        c.observe("Merz", Label::Per, 2, "c", day(18), "Merz again.");
        c.observe("Europe", Label::Loc, 1, "b", None, "Europe.");
        let df = c.finish().unwrap();
        assert_eq!(df.height(), 2);
        let row = |col: &str| df.column(col).unwrap().get(0).unwrap().to_string();
        assert_eq!(row("name"), "\"Merz\"");
        assert_eq!(row("type"), "\"PER\"");
        assert_eq!(row("mentions"), "3");
        assert_eq!(row("documents"), "2");
        assert_eq!(row("first_day"), "2024-12-03");
        assert_eq!(row("last_day"), "2024-12-18");
        assert_eq!(row("example"), "\"A meeting with Merz.\"");
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

    #[test]
    fn truncates_examples_at_a_character_boundary() {
        assert_eq!(truncate("Zelenskyʼs", 9), "Zelensky");
        assert_eq!(truncate("Zelenskyʼs", 10), "Zelenskyʼ");
        assert_eq!(truncate("short", 400), "short");
    }
}
