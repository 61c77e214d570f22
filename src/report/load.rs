//! What the report reads from an output directory: the manifest, the run
//! history, the aggregate tables (only the columns it draws), the first
//! rows of `candidates`. No per-document or per-input table is read, so the time this takes follows the aggregates' size,
//! not the corpus's.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::extract::actors::stub::Candidate;
use crate::output::history::{HISTORY, RunRecord};
use crate::output::manifest::{MANIFEST, RunManifest};
use crate::output::read::{self, ReadError};
use crate::output::{ACTOR_DAY, ACTOR_EVENT_DAY, ACTOR_PAIR_DAY, TableSpec};

use super::ReportError;

/// One row of `actor_day`, its actor interned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayCount {
    pub actor: u32,
    pub day: Option<i32>,
    pub mentions: i64,
    pub unique_mentions: i64,
}

/// `actor_event_day` summed over actors, by day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventCount {
    pub day: Option<i32>,
    pub mentions: i64,
    pub from_sentence: i64,
}

/// `actor_pair_day` summed over days, by pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairCount {
    pub a: u32,
    pub b: u32,
    pub sentences: i64,
    pub documents: i64,
}

/// Actors by a small index, in order of first appearance.
#[derive(Debug, Default)]
pub struct Actors {
    index: HashMap<String, u32>,
    pub names: Vec<String>,
}

impl Actors {
    fn intern(&mut self, id: &str, name: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.names.len() as u32;
        self.index.insert(id.to_string(), i);
        self.names.push(name.to_string());
        i
    }

    pub fn name(&self, actor: u32) -> &str {
        &self.names[actor as usize]
    }
}

/// Everything a report is drawn from.
pub struct Loaded {
    pub manifest: RunManifest,
    /// The last runs of `runs.jsonl`, oldest first.
    pub history: Vec<RunRecord>,
    pub actors: Actors,
    pub days: Vec<DayCount>,
    pub events: Vec<EventCount>,
    pub pairs: Vec<PairCount>,
    pub candidates: Vec<Candidate>,
    /// Rejected inputs by reason, most first; `None` when the manifest
    /// does not count them (an earlier release wrote it).
    pub rejects: Option<Vec<(String, u64)>>,
}

pub fn load(dir: &Path, history: usize, candidates: usize) -> Result<Loaded, ReportError> {
    let manifest = match RunManifest::load(dir) {
        None => return Err(ReportError::NoOutput(dir.to_path_buf())),
        Some(Err(message)) => {
            return Err(ReportError::Read(ReadError {
                path: dir.join(MANIFEST),
                message,
            }));
        }
        Some(Ok(m)) => m,
    };
    let files = |table: &TableSpec| parquet_files(dir, &manifest, table);
    let mut actors = Actors::default();
    let mut days = Vec::new();
    for file in files(&ACTOR_DAY)? {
        actor_days(&file, &mut actors, &mut days)?;
    }
    let mut pairs = HashMap::new();
    for file in files(&ACTOR_PAIR_DAY)? {
        actor_pairs(&file, &mut actors, &mut pairs)?;
    }
    let mut events = BTreeMap::new();
    for file in files(&ACTOR_EVENT_DAY)? {
        event_days(&file, &mut events)?;
    }
    Ok(Loaded {
        history: last_runs(dir, history),
        actors,
        days,
        events: events
            .into_iter()
            .map(|(day, (mentions, from_sentence))| EventCount {
                day,
                mentions,
                from_sentence,
            })
            .collect(),
        pairs: pair_counts(pairs),
        candidates: read::candidates(dir, Some(candidates))?,
        rejects: manifest.rejects_by_reason.as_ref().map(by_count),
        manifest,
    })
}

/// A table's Parquet files as the manifest lists them: one for an
/// aggregate, parts in a folder for the per-document tables.
fn parquet_files(
    dir: &Path,
    manifest: &RunManifest,
    table: &TableSpec,
) -> Result<Vec<PathBuf>, ReadError> {
    let entry = manifest.tables.get(table.name).ok_or_else(|| ReadError {
        path: dir.join(MANIFEST),
        message: format!(
            "it lists no table {}: was the output written by an earlier release?",
            table.name
        ),
    })?;
    Ok(entry
        .files
        .iter()
        .filter(|f| f.ends_with(".parquet"))
        .map(|f| dir.join(f))
        .collect())
}

fn actor_days(file: &Path, actors: &mut Actors, out: &mut Vec<DayCount>) -> Result<(), ReadError> {
    let names = [
        "actor_id",
        "actor_name",
        "day",
        "mentions",
        "unique_mentions",
    ];
    let t = read::columns(file, &names, None)?;
    let (ids, names, day) = (
        t.strings("actor_id")?,
        t.strings("actor_name")?,
        t.days("day")?,
    );
    let (mentions, unique) = (t.integers("mentions")?, t.integers("unique_mentions")?);
    let rows = ids.iter().zip(names.iter()).zip(day.iter());
    out.extend(rows.zip(mentions.iter().zip(unique.iter())).map(
        |(((id, name), day), (mentions, unique))| DayCount {
            actor: actors.intern(id.unwrap_or_default(), name.unwrap_or_default()),
            day: day.filter(|&d| in_range(d)),
            mentions: mentions.unwrap_or(0),
            unique_mentions: unique.unwrap_or(0),
        },
    ));
    Ok(())
}

/// Whether a day is one chrono can name (years -262,143 to 262,142). A
/// Date column can hold more; a table from another writer might, and such
/// a day counts as none rather than stopping the report.
fn in_range(day: i32) -> bool {
    crate::epoch::day_of(day).is_some()
}

type Sums<K> = BTreeMap<K, (i64, i64)>;

fn event_days(file: &Path, by_day: &mut Sums<Option<i32>>) -> Result<(), ReadError> {
    let names = ["day", "mentions", "from_sentence"];
    let t = read::columns(file, &names, None)?;
    let (day, mentions, from) = (
        t.days("day")?,
        t.integers("mentions")?,
        t.integers("from_sentence")?,
    );
    for ((day, mentions), from) in day.iter().zip(mentions.iter()).zip(from.iter()) {
        let sums = by_day.entry(day.filter(|&d| in_range(d))).or_default();
        sums.0 += mentions.unwrap_or(0);
        sums.1 += from.unwrap_or(0);
    }
    Ok(())
}

fn actor_pairs(
    file: &Path,
    actors: &mut Actors,
    sums: &mut HashMap<(u32, u32), (i64, i64)>,
) -> Result<(), ReadError> {
    let names = [
        "actor_a",
        "actor_a_name",
        "actor_b",
        "actor_b_name",
        "sentences",
        "documents",
    ];
    let t = read::columns(file, &names, None)?;
    let (a, a_name) = (t.strings("actor_a")?, t.strings("actor_a_name")?);
    let (b, b_name) = (t.strings("actor_b")?, t.strings("actor_b_name")?);
    let (sentences, documents) = (t.integers("sentences")?, t.integers("documents")?);
    let rows = a.iter().zip(a_name.iter()).zip(b.iter().zip(b_name.iter()));
    for (((a, a_name), (b, b_name)), (s, d)) in rows.zip(sentences.iter().zip(documents.iter())) {
        let a = actors.intern(a.unwrap_or_default(), a_name.unwrap_or_default());
        let b = actors.intern(b.unwrap_or_default(), b_name.unwrap_or_default());
        let sum = sums.entry((a, b)).or_default();
        sum.0 += s.unwrap_or(0);
        sum.1 += d.unwrap_or(0);
    }
    Ok(())
}

fn pair_counts(sums: HashMap<(u32, u32), (i64, i64)>) -> Vec<PairCount> {
    let mut pairs: Vec<PairCount> = sums
        .into_iter()
        .map(|((a, b), (sentences, documents))| PairCount {
            a,
            b,
            sentences,
            documents,
        })
        .collect();
    pairs.sort_unstable_by_key(|p| (p.a, p.b));
    pairs
}

fn by_count(counts: &BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = counts.iter().map(|(r, n)| (r.clone(), *n)).collect();
    counts.sort_by_key(|(reason, n)| (std::cmp::Reverse(*n), reason.clone()));
    counts
}

/// The last `n` lines of the run history; a line that does not parse (an
/// interrupted append) is passed over.
fn last_runs(dir: &Path, n: usize) -> Vec<RunRecord> {
    let text = std::fs::read_to_string(dir.join(HISTORY)).unwrap_or_default();
    let runs: Vec<RunRecord> = text
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    runs[runs.len().saturating_sub(n)..].to_vec()
}
