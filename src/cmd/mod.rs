//! One module per subcommand, each with its arguments and `run`.

pub mod actors;
pub mod annotate;
pub mod check;
pub mod run;
pub mod schema;

/// A request the command line cannot carry out as given (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
