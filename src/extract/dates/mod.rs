//! Dates stage: temporal expressions in English news, normalized to TIMEX3
//! values against a reference (publication) date, HeidelTime-style.
//!
//! One Aho-Corasick pass finds keywords, a byte scan finds numbers
//! ([`tokenize`]); rules over those tokens build expressions ([`grammar`]),
//! which [`norm`] resolves using the reference date and the tense cues
//! around them ([`cue`]).

mod cal;
mod clock;
mod cue;
mod fin;
mod grammar;
mod holiday;
mod infer;
mod lex;
mod norm;
mod span;
mod spelled;
#[cfg(test)]
mod tests;
mod tokenize;
mod words;

pub use infer::{Confidence, DayEvidence, day_evidence};

use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Time,
    Unknown,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
            Granularity::Decade => "decade",
            Granularity::Century => "century",
            Granularity::Time => "time",
            Granularity::Unknown => "unknown",
        }
    }
}

/// Whether the value needed the reference date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Absolute,
    Reference,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timex {
    /// Byte offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub kind: TimexType,
    pub value: String,
    pub granularity: Granularity,
    /// Calendar interval denoted, when there is one.
    pub begin: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub anchor: Anchor,
}

/// Automaton and word tables, built once per run.
pub struct DateTagger {
    keywords: lex::KeywordAutomaton,
}

impl Default for DateTagger {
    fn default() -> Self {
        Self::new()
    }
}

impl DateTagger {
    pub fn new() -> DateTagger {
        DateTagger {
            keywords: lex::KeywordAutomaton::new(),
        }
    }

    /// The expressions in `text`, in order, before resolution.
    pub(crate) fn expressions(&self, text: &str) -> Vec<grammar::ExprSpan> {
        let mut tokens = Vec::new();
        tokenize::tokens(&self.keywords, text, &mut tokens);
        let mut found = Vec::new();
        grammar::parse(text, &tokens, &mut found);
        found
    }

    /// Temporal expressions in `text`, in order, non-overlapping.
    pub fn tag(&self, text: &str, reference: Option<NaiveDate>) -> Vec<Timex> {
        // The period an earnings report last spoke of, for "a year ago".
        let mut report = fin::ReportContext::default();
        self.expressions(text)
            .into_iter()
            .filter_map(|r| {
                let tense = || cue::tense(text, r.start, r.end);
                let mut n = norm::resolve(&r.expr, reference, tense)?;
                report.apply(&r.expr, r.start, r.end, &mut n, reference);
                Some(Timex {
                    start: r.start,
                    end: r.end,
                    kind: n.kind,
                    value: n.value,
                    granularity: n.granularity,
                    begin: n.begin,
                    end_date: n.end,
                    anchor: n.anchor,
                })
            })
            .collect()
    }
}
