//! `report.html`: a run at a glance, for a person before they query it.
//! [`load`] reads the aggregates and bounded samples of an output
//! directory, [`figures`] computes the numbers behind each chart, `chart`
//! draws them with plotters as SVG and `page` lays out one self-contained
//! HTML page.

mod chart;
pub mod figures;
pub mod load;
mod page;

use std::path::{Path, PathBuf};

pub use chart::bytes;
pub use figures::Count;

use crate::error::{FAILED, USAGE};
use crate::output::read::ReadError;

pub use crate::output::REPORT;

/// Why no report was written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0} holds no manifest.json: give the output directory of a `newsmill run`")]
    NoOutput(PathBuf),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Chart(#[from] chart::ChartError),
    #[error("cannot write the report {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ReportError {
    /// [`USAGE`] when the directory is no run's output, else [`FAILED`].
    pub fn exit_code(&self) -> u8 {
        match self {
            ReportError::NoOutput(_) => USAGE,
            _ => FAILED,
        }
    }
}

/// The report of the output in `dir`, as HTML.
pub fn render(dir: &Path, count: Count) -> Result<String, ReportError> {
    let loaded = load::load(dir, page::HISTORY, page::CANDIDATES)?;
    Ok(page::render(&loaded, count)?)
}

/// Writes the report of `dir` to `out`, replacing it in one step: a reader
/// sees the old report or the new one, never half of one.
pub fn write(dir: &Path, out: &Path, count: Count) -> Result<(), ReportError> {
    let html = render(dir, count)?;
    let tmp = out.with_extension("html.tmp");
    let io = |source| ReportError::Write {
        path: out.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, html).map_err(io)?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}
