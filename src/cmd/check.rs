//! `newsmill check OUTPUT_DIR [--expect FILE [--write]]`: whether an output
//! is whole (every file the manifest lists, read in full), and whether it
//! meets the row counts, schemas and data tests a scheduled job expects.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newsmill::output::check::{Expectations, compare, observe};
use newsmill::output::data_tests::{self, Severity};

/// Check an output directory: that every file its manifest lists is there,
/// unchanged and readable, with the rows and columns the manifest says;
/// with --expect, that it meets an expectations file too.
///
/// The expectations file (TOML) holds, per table, the exact columns and the
/// bounds on its row count, and data tests. Every problem found is printed
/// and the check exits with 3.
#[derive(clap::Args)]
pub struct Args {
    /// The output directory of a run (it holds manifest.json).
    output_dir: PathBuf,
    /// The expectations file.
    #[arg(long, value_name = "FILE")]
    expect: Option<PathBuf>,
    /// Record the current output as the expectation instead of checking.
    #[arg(long, requires = "expect")]
    write: bool,
    /// With --write: widen row bounds by this many percent either way.
    #[arg(long, value_name = "PCT", default_value_t = 0, requires = "write")]
    slack: u64,
}

pub fn run(args: Args) -> super::Result {
    // The generation the output path names now: a run switching it while
    // the check reads must not mix two generations' files.
    let dir = args
        .output_dir
        .canonicalize()
        .unwrap_or_else(|_| args.output_dir.clone());
    let observation = observe(&dir)?;
    let mut problems = observation.problems;
    let whole = problems.is_empty();
    if let (Some(expect), true) = (&args.expect, args.write) {
        if !whole {
            return report(&args, &problems, "is damaged; no expectations were written");
        }
        let mut expectations = Expectations::from_observed(&observation.tables, args.slack);
        // Data tests are written by hand: rewriting the bounds keeps them.
        if expect.exists() {
            expectations.tests = Expectations::load(expect)?.tests;
        }
        let tmp = expect.with_extension("toml.tmp");
        std::fs::write(&tmp, expectations.to_toml())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, expect)
            .with_context(|| format!("cannot write {}", expect.display()))?;
        note!(
            "newsmill check: wrote expectations for {} tables to {}",
            observation.tables.len(),
            expect.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut tests = 0;
    if let Some(expect) = &args.expect {
        let expected = Expectations::load(expect)?;
        tests = expected.tests.len();
        problems.extend(compare(&expected, &observation.tables));
        // Data tests read the tables, which is only sound on whole files.
        if whole {
            let failures = data_tests::run(&dir, &expected.tests)?;
            for failure in failures.iter().filter(|f| f.severity == Severity::Warn) {
                note!("newsmill check: warn: {}", failure.message);
            }
            problems.extend(
                failures
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| format!("test {}", f.message)),
            );
        }
    }
    if !problems.is_empty() {
        let what = match &args.expect {
            Some(expect) => format!("does not meet {}", expect.display()),
            None => "is damaged".to_string(),
        };
        return report(&args, &problems, &what);
    }
    let against = match &args.expect {
        Some(expect) => format!(", and meets {} ({tests} data tests)", expect.display()),
        None => String::new(),
    };
    note!(
        "newsmill check: {} is whole ({} tables){against}",
        args.output_dir.display(),
        observation.tables.len(),
    );
    Ok(ExitCode::SUCCESS)
}

fn report(args: &Args, problems: &[String], what: &str) -> super::Result {
    outln!("newsmill check: {} {what}:", args.output_dir.display())?;
    for problem in problems {
        outln!("  {problem}")?;
    }
    let hint = if args.expect.is_some() {
        " If the change is intended, record it with --write."
    } else {
        ""
    };
    outln!("{} problem(s).{hint}", problems.len())?;
    Ok(ExitCode::from(newsmill::error::FINDINGS))
}
