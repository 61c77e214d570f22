//! `manifest.json`: what a run read and wrote, with each table's rows,
//! files and columns. The writer fills it, `check` reads it back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    /// When the run finished (UTC); for operators only, never used in data.
    pub finished_at: String,
    pub threads: usize,
    pub input_files: u64,
    pub input_bytes: u64,
    /// Which tables have CSV twins: summary, all or none (`[output] csv`).
    pub csv: String,
    pub tables: BTreeMap<String, TableEntry>,
    /// Wall-clock seconds per stage of the driver loop.
    pub stage_seconds: BTreeMap<String, f64>,
    pub seconds: f64,
    /// Documents whose extraction was reused from the previous run's cache.
    #[serde(default)]
    pub reused_documents: u64,
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
}

impl RunManifest {
    pub fn new(
        pipeline: &Pipeline,
        files: &[PathBuf],
        input_bytes: u64,
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
            finished_at: String::new(),
            threads,
            input_files: files.len() as u64,
            input_bytes,
            csv: pipeline.output.csv.as_str().into(),
            tables: BTreeMap::new(),
            stage_seconds: BTreeMap::new(),
            seconds: 0.0,
            reused_documents: 0,
            warning_count: 0,
            warnings: Vec::new(),
        }
    }

    pub fn load(dir: &Path) -> Option<Result<RunManifest, String>> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        Some(serde_json::from_str(&text).map_err(|e| e.to_string()))
    }
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
