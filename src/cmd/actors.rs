//! `newsmill actors validate [PIPELINE]`: checks a pipeline's actor
//! dictionaries for conflicting or duplicate aliases and overlapping roles.

use std::path::PathBuf;
use std::process::ExitCode;

use newsmill::config::Pipeline;
use newsmill::extract::actors::Dictionary;

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
}

pub fn run(args: Args) -> super::Result {
    let Command::Validate { pipeline } = args.command;
    let pipeline = Pipeline::load(&pipeline)?;
    let dictionary = Dictionary::load(&pipeline.actors.dictionaries)?;
    let problems = dictionary.validate();
    let files = pipeline.actors.dictionaries.len();
    if problems.is_empty() {
        println!(
            "newsmill actors: {} actors in {files} dictionaries, no conflicts",
            dictionary.actors.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        println!("{problem}");
    }
    println!(
        "newsmill actors: {} problem(s) in {} actors from {files} dictionaries",
        problems.len(),
        dictionary.actors.len()
    );
    Ok(ExitCode::from(newsmill::error::FINDINGS))
}
