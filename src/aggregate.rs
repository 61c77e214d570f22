//! Aggregates: mention counts by actor and day, and co-mentions of actor
//! pairs by day, built with polars lazy group-bys.
//!
//! Each batch is aggregated on its own into partial counts, which are merged
//! by summing. That works because every document lies in exactly one batch,
//! so per-batch document counts add up; memory holds one row per (actor,
//! day) seen, never the mentions themselves.

use polars::prelude::*;

use crate::actors::{Matcher, Method};
use crate::run::{Processed, Who};
use crate::tables::{ACTOR_DAY, ACTOR_EVENT_DAY, ACTOR_PAIR_DAY, TableSpec, conform};

/// Merge partials once they hold this many rows.
const MERGE_AT: usize = 1 << 20;

/// What one batch adds: a row per counted mention and per co-mentioned pair.
#[derive(Default)]
pub struct BatchCounts {
    count_demonyms: bool,
    actor: Vec<u32>,
    day: Vec<Option<i32>>,
    doc: Vec<u32>,
    unique: Vec<bool>,
    event_day: Vec<Option<i32>>,
    from_sentence: Vec<bool>,
    pair_a: Vec<u32>,
    pair_b: Vec<u32>,
    pair_day: Vec<Option<i32>>,
    pair_doc: Vec<u32>,
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
        let mut sentence_actors: Vec<(u32, u32)> = Vec::new();
        for m in &p.mentions {
            let Who::Actor(actor, method) = m.who else {
                continue;
            };
            if method == Method::Demonym && !self.count_demonyms {
                continue;
            }
            let repeat = repeated.get(m.sentence as usize).copied().unwrap_or(false);
            self.actor.push(actor);
            self.day.push(day);
            self.doc.push(ordinal);
            self.unique.push(!duplicate && !repeat);
            self.event_day.push(crate::tables::days(m.day));
            self.from_sentence.push(m.day_from_sentence);
            sentence_actors.push((m.sentence, actor));
        }
        // Each pair of distinct actors in one sentence, once per sentence,
        // ordered by actor id so a pair has one spelling.
        sentence_actors.sort_unstable();
        sentence_actors.dedup();
        for group in sentence_actors.chunk_by(|a, b| a.0 == b.0) {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    let (x, y) = if matcher.actor(a.1).id <= matcher.actor(b.1).id {
                        (a.1, b.1)
                    } else {
                        (b.1, a.1)
                    };
                    self.pair_a.push(x);
                    self.pair_b.push(y);
                    self.pair_day.push(day);
                    self.pair_doc.push(ordinal);
                }
            }
        }
    }
}

/// A partial's counts per group (`mentions`, `unique_mentions`,
/// `documents`), then `more`.
fn with_counts<const N: usize>(more: [Expr; N]) -> Vec<Expr> {
    let mut exprs = vec![
        len().cast(DataType::UInt64).alias("mentions"),
        col("unique")
            .cast(DataType::UInt64)
            .sum()
            .alias("unique_mentions"),
        col("doc")
            .n_unique()
            .cast(DataType::UInt64)
            .alias("documents"),
    ];
    exprs.extend(more);
    exprs
}

/// Counting rules a pipeline may change.
#[derive(Debug, Clone, Default)]
pub struct Counting {
    /// Count demonym references ("Ukrainian forces") as country mentions.
    pub count_demonyms: bool,
}

/// Partial aggregates of the run so far.
#[derive(Default)]
pub struct Aggregator {
    actor_day: Vec<DataFrame>,
    event_day: Vec<DataFrame>,
    pair_day: Vec<DataFrame>,
    rows: usize,
}

fn date_column(name: &str, days: Vec<Option<i32>>) -> PolarsResult<Column> {
    Column::new(name.into(), days).cast(&DataType::Date)
}

impl Aggregator {
    pub fn add(&mut self, batch: BatchCounts) -> PolarsResult<()> {
        let mentions = DataFrame::new_infer_height(vec![
            Column::new("actor".into(), batch.actor),
            date_column("day", batch.day)?,
            Column::new("doc".into(), batch.doc),
            Column::new("unique".into(), batch.unique),
            date_column("event_day", batch.event_day)?,
            Column::new("from_sentence".into(), batch.from_sentence),
        ])?;
        let event_partial = mentions
            .clone()
            .lazy()
            .group_by([col("actor"), col("event_day").alias("day")])
            .agg(with_counts([col("from_sentence")
                .cast(DataType::UInt64)
                .sum()
                .alias("from_sentence")]))
            .collect()?;
        let partial = mentions
            .lazy()
            .group_by([col("actor"), col("day")])
            .agg(with_counts([]))
            .collect()?;
        let pairs = DataFrame::new_infer_height(vec![
            Column::new("a".into(), batch.pair_a),
            Column::new("b".into(), batch.pair_b),
            date_column("day", batch.pair_day)?,
            Column::new("doc".into(), batch.pair_doc),
        ])?;
        let pair_partial = pairs
            .lazy()
            .group_by([col("a"), col("b"), col("day")])
            .agg([
                len().cast(DataType::UInt64).alias("sentences"),
                col("doc")
                    .n_unique()
                    .cast(DataType::UInt64)
                    .alias("documents"),
            ])
            .collect()?;
        self.rows += partial.height() + event_partial.height() + pair_partial.height();
        self.actor_day.push(partial);
        self.event_day.push(event_partial);
        self.pair_day.push(pair_partial);
        if self.rows > MERGE_AT {
            self.actor_day = vec![merge(
                std::mem::take(&mut self.actor_day),
                &["actor", "day"],
                ACTOR_COUNTS,
            )?];
            self.event_day = vec![merge(
                std::mem::take(&mut self.event_day),
                &["actor", "day"],
                EVENT_COUNTS,
            )?];
            self.pair_day = vec![merge(
                std::mem::take(&mut self.pair_day),
                &["a", "b", "day"],
                &["sentences", "documents"],
            )?];
            self.rows =
                self.actor_day[0].height() + self.event_day[0].height() + self.pair_day[0].height();
        }
        Ok(())
    }

    /// The final `actor_day`, `actor_event_day` and `actor_pair_day` tables.
    pub fn finish(mut self, matcher: &Matcher) -> PolarsResult<[DataFrame; 3]> {
        if self.actor_day.is_empty() {
            // No batch at all: empty tables with the right columns.
            self.add(BatchCounts::default())?;
        }
        let actor_day = merge(self.actor_day, &["actor", "day"], ACTOR_COUNTS)?;
        let event_day = merge(self.event_day, &["actor", "day"], EVENT_COUNTS)?;
        let pair_day = merge(
            self.pair_day,
            &["a", "b", "day"],
            &["sentences", "documents"],
        )?;
        let actor_day = by_actor(&ACTOR_DAY, &actor_day, ACTOR_COUNTS, matcher)?;
        let event_day = by_actor(&ACTOR_EVENT_DAY, &event_day, EVENT_COUNTS, matcher)?;
        let info = |ids: &[u32], f: fn(&crate::actors::ActorInfo) -> String| -> Vec<String> {
            ids.iter().map(|&i| f(matcher.actor(i))).collect()
        };
        let (a, b) = (index(&pair_day, "a")?, index(&pair_day, "b")?);
        let pair_day = conform(
            &ACTOR_PAIR_DAY,
            vec![
                Column::new("actor_a".into(), info(&a, |x| x.id.clone())),
                Column::new("actor_b".into(), info(&b, |x| x.id.clone())),
                pair_day.column("day")?.clone(),
                pair_day.column("sentences")?.clone(),
                pair_day.column("documents")?.clone(),
            ],
        )?
        .sort(
            ["day", "actor_a", "actor_b"],
            SortMultipleOptions::new().with_nulls_last(true),
        )?;
        Ok([actor_day, event_day, pair_day])
    }
}

const ACTOR_COUNTS: &[&str] = &["mentions", "unique_mentions", "documents"];
const EVENT_COUNTS: &[&str] = &["mentions", "unique_mentions", "documents", "from_sentence"];

fn index(df: &DataFrame, name: &str) -> PolarsResult<Vec<u32>> {
    Ok(df.column(name)?.u32()?.into_no_null_iter().collect())
}

/// A per-actor table: the actor's id, name and type, then `day` and the
/// count columns of the merged partials, in contract order.
fn by_actor(
    spec: &TableSpec,
    merged: &DataFrame,
    counts: &[&str],
    matcher: &Matcher,
) -> PolarsResult<DataFrame> {
    let actors: Vec<&crate::actors::ActorInfo> = index(merged, "actor")?
        .into_iter()
        .map(|i| matcher.actor(i))
        .collect();
    let mut columns = vec![
        Column::new(
            "actor_id".into(),
            actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "actor_name".into(),
            actors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "actor_type".into(),
            actors.iter().map(|a| a.kind.as_str()).collect::<Vec<_>>(),
        ),
        merged.column("day")?.clone(),
    ];
    for name in counts {
        columns.push(merged.column(name)?.clone());
    }
    conform(spec, columns)?.sort(
        ["day", "actor_id"],
        SortMultipleOptions::new().with_nulls_last(true),
    )
}

/// Sums partial counts over their keys.
fn merge(parts: Vec<DataFrame>, keys: &[&str], counts: &[&str]) -> PolarsResult<DataFrame> {
    let frames: Vec<LazyFrame> = parts.into_iter().map(IntoLazy::lazy).collect();
    concat(frames, UnionArgs::default())?
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg(counts.iter().map(|c| col(*c).sum()).collect::<Vec<_>>())
        .collect()
}
