//! Candidates: the names the dictionary does not know, summed over the run
//! into the `candidates` table, material for growing the dictionary.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::codec::{Bytes, put_day, put_i64, put_str, put_u32, put_u64};
use crate::epoch::days;
use crate::extract::discover::{actor_type, in_capitals, title_case};
use crate::extract::ner::{Label, StrHashMap};
use crate::output::CandidatesColumns;

/// Run-wide counts per candidate name. Memory grows with the number of
/// distinct unknown names, not with the corpus.
#[derive(Default)]
pub struct Candidates {
    /// Looked up once per discovered mention, on the sequential merge
    /// thread: a word hasher, not SipHash.
    by_name: StrHashMap<String, Stats>,
}

struct Stats {
    /// The name's number, in order of first mention.
    index: u32,
    /// Mentions per label, in [`LABELS`] order; the most frequent is the guess.
    labels: [i64; 4],
    documents: i64,
    /// Mentions that end their document ("Reuter" under a wire story).
    endings: i64,
    /// Mentions a possessive `'s` follows ("Moody" of "Moody's").
    possessives: i64,
    last_document: u32,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    example_doc: String,
    example: String,
}

const LABELS: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

/// A name that ends at least this share of all documents, with at least
/// half of its mentions there, is a sign-off ("Reuter", "AP"), not a name.
pub const SIGN_OFF_SHARE: f64 = 0.02;

/// A one-word name nearly always followed by `'s`, at least this often, is
/// a brand whose name holds it ("Moody's", "Sainsbury's"), which the recognizer
/// splits off as it does a possessive; people's names are followed by one
/// far less often.
pub const BRAND_SHARE: f64 = 0.9;
pub const BRAND_MENTIONS: i64 = 5;

/// The candidates' types, in the order a tie between two goes to the first.
pub fn type_order() -> [&'static str; 4] {
    LABELS.map(actor_type)
}

/// What follows one mention of a name.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seen {
    /// It ends its document.
    pub ending: bool,
    /// A possessive `'s` follows it.
    pub possessive: bool,
}

/// Longest example sentence kept, in bytes: enough to read the context.
const EXAMPLE_BYTES: usize = 400;

impl Candidates {
    /// Records one mention of `name` and returns the name's number (in
    /// order of first mention). Calls come in input order, so the example
    /// is the first sentence that used the name. `day` is the document's
    /// publication day; `seen`, what follows the mention.
    #[allow(clippy::too_many_arguments)]
    pub fn observe(
        &mut self,
        name: &str,
        label: Label,
        document: u32,
        doc_id: &str,
        day: Option<NaiveDate>,
        sentence: &str,
        seen: Seen,
    ) -> u32 {
        let next = self.by_name.len() as u32;
        let stats = match self.by_name.get_mut(name) {
            Some(stats) => stats,
            None => self.by_name.entry(name.to_owned()).or_insert(Stats {
                index: next,
                labels: [0; 4],
                documents: 0,
                endings: 0,
                possessives: 0,
                last_document: u32::MAX,
                first_day: None,
                last_day: None,
                example_doc: doc_id.to_owned(),
                example: example(sentence).to_owned(),
            }),
        };
        stats.labels[LABELS.iter().position(|&l| l == label).unwrap_or(3)] += 1;
        stats.endings += i64::from(seen.ending);
        stats.possessives += i64::from(seen.possessive);
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

    /// The counts so far, for a later run that continues this one.
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.by_name.len() as u64);
        for (name, s) in &self.by_name {
            put_str(out, name);
            put_u32(out, s.index);
            for n in s.labels {
                put_i64(out, n);
            }
            put_i64(out, s.documents);
            put_i64(out, s.endings);
            put_i64(out, s.possessives);
            put_day(out, s.first_day);
            put_day(out, s.last_day);
            put_str(out, &s.example_doc);
            put_str(out, &s.example);
        }
    }

    /// Counts an earlier run [`encode`](Self::encode)d; `None` if the bytes
    /// do not parse. Later documents come after all of the earlier run's.
    pub fn decode(bytes: &mut Bytes) -> Option<Candidates> {
        let mut c = Candidates::default();
        for _ in 0..bytes.count()? {
            let name = bytes.str()?.to_owned();
            let stats = Stats {
                index: bytes.u32()?,
                labels: [bytes.i64()?, bytes.i64()?, bytes.i64()?, bytes.i64()?],
                documents: bytes.i64()?,
                endings: bytes.i64()?,
                possessives: bytes.i64()?,
                last_document: u32::MAX,
                first_day: bytes.day()?,
                last_day: bytes.day()?,
                example_doc: bytes.str()?.to_owned(),
                example: bytes.str()?.to_owned(),
            };
            c.by_name.insert(name, stats);
        }
        Some(c)
    }

    /// A name in capitals ("NEW YORK" in a dateline or headline) counts for
    /// the same name in title case when that was seen too.
    fn merge_capitals(&mut self) {
        let capitals: Vec<String> = self
            .by_name
            .keys()
            .filter(|n| in_capitals(n))
            .cloned()
            .collect();
        for name in capitals {
            let title = title_case(&name);
            if title == name || !self.by_name.contains_key(title.as_str()) {
                continue;
            }
            let Some(caps) = self.by_name.remove(name.as_str()) else {
                continue;
            };
            let Some(into) = self.by_name.get_mut(title.as_str()) else {
                continue;
            };
            for (a, b) in into.labels.iter_mut().zip(caps.labels) {
                *a += b;
            }
            into.documents += caps.documents;
            into.endings += caps.endings;
            into.possessives += caps.possessives;
            into.first_day = match (into.first_day, caps.first_day) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            into.last_day = into.last_day.max(caps.last_day);
            if caps.index < into.index {
                into.index = caps.index;
                into.example_doc = caps.example_doc;
                into.example = caps.example;
            }
        }
    }

    /// The `candidates` table: most mentioned first, then by name. Left
    /// out: sign-offs (names that end many of the run's `documents` and
    /// are mostly written there), and a generic noun alone that is no
    /// person's name ("the Bank", "Federal funds": `generic` says which
    /// words are), which no dictionary entry could use. Such mentions stay
    /// in `name_mentions`, where their sentence says what they refer to.
    pub fn finish(
        mut self,
        documents: u64,
        generic: impl Fn(&str) -> bool,
    ) -> PolarsResult<DataFrame> {
        self.merge_capitals();
        let total = |s: &Stats| s.labels.iter().sum::<i64>();
        let sign_off = |s: &Stats| {
            s.endings as f64 >= SIGN_OFF_SHARE * documents as f64 && 2 * s.endings >= total(s)
        };
        let best = |s: &Stats| {
            // Ties go to the earlier label in LABELS order.
            LABELS[(0..4).rev().max_by_key(|&i| s.labels[i]).unwrap_or(0)]
        };
        let generic_noun =
            |name: &str, s: &Stats| !name.contains(' ') && best(s) != Label::Per && generic(name);
        // One word: a longer name always written so is more often one
        // story's possessive ("University of Chicago's index").
        let brand = |name: &str, s: &Stats| {
            total(s) >= BRAND_MENTIONS
                && s.possessives as f64 >= BRAND_SHARE * total(s) as f64
                && !name.contains(' ')
                && !name.ends_with("'s")
        };
        let mut rows: Vec<(String, &'static str, Stats)> = self
            .by_name
            .into_iter()
            .filter(|(name, s)| !sign_off(s) && !generic_noun(name, s))
            .map(|(name, s)| match brand(&name, &s) {
                true => (format!("{name}'s"), actor_type(Label::Org), s),
                false => (name, actor_type(best(&s)), s),
            })
            .collect();
        rows.sort_by(|a, b| total(&b.2).cmp(&total(&a.2)).then_with(|| a.0.cmp(&b.0)));
        let mut c = CandidatesColumns::with_capacity(rows.len());
        for (name, kind, stats) in &rows {
            c.name.push(name);
            c.kind.push(kind);
            c.mentions.push(total(stats));
            c.documents.push(stats.documents);
            c.first_day.push(days(stats.first_day));
            c.last_day.push(days(stats.last_day));
            c.example_doc_id.push(&stats.example_doc);
            c.example.push(&stats.example);
        }
        c.finish()
    }
}

/// The example a sentence gives: trimmed, at most [`EXAMPLE_BYTES`].
pub fn example(sentence: &str) -> &str {
    truncate(sentence.trim(), EXAMPLE_BYTES)
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

    /// A mention with nothing after it.
    fn plain(
        c: &mut Candidates,
        name: &str,
        label: Label,
        document: u32,
        doc_id: &str,
        day: Option<NaiveDate>,
        sentence: &str,
    ) {
        c.observe(
            name,
            label,
            document,
            doc_id,
            day,
            sentence,
            Seen::default(),
        );
    }

    #[test]
    fn counts_documents_days_and_the_most_frequent_type() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 12, d);
        let mut c = Candidates::default();
        plain(
            &mut c,
            "Merz",
            Label::Per,
            0,
            "a",
            day(9),
            "A meeting with Merz.",
        );
        plain(&mut c, "Merz", Label::Org, 0, "a", day(3), "Merz said.");
        plain(&mut c, "Merz", Label::Per, 2, "c", day(18), "Merz again.");
        plain(&mut c, "Europe", Label::Loc, 1, "b", None, "Europe.");
        let df = c.finish(10, |_| false).unwrap();
        assert_eq!(df.height(), 2);
        let row = |col: &str| df.column(col).unwrap().get(0).unwrap().to_string();
        assert_eq!(row("name"), "\"Merz\"");
        assert_eq!(row("type"), "\"person\"");
        assert_eq!(row("mentions"), "3");
        assert_eq!(row("documents"), "2");
        assert_eq!(row("first_day"), "2024-12-03");
        assert_eq!(row("last_day"), "2024-12-18");
        assert_eq!(row("example"), "\"A meeting with Merz.\"");
    }

    #[test]
    fn a_generic_noun_alone_is_no_candidate_but_a_person_or_longer_name_is() {
        let mut c = Candidates::default();
        let mention = |c: &mut Candidates, name: &str, label: Label| {
            plain(c, name, label, 0, "a", None, "The Bank said.");
        };
        mention(&mut c, "Bank", Label::Org);
        mention(&mut c, "Bank of Japan", Label::Org);
        mention(&mut c, "Young", Label::Per);
        mention(&mut c, "Texaco", Label::Org);
        let generic = |name: &str| matches!(name, "Bank" | "Young");
        let df = c.finish(10, generic).unwrap();
        let names: Vec<_> = df.column("name").unwrap().str().unwrap().iter().collect();
        assert_eq!(
            names,
            [Some("Bank of Japan"), Some("Texaco"), Some("Young")]
        );
    }

    #[test]
    fn decoded_candidates_go_on_counting_as_the_original() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 12, d);
        let mut a = Candidates::default();
        a.observe(
            "Merz",
            Label::Per,
            0,
            "a",
            day(9),
            "A meeting with Merz.",
            Seen {
                ending: false,
                possessive: true,
            },
        );
        plain(&mut a, "Europe", Label::Loc, 1, "b", None, "Europe.");
        let mut bytes = Vec::new();
        a.encode(&mut bytes);
        let mut b = Candidates::decode(&mut Bytes(&bytes)).unwrap();
        for c in [&mut a, &mut b] {
            plain(c, "Merz", Label::Org, 2, "c", day(1), "Merz again.");
            plain(c, "Kyiv", Label::Loc, 2, "c", None, "In Kyiv.");
        }
        assert!(
            a.finish(10, |_| false)
                .unwrap()
                .equals_missing(&b.finish(10, |_| false).unwrap())
        );
    }

    #[test]
    fn a_name_in_capitals_counts_for_its_title_case() {
        let mut c = Candidates::default();
        plain(&mut c, "NEW YORK", Label::Loc, 0, "a", None, "NEW YORK - x");
        plain(&mut c, "New York", Label::Loc, 1, "b", None, "In New York.");
        plain(&mut c, "NASA", Label::Org, 1, "b", None, "NASA said.");
        let df = c.finish(10, |_| false).unwrap();
        let names: Vec<_> = df.column("name").unwrap().str().unwrap().iter().collect();
        assert_eq!(names, [Some("New York"), Some("NASA")]);
        let mentions: Vec<_> = df
            .column("mentions")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(mentions, [Some(2), Some(1)]);
        let example = df.column("example").unwrap().str().unwrap().get(0);
        assert_eq!(
            example,
            Some("NEW YORK - x"),
            "the first sentence that used it"
        );
    }

    #[test]
    fn sign_offs_are_no_candidates() {
        let mut c = Candidates::default();
        for doc in 0..40 {
            c.observe(
                "Wirex",
                Label::Org,
                doc,
                "d",
                None,
                "Wirex",
                Seen {
                    ending: true,
                    possessive: false,
                },
            );
        }
        plain(&mut c, "Wirex", Label::Org, 40, "d", None, "Wirex said.");
        c.observe(
            "Merz",
            Label::Per,
            41,
            "e",
            None,
            "Merz.",
            Seen {
                ending: true,
                possessive: false,
            },
        );
        let df = c.finish(100, |_| false).unwrap();
        let names: Vec<_> = df.column("name").unwrap().str().unwrap().iter().collect();
        assert_eq!(names, [Some("Merz")]);
    }

    #[test]
    fn truncates_examples_at_a_character_boundary() {
        assert_eq!(truncate("Zelenskyʼs", 9), "Zelensky");
        assert_eq!(truncate("Zelenskyʼs", 10), "Zelenskyʼ");
        assert_eq!(truncate("short", 400), "short");
    }

    #[test]
    fn a_name_nearly_always_followed_by_s_is_a_brand_with_it() {
        let mut c = Candidates::default();
        let possessive = Seen {
            ending: false,
            possessive: true,
        };
        for doc in 0..9 {
            c.observe(
                "Halden",
                Label::Per,
                doc,
                "d",
                None,
                "Halden's said.",
                possessive,
            );
        }
        plain(
            &mut c,
            "Halden",
            Label::Per,
            9,
            "d",
            None,
            "Halden rated it.",
        );
        // A person's possessive now and then leaves the name as it is.
        for doc in 0..10 {
            let seen = if doc < 3 { possessive } else { Seen::default() };
            c.observe("Okafor", Label::Per, doc, "d", None, "Okafor said.", seen);
        }
        // A longer name is more often one story's possessive.
        for doc in 0..6 {
            c.observe(
                "Kell Institute",
                Label::Org,
                doc,
                "d",
                None,
                "x",
                possessive,
            );
        }
        // Too few mentions to tell.
        for doc in 0..4 {
            c.observe("Brill", Label::Per, doc, "d", None, "Brill's.", possessive);
        }
        let df = c.finish(100, |_| false).unwrap();
        let names: Vec<String> = (0..df.height())
            .map(|i| df.column("name").unwrap().get(i).unwrap().to_string())
            .collect();
        let types: Vec<String> = (0..df.height())
            .map(|i| df.column("type").unwrap().get(i).unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "\"Halden's\"",
                "\"Okafor\"",
                "\"Kell Institute\"",
                "\"Brill\""
            ]
        );
        assert_eq!(
            types,
            [
                "\"organization\"",
                "\"person\"",
                "\"organization\"",
                "\"person\""
            ]
        );
    }
}
