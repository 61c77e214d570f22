//! The `newsmill` command line. Exit codes:
//!
//! - 0: success (a run with rejected inputs still succeeds; see `rejects`)
//! - 1: the run failed while working (an output file could not be written...)
//! - 2: the command cannot start: bad arguments, pipeline file or inputs
//! - 3: `newsmill check` found the output does not meet its expectations, or
//!   `newsmill actors validate` found conflicts

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

#[macro_use]
mod cmd;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc 3 bundled by libmimalloc-sys
/// 0.1.49 (pinned in Cargo.toml); the crate names no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory instead of returning it to the OS. Every batch
/// allocates and frees a few hundred MB; purging it made the kernel zero
/// fresh pages for each one (a tenth of a run's time). Peak RSS is bounded
/// by the batch pipeline either way.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option; mimalloc reads it on its next
    // purge decision and allows changes at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

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
    Report(cmd::report::Args),
    Actors(cmd::actors::Args),
    Annotate(cmd::annotate::Args),
    /// Print the README's command reference, generated from this help.
    #[command(hide = true)]
    Reference,
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Report(args) => cmd::report::run(args),
        Command::Actors(args) => cmd::actors::run(args),
        Command::Annotate(args) => cmd::annotate::run(args),
        Command::Reference => cmd::reference::run(&Cli::command()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            note!("newsmill: error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the option index against a mimalloc upgrade: purge_delay is the
    /// only option whose default is 1000 (ms).
    #[test]
    fn purge_delay_index_names_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads an integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
