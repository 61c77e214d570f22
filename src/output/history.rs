//! `runs.jsonl`: one line per run attempt into an output directory, appended
//! and never rewritten, so the history outlives every later run (what dbt's
//! `run_results.json` is per invocation, kept as a log).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub const HISTORY: &str = "runs.jsonl";

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The tables were committed.
    Ok,
    /// No document was read; the previous output was kept.
    Empty,
    /// The run stopped with an error; the previous output was kept.
    Failed,
}

/// One line of `runs.jsonl`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run's provenance id (see `manifest::Provenance`); empty when the
    /// run stopped before it read its inputs.
    pub run_id: String,
    pub pipeline_name: String,
    pub version: String,
    /// UTC, to the second.
    pub started_at: String,
    pub finished_at: String,
    pub status: Status,
    pub exit_code: u8,
    pub input_files: u64,
    pub input_bytes: u64,
    /// Documents the run read into the tables (the manifest's
    /// `read_documents`); null unless it committed, and in lines of
    /// earlier releases.
    #[serde(default)]
    pub read_documents: Option<u64>,
    /// Rows per table written (empty unless the run committed).
    pub rows: BTreeMap<String, u64>,
    pub warnings: u64,
    /// Why the run did not commit.
    pub error: Option<String>,
}

/// Appends `record` to the output directory's history, creating the
/// directory and file as needed. One `write` of a whole line, so lines of
/// runs that overlap do not interleave.
pub fn append(dir: &Path, record: &RunRecord) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut line = serde_json::to_vec(record).expect("a run record serializes");
    line.push(b'\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(HISTORY))?;
    file.write_all(&line)?;
    file.sync_all()
}

/// The records of `dir`'s history, oldest first; lines that do not parse
/// (a torn last line) are left out.
pub fn read(dir: &Path) -> Vec<RunRecord> {
    std::fs::read_to_string(dir.join(HISTORY))
        .map(|text| {
            text.lines()
                .filter_map(|line| serde_json::from_str(line).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: Status) -> RunRecord {
        RunRecord {
            run_id: "00000000000000ab".into(),
            pipeline_name: "p".into(),
            version: "0.1.0".into(),
            started_at: "2026-12-04T03:00:00Z".into(),
            finished_at: "2026-12-04T03:00:01Z".into(),
            status,
            exit_code: 0,
            input_files: 1,
            input_bytes: 10,
            read_documents: Some(1),
            rows: BTreeMap::from([("documents".into(), 1)]),
            warnings: 0,
            error: None,
        }
    }

    #[test]
    fn records_are_appended_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        append(&out, &record(Status::Ok)).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(out.join(HISTORY))
            .unwrap()
            .write_all(b"{\"run_id\": \"torn")
            .unwrap();
        let text = std::fs::read_to_string(out.join(HISTORY)).unwrap();
        std::fs::write(out.join(HISTORY), text + "\n").unwrap();
        append(&out, &record(Status::Empty)).unwrap();
        let got: Vec<Status> = read(&out).iter().map(|r| r.status).collect();
        assert_eq!(got, [Status::Ok, Status::Empty]);
    }
}
