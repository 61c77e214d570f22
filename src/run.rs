//! The batch driver: streams input items in bounded batches, processes each
//! batch in parallel, and hands the rows to the writer in input order.

use std::collections::HashMap;
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;
use thiserror::Error;

use crate::config::Pipeline;
use crate::error::{ConfigError, OutputError};
use crate::ingest::{self, IngestContext, InputItem, InputStream, Manifest, RawDocument, Reject};
use crate::paths::expand_inputs;
use crate::tables::{self, DocumentsBuilder, RejectsBuilder};
use crate::warnings::Warnings;
use crate::write::{OutputWriter, RunManifest, StageTiming};

#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Output(#[from] OutputError),
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

/// A document after the per-document stages.
pub struct Processed {
    pub doc: RawDocument,
    /// xxh3-64 of the text: the basis of `doc_id`.
    pub content_hash: u64,
    pub chars: u32,
}

/// The per-document path. It runs once per document on a worker thread, so
/// it allocates as little as it can and shares nothing mutable.
fn process(doc: RawDocument) -> Processed {
    let content_hash = xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes());
    let chars = doc.text.chars().count() as u32;
    Processed {
        doc,
        content_hash,
        chars,
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
    let mut writer = OutputWriter::create(
        &pipeline.output.dir,
        &pipeline.output.formats,
        tables::TABLES,
    )?;
    let mut stream = InputStream::new(files.clone(), upfront);
    let mut ids = DocIds::default();
    let mut timing = StageTiming::default();
    loop {
        let t = Instant::now();
        let batch = next_batch(
            &mut stream,
            pipeline.run.batch_documents,
            pipeline.run.batch_bytes,
        );
        timing.add("read", t);
        if batch.is_empty() {
            break;
        }
        let batch_bytes: u64 = batch.iter().map(InputItem::size).sum();
        let t = Instant::now();
        let results: Vec<Result<Processed, Reject>> = batch
            .into_par_iter()
            .map(|item| ingest::decode(item, &ctx).map(process))
            .collect();
        timing.add("process", t);

        let t = Instant::now();
        let mut documents = DocumentsBuilder::with_capacity(results.len());
        let mut rejects = RejectsBuilder::default();
        for result in results {
            match result {
                Ok(p) => {
                    let id = ids.assign(p.content_hash);
                    documents.push(id, p);
                }
                Err(reject) => {
                    tracing::debug!("rejected {}: {}", reject.input, reject.detail);
                    rejects.push(reject);
                }
            }
        }
        writer.write(&tables::DOCUMENTS, documents.finish())?;
        writer.write(&tables::REJECTS, rejects.finish())?;
        timing.add("write", t);
        progress.inc(batch_bytes);
    }
    let t = Instant::now();
    let manifest = RunManifest::new(pipeline, &files, input_bytes, threads);
    let mut manifest = writer.finish(manifest, &mut timing, t, &warnings)?;
    let seconds = started.elapsed().as_secs_f64();
    manifest.seconds = seconds;
    Ok(RunReport { manifest, seconds })
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
/// a numbered suffix so that ids stay unique within a run. Eight bytes per
/// distinct document: small even for tens of millions.
#[derive(Default)]
struct DocIds {
    seen: HashMap<u64, u32>,
}

impl DocIds {
    fn assign(&mut self, hash: u64) -> String {
        let n = self.seen.entry(hash).or_insert(0);
        *n += 1;
        if *n == 1 {
            format!("{hash:016x}")
        } else {
            format!("{hash:016x}-{n}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_content_gets_numbered_ids() {
        let mut ids = DocIds::default();
        assert_eq!(ids.assign(0xab), "00000000000000ab");
        assert_eq!(ids.assign(0xcd), "00000000000000cd");
        assert_eq!(ids.assign(0xab), "00000000000000ab-2");
    }
}
