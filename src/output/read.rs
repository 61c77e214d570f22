//! Reading a run's Parquet tables back: only the columns asked for, and
//! for tables stored in a useful order (`candidates`, most mentioned first)
//! only the first rows, so that a reader of a large run never loads a
//! whole per-document table.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::extract::actors::stub::Candidate;
use crate::output::schema::CANDIDATES;

/// A table file that cannot be read as the contract says.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {message}")]
pub struct ReadError {
    pub path: PathBuf,
    pub message: String,
}

impl ReadError {
    fn new(path: &Path, message: impl ToString) -> ReadError {
        ReadError {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}

/// The named columns of a Parquet file, the first `limit` rows or all.
pub fn columns(path: &Path, names: &[&str], limit: Option<usize>) -> Result<Table, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| {
        ReadError::new(
            path,
            format!("{e} (give the output directory of a `newsmill run`)"),
        )
    })?;
    let frame = ParquetReader::new(file)
        .with_columns(Some(names.iter().map(|n| n.to_string()).collect()))
        .with_slice(limit.map(|n| (0, n)))
        .finish()
        .map_err(|e| ReadError::new(path, e))?;
    Ok(Table {
        path: path.to_path_buf(),
        frame,
    })
}

/// Columns read by [`columns`], taken out by type.
pub struct Table {
    path: PathBuf,
    frame: DataFrame,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.frame.height()
    }

    /// A string column; nulls as `None`.
    pub fn strings(&self, name: &str) -> Result<StringChunked, ReadError> {
        let column = self.cast(name, &DataType::String)?;
        column
            .str()
            .cloned()
            .map_err(|e| ReadError::new(&self.path, e))
    }

    /// An integer column; nulls as `None`.
    pub fn integers(&self, name: &str) -> Result<Int64Chunked, ReadError> {
        let column = self.cast(name, &DataType::Int64)?;
        column
            .i64()
            .cloned()
            .map_err(|e| ReadError::new(&self.path, e))
    }

    /// A date column as days since 1970-01-01; nulls as `None`.
    pub fn days(&self, name: &str) -> Result<Int32Chunked, ReadError> {
        let column = self.cast(name, &DataType::Int32)?;
        column
            .i32()
            .cloned()
            .map_err(|e| ReadError::new(&self.path, e))
    }

    fn cast(&self, name: &str, to: &DataType) -> Result<Column, ReadError> {
        let column = self
            .frame
            .column(name)
            .map_err(|e| ReadError::new(&self.path, e))?;
        column.cast(to).map_err(|e| ReadError::new(&self.path, e))
    }
}

/// The `candidates` table of a run in its stored order (most mentioned
/// first), its first `limit` rows or all.
pub fn candidates(dir: &Path, limit: Option<usize>) -> Result<Vec<Candidate>, ReadError> {
    let path = dir.join(format!("{}.parquet", CANDIDATES.name));
    let names = [
        "name",
        "type",
        "mentions",
        "documents",
        "first_day",
        "last_day",
        "example_doc_id",
        "example",
    ];
    let table = columns(&path, &names, limit)?;
    let text = |name| -> Result<Vec<Option<String>>, ReadError> {
        Ok(table
            .strings(name)?
            .iter()
            .map(|s| s.map(str::to_string))
            .collect())
    };
    let number = |name| -> Result<Vec<i64>, ReadError> {
        Ok(table
            .integers(name)?
            .iter()
            .map(|n| n.unwrap_or(0))
            .collect())
    };
    let (names, kinds) = (text("name")?, text("type")?);
    let (first, last) = (text("first_day")?, text("last_day")?);
    let (docs, examples) = (text("example_doc_id")?, text("example")?);
    let (mentions, documents) = (number("mentions")?, number("documents")?);
    Ok((0..table.rows())
        .map(|i| Candidate {
            name: names[i].clone().unwrap_or_default(),
            kind: kinds[i].clone().unwrap_or_default(),
            mentions: mentions[i],
            documents: documents[i],
            first_day: first[i].clone(),
            last_day: last[i].clone(),
            example_doc_id: docs[i].clone().unwrap_or_default(),
            example: examples[i].clone().unwrap_or_default(),
        })
        .collect())
}
