//! The batch driver: streams input items in bounded batches, processes each
//! batch in parallel, and hands the rows to the writer in input order.

use std::collections::HashMap;
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;
use thiserror::Error;

use crate::actors::{Dictionary, DictionaryError, Matcher};
use crate::aggregate::{Aggregator, BatchCounts, Counting};
use crate::cache::{self, CacheReader, CacheWriter};
use crate::clean::{CleanConfig, Cleaner};
use crate::config::Pipeline;
use crate::dates::DateTagger;
use crate::dedup::Duplicates;
use crate::discover::Candidates;
pub use crate::document::{MentionSpan, Processed, TimexSpan, Who};
use crate::document::{Stages, extract, prepare};
use crate::error::{ConfigError, OutputError};
use crate::ingest::{self, IngestContext, InputItem, InputStream, Manifest, Reject};
use crate::ner::Recognizer;
use crate::paths::expand_inputs;
use crate::tables::{
    self, DatesBuilder, DocumentsBuilder, MentionCats, MentionsBuilder, RejectsBuilder,
    SentencesBuilder,
};
use crate::warnings::Warnings;
use crate::write::{OutputWriter, RunManifest, StageTiming};

#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Dictionary(#[from] DictionaryError),
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
}

/// What a finished run reports back to the command line.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub manifest: RunManifest,
    pub seconds: f64,
}

impl RunReport {
    pub fn rows(&self, table: &str) -> u64 {
        self.manifest.tables.get(table).map_or(0, |t| t.rows)
    }
}

/// Runs a pipeline to completion and commits its output atomically.
pub fn run(pipeline: &Pipeline, progress: &ProgressBar) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(pipeline.run.threads)
        .build()
        .map_err(|e| RunError::Threads {
            threads: pipeline.run.threads,
            message: e.to_string(),
        })?;
    let threads = pool.current_num_threads();
    pool.install(|| run_in_pool(pipeline, progress, started, threads))
}

fn run_in_pool(
    pipeline: &Pipeline,
    progress: &ProgressBar,
    started: Instant,
    threads: usize,
) -> Result<RunReport, RunError> {
    let warnings = Warnings::default();
    let files = expand_inputs(&pipeline.input.paths, &warnings)?;
    let input_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    progress.set_length(input_bytes);
    let (manifest, upfront) = match &pipeline.input.manifest {
        Some(path) => {
            let (manifest, missing) = Manifest::load(path, &warnings)?;
            (Some(manifest), missing)
        }
        None => (None, Vec::new()),
    };
    let ctx = IngestContext {
        config: &pipeline.input,
        manifest: manifest.as_ref(),
        warnings: &warnings,
    };
    let dictionary = Dictionary::load(&pipeline.actors.dictionaries)?;
    let (mut reader, fingerprint) = open_cache(pipeline, &dictionary);
    let mut writer = OutputWriter::create(
        &pipeline.output.dir,
        &pipeline.output.formats,
        tables::TABLES,
    )?;
    let cache_writer = match fingerprint {
        Some(fingerprint) => {
            let path = writer.stage_extra(cache::FILE);
            let created = CacheWriter::create(&path, fingerprint);
            Some(created.map_err(|source| OutputError::Io { path, source })?)
        }
        None => None,
    };
    let mut stream = InputStream::new(files.clone(), upfront);
    let stages = Stages {
        cleaner: Cleaner::new(&CleanConfig {
            extra_markers: pipeline.clean.markers.clone(),
        }),
        matcher: Matcher::new(&dictionary),
        tagger: DateTagger::new(),
        recognizer: pipeline.actors.discover.then(Recognizer::new),
        caching: fingerprint.is_some(),
    };
    let matcher = &stages.matcher;
    let counting = Counting {
        count_demonyms: pipeline.actors.count_demonyms,
    };
    let mut aggregator = Aggregator::default();
    let mut timing = StageTiming::default();
    let mut merger = Merger {
        ids: DocIds::default(),
        duplicates: Duplicates::new(
            pipeline.clean.near_duplicate_share,
            pipeline.clean.repeat_memory_sentences,
        ),
        candidates: Candidates::default(),
        mention_cats: MentionCats::default(),
        counting,
        matcher,
        cache: cache_writer,
        reused: 0,
    };
    // A three-stage pipeline: batch N+2 is processed (in parallel) while
    // batch N+1 is merged (sequential: ids and duplicates depend on every
    // earlier document) and batch N is written (one stream per file).
    let mut processed: Option<(Vec<Result<Processed, Reject>>, u64)> = None;
    let mut merged: Option<BatchTables> = None;
    loop {
        let t = Instant::now();
        let batch = next_batch(
            &mut stream,
            pipeline.run.batch_documents,
            pipeline.run.batch_bytes,
        );
        timing.add("read", t);
        if batch.is_empty() && processed.is_none() && merged.is_none() {
            break;
        }
        let batch_bytes: u64 = batch.iter().map(InputItem::size).sum();
        let write = || -> Result<f64, RunError> {
            let t = Instant::now();
            if let Some(tables) = merged.take() {
                writer.write_all(tables.frames)?;
                aggregator.add(tables.counts);
                progress.inc(tables.input_bytes);
            }
            Ok(t.elapsed().as_secs_f64())
        };
        let merge = || {
            let t = Instant::now();
            let tables = processed
                .take()
                .map(|(results, bytes)| merger.merge(results, bytes));
            (tables, t.elapsed().as_secs_f64())
        };
        let process_batch = || {
            let t = Instant::now();
            let prepared: Vec<_> = batch
                .into_par_iter()
                .map(|item| ingest::decode(item, &ctx).map(|doc| prepare(doc, &stages)))
                .collect();
            // Cache lookups go in input order: the cache is a stream.
            let cached: Vec<Option<Vec<u8>>> = prepared
                .iter()
                .map(|p| p.as_ref().ok().and_then(|p| reader.take(p.key)))
                .collect();
            let results: Vec<Result<Processed, Reject>> = prepared
                .into_par_iter()
                .zip(cached)
                .map(|(p, cached)| p.map(|p| extract(p, cached, &stages)))
                .collect();
            (results, t.elapsed().as_secs_f64())
        };
        let (written, ((tables, merge_seconds), (results, process_seconds))) =
            rayon::join(write, || rayon::join(merge, process_batch));
        timing.add_seconds("write", written?);
        timing.add_seconds("merge", merge_seconds);
        timing.add_seconds("process", process_seconds);
        merged = tables;
        processed = (!results.is_empty()).then_some((results, batch_bytes));
    }
    let t = Instant::now();
    let [actor_day, event_day, pair_day] = aggregator
        .finish(matcher)
        .map_err(|e| aggregate_error(&pipeline.output.dir, e))?;
    writer.write_all(vec![
        (&tables::ACTOR_DAY, Ok(actor_day)),
        (&tables::ACTOR_EVENT_DAY, Ok(event_day)),
        (&tables::ACTOR_PAIR_DAY, Ok(pair_day)),
        (&tables::CANDIDATES, merger.candidates.finish()),
    ])?;
    timing.add("aggregate", t);
    let t = Instant::now();
    if let Some(cache) = merger.cache.take()
        && let Err(e) = cache.finish()
    {
        tracing::warn!("cannot write the run cache ({e}); the next run will extract everything");
    }
    let mut manifest = RunManifest::new(pipeline, &files, input_bytes, threads);
    manifest.reused_documents = merger.reused;
    let manifest = writer.finish(manifest, &mut timing, t, started, &warnings)?;
    // The committed cache now holds everything a killed run's partial had.
    let _ = std::fs::remove_file(pipeline.output.dir.join(cache::PARTIAL));
    let seconds = started.elapsed().as_secs_f64();
    Ok(RunReport { manifest, seconds })
}

/// One batch's rows for every per-document table, and its aggregate counts.
struct BatchTables {
    frames: Vec<(
        &'static tables::TableSpec,
        polars::prelude::PolarsResult<polars::prelude::DataFrame>,
    )>,
    counts: BatchCounts,
    /// Input bytes the batch came from, for the progress bar.
    input_bytes: u64,
}

/// The sequential part of a run: document ids, duplicates and candidates
/// depend on every earlier document, so batches are merged in input order.
struct Merger<'m> {
    ids: DocIds,
    duplicates: Duplicates,
    candidates: Candidates,
    /// Categories of actors and candidate names, kept across batches.
    mention_cats: MentionCats,
    counting: Counting,
    matcher: &'m Matcher,
    /// This run's cache stream; dropped (with a warning) if it cannot be written.
    cache: Option<CacheWriter>,
    /// Documents whose extraction came from the cache.
    reused: u64,
}

impl Merger<'_> {
    fn remember(&mut self, p: &Processed) {
        self.reused += u64::from(p.reused);
        if let Some(cache) = &mut self.cache
            && let Err(e) = cache.append(p.cache_key, &p.cache_record)
        {
            tracing::warn!(
                "cannot write the run cache ({e}); the next run will extract everything"
            );
            self.cache = None;
        }
    }

    fn merge(&mut self, results: Vec<Result<Processed, Reject>>, input_bytes: u64) -> BatchTables {
        let matcher = self.matcher;
        let mut documents = DocumentsBuilder::with_capacity(results.len());
        let mut rejects = RejectsBuilder::default();
        let mut sentences = SentencesBuilder::default();
        let mut mentions = MentionsBuilder::new(std::mem::take(&mut self.mention_cats));
        let mut counts = BatchCounts::new(&self.counting);
        let mut dates = DatesBuilder::default();
        // Per document: the candidate number of each discovered name.
        let mut names: Vec<u32> = Vec::new();
        for result in results {
            match result {
                Ok(p) => {
                    self.remember(&p);
                    let ordinal = self.ids.len();
                    let (id, exact_of) = self.ids.assign(p.content_hash);
                    let lengths: Vec<u32> = p.sentence_spans.iter().map(|(s, e)| e - s).collect();
                    let verdict = self.duplicates.observe(ordinal, &p.sentence_keys, &lengths);
                    let duplicate_of = exact_of.or(verdict.duplicate_of).map(|o| self.ids.id(o));
                    sentences.push(&id, &p, &verdict.repeated);
                    observe_unknown(&mut self.candidates, ordinal, &id, &p, &mut names);
                    mentions.push(&id, &p, &verdict.repeated, matcher, &names);
                    dates.push(&id, &p);
                    let day = tables::days(p.doc.published);
                    counts.push(
                        ordinal,
                        &p,
                        day,
                        duplicate_of.is_some(),
                        &verdict.repeated,
                        matcher,
                    );
                    documents.push(&id, duplicate_of.as_deref(), &p);
                }
                Err(reject) => {
                    tracing::debug!("rejected {}: {}", reject.input, reject.detail);
                    rejects.push(reject);
                }
            }
        }
        if let Some(cache) = &mut self.cache
            && let Err(e) = cache.flush()
        {
            tracing::warn!(
                "cannot write the run cache ({e}); the next run will extract everything"
            );
            self.cache = None;
        }
        // Building the frames (casts, dictionaries) is per table: in parallel.
        let ((documents, rejects), ((sentences, mentions), dates)) = rayon::join(
            || (documents.finish(), rejects.finish()),
            || {
                rayon::join(
                    || rayon::join(|| sentences.finish(), || mentions.finish()),
                    || dates.finish(),
                )
            },
        );
        let (mentions, mention_cats) = mentions;
        self.mention_cats = mention_cats;
        BatchTables {
            frames: vec![
                (&tables::DOCUMENTS, documents),
                (&tables::REJECTS, rejects),
                (&tables::SENTENCES, sentences),
                (&tables::MENTIONS, mentions),
                (&tables::DATES, dates),
            ],
            counts,
            input_bytes,
        }
    }
}

/// Adds a document's unknown names to the run's candidates; `names` gets
/// each one's candidate number, in order.
fn observe_unknown(
    candidates: &mut Candidates,
    ordinal: u32,
    doc_id: &str,
    p: &Processed,
    names: &mut Vec<u32>,
) {
    names.clear();
    for m in &p.mentions {
        if let Who::Unknown(label) = m.who {
            let sentence = p
                .clean
                .sentences
                .get(m.sentence as usize)
                .map_or("", |s| &p.clean.text[s.start..s.end]);
            let name = &p.clean.text[m.bytes.clone()];
            names.push(candidates.observe(name, label, ordinal, doc_id, m.day, sentence));
        }
    }
}

/// The cache reader for this run and the fingerprint to write under, or
/// an empty reader and `None` when the pipeline turns the cache off. A
/// killed run's staged cache is moved aside first, to be read as well.
fn open_cache(pipeline: &Pipeline, dictionary: &Dictionary) -> (CacheReader, Option<u64>) {
    if !pipeline.run.cache {
        return (CacheReader::none(), None);
    }
    let dir = &pipeline.output.dir;
    let staged = crate::write::staged_path(dir, cache::FILE);
    if staged.exists() {
        let _ = std::fs::rename(&staged, dir.join(cache::PARTIAL));
    }
    match cache::fingerprint(dictionary.content_hash, pipeline.actors.discover) {
        Ok(fingerprint) => (CacheReader::open(dir, fingerprint), Some(fingerprint)),
        Err(e) => {
            tracing::warn!("run cache off: cannot fingerprint the binary ({e})");
            (CacheReader::none(), None)
        }
    }
}

fn aggregate_error(dir: &std::path::Path, e: polars::prelude::PolarsError) -> RunError {
    RunError::Output(OutputError::Table {
        table: "actor_day",
        path: dir.to_path_buf(),
        message: e.to_string(),
    })
}

fn next_batch(stream: &mut InputStream, max_docs: usize, max_bytes: u64) -> Vec<InputItem> {
    let mut batch = Vec::with_capacity(max_docs.min(4096));
    let mut bytes = 0u64;
    while batch.len() < max_docs && bytes < max_bytes {
        let Some(item) = stream.next() else { break };
        bytes += item.size();
        batch.push(item);
    }
    batch
}

/// Turns content hashes into `doc_id`s; an exact repeat of earlier text gets
/// a numbered suffix so that ids stay unique within a run. About 14 bytes
/// per document: small even for tens of millions.
#[derive(Default)]
struct DocIds {
    /// Per distinct hash: the first document's ordinal, looked up through
    /// `hashes`. Ordinals rather than (hash, ordinal) pairs: a table of 4-byte
    /// slots, a third of a map's, and this table grows with the corpus.
    first: hashbrown::HashTable<u32>,
    /// Per ordinal: the content hash, to spell any earlier id.
    hashes: Vec<u64>,
    /// Per hash that repeats: how many documents had it (rare, so kept
    /// apart from `first`).
    repeats: HashMap<u64, u32>,
    /// Per ordinal of an exact repeat: its number, 2 or more.
    numbers: HashMap<u32, u32>,
}

impl DocIds {
    fn len(&self) -> u32 {
        self.hashes.len() as u32
    }

    /// The next document's id, and the ordinal of the document whose exact
    /// text it repeats.
    fn assign(&mut self, hash: u64) -> (String, Option<u32>) {
        let ordinal = self.len();
        let hashes = &self.hashes;
        // Content hashes are xxh3 already: used as the table's hash as is.
        let exact_of = self
            .first
            .find(hash, |&o| hashes[o as usize] == hash)
            .copied();
        match exact_of {
            None => {
                self.first
                    .insert_unique(hash, ordinal, |&o| hashes[o as usize]);
            }
            Some(_) => {
                let n = self.repeats.entry(hash).or_insert(1);
                *n += 1;
                self.numbers.insert(ordinal, *n);
            }
        }
        self.hashes.push(hash);
        (self.id(ordinal), exact_of)
    }

    fn id(&self, ordinal: u32) -> String {
        let hash = self.hashes[ordinal as usize];
        match self.numbers.get(&ordinal) {
            None => format!("{hash:016x}"),
            Some(n) => format!("{hash:016x}-{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_content_gets_numbered_ids() {
        let mut ids = DocIds::default();
        assert_eq!(ids.assign(0xab), ("00000000000000ab".into(), None));
        assert_eq!(ids.assign(0xcd), ("00000000000000cd".into(), None));
        assert_eq!(ids.assign(0xab), ("00000000000000ab-2".into(), Some(0)));
        assert_eq!(ids.assign(0xab), ("00000000000000ab-3".into(), Some(0)));
        assert_eq!(ids.id(1), "00000000000000cd");
        assert_eq!(ids.id(2), "00000000000000ab-2");
    }

    #[test]
    fn repeats_are_found_after_the_table_has_grown() {
        let mut ids = DocIds::default();
        let hash = |i: u64| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes());
        for i in 0..50_000 {
            assert_eq!(ids.assign(hash(i)).1, None);
        }
        for i in (0..50_000).step_by(997) {
            let (id, first) = ids.assign(hash(i));
            assert_eq!(first, Some(i as u32));
            assert_eq!(id, format!("{:016x}-2", hash(i)));
        }
    }
}
