//! `manifest.json`: what a run read and wrote, with each table's rows,
//! files and columns. The writer fills it, `check` reads it back.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::config::Pipeline;

pub const MANIFEST: &str = "manifest.json";

/// `manifest.json`: what a run read, wrote and how long it took.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunManifest {
    pub tool: String,
    pub version: String,
    pub pipeline: Option<String>,
    pub pipeline_name: String,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// When the run finished (UTC); for operators only, never used in data.
    pub finished_at: String,
    pub threads: usize,
    pub input_files: u64,
    pub input_bytes: u64,
    /// Every input file, in reading order, with its size and content hash.
    #[serde(default)]
    pub inputs: Vec<InputFile>,
    /// Which tables have CSV twins: summary, all or none (`[output] csv`).
    pub csv: String,
    pub tables: BTreeMap<String, TableEntry>,
    /// Wall-clock seconds per stage of the driver loop.
    pub stage_seconds: BTreeMap<String, f64>,
    pub seconds: f64,
    /// Documents whose extraction was reused from the previous run's cache.
    #[serde(default)]
    pub reused_documents: u64,
    /// The run continued the previous one and read only the input files
    /// added after its inputs (the datasets got new parts); false for a
    /// full run.
    #[serde(default)]
    pub appended: bool,
    /// Input files this run read: all of them in a full run, the new ones
    /// when it appended.
    #[serde(default)]
    pub read_files: u64,
    /// Documents this run read into the tables: all of them in a full run,
    /// those of the new files when it appended.
    #[serde(default)]
    pub read_documents: u64,
    /// Documents with no publication day (`documents.published` null).
    #[serde(default)]
    pub undated_documents: u64,
    /// Documents whose publication day was inferred from their text.
    #[serde(default)]
    pub inferred_documents: u64,
    /// Documents that repeat an earlier one (`documents.duplicate_of` set);
    /// null in manifests of earlier releases and of shard runs, where the
    /// distributed merge decides duplicates.
    #[serde(default)]
    pub duplicate_documents: Option<u64>,
    /// Rows of `rejects` by reason; null in manifests of earlier releases.
    #[serde(default)]
    pub rejects_by_reason: Option<BTreeMap<String, u64>>,
    /// WARC records this run read that were no documents, by kind:
    /// `warcinfo`, `request`, `metadata`, `revisit`, `response_redirect`,
    /// `response_error` (4xx, 5xx), `response_not_html`...
    #[serde(default)]
    pub skipped_records: BTreeMap<String, u64>,
    pub warning_count: u64,
    /// The first warnings (up to 100).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableEntry {
    pub rows: u64,
    /// File names relative to the output directory.
    pub files: Vec<String>,
    pub columns: Vec<ColumnExpectation>,
    /// Each file's xxh3-64 (16 hex digits), for `newsmill check` to find
    /// a changed or damaged file. Empty in manifests of earlier releases.
    #[serde(default)]
    pub xxh3: BTreeMap<String, String>,
}

impl RunManifest {
    pub fn new(
        pipeline: &Pipeline,
        provenance: Provenance,
        inputs: Vec<InputFile>,
        threads: usize,
    ) -> RunManifest {
        RunManifest {
            tool: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            pipeline: pipeline
                .file
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            pipeline_name: pipeline.name.clone(),
            provenance,
            finished_at: String::new(),
            threads,
            input_files: inputs.len() as u64,
            input_bytes: inputs.iter().map(|f| f.bytes).sum(),
            inputs,
            csv: pipeline.output.csv.as_str().into(),
            tables: BTreeMap::new(),
            stage_seconds: BTreeMap::new(),
            seconds: 0.0,
            reused_documents: 0,
            appended: false,
            read_files: 0,
            read_documents: 0,
            undated_documents: 0,
            inferred_documents: 0,
            duplicate_documents: None,
            rejects_by_reason: None,
            skipped_records: BTreeMap::new(),
            warning_count: 0,
            warnings: Vec::new(),
        }
    }

    /// Rows the run wrote to `table` (0 for a table it does not list).
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.get(table).map_or(0, |t| t.rows)
    }

    pub fn load(dir: &Path) -> Option<Result<RunManifest, String>> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        Some(serde_json::from_str(&text).map_err(|e| e.to_string()))
    }
}

/// What a run read and with what, identifying its output: written into the
/// manifest, `runs.jsonl` and every Parquet file's key-value metadata.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// xxh3 of the version, pipeline, dictionaries and every input file's
    /// content: two runs share an id exactly when they read the same
    /// inputs with the same settings, and then write the same tables.
    pub run_id: String,
    /// xxh3 of the pipeline file's text.
    pub pipeline_hash: String,
    /// xxh3 of the actor dictionaries as loaded.
    pub dictionary_hash: String,
}

impl Provenance {
    pub fn new(pipeline: &Pipeline, dictionary_hash: u64, inputs: &[InputFile]) -> Provenance {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&pipeline.content_hash.to_le_bytes());
        h.update(&dictionary_hash.to_le_bytes());
        for input in inputs {
            h.update(input.path.as_bytes());
            h.update(&[0]);
            h.update(input.xxh3.as_bytes());
        }
        Provenance {
            run_id: format!("{:016x}", h.digest()),
            pipeline_hash: format!("{:016x}", pipeline.content_hash),
            dictionary_hash: format!("{dictionary_hash:016x}"),
        }
    }

    /// The Parquet files' key-value metadata.
    pub fn key_values(&self, pipeline_name: &str) -> Vec<(String, String)> {
        [
            ("newsmill.version", env!("CARGO_PKG_VERSION")),
            ("newsmill.pipeline", pipeline_name),
            ("newsmill.pipeline_hash", &self.pipeline_hash),
            ("newsmill.dictionary_hash", &self.dictionary_hash),
            ("newsmill.run_id", &self.run_id),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
}

/// An input file as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    pub path: String,
    pub bytes: u64,
    /// xxh3-64 of the file's bytes, 16 hex digits.
    pub xxh3: String,
}

impl InputFile {
    /// Reads and hashes a file; one that cannot be read is listed with no
    /// hash (it becomes a reject when the run reads it).
    pub fn read(path: &Path) -> InputFile {
        let (bytes, xxh3) = match hash_file(path) {
            Ok((bytes, hash)) => (bytes, format!("{hash:016x}")),
            Err(_) => (0, String::new()),
        };
        InputFile {
            path: path.to_string_lossy().into_owned(),
            bytes,
            xxh3,
        }
    }
}

fn hash_file(path: &Path) -> std::io::Result<(u64, u64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok((bytes, h.digest()));
        }
        bytes += n as u64;
        h.update(&buf[..n]);
    }
}

/// The time now, UTC, to the second: for operators only, never in data.
pub fn now_utc() -> String {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    chrono::DateTime::from_timestamp(since_epoch.as_secs() as i64, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A column's name and type name, as the manifest lists them and an
/// expectations file asks for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnExpectation {
    pub name: String,
    #[serde(rename = "type")]
    pub dtype: String,
}

/// Accumulates wall-clock seconds per stage.
#[derive(Debug, Default)]
pub struct StageTiming {
    pub(crate) seconds: BTreeMap<String, f64>,
}

impl StageTiming {
    pub fn add(&mut self, stage: &str, since: Instant) {
        self.add_seconds(stage, since.elapsed().as_secs_f64());
    }

    pub fn add_seconds(&mut self, stage: &str, seconds: f64) {
        *self.seconds.entry(stage.to_string()).or_default() += seconds;
    }
}
