//! Word tables: every keyword the tokenizer reacts to, matched once per text
//! with one Aho-Corasick automaton (ASCII case-insensitive).

use super::holiday::NAMES;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A time told only relative to now: TIMEX3's PRESENT_REF, PAST_REF and
/// FUTURE_REF ("currently", "recently", "in the future").
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TimeRef {
    Present,
    Past,
    Future,
}

/// What a keyword means to the grammar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Keyword {
    /// Month number; `true` for the full name (a lone "Jan" is too ambiguous).
    Month(u32, bool),
    /// ISO weekday 1..=7; `true` when plural ("Mondays").
    Weekday(u32, bool),
    Num(u32),
    Hundred,
    Thousand,
    Ord(u32),
    Unit(Unit, bool),
    Few,
    Couple,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Ref(TimeRef),
    Last,
    Next,
    This,
    Past,
    Coming,
    Previous,
    Recent,
    Early,
    Late,
    Mid,
    Earlier,
    Later,
    Ago,
    Every,
    Each,
    /// Set adverbs: daily, weekly, ...
    Per(Unit),
    /// 1 spring, 2 summer, 3 fall, 4 winter.
    Season(u32),
    /// Part of day: TIMEX3 suffix.
    Part(&'static str),
    Half,
    /// "Q1".."Q4".
    Q(u32),
    Fiscal,
    Future,
    Noon,
    Midnight,
    Am,
    Pm,
    Latest,
    Current,
    /// "period" (of a report).
    Period,
    Full,
    /// "year-end": December 31.
    YearEnd,
    /// Id into [`super::holiday::NAMES`].
    Holiday(u8),
}

const WORDS: &[(&str, Keyword)] = &[
    ("january", Keyword::Month(1, true)),
    ("jan", Keyword::Month(1, false)),
    ("february", Keyword::Month(2, true)),
    ("feb", Keyword::Month(2, false)),
    ("march", Keyword::Month(3, true)),
    ("mar", Keyword::Month(3, false)),
    ("april", Keyword::Month(4, true)),
    ("apr", Keyword::Month(4, false)),
    ("may", Keyword::Month(5, true)),
    ("june", Keyword::Month(6, true)),
    ("jun", Keyword::Month(6, false)),
    ("july", Keyword::Month(7, true)),
    ("jul", Keyword::Month(7, false)),
    ("august", Keyword::Month(8, true)),
    ("aug", Keyword::Month(8, false)),
    ("september", Keyword::Month(9, true)),
    ("sept", Keyword::Month(9, false)),
    ("sep", Keyword::Month(9, false)),
    ("october", Keyword::Month(10, true)),
    ("oct", Keyword::Month(10, false)),
    ("november", Keyword::Month(11, true)),
    ("nov", Keyword::Month(11, false)),
    ("december", Keyword::Month(12, true)),
    ("dec", Keyword::Month(12, false)),
    ("monday", Keyword::Weekday(1, false)),
    ("tuesday", Keyword::Weekday(2, false)),
    ("wednesday", Keyword::Weekday(3, false)),
    ("thursday", Keyword::Weekday(4, false)),
    ("friday", Keyword::Weekday(5, false)),
    ("saturday", Keyword::Weekday(6, false)),
    ("sunday", Keyword::Weekday(7, false)),
    ("mondays", Keyword::Weekday(1, true)),
    ("tuesdays", Keyword::Weekday(2, true)),
    ("wednesdays", Keyword::Weekday(3, true)),
    ("thursdays", Keyword::Weekday(4, true)),
    ("fridays", Keyword::Weekday(5, true)),
    ("saturdays", Keyword::Weekday(6, true)),
    ("sundays", Keyword::Weekday(7, true)),
    ("one", Keyword::Num(1)),
    ("two", Keyword::Num(2)),
    ("three", Keyword::Num(3)),
    ("four", Keyword::Num(4)),
    ("five", Keyword::Num(5)),
    ("six", Keyword::Num(6)),
    ("seven", Keyword::Num(7)),
    ("eight", Keyword::Num(8)),
    ("nine", Keyword::Num(9)),
    ("ten", Keyword::Num(10)),
    ("eleven", Keyword::Num(11)),
    ("twelve", Keyword::Num(12)),
    ("thirteen", Keyword::Num(13)),
    ("fourteen", Keyword::Num(14)),
    ("fifteen", Keyword::Num(15)),
    ("sixteen", Keyword::Num(16)),
    ("seventeen", Keyword::Num(17)),
    ("eighteen", Keyword::Num(18)),
    ("nineteen", Keyword::Num(19)),
    ("twenty", Keyword::Num(20)),
    ("thirty", Keyword::Num(30)),
    ("forty", Keyword::Num(40)),
    ("fifty", Keyword::Num(50)),
    ("sixty", Keyword::Num(60)),
    ("seventy", Keyword::Num(70)),
    ("eighty", Keyword::Num(80)),
    ("ninety", Keyword::Num(90)),
    ("hundred", Keyword::Hundred),
    ("thousand", Keyword::Thousand),
    ("dozen", Keyword::Num(12)),
    ("first", Keyword::Ord(1)),
    ("second", Keyword::Ord(2)),
    ("third", Keyword::Ord(3)),
    ("fourth", Keyword::Ord(4)),
    ("fifth", Keyword::Ord(5)),
    ("sixth", Keyword::Ord(6)),
    ("seventh", Keyword::Ord(7)),
    ("eighth", Keyword::Ord(8)),
    ("ninth", Keyword::Ord(9)),
    ("tenth", Keyword::Ord(10)),
    ("few", Keyword::Few),
    ("several", Keyword::Few),
    ("couple", Keyword::Couple),
    ("seconds", Keyword::Unit(Unit::Second, true)),
    ("minute", Keyword::Unit(Unit::Minute, false)),
    ("minutes", Keyword::Unit(Unit::Minute, true)),
    ("hour", Keyword::Unit(Unit::Hour, false)),
    ("hours", Keyword::Unit(Unit::Hour, true)),
    ("day", Keyword::Unit(Unit::Day, false)),
    ("days", Keyword::Unit(Unit::Day, true)),
    ("weekend", Keyword::Unit(Unit::Weekend, false)),
    ("weekends", Keyword::Unit(Unit::Weekend, true)),
    ("week", Keyword::Unit(Unit::Week, false)),
    ("weeks", Keyword::Unit(Unit::Week, true)),
    ("month", Keyword::Unit(Unit::Month, false)),
    ("months", Keyword::Unit(Unit::Month, true)),
    ("quarter", Keyword::Unit(Unit::Quarter, false)),
    ("quarters", Keyword::Unit(Unit::Quarter, true)),
    ("year", Keyword::Unit(Unit::Year, false)),
    ("years", Keyword::Unit(Unit::Year, true)),
    ("year-end", Keyword::YearEnd),
    ("decade", Keyword::Unit(Unit::Decade, false)),
    ("decades", Keyword::Unit(Unit::Decade, true)),
    ("century", Keyword::Unit(Unit::Century, false)),
    ("centuries", Keyword::Unit(Unit::Century, true)),
    ("today", Keyword::Today),
    ("yesterday", Keyword::Yesterday),
    ("tomorrow", Keyword::Tomorrow),
    ("tonight", Keyword::Tonight),
    ("now", Keyword::Now),
    ("currently", Keyword::Ref(TimeRef::Present)),
    ("nowadays", Keyword::Ref(TimeRef::Present)),
    ("recently", Keyword::Ref(TimeRef::Past)),
    ("last", Keyword::Last),
    ("next", Keyword::Next),
    ("this", Keyword::This),
    ("past", Keyword::Past),
    ("coming", Keyword::Coming),
    ("previous", Keyword::Previous),
    ("recent", Keyword::Recent),
    ("early", Keyword::Early),
    ("late", Keyword::Late),
    ("mid", Keyword::Mid),
    ("earlier", Keyword::Earlier),
    ("later", Keyword::Later),
    ("ago", Keyword::Ago),
    ("every", Keyword::Every),
    ("each", Keyword::Each),
    ("daily", Keyword::Per(Unit::Day)),
    ("weekly", Keyword::Per(Unit::Week)),
    ("monthly", Keyword::Per(Unit::Month)),
    ("yearly", Keyword::Per(Unit::Year)),
    ("spring", Keyword::Season(1)),
    ("summer", Keyword::Season(2)),
    ("fall", Keyword::Season(3)),
    ("autumn", Keyword::Season(3)),
    ("winter", Keyword::Season(4)),
    ("morning", Keyword::Part("MO")),
    ("afternoon", Keyword::Part("AF")),
    ("evening", Keyword::Part("EV")),
    ("night", Keyword::Part("NI")),
    ("half", Keyword::Half),
    ("q1", Keyword::Q(1)),
    ("q2", Keyword::Q(2)),
    ("q3", Keyword::Q(3)),
    ("q4", Keyword::Q(4)),
    ("fiscal", Keyword::Fiscal),
    ("future", Keyword::Future),
    ("noon", Keyword::Noon),
    ("midday", Keyword::Noon),
    ("midnight", Keyword::Midnight),
    ("a.m.", Keyword::Am),
    ("am", Keyword::Am),
    ("p.m.", Keyword::Pm),
    ("pm", Keyword::Pm),
    ("latest", Keyword::Latest),
    ("current", Keyword::Current),
    ("period", Keyword::Period),
    ("full", Keyword::Full),
];

/// Every keyword in one automaton, and what each of its patterns means.
pub(crate) struct KeywordAutomaton {
    pub automaton: AhoCorasick,
    /// Meaning of each pattern, by pattern id.
    pub by_pattern: Vec<Keyword>,
}

impl KeywordAutomaton {
    pub fn new() -> KeywordAutomaton {
        // A DFA: every document is scanned, and the word list is small.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(
                WORDS
                    .iter()
                    .map(|(s, _)| *s)
                    .chain(NAMES.iter().map(|(s, _)| *s)),
            )
            .expect("static keyword automaton");
        let holidays = NAMES.iter().map(|(_, h)| Keyword::Holiday(*h));
        KeywordAutomaton {
            automaton,
            by_pattern: WORDS.iter().map(|(_, w)| *w).chain(holidays).collect(),
        }
    }
}
