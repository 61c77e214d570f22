//! Data tests users declare in an expectations file, as dbt's tests are:
//! a column has no nulls, unique values, only accepted values, values found
//! in another table's column, values within bounds, or at most a share of
//! nulls. Each has a severity: an `error` fails `newsmill check`, a `warn`
//! is reported only.

use std::collections::HashSet;
use std::path::Path;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::CheckError;
use crate::output::manifest::{MANIFEST, RunManifest};

/// One declared test (`[[tests]]` in the expectations file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataTest {
    pub table: String,
    pub column: String,
    #[serde(flatten)]
    pub kind: TestKind,
    #[serde(default)]
    pub severity: Severity,
}

/// What a test asserts about its column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "test", rename_all = "snake_case", deny_unknown_fields)]
pub enum TestKind {
    NotNull,
    Unique,
    AcceptedValues {
        values: Vec<String>,
    },
    /// Every non-null value is in `to`, a `table.column`.
    Relationship {
        to: String,
    },
    /// Non-null values lie in `min..=max`: numbers, or ISO days for dates.
    Range {
        min: Option<String>,
        max: Option<String>,
    },
    /// At most this share (0 to 1) of the rows is null.
    MaxNullShare {
        share: f64,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warn,
}

/// A failed test: its severity and what was found, in one readable line.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub severity: Severity,
    pub message: String,
}

/// Runs `tests` on the Parquet files of the output in `dir`.
pub fn run(dir: &Path, tests: &[DataTest]) -> Result<Vec<Failure>, CheckError> {
    let mut failures = Vec::new();
    if tests.is_empty() {
        return Ok(failures);
    }
    let manifest = match RunManifest::load(dir) {
        Some(Ok(manifest)) => manifest,
        Some(Err(message)) => {
            return Err(CheckError::Table {
                path: dir.join(MANIFEST),
                message,
            });
        }
        None => {
            return Err(CheckError::Table {
                path: dir.join(MANIFEST),
                message: "missing".into(),
            });
        }
    };
    let read_column = |table: &str, column: &str| read_column(dir, &manifest, table, column);
    for test in tests {
        let values = read_column(&test.table, &test.column)?;
        let found = match &test.kind {
            TestKind::NotNull => not_null(&values),
            TestKind::Unique => unique(&values)?,
            TestKind::AcceptedValues { values: accepted } => accepted_values(&values, accepted)?,
            TestKind::Relationship { to } => {
                let Some((table, column)) = to.split_once('.') else {
                    return Err(CheckError::Parse {
                        path: dir.to_path_buf(),
                        message: format!("relationship target {to:?} is not table.column"),
                    });
                };
                relationship(&values, &read_column(table, column)?)?
            }
            TestKind::Range { min, max } => range(&values, min.as_deref(), max.as_deref())?,
            TestKind::MaxNullShare { share } => max_null_share(&values, *share),
        };
        if let Some(found) = found {
            failures.push(Failure {
                severity: test.severity,
                message: format!(
                    "{}.{} {}: {found}",
                    test.table,
                    test.column,
                    test.describe()
                ),
            });
        }
    }
    Ok(failures)
}

impl DataTest {
    fn describe(&self) -> String {
        match &self.kind {
            TestKind::NotNull => "not_null".into(),
            TestKind::Unique => "unique".into(),
            TestKind::AcceptedValues { .. } => "accepted_values".into(),
            TestKind::Relationship { to } => format!("relationship to {to}"),
            TestKind::Range { min, max } => format!(
                "range {}..{}",
                min.as_deref().unwrap_or(""),
                max.as_deref().unwrap_or("")
            ),
            TestKind::MaxNullShare { share } => format!("max_null_share {share}"),
        }
    }
}

/// One column of a table, from all of its Parquet files in order.
fn read_column(
    dir: &Path,
    manifest: &RunManifest,
    table: &str,
    column: &str,
) -> Result<Column, CheckError> {
    let Some(entry) = manifest.tables.get(table) else {
        return Err(CheckError::Table {
            path: dir.join(MANIFEST),
            message: format!("the manifest lists no table {table}"),
        });
    };
    let mut values: Option<Column> = None;
    for file in entry.files.iter().filter(|f| f.ends_with(".parquet")) {
        let path = dir.join(file);
        let err = |message: String| CheckError::Table {
            path: path.clone(),
            message,
        };
        let handle = std::fs::File::open(&path).map_err(|e| err(e.to_string()))?;
        let frame = ParquetReader::new(handle)
            .with_columns(Some(vec![column.to_string()]))
            .finish()
            .map_err(|e| err(e.to_string()))?;
        let part = frame
            .column(column)
            .cloned()
            .map_err(|_| err(format!("no column {column}")))?;
        match &mut values {
            None => values = Some(part),
            Some(v) => {
                v.append(&part).map_err(|e| err(e.to_string()))?;
            }
        }
    }
    values.ok_or_else(|| CheckError::Table {
        path: dir.join(table),
        message: format!("table {table} has no Parquet file"),
    })
}

fn as_strings(values: &Column) -> Result<Vec<Option<String>>, CheckError> {
    let text = values
        .cast(&DataType::String)
        .map_err(|e| CheckError::Table {
            path: values.name().to_string().into(),
            message: e.to_string(),
        })?;
    let text = text.str().expect("cast to String gives strings");
    Ok(text.iter().map(|v| v.map(str::to_owned)).collect())
}

/// Up to three examples, quoted, for a message.
fn examples<'a>(values: impl Iterator<Item = &'a String>) -> String {
    let shown: Vec<String> = values.take(3).map(|v| format!("{v:?}")).collect();
    shown.join(", ")
}

fn not_null(values: &Column) -> Option<String> {
    let nulls = values.null_count();
    (nulls > 0).then(|| format!("{nulls} of {} rows are null", values.len()))
}

fn unique(values: &Column) -> Result<Option<String>, CheckError> {
    let mut seen = HashSet::new();
    let mut repeated = Vec::new();
    for v in as_strings(values)?.into_iter().flatten() {
        if !seen.insert(v.clone()) {
            repeated.push(v);
        }
    }
    Ok((!repeated.is_empty()).then(|| {
        format!(
            "{} repeated values ({})",
            repeated.len(),
            examples(repeated.iter())
        )
    }))
}

/// The non-null values `bad` picks out, as a message: how many rows, what
/// they do, and a few examples.
fn offenders(
    values: &Column,
    what: &str,
    bad: impl Fn(&str) -> bool,
) -> Result<Option<String>, CheckError> {
    let found: Vec<String> = as_strings(values)?
        .into_iter()
        .flatten()
        .filter(|v| bad(v))
        .collect();
    Ok((!found.is_empty())
        .then(|| format!("{} rows {what} ({})", found.len(), examples(found.iter()))))
}

fn accepted_values(values: &Column, accepted: &[String]) -> Result<Option<String>, CheckError> {
    let accepted: HashSet<&str> = accepted.iter().map(String::as_str).collect();
    offenders(values, "hold other values", |v| !accepted.contains(v))
}

fn relationship(values: &Column, targets: &Column) -> Result<Option<String>, CheckError> {
    let targets: HashSet<String> = as_strings(targets)?.into_iter().flatten().collect();
    offenders(values, "refer to values not there", |v| {
        !targets.contains(v)
    })
}

/// Bounds compare as numbers for numeric columns and as text otherwise
/// (ISO days sort as text).
fn range(
    values: &Column,
    min: Option<&str>,
    max: Option<&str>,
) -> Result<Option<String>, CheckError> {
    let numeric = values.dtype().is_primitive_numeric();
    let outside = |v: &str| {
        let below = |bound: &str| match (numeric, v.parse::<f64>(), bound.parse::<f64>()) {
            (true, Ok(v), Ok(b)) => v < b,
            _ => v < bound,
        };
        let above = |bound: &str| match (numeric, v.parse::<f64>(), bound.parse::<f64>()) {
            (true, Ok(v), Ok(b)) => v > b,
            _ => v > bound,
        };
        min.is_some_and(below) || max.is_some_and(above)
    };
    offenders(values, "are out of bounds", outside)
}

fn max_null_share(values: &Column, share: f64) -> Option<String> {
    let rows = values.len();
    let nulls = values.null_count();
    let got = if rows == 0 {
        0.0
    } else {
        nulls as f64 / rows as f64
    };
    (got > share).then(|| {
        format!(
            "{nulls} of {rows} rows are null ({:.1}%, at most {:.1}% allowed)",
            got * 100.0,
            share * 100.0
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(values: &[Option<&str>]) -> Column {
        Column::new("c".into(), values)
    }

    #[test]
    fn each_kind_finds_what_it_is_for() {
        let c = column(&[Some("a"), None, Some("b"), Some("a")]);
        assert_eq!(not_null(&c), Some("1 of 4 rows are null".into()));
        assert!(unique(&c).unwrap().unwrap().starts_with("1 repeated"));
        let accepted = ["a".to_string()];
        assert!(
            accepted_values(&c, &accepted)
                .unwrap()
                .unwrap()
                .contains("\"b\"")
        );
        let targets = column(&[Some("a")]);
        assert!(
            relationship(&c, &targets)
                .unwrap()
                .unwrap()
                .starts_with("1 rows")
        );
        assert_eq!(max_null_share(&c, 0.25), None);
        assert!(max_null_share(&c, 0.2).is_some());
        let days = column(&[Some("2024-12-01"), Some("1400-02-26")]);
        let found = range(&days, Some("1900-01-01"), None).unwrap().unwrap();
        assert!(found.contains("1400-02-26"), "{found}");
        // Numbers compare as numbers: 9 < 10 although "9" > "10".
        let counts = Column::new("n".into(), [9i64, 10, 11]);
        assert_eq!(range(&counts, Some("9"), Some("11")).unwrap(), None);
        assert!(range(&counts, Some("10"), None).unwrap().is_some());
    }

    #[test]
    fn tests_parse_from_the_expectations_syntax() {
        let text = r#"
            [[tests]]
            table = "documents"
            column = "published"
            test = "max_null_share"
            share = 0.1
            severity = "warn"

            [[tests]]
            table = "mentions"
            column = "doc_id"
            test = "relationship"
            to = "documents.doc_id"
        "#;
        #[derive(Deserialize)]
        struct File {
            tests: Vec<DataTest>,
        }
        let file: File = toml::from_str(text).unwrap();
        assert_eq!(file.tests[0].severity, Severity::Warn);
        assert_eq!(file.tests[0].kind, TestKind::MaxNullShare { share: 0.1 });
        assert_eq!(
            file.tests[1].kind,
            TestKind::Relationship {
                to: "documents.doc_id".into()
            }
        );
        assert_eq!(file.tests[1].severity, Severity::Error);
    }
}
