//! Library error types. Each message names the file involved and, where the
//! fix is not obvious, what to do about it.

use std::path::PathBuf;

use thiserror::Error;

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
    #[error("unknown output format {0:?}: use parquet, csv or both (parquet,csv)")]
    UnknownFormat(String),
    #[error("input pattern {pattern:?} is not a valid glob: {message}")]
    BadPattern { pattern: String, message: String },
    #[error(
        "input {0:?} matches no file: check the path, or quote the glob so the shell does not expand it"
    )]
    NoMatch(String),
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

/// Writing the output tables failed; the previous output, if any, is intact.
#[derive(Debug, Error)]
pub enum OutputError {
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
    #[error(
        "{dir} holds no manifest.json: it is not a finished newsmill output (run `newsmill run` first)"
    )]
    NoManifest { dir: PathBuf },
}
