//! What extraction found in one clean text ([`Found`]), and its compact
//! byte encoding: the record the run cache keeps per document, so that a
//! re-run decodes instead of extracting again.

use chrono::NaiveDate;

use crate::codec::{Bytes, put_day, put_u32};
use crate::extract::actors::Method;
use crate::extract::dates::{Anchor, Granularity, Timex, TimexType};
use crate::extract::ner::Label;
use crate::extract::record::Who;

/// What extraction found in one clean text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte ranges in the clean text, in order.
    pub mentions: Vec<(usize, usize, Who)>,
    pub timexes: Vec<Timex>,
}

/// The cache key of a document: its clean text and publication day.
pub fn key(clean_text: &str, published: Option<NaiveDate>) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(clean_text.as_bytes());
    h.update(
        &crate::epoch::days(published)
            .map_or(i64::MIN, i64::from)
            .to_le_bytes(),
    );
    h.digest128()
}

/// Serializes what extraction found (a compact little-endian layout).
pub fn encode(e: &Found, out: &mut Vec<u8>) {
    put_u32(out, e.mentions.len() as u32);
    for &(start, end, who) in &e.mentions {
        put_u32(out, start as u32);
        put_u32(out, end as u32);
        match who {
            Who::Actor(actor, method) => {
                out.push(code(&METHODS, method));
                put_u32(out, actor);
            }
            Who::Unknown(label) => out.push(100u8.saturating_add(code(&LABELS, label))),
        }
    }
    put_u32(out, e.timexes.len() as u32);
    for t in &e.timexes {
        put_u32(out, t.start as u32);
        put_u32(out, t.end as u32);
        out.push(code(&KINDS, t.kind));
        out.push(code(&GRANULARITIES, t.granularity));
        out.push(code(&ANCHORS, t.anchor));
        put_day(out, t.begin);
        put_day(out, t.end_date);
        put_u32(out, t.value.len() as u32);
        out.extend_from_slice(t.value.as_bytes());
    }
}

/// Reads back what [`encode`] wrote; `None` if the bytes do not parse.
pub fn decode(bytes: &[u8]) -> Option<Found> {
    let mut r = Bytes(bytes);
    let mut mentions = Vec::with_capacity(r.u32()? as usize);
    for _ in 0..mentions.capacity() {
        let (start, end) = (r.u32()? as usize, r.u32()? as usize);
        let tag = r.u8()?;
        let who = match tag {
            100.. => Who::Unknown(*LABELS.get(usize::from(tag - 100))?),
            _ => Who::Actor(r.u32()?, *METHODS.get(usize::from(tag))?),
        };
        mentions.push((start, end, who));
    }
    let mut timexes = Vec::with_capacity(r.u32()? as usize);
    for _ in 0..timexes.capacity() {
        let (start, end) = (r.u32()? as usize, r.u32()? as usize);
        let kind = *KINDS.get(usize::from(r.u8()?))?;
        let granularity = *GRANULARITIES.get(usize::from(r.u8()?))?;
        let anchor = *ANCHORS.get(usize::from(r.u8()?))?;
        let (begin, end_date) = (r.day()?, r.day()?);
        let len = r.u32()? as usize;
        let value = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
        timexes.push(Timex {
            start,
            end,
            kind,
            value,
            granularity,
            begin,
            end_date,
            anchor,
        });
    }
    r.0.is_empty().then_some(Found { mentions, timexes })
}

// Codes are positions in these lists; a variant missing from a list gets
// code 255, which does not decode, so its document is extracted afresh.
const KINDS: [TimexType; 4] = [
    TimexType::Date,
    TimexType::Time,
    TimexType::Duration,
    TimexType::Set,
];
const GRANULARITIES: [Granularity; 9] = [
    Granularity::Day,
    Granularity::Week,
    Granularity::Month,
    Granularity::Quarter,
    Granularity::Year,
    Granularity::Decade,
    Granularity::Century,
    Granularity::Time,
    Granularity::Unknown,
];
const ANCHORS: [Anchor; 2] = [Anchor::Absolute, Anchor::Reference];
const METHODS: [Method; 6] = [
    Method::Name,
    Method::Alias,
    Method::Surname,
    Method::Title,
    Method::Demonym,
    Method::FirstName,
];
const LABELS: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

fn code<T: PartialEq>(list: &[T], v: T) -> u8 {
    list.iter()
        .position(|x| *x == v)
        .map_or(u8::MAX, |i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Found {
        let day = NaiveDate::from_ymd_opt(2024, 12, 18);
        Found {
            mentions: vec![
                (0, 8, Who::Actor(7, Method::Surname)),
                (10, 14, Who::Unknown(Label::Org)),
            ],
            timexes: vec![Timex {
                start: 20,
                end: 27,
                kind: TimexType::Date,
                value: "2024-12-18".into(),
                granularity: Granularity::Day,
                begin: day,
                end_date: None,
                anchor: Anchor::Reference,
            }],
        }
    }

    #[test]
    fn found_round_trips() {
        let mut bytes = Vec::new();
        encode(&sample(), &mut bytes);
        assert_eq!(decode(&bytes), Some(sample()));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
    }
}
