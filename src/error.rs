//! Library error types. Each message names the file involved and, where the
//! fix is not obvious, what to do about it, and each error knows the exit
//! code it means ([`FAILED`] or [`USAGE`]), so the command line maps errors
//! to codes with a match.

use std::path::PathBuf;

use thiserror::Error;

/// Exit code of a run that failed while working; the previous output is intact.
pub const FAILED: u8 = 1;
/// Exit code of a command that could not start: fix its arguments or inputs.
pub const USAGE: u8 = 2;
/// Exit code of `check` and `actors validate` when they find problems.
pub const FINDINGS: u8 = 3;

/// A pipeline file or its inputs cannot be used; nothing was run.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read pipeline file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("pipeline file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("pipeline file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("unknown CSV choice {0:?}: use summary, all or none")]
    UnknownCsv(String),
    #[error("input pattern {pattern:?} is not a valid glob: {message}")]
    BadPattern { pattern: String, message: String },
    #[error(
        "input {0:?} matches no file: check the path, or quote the glob so the shell does not expand it"
    )]
    NoMatch(String),
    #[error(
        "input {0:?} is not a regular file (a FIFO, socket or device), which newsmill does not read: for a stream of JSONL, pass --input - and pipe it in"
    )]
    NotAFile(String),
    #[error("cannot list {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("manifest {path}, line {line}: {message}")]
    Manifest {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

impl ConfigError {
    /// Always [`USAGE`]: nothing was run.
    pub fn exit_code(&self) -> u8 {
        USAGE
    }
}

/// A run could not have its output directory to itself.
#[derive(Debug, Error)]
pub enum LockError {
    #[error(
        "output directory {0} is in use by another newsmill run: wait for it to end, or pass --wait"
    )]
    Busy(PathBuf),
    #[error("cannot lock the output directory with {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl LockError {
    /// [`USAGE`] when another run holds the directory (nothing was run),
    /// [`FAILED`] when the machine refused.
    pub fn exit_code(&self) -> u8 {
        match self {
            LockError::Busy(_) => USAGE,
            LockError::Io { .. } => FAILED,
        }
    }
}

/// Writing the output tables failed; the previous output, if any, is intact.
#[derive(Debug, Error)]
pub enum OutputError {
    #[error("cannot use {path} as the output directory: {why}")]
    Unusable { path: PathBuf, why: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write table {table} to {path}: {message}")]
    Table {
        table: &'static str,
        path: PathBuf,
        message: String,
    },
}

impl OutputError {
    /// [`USAGE`] for an output path newsmill may not use (nothing was run),
    /// else [`FAILED`]: the run stopped while working.
    pub fn exit_code(&self) -> u8 {
        match self {
            OutputError::Unusable { .. } => USAGE,
            _ => FAILED,
        }
    }
}

/// `newsmill check` could not read its inputs (a failed expectation is not an
/// error but a report).
#[derive(Debug, Error)]
pub enum CheckError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("expectations file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot read table file {path}: {message}")]
    Table { path: PathBuf, message: String },
    #[error("{dir} does not exist: give the output directory of a `newsmill run`")]
    NoOutput { dir: PathBuf },
}

impl CheckError {
    /// [`USAGE`] for a bad expectations file or a directory that is no
    /// output; [`FAILED`] when a file could not be read.
    pub fn exit_code(&self) -> u8 {
        match self {
            CheckError::Parse { .. } | CheckError::NoOutput { .. } => USAGE,
            CheckError::Io { .. } | CheckError::Table { .. } => FAILED,
        }
    }
}
