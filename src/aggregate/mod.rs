//! Aggregates: mention counts by actor and day, and co-mentions of actor
//! pairs by day, counted in hash maps keyed by actor and day.
//!
//! Each batch is counted on its own into partial counts, which are merged
//! by summing. That works because every document lies in exactly one batch,
//! so per-batch document counts add up; memory holds one entry per (actor,
//! day) seen, never the mentions themselves. Polars only sorts and types
//! the final tables: its group-bys per batch cost about 4% of a run's CPU.

pub mod candidates;

use std::collections::HashMap;
use std::hash::Hash;

use polars::prelude::*;

use crate::codec::{Bytes, put_epoch_day, put_i64, put_u32, put_u64};
use crate::extract::actors::{Matcher, Method};
use crate::extract::record::{Processed, Who};
use crate::output::{ActorDayColumns, ActorEventDayColumns, ActorPairDayColumns};

/// A day as polars stores a Date (days since 1970-01-01), or none.
type Day = Option<i32>;

/// The document counted last, so that a count of documents takes each
/// once: a document's mentions arrive together.
#[derive(Clone, Copy)]
struct LastDoc(u32);

impl Default for LastDoc {
    fn default() -> Self {
        LastDoc(u32::MAX)
    }
}

impl LastDoc {
    /// 1 the first time `doc` comes in a row, else 0.
    fn first(&mut self, doc: u32) -> i64 {
        let first = self.0 != doc;
        self.0 = doc;
        i64::from(first)
    }
}

/// Counts of one (actor, day).
#[derive(Clone, Copy, Default)]
struct ActorCounts {
    mentions: i64,
    unique_mentions: i64,
    documents: i64,
    /// Mentions whose day was written in their sentence (`actor_event_day`).
    from_sentence: i64,
    last_doc: LastDoc,
}

impl ActorCounts {
    fn encode(&self, out: &mut Vec<u8>) {
        for v in [
            self.mentions,
            self.unique_mentions,
            self.documents,
            self.from_sentence,
        ] {
            put_i64(out, v);
        }
    }

    fn decode(bytes: &mut Bytes) -> Option<ActorCounts> {
        Some(ActorCounts {
            mentions: bytes.i64()?,
            unique_mentions: bytes.i64()?,
            documents: bytes.i64()?,
            from_sentence: bytes.i64()?,
            last_doc: LastDoc::default(),
        })
    }

    fn add(&mut self, other: &ActorCounts) {
        self.mentions += other.mentions;
        self.unique_mentions += other.unique_mentions;
        self.documents += other.documents;
        self.from_sentence += other.from_sentence;
    }
}

/// Counts of one (actor, actor, day).
#[derive(Clone, Copy, Default)]
struct PairCounts {
    sentences: i64,
    documents: i64,
    last_doc: LastDoc,
}

impl PairCounts {
    fn add(&mut self, other: &PairCounts) {
        self.sentences += other.sentences;
        self.documents += other.documents;
    }
}

/// Maps keyed by small integers: foldhash (already in the build through
/// hashbrown), with a fixed seed so runs do not differ even in hash order.
type CountMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Counts per (actor, day), with the actor as the matcher's index.
type ActorDays = CountMap<(u32, Day), ActorCounts>;
/// Counts per (actor a, actor b, day).
type PairDays = CountMap<(u32, u32, Day), PairCounts>;

fn add_all<K: Hash + Eq, V>(into: &mut CountMap<K, V>, from: CountMap<K, V>, add: fn(&mut V, &V))
where
    V: Default,
{
    for (key, counts) in from {
        add(into.entry(key).or_default(), &counts);
    }
}

/// What one batch adds to the counts.
#[derive(Default)]
pub struct BatchCounts {
    count_demonyms: bool,
    actor_day: ActorDays,
    event_day: ActorDays,
    pair_day: PairDays,
    /// (sentence, actor) of the document being pushed; kept for its buffer.
    sentence_actors: Vec<(u32, u32)>,
}

impl BatchCounts {
    pub fn new(settings: &Counting) -> BatchCounts {
        BatchCounts {
            count_demonyms: settings.count_demonyms,
            ..Default::default()
        }
    }

    /// Records a document's counted mentions. `ordinal` identifies the
    /// document; `duplicate` and `repeated` (per sentence) decide what
    /// counts as unique.
    pub fn push(
        &mut self,
        ordinal: u32,
        p: &Processed,
        day: Option<i32>,
        duplicate: bool,
        repeated: &[bool],
        matcher: &Matcher,
    ) {
        let mut sentence_actors = std::mem::take(&mut self.sentence_actors);
        sentence_actors.clear();
        for m in &p.mentions {
            let Who::Actor(actor, method) = m.who else {
                continue;
            };
            if method == Method::Demonym && !self.count_demonyms {
                continue;
            }
            let repeat = repeated.get(m.sentence as usize).copied().unwrap_or(false);
            let unique = i64::from(!duplicate && !repeat);
            let c = self.actor_day.entry((actor, day)).or_default();
            c.mentions += 1;
            c.unique_mentions += unique;
            c.documents += c.last_doc.first(ordinal);
            let e = self
                .event_day
                .entry((actor, crate::epoch::days(m.day)))
                .or_default();
            e.mentions += 1;
            e.unique_mentions += unique;
            e.documents += e.last_doc.first(ordinal);
            e.from_sentence += i64::from(m.day_from_sentence);
            sentence_actors.push((m.sentence, actor));
        }
        // Each pair of distinct actors in one sentence, once per sentence,
        // ordered by actor id so a pair has one spelling.
        sentence_actors.sort_unstable();
        sentence_actors.dedup();
        for group in sentence_actors.chunk_by(|a, b| a.0 == b.0) {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    let (x, y) = if matcher.id_rank(a.1) <= matcher.id_rank(b.1) {
                        (a.1, b.1)
                    } else {
                        (b.1, a.1)
                    };
                    let c = self.pair_day.entry((x, y, day)).or_default();
                    c.sentences += 1;
                    c.documents += c.last_doc.first(ordinal);
                }
            }
        }
        self.sentence_actors = sentence_actors;
    }
}

/// Counting rules a pipeline may change.
#[derive(Debug, Clone, Default)]
pub struct Counting {
    /// Count demonym references ("Ukrainian forces") as country mentions.
    pub count_demonyms: bool,
}

/// The counts of the run so far.
#[derive(Default)]
pub struct Aggregator {
    actor_day: ActorDays,
    event_day: ActorDays,
    pair_day: PairDays,
}

impl Aggregator {
    /// Adds a batch's counts: its documents are in no other batch, so
    /// document counts add up.
    pub fn add(&mut self, batch: BatchCounts) {
        add_all(&mut self.actor_day, batch.actor_day, ActorCounts::add);
        add_all(&mut self.event_day, batch.event_day, ActorCounts::add);
        add_all(&mut self.pair_day, batch.pair_day, PairCounts::add);
    }

    /// The counts so far, for a later run that continues this one. Actors
    /// are the matcher's indices: valid for the same dictionaries only.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for map in [&self.actor_day, &self.event_day] {
            put_u64(out, map.len() as u64);
            for (&(actor, day), counts) in map {
                put_u32(out, actor);
                put_epoch_day(out, day);
                counts.encode(out);
            }
        }
        put_u64(out, self.pair_day.len() as u64);
        for (&(a, b, day), counts) in &self.pair_day {
            put_u32(out, a);
            put_u32(out, b);
            put_epoch_day(out, day);
            put_i64(out, counts.sentences);
            put_i64(out, counts.documents);
        }
    }

    /// Counts an earlier run [`encode`](Self::encode)d; `None` if the bytes
    /// do not parse.
    pub fn decode(bytes: &mut Bytes) -> Option<Aggregator> {
        let mut agg = Aggregator::default();
        for map in [&mut agg.actor_day, &mut agg.event_day] {
            for _ in 0..bytes.count()? {
                let key = (bytes.u32()?, bytes.epoch_day()?);
                map.insert(key, ActorCounts::decode(bytes)?);
            }
        }
        for _ in 0..bytes.count()? {
            let key = (bytes.u32()?, bytes.u32()?, bytes.epoch_day()?);
            let counts = PairCounts {
                sentences: bytes.i64()?,
                documents: bytes.i64()?,
                last_doc: LastDoc::default(),
            };
            agg.pair_day.insert(key, counts);
        }
        Some(agg)
    }

    /// The final `actor_day`, `actor_event_day` and `actor_pair_day` tables.
    pub fn finish(self, matcher: &Matcher) -> PolarsResult<[DataFrame; 3]> {
        let actor_day = actor_day(self.actor_day, matcher)?;
        let event_day = actor_event_day(self.event_day, matcher)?;
        let pair_day = actor_pair_day(self.pair_day, matcher)?;
        Ok([actor_day, event_day, pair_day])
    }
}

/// The aggregates' row order: by day, nulls last, then by actor id in byte
/// order (the order polars' sort on those columns gave). Rows come out of
/// the maps in hash order; sorting the keys here, on integers, spares a
/// sort of the built frames, which encoded every row's strings once more
/// at the very end of the run, when memory peaks.
fn day_key(day: Day) -> (bool, i32) {
    (day.is_none(), day.unwrap_or(0))
}

/// Rows of a per-actor table in contract order: by day, then actor id.
fn sorted_by_actor(counts: ActorDays, matcher: &Matcher) -> Vec<((u32, Day), ActorCounts)> {
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_unstable_by_key(|&((actor, d), _)| (day_key(d), matcher.id_rank(actor)));
    rows
}

/// Fills one row of the columns `actor_day` and `actor_event_day` share.
macro_rules! push_actor_row {
    ($c:expr, $info:expr, $day:expr, $counts:expr) => {{
        $c.actor_id.push(&$info.id);
        $c.actor_name.push(&$info.name);
        $c.actor_type.push($info.kind.as_str());
        $c.day.push($day);
        $c.mentions.push($counts.mentions);
        $c.unique_mentions.push($counts.unique_mentions);
        $c.documents.push($counts.documents);
    }};
}

fn actor_day(counts: ActorDays, matcher: &Matcher) -> PolarsResult<DataFrame> {
    let rows = sorted_by_actor(counts, matcher);
    let mut c = ActorDayColumns::with_capacity(rows.len());
    for ((actor, day), counts) in rows {
        push_actor_row!(c, matcher.actor(actor), day, counts);
    }
    c.finish()
}

fn actor_event_day(counts: ActorDays, matcher: &Matcher) -> PolarsResult<DataFrame> {
    let rows = sorted_by_actor(counts, matcher);
    let mut c = ActorEventDayColumns::with_capacity(rows.len());
    for ((actor, day), counts) in rows {
        push_actor_row!(c, matcher.actor(actor), day, counts);
        c.from_sentence.push(counts.from_sentence);
    }
    c.finish()
}

fn actor_pair_day(counts: PairDays, matcher: &Matcher) -> PolarsResult<DataFrame> {
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_unstable_by_key(|&((x, y, d), _)| {
        (day_key(d), matcher.id_rank(x), matcher.id_rank(y))
    });
    let mut c = ActorPairDayColumns::with_capacity(rows.len());
    for ((x, y, day), counts) in rows {
        let (a, b) = (matcher.actor(x), matcher.actor(y));
        c.actor_a.push(&a.id);
        c.actor_a_name.push(&a.name);
        c.actor_b.push(&b.id);
        c.actor_b_name.push(&b.name);
        c.day.push(day);
        c.sentences.push(counts.sentences);
        c.documents.push(counts.documents);
    }
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::actors::Dictionary;

    #[test]
    fn rows_are_ordered_by_day_nulls_last_then_actor_ids_as_polars_sorts_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/actors");
        let dictionary =
            Dictionary::load(&[root.join("countries.toml"), root.join("core.toml")]).unwrap();
        let matcher = Matcher::new(&dictionary);
        let actors = matcher.actor_count() as u32;
        assert!(actors > 100);
        let mut agg = Aggregator::default();
        // Actor indices spread over the dictionary (index order is not id
        // order), days with nulls and repeats.
        for i in 0..500u32 {
            let actor = (i * 7919) % actors;
            let other = (i * 104_729 + 1) % actors;
            let day = (i % 5 != 0).then_some(10_000 + (i % 13) as i32);
            let counts = ActorCounts {
                mentions: i64::from(i),
                ..ActorCounts::default()
            };
            agg.actor_day.insert((actor, day), counts);
            agg.event_day.insert((other, day), counts);
            agg.pair_day
                .insert((actor, other, day), PairCounts::default());
        }
        let [actor_day, event_day, pair_day] = agg.finish(&matcher).unwrap();
        let sorted = |frame: &DataFrame, by: &[&str]| {
            frame
                .sort(
                    by.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    SortMultipleOptions::new().with_nulls_last(true),
                )
                .unwrap()
        };
        assert!(actor_day.height() > 400);
        assert!(actor_day.equals_missing(&sorted(&actor_day, &["day", "actor_id"])));
        assert!(event_day.equals_missing(&sorted(&event_day, &["day", "actor_id"])));
        assert!(pair_day.equals_missing(&sorted(&pair_day, &["day", "actor_a", "actor_b"])));
        assert!(actor_day.column("day").unwrap().null_count() > 0);
    }
}
