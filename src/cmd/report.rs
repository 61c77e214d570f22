//! `newsmill report OUTPUT_DIR [--out FILE]`: draws a run's output as one
//! self-contained HTML page.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use newsmill::report::{self, Count};

/// Write a run's report: one HTML file with charts (inline SVG, no script,
/// nothing fetched) of the run, the top actors over time, the movers of
/// the last week, co-mentions, candidates to add and where days came from.
///
/// It reads the aggregate tables, the first rows of `candidates`, the
/// manifest and the run history, never a per-document table. A run writes
/// it by itself unless `[output] report = false`.
#[derive(clap::Args)]
pub struct Args {
    /// The output directory of a run (it holds manifest.json).
    output_dir: PathBuf,
    /// Write the report here (default: report.html in OUTPUT_DIR).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Which count the actor charts show.
    #[arg(long, value_enum, default_value_t = Count::Unique)]
    count: Count,
}

pub fn run(args: Args) -> super::Result {
    let started = Instant::now();
    // The generation the output path names now: a run switching it while
    // the report reads must not mix two generations' tables, and the page
    // belongs beside the tables it was drawn from.
    let dir = args
        .output_dir
        .canonicalize()
        .unwrap_or_else(|_| args.output_dir.clone());
    let (out, shown) = match args.out {
        Some(out) => (out.clone(), out),
        None => (
            dir.join(report::REPORT),
            args.output_dir.join(report::REPORT),
        ),
    };
    report::write(&dir, &out, args.count)?;
    note!(
        "newsmill report: wrote {} in {:.2} s",
        shown.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
