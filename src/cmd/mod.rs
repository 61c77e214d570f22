//! One module per subcommand, each with its arguments and `run`.

pub mod actors;
pub mod annotate;
pub mod check;
pub mod reference;
pub mod run;
pub mod schema;

use newsmill::error::{CheckError, ConfigError, FAILED, USAGE};
use newsmill::extract::actors::DictionaryError;
use newsmill::run::RunError;

/// Why a command stopped, with the exit code that says so.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Dictionary(#[from] DictionaryError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error(transparent)]
    Check(#[from] CheckError),
    /// A request the command line cannot carry out as given.
    #[error("{0}")]
    Usage(String),
    /// Anything else that failed while working (a file the command writes).
    #[error("{0:#}")]
    Failed(#[from] anyhow::Error),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Config(e) => e.exit_code(),
            Error::Dictionary(e) => e.exit_code(),
            Error::Run(e) => e.exit_code(),
            Error::Check(e) => e.exit_code(),
            Error::Usage(_) => USAGE,
            Error::Failed(_) => FAILED,
        }
    }
}

/// What a command returns: its exit code, or why it stopped.
pub type Result = std::result::Result<std::process::ExitCode, Error>;
