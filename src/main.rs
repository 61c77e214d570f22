//! The `newsmill` command line. Exit codes:
//!
//! - 0: success (a run with rejected inputs still succeeds; see `rejects`)
//! - 1: the run failed while working (an output file could not be written...)
//! - 2: the command cannot start: bad arguments, pipeline file or inputs
//! - 3: `newsmill check` found the output does not meet its expectations, or
//!   `newsmill actors validate` found conflicts

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use newsmill::error::{CheckError, ConfigError};

mod cmd;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "newsmill",
    version,
    about = "Turns a corpus of news articles into analytic tables: who is mentioned, on which day, how often.",
    after_help = "Exit codes: 0 success, 1 run failed, 2 bad arguments or pipeline, 3 check or validation failed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Run(cmd::run::Args),
    Schema(cmd::schema::Args),
    Check(cmd::check::Args),
    Actors(cmd::actors::Args),
    Annotate(cmd::annotate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Actors(args) => cmd::actors::run(args),
        Command::Annotate(args) => cmd::annotate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsmill: error: {err:#}");
            exit_code_for(&err)
        }
    }
}

/// Errors that mean "fix the command or its inputs" exit with 2, the rest 1.
fn exit_code_for(err: &anyhow::Error) -> ExitCode {
    let usage = err.chain().any(|cause| {
        cause.is::<ConfigError>()
            || cause.is::<cmd::UsageError>()
            || cause.is::<newsmill::actors::DictionaryError>()
            || matches!(
                cause.downcast_ref::<CheckError>(),
                Some(CheckError::Parse { .. } | CheckError::NoManifest { .. })
            )
            || matches!(
                cause.downcast_ref::<newsmill::run::RunError>(),
                Some(newsmill::run::RunError::Config(_) | newsmill::run::RunError::Dictionary(_))
            )
    });
    ExitCode::from(if usage { 2 } else { 1 })
}
