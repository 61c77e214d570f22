//! `newsmill check OUTPUT_DIR --expect FILE [--write]`: regression checks on
//! row counts and schemas for scheduled runs.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newsmill::output::check::{Expectations, compare, observe};
use newsmill::output::data_tests::{self, Severity};

/// Compare an output directory's tables with an expectations file.
///
/// The file (TOML) holds, per table, the exact columns and the bounds on its
/// row count. A failed check prints each difference and exits with 3.
#[derive(clap::Args)]
pub struct Args {
    /// A finished output directory (it holds manifest.json).
    output_dir: PathBuf,
    /// The expectations file.
    #[arg(long, value_name = "FILE")]
    expect: PathBuf,
    /// Record the current output as the expectation instead of checking.
    #[arg(long)]
    write: bool,
    /// With --write: widen row bounds by this many percent either way.
    #[arg(long, value_name = "PCT", default_value_t = 0, requires = "write")]
    slack: u64,
}

pub fn run(args: Args) -> super::Result {
    let observed = observe(&args.output_dir)?;
    if args.write {
        let mut expectations = Expectations::from_observed(&observed, args.slack);
        // Data tests are written by hand: rewriting the bounds keeps them.
        if args.expect.exists() {
            expectations.tests = Expectations::load(&args.expect)?.tests;
        }
        let text = expectations.to_toml();
        let tmp = args.expect.with_extension("toml.tmp");
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &args.expect)
            .with_context(|| format!("cannot write {}", args.expect.display()))?;
        note!(
            "newsmill check: wrote expectations for {} tables to {}",
            observed.len(),
            args.expect.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let expected = Expectations::load(&args.expect)?;
    let mut problems = compare(&expected, &observed);
    let failures = data_tests::run(&args.output_dir, &expected.tests)?;
    for failure in failures.iter().filter(|f| f.severity == Severity::Warn) {
        note!("newsmill check: warn: {}", failure.message);
    }
    problems.extend(
        failures
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("test {}", f.message)),
    );
    if problems.is_empty() {
        note!(
            "newsmill check: {} meets {} ({} tables, {} data tests)",
            args.output_dir.display(),
            args.expect.display(),
            observed.len(),
            expected.tests.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "newsmill check: {} does not meet {}:",
        args.output_dir.display(),
        args.expect.display()
    )?;
    for problem in &problems {
        outln!("  {problem}")?;
    }
    outln!(
        "{} problem(s). If the change is intended, record it with --write.",
        problems.len()
    )?;
    Ok(ExitCode::from(newsmill::error::FINDINGS))
}
