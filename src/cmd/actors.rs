//! `newsmill actors validate [PIPELINE]`: checks a pipeline's actor
//! dictionaries for conflicting or duplicate aliases and overlapping roles.
//! `newsmill actors suggest OUTPUT_DIR`: dictionary stubs for the top
//! candidates of a run, for a person to review.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use newsmill::config::Pipeline;
use newsmill::extract::actors::Dictionary;
use newsmill::extract::actors::stub;

/// Work with actor dictionaries.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Report conflicting or duplicate aliases and roles held twice at once
    /// (exit 3 when there are any).
    Validate {
        /// Pipeline file whose [actors] dictionaries to check.
        #[arg(default_value = "pipelines/seeds.toml")]
        pipeline: PathBuf,
    },
    /// Write dictionary stubs (TOML) for a run's most mentioned candidates,
    /// with their counts, days and an example sentence as comments, for a
    /// person to review. Misc names (events, products) get none.
    Suggest {
        /// Output directory of a run (it holds candidates.parquet).
        #[arg(value_name = "OUTPUT_DIR")]
        dir: PathBuf,
        /// How many candidates to take, most mentioned first.
        #[arg(long, default_value_t = 50, value_name = "N")]
        top: usize,
        /// Leave out candidates with fewer mentions.
        #[arg(long, default_value_t = 3, value_name = "N")]
        min_mentions: i64,
        /// Pipeline whose dictionaries' ids the stubs must not reuse.
        #[arg(long, default_value = "pipelines/seeds.toml")]
        pipeline: PathBuf,
        /// Write the stubs here instead of to standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> super::Result {
    match args.command {
        Command::Validate { pipeline } => validate(&pipeline),
        Command::Suggest {
            dir,
            top,
            min_mentions,
            pipeline,
            output,
        } => suggest(&dir, top, min_mentions, &pipeline, output.as_deref()),
    }
}

fn suggest(
    dir: &Path,
    top: usize,
    min_mentions: i64,
    pipeline: &Path,
    output: Option<&Path>,
) -> super::Result {
    let pipeline = Pipeline::load(pipeline)?;
    let dictionary = Dictionary::load(&pipeline.actors.dictionaries)?;
    let taken: HashSet<String> = dictionary.actors.into_iter().map(|a| a.id).collect();
    let mut candidates =
        newsmill::output::read::candidates(dir, None).map_err(anyhow::Error::from)?;
    candidates.retain(|c| c.mentions >= min_mentions && stub::actor_type(&c.kind).is_some());
    candidates.truncate(top);
    let (text, n) = stub::render(&candidates, &taken);
    match output {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            note!("newsmill actors: {n} stubs written to {}", path.display());
        }
        None => out!("{text}")?,
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(pipeline: &Path) -> super::Result {
    let pipeline = Pipeline::load(pipeline)?;
    let dictionary = Dictionary::load(&pipeline.actors.dictionaries)?;
    let problems = dictionary.validate();
    let files = pipeline.actors.dictionaries.len();
    if problems.is_empty() {
        outln!(
            "newsmill actors: {} actors in {files} dictionaries, no conflicts",
            dictionary.actors.len()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        outln!("{problem}")?;
    }
    outln!(
        "newsmill actors: {} problem(s) in {} actors from {files} dictionaries",
        problems.len(),
        dictionary.actors.len()
    )?;
    Ok(ExitCode::from(newsmill::error::FINDINGS))
}
