//! Dates stage: temporal expressions in English news, normalized to TIMEX3
//! values against a reference (publication) date, HeidelTime-style.
//!
//! One Aho-Corasick pass finds keywords, a byte scan finds numbers; rules
//! over those tokens build expressions ([`grammar`]), which [`norm`] resolves
//! using the reference date and the tense cues around them ([`cue`]).

mod cal;
mod clock;
mod cue;
mod fin;
mod grammar;
mod holiday;
mod infer;
mod lex;
mod norm;
mod scan;
mod span;
mod spelled;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rules;
mod words;

pub use infer::infer_published;

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
    lex: lex::Lexicon,
}

impl Default for DateTagger {
    fn default() -> Self {
        Self::new()
    }
}

impl DateTagger {
    pub fn new() -> DateTagger {
        DateTagger {
            lex: lex::Lexicon::new(),
        }
    }

    pub(crate) fn raw(&self, text: &str) -> Vec<grammar::Raw> {
        let mut toks = Vec::new();
        scan::tokens(&self.lex, text, &mut toks);
        let mut raws = Vec::new();
        grammar::parse(text, &toks, &mut raws);
        raws
    }

    /// Temporal expressions in `text`, in order, non-overlapping.
    pub fn tag(&self, text: &str, reference: Option<NaiveDate>) -> Vec<Timex> {
        // The period an earnings report last spoke of, for "a year ago".
        let mut ctx = fin::Ctx::default();
        self.raw(text)
            .into_iter()
            .filter_map(|r| {
                let mut n = norm::resolve(&r.x, reference, || cue::direction(text, r.s, r.e))?;
                ctx.apply(&r.x, r.s, r.e, &mut n, reference);
                Some(Timex {
                    start: r.s,
                    end: r.e,
                    kind: n.kind,
                    value: n.value,
                    granularity: n.gran,
                    begin: n.begin,
                    end_date: n.end,
                    anchor: n.anchor,
                })
            })
            .collect()
    }
}
