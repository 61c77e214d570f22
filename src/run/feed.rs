//! Wire copy's datelines give the day and month a story was filed, not the
//! year. A feed's stories come in order, so its recent stories vote on the
//! year: every given publication day, and every year a story's own full
//! dates suggest ([`DayEvidence::suggested`]). Once a feed has enough
//! votes, a dateline takes the year that puts it nearest the votes' day
//! (the median vote of the most voted year); before that it gets no day.
//! A feed is the documents' `source`, else their input file. This runs in
//! input order, between cleaning and extraction, so extraction resolves
//! dates against the day found here, whatever the thread count.

use std::collections::{HashMap, VecDeque};

use chrono::{Datelike, NaiveDate};

use crate::codec::{Bytes, put_day, put_str, put_u64};
use crate::extract::dates::{Confidence, DayEvidence};
use crate::ingest::{PublishedSource, RawDocument};

/// Votes a feed remembers, the most recent.
const WINDOW: usize = 31;
/// Votes a feed needs before it dates a dateline.
const QUORUM: usize = 9;
/// A dateline is placed at most this far from its feed's day.
const REACH_DAYS: i64 = 183;

/// The recent votes of each feed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Feeds {
    votes: HashMap<String, VecDeque<NaiveDate>>,
}

impl Feeds {
    /// Gives `doc` a publication day from its dateline and its feed, when
    /// no input gave one, and records its vote.
    pub fn date(&mut self, doc: &mut RawDocument, evidence: Option<&DayEvidence>) {
        let feed = doc.source.as_deref().unwrap_or(&doc.input);
        if let Some(day) = doc.published {
            self.vote(feed, day);
            return;
        }
        let Some(&DayEvidence {
            dateline: Some((month, day)),
            suggested,
        }) = evidence
        else {
            return;
        };
        let found = self
            .votes
            .get(feed)
            .and_then(consensus)
            .and_then(|c| nearest(c, month, day));
        if let Some(suggested) = suggested {
            self.vote(feed, suggested);
        }
        let Some(found) = found else {
            return;
        };
        let confidence = match suggested == Some(found) {
            true => Confidence::High,
            false => Confidence::Medium,
        };
        doc.published = Some(found);
        doc.published_source = Some(PublishedSource::Inferred(confidence));
    }

    fn vote(&mut self, feed: &str, day: NaiveDate) {
        let votes = match self.votes.get_mut(feed) {
            Some(votes) => votes,
            None => self.votes.entry(feed.to_string()).or_default(),
        };
        if votes.len() == WINDOW {
            votes.pop_front();
        }
        votes.push_back(day);
    }

    /// The feeds' votes, for a later run that continues this one.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut feeds: Vec<_> = self.votes.iter().collect();
        feeds.sort();
        put_u64(out, feeds.len() as u64);
        for (feed, votes) in feeds {
            put_str(out, feed);
            put_u64(out, votes.len() as u64);
            for day in votes {
                put_day(out, Some(*day));
            }
        }
    }

    /// Votes an earlier run [`encode`](Self::encode)d; `None` if the bytes
    /// do not parse.
    pub fn decode(bytes: &mut Bytes) -> Option<Feeds> {
        let mut feeds = Feeds::default();
        for _ in 0..bytes.count()? {
            let feed = bytes.str()?.to_string();
            let mut votes = VecDeque::new();
            for _ in 0..bytes.count()? {
                votes.push_back(bytes.day()??);
            }
            feeds.votes.insert(feed, votes);
        }
        Some(feeds)
    }
}

/// The day a feed's votes agree on: the median vote of the year with the
/// most votes, once there are enough votes. On a tie the earlier year
/// wins: stories name coming dates (maturities, payment days) more than
/// past ones, so stray votes lean late.
fn consensus(votes: &VecDeque<NaiveDate>) -> Option<NaiveDate> {
    if votes.len() < QUORUM {
        return None;
    }
    let mut years: Vec<i32> = votes.iter().map(|d| d.year()).collect();
    years.sort_unstable();
    let year = years
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| (run.len(), std::cmp::Reverse(run[0])))
        .map(|run| run[0])?;
    let mut in_year: Vec<NaiveDate> = votes.iter().copied().filter(|d| d.year() == year).collect();
    in_year.sort_unstable();
    in_year.get(in_year.len() / 2).copied()
}

/// `month`-`day` in the year that puts it nearest `reference`, if near enough.
fn nearest(reference: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (reference.year() - 1..=reference.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .map(|d| ((d - reference).num_days().abs(), d))
        .filter(|(gap, _)| *gap <= REACH_DAYS)
        .min()
        .map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn doc(published: Option<&str>) -> RawDocument {
        RawDocument {
            input: "wire.jsonl".into(),
            line: None,
            external_id: None,
            source: Some("Wire".into()),
            title: None,
            author: None,
            url: None,
            published: published.map(d),
            published_source: None,
            captured: None,
            language: None,
            text: String::new(),
            extracted: false,
            bytes: 0,
            replaced_sequences: 0,
        }
    }

    fn dateline(month: u32, day: u32, suggested: Option<&str>) -> DayEvidence {
        DayEvidence {
            dateline: Some((month, day)),
            suggested: suggested.map(d),
        }
    }

    #[test]
    fn a_dateline_takes_the_year_its_feed_votes_for() {
        let mut feeds = Feeds::default();
        // Votes: a stray year among this year's.
        let votes = [
            "1987-02-26",
            "1992-02-26",
            "1987-02-27",
            "1984-03-01",
            "1987-03-02",
            "1987-03-02",
            "1988-03-02",
            "1987-03-03",
            "1987-03-03",
        ];
        for (i, vote) in votes.iter().enumerate() {
            let mut story = doc(None);
            let day = d(vote);
            feeds.date(
                &mut story,
                Some(&dateline(day.month(), day.day(), Some(vote))),
            );
            let quorum = i + 1 > QUORUM;
            assert_eq!(story.published.is_some(), quorum, "vote {i}");
        }
        let mut story = doc(None);
        feeds.date(&mut story, Some(&dateline(3, 3, None)));
        assert_eq!(story.published, Some(d("1987-03-03")));
        assert_eq!(
            story.published_source,
            Some(PublishedSource::Inferred(Confidence::Medium))
        );
        let mut agreeing = doc(None);
        feeds.date(&mut agreeing, Some(&dateline(3, 4, Some("1987-03-04"))));
        assert_eq!(
            agreeing.published_source,
            Some(PublishedSource::Inferred(Confidence::High))
        );
        // Another feed knows nothing yet.
        let mut other = doc(None);
        other.source = Some("Elsewhere".into());
        feeds.date(&mut other, Some(&dateline(3, 3, None)));
        assert_eq!(other.published, None);
    }

    #[test]
    fn given_days_vote_and_stay() {
        let mut feeds = Feeds::default();
        let days = [
            "2004-12-24",
            "2004-12-25",
            "2004-12-26",
            "2004-12-27",
            "2004-12-28",
            "2004-12-29",
            "2004-12-30",
            "2004-12-31",
            "2005-01-01",
        ];
        for day in days {
            let mut given = doc(Some(day));
            feeds.date(&mut given, Some(&dateline(1, 1, None)));
            assert_eq!(given.published, Some(d(day)));
        }
        // The year turns: January 2 is nearest the votes in 2005.
        let mut next = doc(None);
        feeds.date(&mut next, Some(&dateline(1, 2, None)));
        assert_eq!(next.published, Some(d("2005-01-02")));
        let mut bytes = Vec::new();
        feeds.encode(&mut bytes);
        assert_eq!(Feeds::decode(&mut Bytes(&bytes)), Some(feeds));
    }
}
