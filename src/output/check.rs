//! Regression checks for scheduled runs: compare an output directory with an
//! expectations file (exact schema and row-count bounds per table).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use polars::prelude::*;

use crate::error::CheckError;
use crate::output::ColType;
use crate::output::data_tests::DataTest;
use crate::output::manifest::{ColumnExpectation, MANIFEST, RunManifest, TableEntry};
use crate::output::write::hash_file;

/// The expectations file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    #[serde(default)]
    pub tables: BTreeMap<String, TableExpectation>,
    /// Data tests on the tables' values (see `data_tests`).
    #[serde(default)]
    pub tests: Vec<DataTest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableExpectation {
    pub min_rows: u64,
    pub max_rows: u64,
    /// Column names and types, in order.
    pub columns: Vec<ColumnExpectation>,
}

/// What a table in an output directory actually holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedTable {
    pub name: String,
    pub rows: u64,
    pub columns: Vec<ColumnExpectation>,
    /// Rows per file format, when more than one file holds the table.
    pub rows_by_format: Vec<(String, u64)>,
}

impl Expectations {
    pub fn load(path: &Path) -> Result<Expectations, CheckError> {
        let text = std::fs::read_to_string(path).map_err(|source| CheckError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| CheckError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Expectations that the observed tables meet exactly; `slack_percent`
    /// widens the row bounds for corpora that grow.
    pub fn from_observed(observed: &[ObservedTable], slack_percent: u64) -> Expectations {
        let tables = observed
            .iter()
            .map(|t| {
                let slack = t.rows * slack_percent / 100;
                let expectation = TableExpectation {
                    min_rows: t.rows - slack,
                    max_rows: t.rows + slack,
                    columns: t.columns.clone(),
                };
                (t.name.clone(), expectation)
            })
            .collect();
        Expectations {
            tables,
            tests: Vec::new(),
        }
    }

    /// Renders the file in a form meant to be read and edited by hand.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# Expectations for `newsmill check`: per table, the exact columns (name and\n\
             # type, in order) and the bounds on its row count. Widen min_rows/max_rows\n\
             # by hand for a corpus that grows; `newsmill check --write` rewrites this file.\n",
        );
        for (name, table) in &self.tables {
            let _ = writeln!(out, "\n[tables.{name}]");
            let _ = writeln!(out, "min_rows = {}", table.min_rows);
            let _ = writeln!(out, "max_rows = {}", table.max_rows);
            out.push_str("columns = [\n");
            for c in &table.columns {
                let _ = writeln!(out, "    {{ name = {:?}, type = {:?} }},", c.name, c.dtype);
            }
            out.push_str("]\n");
        }
        if !self.tests.is_empty() {
            #[derive(Serialize)]
            struct Tests<'a> {
                tests: &'a [DataTest],
            }
            out.push_str(
                "\n# Data tests: not_null, unique, accepted_values (values), relationship\n\
                 # (to = \"table.column\"), range (min, max), max_null_share (share); severity\n\
                 # \"error\" (the default) fails the check, \"warn\" only reports.\n\n",
            );
            let tests = Tests { tests: &self.tests };
            out.push_str(&toml::to_string(&tests).expect("data tests serialize"));
        }
        out
    }
}

/// What an output directory holds, and what is wrong with it.
#[derive(Debug, Default)]
pub struct Observation {
    pub tables: Vec<ObservedTable>,
    /// Problems of the output itself, one readable line each: a listed file
    /// missing, changed since the run (its hash), unreadable, or holding
    /// other rows or columns than the manifest says.
    pub problems: Vec<String>,
}

/// Reads every file of a finished output directory in full: each file's
/// hash against the manifest's, names and types from the Parquet footer
/// (or the manifest, for CSV-only output), row counts from every file.
/// Reports every problem rather than stopping at the first.
pub fn observe(dir: &Path) -> Result<Observation, CheckError> {
    if !dir.exists() {
        return Err(CheckError::NoOutput {
            dir: dir.to_path_buf(),
        });
    }
    let manifest = match RunManifest::load(dir) {
        None => {
            return Ok(Observation {
                tables: Vec::new(),
                problems: vec![format!(
                    "{} holds no readable manifest.json: not a finished newsmill output",
                    dir.display()
                )],
            });
        }
        Some(Err(message)) => {
            return Ok(Observation {
                tables: Vec::new(),
                problems: vec![format!("{MANIFEST} is not valid: {message}")],
            });
        }
        Some(Ok(manifest)) => manifest,
    };
    let mut observation = Observation::default();
    for (name, entry) in &manifest.tables {
        let mut table = ObservedTable {
            name: name.clone(),
            rows: 0,
            columns: entry.columns.clone(),
            rows_by_format: Vec::new(),
        };
        for file in &entry.files {
            let mut problems = Vec::new();
            observe_file(dir, file, entry, &mut table, &mut problems);
            let problems = problems.into_iter().map(|p| format!("{file}: {p}"));
            observation.problems.extend(problems);
        }
        for (format, rows) in &table.rows_by_format {
            if *rows != entry.rows {
                observation.problems.push(format!(
                    "table {name}: its {format} files hold {rows} rows, the manifest says {}",
                    entry.rows
                ));
            }
        }
        table.rows = table
            .rows_by_format
            .first()
            .map_or(entry.rows, |(_, rows)| *rows);
        observation.tables.push(table);
    }
    Ok(observation)
}

/// Checks one listed file, adds its rows to `table`, and its problems to
/// `problems`: a changed file is read on, to say what changed.
fn observe_file(
    dir: &Path,
    file: &str,
    entry: &TableEntry,
    table: &mut ObservedTable,
    problems: &mut Vec<String>,
) {
    let path = dir.join(file);
    if !path.is_file() {
        problems.push("listed in the manifest but missing".into());
        return;
    }
    if let Some(want) = entry.xxh3.get(file) {
        match hash_file(&path) {
            Ok(got) if &got == want => {}
            Ok(got) => problems.push(format!(
                "changed or damaged since the run wrote it (xxh3 {got}, the manifest says {want})"
            )),
            Err(e) => problems.push(format!("cannot read it: {e}")),
        }
    }
    if let Err(problem) = shape(&path, file, entry, table) {
        problems.push(problem);
    }
}

/// Reads a file's columns and rows into `table`.
fn shape(
    path: &Path,
    file: &str,
    entry: &TableEntry,
    table: &mut ObservedTable,
) -> Result<(), String> {
    let (format, rows) = if file.ends_with(".parquet") {
        let (columns, rows) = parquet_footer(path).map_err(|e| format!("unreadable: {e}"))?;
        if table.rows_by_format.iter().all(|(f, _)| f != "parquet") {
            table.columns = columns;
        } else if columns != table.columns {
            return Err(format!(
                "its columns differ from the other parts of {}: {}",
                table.name,
                describe_columns(&columns)
            ));
        }
        ("parquet", rows)
    } else {
        let (header, rows) = csv_shape(path).map_err(|e| format!("unreadable: {e}"))?;
        let expected: Vec<&str> = entry.columns.iter().map(|c| c.name.as_str()).collect();
        if header != expected {
            return Err(format!(
                "the CSV header {header:?} does not match the manifest's columns {expected:?}"
            ));
        }
        ("csv", rows)
    };
    // A dataset's parts add up, per format.
    match table.rows_by_format.iter_mut().find(|(f, _)| f == format) {
        Some((_, total)) => *total += rows,
        None => table.rows_by_format.push((format.to_string(), rows)),
    }
    Ok(())
}

fn describe_columns(columns: &[ColumnExpectation]) -> String {
    let list: Vec<String> = columns
        .iter()
        .map(|c| format!("{} {}", c.name, c.dtype))
        .collect();
    list.join(", ")
}

fn parquet_footer(path: &Path) -> PolarsResult<(Vec<ColumnExpectation>, u64)> {
    let file = std::fs::File::open(path)?;
    let mut reader = ParquetReader::new(file);
    let rows = reader.num_rows()? as u64;
    let schema = Schema::from_arrow_schema(reader.schema()?.as_ref());
    let columns = schema
        .iter()
        .map(|(name, dtype)| ColumnExpectation {
            name: name.to_string(),
            dtype: type_name(dtype),
        })
        .collect();
    Ok((columns, rows))
}

/// The contract's name for a polars type (see `output::ColType::name`).
fn type_name(dtype: &DataType) -> String {
    let contract = match dtype {
        DataType::String => ColType::String,
        DataType::Date => ColType::Date,
        DataType::Datetime(_, None) => ColType::Timestamp,
        DataType::Int32 => ColType::Int32,
        DataType::Int64 => ColType::Int64,
        DataType::Boolean => ColType::Bool,
        other => return other.to_string(),
    };
    contract.name().to_string()
}

fn csv_shape(path: &Path) -> Result<(Vec<String>, u64), csv::Error> {
    let mut reader = csv::Reader::from_path(path)?;
    let header = reader.headers()?.iter().map(str::to_owned).collect();
    let mut rows = 0u64;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        rows += 1;
    }
    Ok((header, rows))
}

/// Compares observed tables with expectations. Returns the problems found,
/// one readable line each; empty means the check passed.
pub fn compare(expected: &Expectations, observed: &[ObservedTable]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, want) in &expected.tables {
        let Some(got) = observed.iter().find(|t| &t.name == name) else {
            problems.push(format!("table {name}: missing from the output"));
            continue;
        };
        if got.rows < want.min_rows || got.rows > want.max_rows {
            let bounds = if want.min_rows == want.max_rows {
                format!("exactly {}", want.min_rows)
            } else {
                format!("{} to {}", want.min_rows, want.max_rows)
            };
            problems.push(format!(
                "table {name}: {} rows, expected {bounds}",
                got.rows
            ));
        }
        problems.extend(
            column_diff(&want.columns, &got.columns)
                .into_iter()
                .map(|line| format!("table {name}: {line}")),
        );
        if let Some((first_format, first_rows)) = got.rows_by_format.first() {
            for (format, rows) in &got.rows_by_format[1..] {
                if rows != first_rows {
                    problems.push(format!(
                        "table {name}: the {format} file has {rows} rows but the {first_format} file has {first_rows}"
                    ));
                }
            }
        }
    }
    for got in observed {
        if !expected.tables.contains_key(&got.name) {
            problems.push(format!(
                "table {}: not in the expectations (a new table; record it with --write)",
                got.name
            ));
        }
    }
    problems
}

/// A column-by-column diff: `-` expected but gone, `+` new, `~` changed.
/// Order is compared over the columns both sides have, so one inserted
/// column is one line, not a shifted position for every later column.
fn column_diff(want: &[ColumnExpectation], got: &[ColumnExpectation]) -> Vec<String> {
    let mut lines = Vec::new();
    for w in want {
        match got.iter().find(|g| g.name == w.name) {
            None => lines.push(format!("- column {} ({}) is missing", w.name, w.dtype)),
            Some(g) if g.dtype != w.dtype => {
                lines.push(format!(
                    "~ column {}: type {} is now {}",
                    w.name, w.dtype, g.dtype
                ));
            }
            Some(_) => {}
        }
    }
    for g in got {
        if !want.iter().any(|w| w.name == g.name) {
            lines.push(format!("+ column {} ({}) is new", g.name, g.dtype));
        }
    }
    let common = |from: &[ColumnExpectation], other: &[ColumnExpectation]| -> Vec<String> {
        from.iter()
            .filter(|c| other.iter().any(|o| o.name == c.name))
            .map(|c| c.name.clone())
            .collect()
    };
    let (want_order, got_order) = (common(want, got), common(got, want));
    if want_order != got_order {
        lines.push(format!(
            "~ column order {} is now {}",
            want_order.join(","),
            got_order.join(",")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, dtype: &str) -> ColumnExpectation {
        ColumnExpectation {
            name: name.into(),
            dtype: dtype.into(),
        }
    }

    fn table(rows: u64, columns: Vec<ColumnExpectation>) -> ObservedTable {
        ObservedTable {
            name: "documents".into(),
            rows,
            columns,
            rows_by_format: vec![("parquet".into(), rows), ("csv".into(), rows)],
        }
    }

    #[test]
    fn recorded_expectations_pass_and_survive_a_round_trip() {
        let observed = vec![table(
            5,
            vec![col("doc_id", "string"), col("published", "date")],
        )];
        let expected = Expectations::from_observed(&observed, 0);
        assert!(compare(&expected, &observed).is_empty());
        let reread: Expectations = toml::from_str(&expected.to_toml()).unwrap();
        assert_eq!(reread, expected);
    }

    #[test]
    fn changed_rows_types_and_columns_are_reported() {
        let expected = Expectations::from_observed(
            &[table(
                5,
                vec![col("doc_id", "string"), col("published", "date")],
            )],
            0,
        );
        let observed = vec![table(
            6,
            vec![
                col("doc_id", "string"),
                col("published", "string"),
                col("x", "u32"),
            ],
        )];
        let problems = compare(&expected, &observed);
        assert_eq!(
            problems,
            vec![
                "table documents: 6 rows, expected exactly 5",
                "table documents: ~ column published: type date is now string",
                "table documents: + column x (u32) is new",
            ]
        );
    }

    #[test]
    fn an_inserted_column_is_one_line_and_a_reorder_is_reported() {
        let before = vec![col("a", "string"), col("b", "date")];
        let inserted = vec![col("a", "string"), col("x", "u32"), col("b", "date")];
        assert_eq!(
            column_diff(&before, &inserted),
            vec!["+ column x (u32) is new"]
        );
        let swapped = vec![col("b", "date"), col("a", "string")];
        assert_eq!(
            column_diff(&before, &swapped),
            vec!["~ column order a,b is now b,a"]
        );
    }

    #[test]
    fn slack_widens_bounds_and_formats_must_agree() {
        let expected = Expectations::from_observed(&[table(100, vec![])], 10);
        assert_eq!(expected.tables["documents"].min_rows, 90);
        let mut observed = table(109, vec![]);
        observed.rows_by_format[1].1 = 108;
        let problems = compare(&expected, &[observed]);
        assert_eq!(
            problems,
            vec!["table documents: the csv file has 108 rows but the parquet file has 109"]
        );
    }

    #[test]
    fn missing_and_unexpected_tables_are_reported() {
        let expected = Expectations::from_observed(&[table(1, vec![])], 0);
        let mut other = table(1, vec![]);
        other.name = "rejects".into();
        let problems = compare(&expected, &[other]);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].contains("documents: missing"));
        assert!(problems[1].contains("rejects: not in the expectations"));
    }
}
