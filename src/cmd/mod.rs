//! One module per subcommand, each with its arguments and `run`.

/// `eprintln!` that never panics: a closed or full standard error must not
/// stop a command or lose its output.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `print!` for a command's output, a `Result`: see [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cmd::write_stdout(format_args!($($arg)*))
    };
}

/// `println!` for a command's output, a `Result`: see [`write_stdout`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cmd::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub mod actors;
pub mod annotate;
pub mod check;
pub mod reference;
pub mod report;
pub mod run;
pub mod schema;

use newsmill::error::{CheckError, ConfigError, FAILED, USAGE};
use newsmill::extract::actors::DictionaryError;
use newsmill::report::ReportError;
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
    #[error(transparent)]
    Report(#[from] ReportError),
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
            Error::Report(e) => e.exit_code(),
            Error::Usage(_) => USAGE,
            Error::Failed(_) => FAILED,
        }
    }
}

/// Writes a command's output. A closed pipe (`newsmill schema | head`) is
/// the reader having all it wants, and not an error; any other failure
/// (a full disk) is.
pub fn write_stdout(args: std::fmt::Arguments) -> std::result::Result<(), Error> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_fmt(args) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Failed(
            anyhow::Error::new(e).context("cannot write to standard output"),
        )),
        _ => Ok(()),
    }
}

/// What a command returns: its exit code, or why it stopped.
pub type Result = std::result::Result<std::process::ExitCode, Error>;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use newsmill::error::{LockError, OutputError};

    fn io() -> std::io::Error {
        std::io::Error::other("disk")
    }

    /// Every kind of error exits with the code the README documents.
    #[test]
    fn errors_exit_with_their_documented_codes() {
        let path = PathBuf::from("x");
        let usage = [
            Error::from(ConfigError::NoMatch("in/*.txt".into())),
            Error::from(RunError::Config(ConfigError::UnknownCsv("xlsx".into()))),
            Error::from(RunError::Dictionary(DictionaryError::Parse {
                path: path.clone(),
                message: "bad".into(),
            })),
            Error::from(CheckError::NoOutput { dir: path.clone() }),
            Error::Usage("no table".into()),
            Error::from(RunError::Lock(LockError::Busy(path.clone()))),
        ];
        for e in &usage {
            assert_eq!(e.exit_code(), 2, "{e}");
        }
        let failed = [
            Error::from(RunError::Output(OutputError::Io {
                path: path.clone(),
                source: io(),
            })),
            Error::from(RunError::Lock(LockError::Io {
                path: path.clone(),
                source: io(),
            })),
            Error::from(RunError::Threads {
                threads: 2,
                message: "no".into(),
            }),
            Error::from(CheckError::Io { path, source: io() }),
            Error::from(anyhow::anyhow!("cannot write out.jsonl")),
        ];
        for e in &failed {
            assert_eq!(e.exit_code(), 1, "{e}");
        }
    }
}
