//! `newsmill check`: catches changed row counts and schemas, records
//! expectations with --write.

use crate::common::{Workdir, repo_path, stderr, stdout};
use polars::prelude::*;

/// A workdir with a small corpus already run into `out/`.
fn with_output() -> Workdir {
    let wd = Workdir::new();
    wd.write("in/a.txt", "First article about Kyiv.");
    wd.write("in/b.txt", "Second article about Brussels.");
    wd.write("in/empty.txt", "");
    wd.write(
        "p.toml",
        "[input]\npaths = ['in']\n[output]\ndir = 'out'\ncsv = 'all'\n",
    );
    wd.ok(&["run", "p.toml"]);
    wd
}

#[test]
fn recorded_expectations_pass() {
    let wd = with_output();
    wd.ok(&["check", "out", "--expect", "expect.toml", "--write"]);
    let text = std::fs::read_to_string(wd.path().join("expect.toml")).unwrap();
    assert!(
        text.contains("[tables.documents]\nmin_rows = 2\nmax_rows = 2"),
        "{text}"
    );
    assert!(
        text.contains("[tables.rejects]\nmin_rows = 1\nmax_rows = 1"),
        "{text}"
    );
    assert!(
        text.contains(r#"{ name = "published", type = "date" }"#),
        "{text}"
    );
    wd.ok(&["check", "out", "--expect", "expect.toml"]);
}

#[test]
fn a_changed_row_count_fails_with_exit_3() {
    let wd = with_output();
    wd.ok(&["check", "out", "--expect", "expect.toml", "--write"]);
    wd.write("in/c.txt", "A third article.");
    wd.ok(&["run", "p.toml"]);
    let result = wd.run(&["check", "out", "--expect", "expect.toml"]);
    assert_eq!(result.status.code(), Some(3));
    let report = stdout(&result);
    assert!(
        report.contains("table documents: 3 rows, expected exactly 2"),
        "{report}"
    );
    assert!(
        report.contains("table sentences: 3 rows, expected exactly 2"),
        "{report}"
    );
    assert!(report.contains("2 problem(s)"), "{report}");
}

#[test]
fn slack_tolerates_growth_within_bounds() {
    let wd = with_output();
    wd.ok(&[
        "check",
        "out",
        "--expect",
        "expect.toml",
        "--write",
        "--slack",
        "50",
    ]);
    wd.write("in/c.txt", "A third article.");
    wd.ok(&["run", "p.toml"]);
    wd.ok(&["check", "out", "--expect", "expect.toml"]);
}

#[test]
fn a_changed_schema_fails_with_a_readable_diff() {
    let wd = with_output();
    wd.ok(&["check", "out", "--expect", "expect.toml", "--write"]);
    // Rewrite documents.parquet as a different producer would: `published`
    // as text, one column dropped.
    let path = wd.path().join("out/documents/part-00000.parquet");
    let mut df = crate::common::read_parquet(&path);
    let published = df
        .column("published")
        .unwrap()
        .cast(&DataType::String)
        .unwrap();
    df.with_column(published).unwrap();
    let mut df = df.drop("url").unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let result = wd.run(&["check", "out", "--expect", "expect.toml"]);
    assert_eq!(result.status.code(), Some(3));
    let report = stdout(&result);
    assert!(
        report.contains("~ column published: type date is now string"),
        "{report}"
    );
    assert!(
        report.contains("- column url (string) is missing"),
        "{report}"
    );
}

#[test]
fn formats_that_disagree_are_reported() {
    let wd = with_output();
    wd.ok(&["check", "out", "--expect", "expect.toml", "--write"]);
    let csv = wd.path().join("out/csv/documents/part-00000.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let truncated: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(&csv, truncated.join("\n") + "\n").unwrap();
    let result = wd.run(&["check", "out", "--expect", "expect.toml"]);
    assert_eq!(result.status.code(), Some(3));
    assert!(stdout(&result).contains("the csv file has 1 rows but the parquet file has 2"));
}

#[test]
fn a_directory_without_a_manifest_is_a_damaged_output() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path().join("empty")).unwrap();
    let expect = repo_path("pipelines/seeds.expect.toml");
    let result = wd.run(&["check", "empty", "--expect", &expect]);
    assert_eq!(result.status.code(), Some(3));
    assert!(stdout(&result).contains("manifest.json"));
    let result = wd.run(&["check", "missing"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("does not exist"));
}

/// Regression: 100 flipped bytes inside a Parquet file passed the check
/// (exit 0) though no reader could open it, a missing file exited 1, and
/// the check stopped at the first problem. Every file is now read in full
/// against the manifest's hash, and every problem reported, with exit 3.
#[test]
fn flipped_bytes_and_missing_files_are_all_reported_with_exit_3() {
    let wd = with_output();
    wd.ok(&["check", "out"]);
    let sentences = wd.path().join("out/sentences/part-00000.parquet");
    let mut bytes = std::fs::read(&sentences).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 100] {
        *b ^= 0xff;
    }
    // A fresh file, not the generation's hard-linked one.
    std::fs::remove_file(&sentences).unwrap();
    std::fs::write(&sentences, bytes).unwrap();
    std::fs::remove_file(wd.path().join("out/actor_day.parquet")).unwrap();
    let result = wd.run(&["check", "out"]);
    assert_eq!(result.status.code(), Some(3), "{}", stderr(&result));
    let report = stdout(&result);
    assert!(
        report.contains("sentences/part-00000.parquet: changed or damaged"),
        "{report}"
    );
    assert!(
        report.contains("actor_day.parquet: listed in the manifest but missing"),
        "{report}"
    );
    let result = wd.run(&["check", "out", "--expect", "x.toml", "--write"]);
    assert_eq!(result.status.code(), Some(3));
    assert!(!wd.path().join("x.toml").exists());
}

/// Data tests declared in the expectations file fail the check with exit
/// 3 and say what they found; a `warn` test only reports.
#[test]
fn data_tests_catch_nulls_orphans_and_undated_shares() {
    let wd = with_output();
    wd.ok(&["check", "out", "--expect", "expect.toml", "--write"]);
    let recorded = std::fs::read_to_string(wd.path().join("expect.toml")).unwrap();
    let tests = r#"
[[tests]]
table = "documents"
column = "published"
test = "not_null"

[[tests]]
table = "documents"
column = "doc_id"
test = "relationship"
to = "rejects.input"

[[tests]]
table = "documents"
column = "published"
test = "max_null_share"
share = 0.5

[[tests]]
table = "documents"
column = "doc_id"
test = "unique"
"#;
    wd.write("expect.toml", format!("{recorded}{tests}"));
    let result = wd.run(&["check", "out", "--expect", "expect.toml"]);
    assert_eq!(result.status.code(), Some(3));
    let report = stdout(&result);
    assert!(
        report.contains("test documents.published not_null: 2 of 2 rows are null"),
        "{report}"
    );
    assert!(
        report.contains("test documents.doc_id relationship to rejects.input: 2 rows"),
        "{report}"
    );
    assert!(
        report.contains("max_null_share 0.5: 2 of 2 rows are null (100.0%, at most 50.0% allowed)"),
        "{report}"
    );
    assert!(!report.contains("unique"), "doc ids are unique: {report}");
    assert!(report.contains("3 problem(s)"), "{report}");

    // Rewriting the bounds keeps the hand-written tests.
    wd.ok(&["check", "out", "--expect", "expect.toml", "--write"]);
    let rewritten = std::fs::read_to_string(wd.path().join("expect.toml")).unwrap();
    assert!(rewritten.contains("to = \"rejects.input\""), "{rewritten}");

    let warn = tests.replace(
        "test = \"not_null\"",
        "test = \"not_null\"\nseverity = \"warn\"",
    );
    let only_warn: String = warn
        .split("[[tests]]")
        .take(2)
        .collect::<Vec<_>>()
        .join("[[tests]]");
    wd.write("warn.toml", format!("{recorded}{only_warn}"));
    let result = wd.run(&["check", "out", "--expect", "warn.toml"]);
    assert_eq!(result.status.code(), Some(0), "{}", stdout(&result));
    assert!(stderr(&result).contains("warn: documents.published not_null"));
}
