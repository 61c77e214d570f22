//! The batch driver: streams input items in bounded batches, processes each
//! batch in parallel, and hands the rows to the writer in input order.

pub mod cache;
mod feed;
mod merge;
mod shard;
pub mod state;

use feed::Feeds;
use merge::{BatchTables, DocIds, Merger};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;
use thiserror::Error;

use crate::aggregate::candidates::Candidates;
use crate::aggregate::{Aggregator, Counting};
use crate::clean::dedup::Duplicates;
use crate::clean::{CleanConfig, Cleaner};
use crate::config::Pipeline;
use crate::error::{ConfigError, LockError, OutputError};
use crate::extract::actors::{Dictionary, DictionaryError, Matcher};
use crate::extract::dates::DateTagger;
use crate::extract::document::{Stages, extract, prepare};
use crate::extract::ner::Recognizer;
use crate::extract::record::Processed;
use crate::ingest::expand::expand_inputs;
use crate::ingest::{self, IngestContext, InputItem, InputStream, Manifest, Reject};
use crate::output;
use crate::output::generation::OutputDir;
use crate::output::history::{self, RunRecord, Status};
use crate::output::lock::OutputLock;
use crate::output::manifest::{InputFile, Provenance, RunManifest, StageTiming, now_utc};
use crate::output::write::OutputWriter;
use crate::warnings::Warnings;
use cache::{CacheReader, CacheWriter};
use state::{RunState, StateKey};

#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Dictionary(#[from] DictionaryError),
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
    #[error(
        "the run read no document ({why}): the previous output in {} is kept; check the inputs, \
         or pass --allow-empty to write empty tables",
        dir.display()
    )]
    Empty {
        dir: std::path::PathBuf,
        why: String,
    },
    #[error(
        "the machine failed while reading {input} ({detail}); the run stopped and the previous \
         output is kept: free the resource (open files, memory, disk) and run again"
    )]
    System { input: String, detail: String },
}

impl RunError {
    /// [`USAGE`](crate::error::USAGE) when the pipeline or its dictionaries
    /// cannot be used, [`FAILED`](crate::error::FAILED) when the run failed while working.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Config(e) => e.exit_code(),
            RunError::Output(e) => e.exit_code(),
            RunError::Lock(e) => e.exit_code(),
            RunError::Dictionary(e) => e.exit_code(),
            RunError::Threads { .. } => crate::error::FAILED,
            RunError::Empty { .. } => crate::error::USAGE,
            RunError::System { .. } => crate::error::FAILED,
        }
    }
}

/// What a committed run tells the command line.
#[derive(Debug, Clone)]
pub struct Finished {
    pub manifest: RunManifest,
    pub seconds: f64,
    /// Where `report.html` was written, if it was.
    pub report: Option<PathBuf>,
}

impl Finished {
    pub fn rows(&self, table: &str) -> u64 {
        self.manifest.rows(table)
    }
}

/// Runs a pipeline to completion and commits its output atomically, then
/// appends the attempt, whatever its outcome, to the output directory's
/// `runs.jsonl`.
pub fn run(pipeline: &Pipeline, progress: &ProgressBar) -> Result<Finished, RunError> {
    // Before anything reads or writes the directory, history included.
    let out = OutputDir::new(&pipeline.output.dir)?;
    let _lock = OutputLock::acquire(&out.root, pipeline.run.wait)?;
    out.adopt()?;
    let started = Instant::now();
    let started_at = now_utc();
    let mut attempt = Attempt::default();
    let result = rayon::ThreadPoolBuilder::new()
        .num_threads(pipeline.run.threads)
        .build()
        .map_err(|e| RunError::Threads {
            threads: pipeline.run.threads,
            message: e.to_string(),
        })
        .and_then(|pool| {
            let threads = pool.current_num_threads();
            pool.install(|| run_in_pool(pipeline, &out, progress, started, threads, &mut attempt))
        });
    record(pipeline, started_at, &attempt, &result);
    let mut result = result;
    if let Ok(finished) = &mut result
        && pipeline.output.report
        && pipeline.run.shard.is_none()
    {
        finished.report = write_report(&pipeline.output.dir);
    }
    result
}

/// The committed output's `report.html`, drawn after the history has this
/// run. A report that cannot be drawn does not fail the run: its tables
/// are committed, and `newsmill report` can try again.
fn write_report(dir: &Path) -> Option<PathBuf> {
    let started = Instant::now();
    let path = dir.join(crate::report::REPORT);
    match crate::report::write(dir, &path, crate::report::Count::default()) {
        Ok(()) => {
            let seconds = started.elapsed().as_secs_f64();
            tracing::debug!("wrote {} in {seconds:.2} s", path.display());
            Some(path)
        }
        Err(e) => {
            tracing::warn!(
                "no report: {e}; the tables are committed, try `newsmill report {}`",
                dir.display()
            );
            None
        }
    }
}

/// What a run attempt got to know before it ended, for `runs.jsonl`.
#[derive(Default)]
struct Attempt {
    provenance: Option<Provenance>,
    input_files: u64,
    input_bytes: u64,
}

fn record(
    pipeline: &Pipeline,
    started_at: String,
    attempt: &Attempt,
    result: &Result<Finished, RunError>,
) {
    let (status, exit_code, rows, warnings, error) = match result {
        Ok(finished) => {
            let rows = finished.manifest.tables.iter();
            let rows = rows.map(|(name, t)| (name.clone(), t.rows)).collect();
            (Status::Ok, 0, rows, finished.manifest.warning_count, None)
        }
        Err(e) => {
            let status = match e {
                RunError::Empty { .. } => Status::Empty,
                _ => Status::Failed,
            };
            (
                status,
                e.exit_code(),
                Default::default(),
                0,
                Some(e.to_string()),
            )
        }
    };
    let line = RunRecord {
        run_id: attempt
            .provenance
            .as_ref()
            .map_or(String::new(), |p| p.run_id.clone()),
        pipeline_name: pipeline.name.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
        started_at,
        finished_at: now_utc(),
        status,
        exit_code,
        input_files: attempt.input_files,
        input_bytes: attempt.input_bytes,
        read_documents: result.as_ref().ok().map(|f| f.manifest.read_documents),
        rows,
        warnings,
        error,
    };
    if let Err(e) = history::append(&pipeline.output.dir, &line) {
        tracing::warn!(
            "cannot append to {}: {e}",
            pipeline.output.dir.join(history::HISTORY).display()
        );
    }
}

fn run_in_pool(
    pipeline: &Pipeline,
    out: &OutputDir,
    progress: &ProgressBar,
    started: Instant,
    threads: usize,
    attempt: &mut Attempt,
) -> Result<Finished, RunError> {
    let warnings = Warnings::default();
    let files = expand_inputs(&pipeline.input.paths, &warnings)?;
    let inputs: Vec<InputFile> = files.par_iter().map(|f| InputFile::read(f)).collect();
    attempt.input_files = inputs.len() as u64;
    attempt.input_bytes = inputs.iter().map(|f| f.bytes).sum();
    let (manifest, upfront) = load_manifest(pipeline, &warnings)?;
    let ctx = IngestContext {
        config: &pipeline.input,
        manifest: manifest.as_ref(),
        warnings: &warnings,
    };
    let dictionary = Dictionary::load(&pipeline.actors.dictionaries)?;
    let provenance = Provenance::new(pipeline, dictionary.content_hash, &inputs);
    attempt.provenance = Some(provenance.clone());
    let key = state_key(pipeline, &dictionary);
    let previous = key
        .filter(|_| !pipeline.run.rewrite)
        .and_then(|key| Previous::find(pipeline, key, &inputs));
    let skip = previous.as_ref().map_or(0, |p| p.manifest.inputs.len());
    progress.set_length(inputs[skip..].iter().map(|f| f.bytes).sum());
    let cache_reader = match key {
        Some(key) => open_cache(out, key.fingerprint),
        None => CacheReader::none(),
    };
    let mut writer = OutputWriter::create(
        out,
        out.next_generation()?,
        pipeline.output.csv,
        output::TABLES.iter().chain(match pipeline.run.shard {
            Some(_) => output::SHARD_TABLES,
            None => &[],
        }),
        &provenance.key_values(&pipeline.name),
        previous.as_ref().map(|p| &p.manifest),
    )?;
    let cache_writer = match key {
        Some(key) => {
            let name = match &previous {
                None => cache::FILE.to_string(),
                Some(_) => cache::segment(cache::segments(&pipeline.output.dir).len() + 1),
            };
            Some(create_cache(&mut writer, &name, key.fingerprint)?)
        }
        None => None,
    };
    // The new generation keeps the history, and an appending run the cache
    // it extends; a full run's cache replaces the earlier segments.
    writer.carry(history::HISTORY);
    if previous.is_some() {
        writer.carry(cache::FILE);
        for segment in cache::segments(&pipeline.output.dir) {
            if let Some(name) = segment.file_name() {
                writer.carry(&name.to_string_lossy());
            }
        }
    }
    let stages = stages(pipeline, &dictionary, key.is_some());
    // Unknown when the previous run's manifest did not count them.
    let mut rejects_by_reason = match &previous {
        Some(p) => p.manifest.rejects_by_reason.clone(),
        None => Some(BTreeMap::new()),
    };
    let (merger, aggregator, feeds) = new_merger(pipeline, &stages, cache_writer, previous);
    let documents_before = merger.ids.len();
    // Files the manifest lists and that are missing are rejected once: by
    // the run that reads the first inputs.
    let upfront = if skip > 0 || pipeline.run.shard.is_some_and(|n| n > 0) {
        Vec::new()
    } else {
        upfront
    };
    let mut batches = Batches {
        stream: InputStream::new(
            files[skip..].to_vec(),
            upfront,
            pipeline.input.max_document_bytes,
        ),
        ctx,
        stages: &stages,
        feeds,
        cache_reader,
        merger,
        writer,
        aggregator,
        timing: StageTiming::default(),
        progress,
    };
    if let Err(e) = batches.run(pipeline.run.batch_documents, pipeline.run.batch_bytes) {
        // The extraction done is kept for the next run; the rest of the
        // new generation goes, not left filling a disk.
        if let Some(cache) = batches.merger.cache.take() {
            let _ = cache.finish();
        }
        keep_partial_cache(batches.writer.generation(), &out.root);
        if let Err(cleanup) = batches.writer.abandon() {
            tracing::warn!("{cleanup}");
        }
        return Err(e);
    }
    let skipped_records = batches.stream.record_kinds();
    let Batches {
        mut merger,
        mut writer,
        aggregator,
        feeds,
        mut timing,
        ..
    } = batches;
    if merger.ids.len() == 0 && !pipeline.run.allow_empty {
        writer.abandon()?;
        return Err(RunError::Empty {
            dir: pipeline.output.dir.clone(),
            why: merger.why_no_documents(),
        });
    }
    let t = Instant::now();
    if let Some(key) = key {
        let state = (&merger, &aggregator, &feeds);
        write_state(&mut writer, key, &provenance.run_id, state)?;
    }
    write_aggregates(
        &mut writer,
        aggregator,
        &mut merger,
        &dictionary,
        &stages,
        pipeline,
    )?;
    timing.add("aggregate", t);
    let t = Instant::now();
    if let Some(cache) = merger.cache.take()
        && let Err(e) = cache.finish()
    {
        tracing::warn!("cannot write the run cache ({e}); the next run will extract everything");
    }
    let mut manifest = RunManifest::new(pipeline, provenance, inputs, threads);
    manifest.reused_documents = merger.reused;
    manifest.undated_documents = merger.undated;
    manifest.inferred_documents = merger.inferred;
    manifest.duplicate_documents = merger.duplicate_documents;
    if let Some(counts) = &mut rejects_by_reason {
        for (reason, n) in &merger.rejected {
            *counts.entry(reason.to_string()).or_default() += n;
        }
    }
    manifest.rejects_by_reason = rejects_by_reason;
    manifest.skipped_records = skipped_records;
    manifest.appended = skip > 0;
    manifest.read_files = (files.len() - skip) as u64;
    manifest.read_documents = u64::from(merger.ids.len() - documents_before);
    let manifest = writer.finish(manifest, &mut timing, t, started, &warnings)?;
    // Read by this run, and now in its committed cache.
    let _ = std::fs::remove_file(out.root.join(cache::PARTIAL));
    let seconds = started.elapsed().as_secs_f64();
    Ok(Finished {
        manifest,
        seconds,
        report: None,
    })
}

/// What this run's state is made under, or `None` when the pipeline turns
/// the run cache (and with it appending runs) off.
fn state_key(pipeline: &Pipeline, dictionary: &Dictionary) -> Option<StateKey> {
    if !pipeline.run.cache {
        return None;
    }
    match cache::fingerprint(dictionary.content_hash, pipeline.actors.discover) {
        Ok(fingerprint) => Some(StateKey {
            fingerprint,
            settings: state::settings_hash(pipeline),
        }),
        Err(e) => {
            tracing::warn!("run cache off: cannot fingerprint the binary ({e})");
            None
        }
    }
}

/// The committed run this one continues: its manifest and merge state.
struct Previous {
    manifest: RunManifest,
    state: RunState,
}

impl Previous {
    /// The committed run in the output directory, if this run can continue
    /// it: its state was made under `key`, and its input files are the
    /// first of `inputs`, unchanged (path, size and content hash). Files
    /// after them are new; there may be none.
    fn find(pipeline: &Pipeline, key: StateKey, inputs: &[InputFile]) -> Option<Previous> {
        let dir = &pipeline.output.dir;
        let manifest = RunManifest::load(dir)?.ok()?;
        let known = manifest.inputs.len();
        let unchanged = known > 0
            && manifest.input_files == known as u64
            && inputs.get(..known) == Some(manifest.inputs.as_slice())
            && inputs.iter().all(|f| !f.xxh3.is_empty());
        let tables = output::TABLES
            .iter()
            .filter(|t| t.rows.dataset())
            .all(|t| manifest.tables.contains_key(t.name));
        if !unchanged || !tables {
            return None;
        }
        let state = state::load(dir, key, &manifest.provenance.run_id, pipeline)?;
        Some(Previous { manifest, state })
    }
}

/// Stages the run state for the commit.
fn write_state(
    writer: &mut OutputWriter,
    key: StateKey,
    run_id: &str,
    (merger, aggregator, feeds): (&Merger, &Aggregator, &Feeds),
) -> Result<(), RunError> {
    let bytes = state::encode(
        key,
        run_id,
        &merger.ids,
        &merger.duplicates,
        &merger.candidates,
        aggregator,
        feeds,
    );
    let path = writer.stage_extra(state::FILE);
    std::fs::write(&path, bytes).map_err(|source| OutputError::Io { path, source })?;
    Ok(())
}

/// The pipeline's manifest, if it names one, and the rejects of the files
/// it lists that do not exist (as input items that become rejects).
fn load_manifest(
    pipeline: &Pipeline,
    warnings: &Warnings,
) -> Result<(Option<Manifest>, Vec<InputItem>), RunError> {
    Ok(match &pipeline.input.manifest {
        Some(path) => {
            let (manifest, missing) = Manifest::load(path, warnings)?;
            (Some(manifest), missing)
        }
        None => (None, Vec::new()),
    })
}

/// The per-document stages' read-only state, built once per run.
pub fn stages(pipeline: &Pipeline, dictionary: &Dictionary, caching: bool) -> Stages {
    Stages {
        cleaner: Cleaner::new(&CleanConfig {
            extra_markers: pipeline.clean.markers.clone(),
        }),
        matcher: Matcher::new(dictionary),
        tagger: DateTagger::new(),
        recognizer: Recognizer::new(),
        discover: pipeline.actors.discover,
        caching,
    }
}

/// The state a run's batches pass through, stage by stage.
struct Batches<'a> {
    stream: InputStream,
    ctx: IngestContext<'a>,
    stages: &'a Stages,
    feeds: Feeds,
    cache_reader: CacheReader,
    merger: Merger<'a>,
    writer: OutputWriter,
    aggregator: Aggregator,
    timing: StageTiming,
    progress: &'a ProgressBar,
}

impl Batches<'_> {
    /// A three-stage pipeline until the input is used up: batch N+2 is
    /// processed (in parallel) while batch N+1 is merged (sequential: ids
    /// and duplicates depend on every earlier document) and batch N is
    /// written (one stream per file).
    fn run(&mut self, max_docs: usize, max_bytes: u64) -> Result<(), RunError> {
        let mut processed: Option<(Vec<Result<Processed, Reject>>, u64)> = None;
        let mut merged: Option<BatchTables> = None;
        loop {
            let t = Instant::now();
            let batch = next_batch(&mut self.stream, max_docs, max_bytes);
            self.timing.add("read", t);
            if batch.is_empty() && processed.is_none() && merged.is_none() {
                return Ok(());
            }
            let batch_bytes: u64 = batch.iter().map(InputItem::size).sum();
            let (writer, aggregator, progress) =
                (&mut self.writer, &mut self.aggregator, self.progress);
            let write = || -> Result<f64, RunError> {
                let t = Instant::now();
                if let Some(tables) = merged.take() {
                    writer.write_all(tables.frames)?;
                    aggregator.add(tables.counts);
                    progress.inc(tables.input_bytes);
                }
                Ok(t.elapsed().as_secs_f64())
            };
            let merger = &mut self.merger;
            let merge = || {
                let t = Instant::now();
                let tables = processed
                    .take()
                    .map(|(results, bytes)| merger.merge(results, bytes));
                (tables, t.elapsed().as_secs_f64())
            };
            let (ctx, stages) = (&self.ctx, self.stages);
            let (feeds, cache_reader) = (&mut self.feeds, &mut self.cache_reader);
            let process = || {
                let t = Instant::now();
                let results = process_batch(batch, ctx, stages, feeds, cache_reader);
                (results, t.elapsed().as_secs_f64())
            };
            let (written, ((tables, merge_seconds), (results, process_seconds))) =
                rayon::join(write, || rayon::join(merge, process));
            self.timing.add_seconds("write", written?);
            self.timing.add_seconds("merge", merge_seconds);
            self.timing.add_seconds("process", process_seconds);
            if let Some(reject) = self.merger.system_failure.take() {
                return Err(RunError::System {
                    input: reject.input.to_string(),
                    detail: reject.detail,
                });
            }
            merged = tables;
            processed = (!results.is_empty()).then_some((results, batch_bytes));
        }
    }
}

/// Decodes, cleans and extracts one batch in parallel, in input order.
fn process_batch(
    batch: Vec<InputItem>,
    ctx: &IngestContext,
    stages: &Stages,
    feeds: &mut Feeds,
    cache_reader: &mut CacheReader,
) -> Vec<Result<Processed, Reject>> {
    let mut prepared: Vec<_> = batch
        .into_par_iter()
        .map(|item| ingest::decode(item, ctx).map(|doc| prepare(doc, stages)))
        .collect();
    // Publication days from feeds, and cache lookups, go in input order:
    // a feed moves with its documents, and the cache is a stream.
    let cached: Vec<Option<Vec<u8>>> = prepared
        .iter_mut()
        .map(|p| {
            let p = p.as_mut().ok()?;
            feeds.date(&mut p.doc, p.evidence.as_ref());
            if p.evidence.is_some() {
                p.seal(stages); // undated until now: its key takes the feed's day
            }
            cache_reader.take(p.key)
        })
        .collect();
    prepared
        .into_par_iter()
        .zip(cached)
        .map(|(p, cached)| p.map(|p| extract(p, cached, stages)))
        .collect()
}

/// The merge and the counts, fresh or continuing the previous run's state.
fn new_merger<'m>(
    pipeline: &Pipeline,
    stages: &'m Stages,
    cache: Option<CacheWriter>,
    previous: Option<Previous>,
) -> (Merger<'m>, Aggregator, Feeds) {
    let clean = &pipeline.clean;
    let (undated, inferred) = previous.as_ref().map_or((0, 0), |p| {
        (p.manifest.undated_documents, p.manifest.inferred_documents)
    });
    // Unknown when the previous run's manifest did not count them, and in
    // a shard, where the distributed merge decides duplicates.
    let duplicate_documents = match &previous {
        _ if pipeline.run.shard.is_some() => None,
        Some(p) => p.manifest.duplicate_documents,
        None => Some(0),
    };
    let state = match previous {
        Some(p) => p.state,
        None => RunState {
            ids: DocIds::default(),
            duplicates: Duplicates::new(clean.near_duplicate_share, clean.repeat_memory_sentences),
            candidates: Candidates::default(),
            aggregator: Aggregator::default(),
            feeds: Feeds::default(),
        },
    };
    let merger = Merger {
        ids: state.ids,
        duplicates: state.duplicates,
        candidates: state.candidates,
        counting: Counting {
            count_demonyms: pipeline.actors.count_demonyms,
        },
        matcher: &stages.matcher,
        cache,
        reused: 0,
        undated,
        inferred,
        duplicate_documents,
        rejected: Default::default(),
        system_failure: None,
        shard: pipeline.run.shard.map(|number| {
            (
                shard::Shard::new(number, &stages.recognizer),
                Default::default(),
            )
        }),
    };
    (merger, state.aggregator, state.feeds)
}

/// This run's cache stream (the file, or an appending run's segment
/// `name`), staged with the tables.
fn create_cache(
    writer: &mut OutputWriter,
    name: &str,
    fingerprint: u64,
) -> Result<CacheWriter, RunError> {
    let path = writer.stage_extra(name);
    let created = CacheWriter::create(&path, fingerprint);
    Ok(created.map_err(|source| OutputError::Io { path, source })?)
}

/// The tables that need the whole run: the aggregates, the candidates and
/// the actors.
fn write_aggregates(
    writer: &mut OutputWriter,
    aggregator: Aggregator,
    merger: &mut Merger,
    dictionary: &Dictionary,
    stages: &Stages,
    pipeline: &Pipeline,
) -> Result<(), RunError> {
    let matcher = &stages.matcher;
    let [actor_day, event_day, pair_day] = aggregator
        .finish(matcher)
        .map_err(|e| aggregate_error(&pipeline.output.dir, e))?;
    let documents = merger.ids.len() as u64;
    let generic = |name: &str| stages.recognizer.is_often_lowercase(name);
    let candidates = std::mem::take(&mut merger.candidates).finish(documents, generic);
    writer.write_all(vec![
        (&output::ACTOR_DAY, Ok(actor_day)),
        (&output::ACTOR_EVENT_DAY, Ok(event_day)),
        (&output::ACTOR_PAIR_DAY, Ok(pair_day)),
        (&output::CANDIDATES, candidates),
        (&output::ACTORS, output::actors_table(dictionary)),
    ])?;
    Ok(())
}

/// The cache reader for this run. The cache of a killed run's generation
/// (its file or segment) is moved aside first, to be read as well.
fn open_cache(out: &OutputDir, fingerprint: u64) -> CacheReader {
    for leftover in out.leftovers() {
        keep_partial_cache(&leftover, &out.root);
    }
    CacheReader::open(&out.link, &out.root.join(cache::PARTIAL), fingerprint)
}

/// Moves the cache an uncommitted `generation` holds (its file, or the
/// segment an appending run wrote) to `root`, as the partial cache.
fn keep_partial_cache(generation: &std::path::Path, root: &std::path::Path) {
    let mut written =
        std::iter::once(generation.join(cache::FILE)).chain(cache::segments(generation));
    if let Some(written) = written.rfind(|p| p.exists()) {
        let _ = std::fs::rename(&written, root.join(cache::PARTIAL));
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
