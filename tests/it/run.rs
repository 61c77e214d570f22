//! `newsmill run`: the seed corpus end to end, bad input, determinism and
//! atomic output.

use crate::common::{
    Workdir, generations, read_csv, read_table, repo, repo_path, run_seeds, stderr, stdout,
    strings, table_csv,
};

#[test]
fn seeds_give_five_documents_with_manifest_dates() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let docs = read_table(&out, "documents");
    assert_eq!(docs.height(), 5);
    let published = strings(&docs, "published");
    assert_eq!(
        published,
        [
            Some("2024-12-18"),
            Some("2024-12-18"),
            Some("2024-12-09"),
            Some("2025-01-13"),
            None
        ]
        .map(|d| d.map(str::to_owned))
    );
    let how = strings(&docs, "published_source");
    assert_eq!(how[0].as_deref(), Some("manifest"));
    // Seed 004 has no date in the manifest, and its text no dateline: no
    // day is guessed from "In December".
    assert_eq!(how[4], None);
    let inputs = strings(&docs, "input");
    assert!(
        inputs[0]
            .as_deref()
            .unwrap()
            .ends_with("seeds/000_30e0651a83f97932.txt"),
        "{inputs:?}"
    );
    let sources = strings(&docs, "source");
    assert_eq!(sources[0].as_deref(), Some("The Kyiv Independent"));
    assert_eq!(sources[2], None);
    // doc ids are content hashes: 16 hex digits, all distinct.
    let ids = strings(&docs, "doc_id");
    assert!(ids.iter().all(|id| id.as_ref().unwrap().len() == 16));
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 5);

    assert_eq!(read_table(&out, "rejects").height(), 0);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["tables"]["documents"]["rows"], 5);
    assert_eq!(manifest["input_files"], 5);
    assert_eq!(generations(&out).len(), 1);
}

#[test]
fn seed_run_meets_the_committed_expectations() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let expect = repo_path("pipelines/seeds.expect.toml");
    let result = wd.run(&["check", out.to_str().unwrap(), "--expect", &expect]);
    assert!(
        result.status.success(),
        "{}\n{}",
        crate::common::stdout(&result),
        stderr(&result)
    );
}

#[test]
fn bad_inputs_become_rejects_and_the_run_goes_on() {
    let wd = Workdir::new();
    wd.write("in/good.txt", "Zelenskyʼs café. A real article.\n");
    wd.write("in/binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    wd.write("in/empty.txt", "");
    wd.write("in/blank.txt", "  \n\n");
    wd.write("in/latin1.txt", b"Caf\xe9 au lait in Kyiv.");
    wd.write(
        "in/feed.jsonl",
        concat!(
            r#"{"id": "a1", "text": "First article.", "published": "2024-12-18", "source": "Wire"}"#,
            "\n",
            r#"{"id": "a2", "text": "Broken"#,
            "\n\n",
            r#"{"id": "a3", "title": "no text"}"#,
            "\n",
            r#"["not", "an", "object"]"#,
            "\n",
            r#"{"id": "a5", "text": "Fifth, with a bad date.", "published": "last Tuesday"}"#,
            "\n",
        ),
    );
    wd.write("in/notes.md", "not a supported format");
    let pipeline = repo_path("pipelines/seeds.toml");
    let result = wd.ok(&[
        "run",
        &pipeline,
        "--input",
        "in",
        "--input",
        "in/notes.md",
        "--no-manifest",
        "--out",
        "out",
    ]);
    let log = stderr(&result);
    assert!(
        log.contains("3 documents (2 undated, 0 with inferred days), 8 rejected"),
        "{log}"
    );

    let rejects = read_table(&wd.path().join("out"), "rejects");
    let got: Vec<(String, Option<String>, String)> = strings(&rejects, "input")
        .into_iter()
        .zip(strings(&rejects, "line"))
        .zip(strings(&rejects, "reason"))
        .map(|((input, line), reason)| (input.unwrap(), line, reason.unwrap()))
        .collect();
    let want = [
        ("in/binary.txt", None, "binary"),
        ("in/blank.txt", None, "empty"),
        ("in/empty.txt", None, "empty"),
        ("in/feed.jsonl", Some("2"), "malformed_json"),
        ("in/feed.jsonl", Some("4"), "missing_text"),
        ("in/feed.jsonl", Some("5"), "malformed_json"),
        ("in/latin1.txt", None, "invalid_utf8"),
        ("in/notes.md", None, "unsupported_format"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(i, l, r)| (i.to_string(), l.map(str::to_owned), r.to_string()))
        .collect();
    assert_eq!(got, want);
    let details = strings(&rejects, "detail");
    assert!(
        details
            .iter()
            .all(|d| d.as_ref().is_some_and(|d| d.len() > 10))
    );

    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(
        strings(&docs, "external_id"),
        [Some("a1".to_owned()), Some("a5".to_owned()), None]
    );
    // The bad date keeps its document, undated, and is reported.
    assert_eq!(strings(&docs, "published")[1], None);
    let manifest = std::fs::read_to_string(wd.path().join("out/manifest.json")).unwrap();
    assert!(manifest.contains("last Tuesday"), "{manifest}");
    // Lengths are code points, not bytes.
    assert_eq!(strings(&docs, "chars")[0].as_deref(), Some("14"));
    assert_eq!(strings(&docs, "chars")[2].as_deref(), Some("33"));
    assert_eq!(strings(&docs, "bytes")[2].as_deref(), Some("35"));
}

#[test]
fn replace_policy_keeps_invalid_utf8_documents() {
    let wd = Workdir::new();
    wd.write("in/latin1.txt", b"Caf\xe9 au lait in Kyiv.");
    wd.write(
        "p.toml",
        "[input]\npaths = ['in']\ninvalid_utf8 = 'replace'\n[output]\ndir = 'out'\n",
    );
    wd.ok(&["run", "p.toml"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(strings(&docs, "replaced_sequences"), [Some("1".to_owned())]);
}

#[test]
fn output_is_identical_for_any_thread_count_and_batch_size() {
    let wd = Workdir::new();
    let mut jsonl = String::new();
    for i in 0..300 {
        let published = if i % 7 == 0 {
            "null".to_string()
        } else {
            format!("\"2024-12-{:02}\"", i % 28 + 1)
        };
        jsonl.push_str(&format!(
            "{{\"id\": \"n{i}\", \"text\": \"Article {i} about Kyiv, with \\\"quotes\\\", commas and a line\\nbreak. Taras Hnatiuk{} spoke.\", \"published\": {published}, \"source\": \"Wire {}\"}}\n",
            ["", "enko", "ov"][i % 3],
            i % 3
        ));
        if i % 50 == 0 {
            jsonl.push_str("{broken\n");
        }
    }
    wd.write("in/feed.jsonl", &jsonl);
    wd.write("in/copy.txt", "Article 1 about Kyiv.");
    // One thread and one document per batch too: every batch's frames are
    // written and dropped before the next is built.
    let runs = [
        ("one", 1, 1000),
        ("two", 2, 7),
        ("many", 4, 1),
        ("serial", 1, 1),
    ];
    for (name, threads, batch) in runs {
        wd.write(
            &format!("{name}.toml"),
            format!("[input]\npaths = ['in']\n[output]\ndir = 'out-{name}'\ncsv = 'all'\n[run]\nthreads = {threads}\nbatch_documents = {batch}\n"),
        );
        wd.ok(&["run", &format!("{name}.toml")]);
    }
    for table in [
        "documents",
        "rejects",
        "mentions",
        "name_mentions",
        "candidates",
        "actor_day",
    ] {
        let base = table_csv(&wd.path().join("out-one"), table);
        let base_frame = as_text(read_table(&wd.path().join("out-one"), table));
        for other in ["two", "many", "serial"] {
            let dir = wd.path().join(format!("out-{other}"));
            assert!(
                table_csv(&dir, table) == base,
                "{table}.csv differs between out-one and out-{other}"
            );
            let frame = as_text(read_table(&dir, table));
            assert!(
                frame.equals_missing(&base_frame),
                "{table}.parquet differs for out-{other}"
            );
        }
    }
    let docs = read_table(&wd.path().join("out-one"), "documents");
    assert_eq!(docs.height(), 301);
    // The discovered names recur across batches, and are summed across them.
    let candidates =
        std::fs::read_to_string(wd.path().join("out-serial/csv/candidates.csv")).unwrap();
    for name in ["Taras Hnatiuk,", "Taras Hnatiukenko,", "Taras Hnatiukov,"] {
        assert!(candidates.contains(name), "{name} in {candidates}");
    }
}

/// Every column as text, so that frames compare value by value.
fn as_text(df: polars::prelude::DataFrame) -> polars::prelude::DataFrame {
    use polars::prelude::*;
    let columns = df
        .columns()
        .iter()
        .map(|c| c.cast(&DataType::String).unwrap())
        .collect();
    DataFrame::new_infer_height(columns).unwrap()
}

#[test]
fn csv_and_parquet_hold_the_same_rows() {
    let wd = Workdir::new();
    wd.write(
        "in/feed.jsonl",
        concat!(
            r#"{"id": "q", "title": "Quotes \"inside\", and commas", "text": "Line one\nline two, \"quoted\".", "published": "2025-01-13"}"#,
            "\n",
            r#"{"id": "", "title": "", "text": "Empty strings are nulls."}"#,
            "\n"
        ),
    );
    wd.write(
        "p.toml",
        "[input]\npaths = ['in']\n[output]\ndir = 'out'\ncsv = 'all'\n",
    );
    wd.ok(&["run", "p.toml"]);
    let frame = read_table(&wd.path().join("out"), "documents");
    let csv = read_csv(&wd.path().join("out/csv/documents/part-00000.csv"));
    let header: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(csv[0], header);
    assert_eq!(csv.len() - 1, frame.height());
    for (c, name) in header.iter().enumerate() {
        let values = strings(&frame, name);
        for (r, value) in values.iter().enumerate() {
            assert_eq!(
                &csv[r + 1][c],
                value.as_deref().unwrap_or(""),
                "row {r}, column {name}"
            );
        }
    }
    let raw = std::fs::read_to_string(wd.path().join("out/csv/documents/part-00000.csv")).unwrap();
    assert!(raw.contains(r#""Quotes ""inside"", and commas""#), "{raw}");
}

#[test]
fn a_killed_run_leaves_the_previous_output_and_the_next_run_cleans_up() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let before = table_csv(&out, "documents");
    // What a run killed mid-write leaves behind: a generation never
    // switched to.
    let leftover = wd.write(
        ".out.newsmill/gen-000042/csv/documents/part-00000.csv",
        "half a tab",
    );
    // A failing run (its input matches nothing) touches nothing.
    let pipeline = repo_path("pipelines/seeds.toml");
    let failed = wd.run(&["run", &pipeline, "--input", "nothing/*.txt", "--out", "out"]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("nothing/*.txt"));
    assert_eq!(table_csv(&out, "documents"), before);
    assert!(out.join("manifest.json").exists());

    run_seeds(&wd, &["--csv", "none"]);
    assert!(!leftover.exists());
    assert!(
        !out.join("csv/documents/part-00000.csv").exists(),
        "a stale CSV from the previous run survived"
    );
    assert!(out.join("documents/part-00000.parquet").exists());
}

#[test]
fn bad_pipelines_and_flags_exit_with_2_and_say_why() {
    let wd = Workdir::new();
    wd.write(
        "p.toml",
        "[input]\npaths = ['in']\n[output]\ndir = 'out'\nformat = 'csv'\n",
    );
    let result = wd.run(&["run", "p.toml"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("p.toml"), "{}", stderr(&result));
    let pipeline = repo_path("pipelines/seeds.toml");
    let result = wd.run(&["run", &pipeline, "--csv", "xlsx", "--out", "o"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("xlsx"));
    let result = wd.run(&["run", "missing.toml"]);
    assert_eq!(result.status.code(), Some(2));
}

/// Regression: the command line printed an error's cause twice ("cannot
/// read pipeline file missing.toml: No such file or directory (os error 2):
/// No such file or directory (os error 2)").
#[test]
fn an_error_names_its_cause_once() {
    let wd = Workdir::new();
    let result = wd.run(&["run", "missing.toml"]);
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(
        message.starts_with("newsmill: error: cannot read pipeline file missing.toml: "),
        "{message}"
    );
    assert_eq!(message.matches("os error").count(), 1, "{message}");
}

/// A failure while working exits 1, not 2: here the folder of the output's
/// generations is a file, so nothing can be written in it. An output path
/// that is a file is the user's to fix: exit 2, and the file stays.
#[test]
fn a_run_that_cannot_write_its_output_exits_with_1() {
    let wd = Workdir::new();
    wd.write(".out.newsmill", "not a directory");
    let pipeline = repo_path("pipelines/seeds.toml");
    let result = wd.run(&["run", &pipeline, "--out", "out", "--quiet"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(
        stderr(&result).contains(".out.newsmill"),
        "{}",
        stderr(&result)
    );

    wd.write("file", "mine");
    let result = wd.run(&["run", &pipeline, "--out", "file", "--quiet"]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("it is a file"),
        "{}",
        stderr(&result)
    );
    assert_eq!(
        std::fs::read_to_string(wd.path().join("file")).unwrap(),
        "mine"
    );
}

/// Regression: an empty input directory replaced a full output with empty
/// tables and an emptied cache, exit 0. A run that reads no document keeps
/// the previous output, says why, records the attempt, and exits 2.
#[test]
fn a_run_that_reads_no_document_keeps_the_previous_output() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let files = [
        "documents/part-00000.parquet",
        "manifest.json",
        ".newsmill-cache.bin",
        ".newsmill-state.bin",
    ];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    std::fs::create_dir_all(wd.path().join("feed")).unwrap();
    let pipeline = repo_path("pipelines/seeds.toml");
    let run = |input: &str, extra: &[&str]| {
        let mut args = vec![
            "run", &pipeline, "--input", input, "--out", "out", "--quiet",
        ];
        args.extend_from_slice(extra);
        wd.run(&args)
    };
    let empty = run("feed", &[]);
    assert_eq!(empty.status.code(), Some(2), "{}", stderr(&empty));
    let message = stderr(&empty);
    assert!(
        message.contains("read no document") && message.contains("--allow-empty"),
        "{message}"
    );
    wd.write("feed/blank.txt", "  \n");
    let rejected = run("feed", &[]);
    assert_eq!(rejected.status.code(), Some(2));
    assert!(
        stderr(&rejected).contains("1 inputs rejected: 1 empty"),
        "{}",
        stderr(&rejected)
    );
    for (file, bytes) in files.iter().zip(&before) {
        assert_eq!(&std::fs::read(out.join(file)).unwrap(), bytes, "{file}");
    }
    assert_eq!(generations(&out).len(), 1);

    let allowed = run("feed", &["--allow-empty"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    let docs = read_table(&out, "documents");
    assert_eq!(docs.height(), 0);

    let history = std::fs::read_to_string(out.join("runs.jsonl")).unwrap();
    let statuses: Vec<String> = history
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["status"].to_string())
        .collect();
    assert_eq!(statuses, ["\"ok\"", "\"empty\"", "\"empty\"", "\"ok\""]);
}

/// Every Parquet file says which newsmill, pipeline and run wrote it, and
/// the manifest lists each input file with its size and hash.
#[test]
fn output_files_carry_their_provenance() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 5);
    for input in inputs {
        let path = input["path"].as_str().unwrap();
        let bytes = std::fs::metadata(repo().join(path)).unwrap().len();
        assert_eq!(input["bytes"].as_u64(), Some(bytes), "{path}");
        assert_eq!(input["xxh3"].as_str().unwrap().len(), 16);
    }
    let run_id = manifest["run_id"].as_str().unwrap();
    assert_eq!(run_id.len(), 16);
    let file = std::fs::File::open(out.join("mentions/part-00000.parquet")).unwrap();
    use polars::prelude::SerReader;
    let mut reader = polars::prelude::ParquetReader::new(file);
    let metadata = reader.get_metadata().unwrap().clone();
    let kv: std::collections::BTreeMap<String, String> = metadata
        .key_value_metadata()
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|kv| Some((kv.key, kv.value?)))
        .collect();
    assert_eq!(kv.get("newsmill.run_id").map(String::as_str), Some(run_id));
    assert_eq!(
        kv.get("newsmill.pipeline").map(String::as_str),
        Some("seeds")
    );
    assert_eq!(
        kv.get("newsmill.version").map(String::as_str),
        Some(env!("CARGO_PKG_VERSION"))
    );
    assert!(kv.contains_key("newsmill.dictionary_hash"));
    // Same inputs and settings, same id: the files are the same too.
    let again = wd.path().join("again");
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&[
        "run",
        &pipeline,
        "--out",
        again.to_str().unwrap(),
        "--quiet",
    ]);
    let second: serde_json::Value =
        serde_json::from_slice(&std::fs::read(again.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(second["run_id"], manifest["run_id"]);
}

/// `--merge-settings` states the pipeline's settings with their defaults
/// and the merge's rules, which the Spark job reads instead of repeating.
#[test]
fn merge_settings_state_the_pipeline_and_the_rules() {
    let wd = Workdir::new();
    wd.write(
        "p.toml",
        "[input]\npaths = ['in']\n[actors]\ncount_demonyms = true\n[output]\ndir = 'out'\nreport = false\n",
    );
    let out = wd.ok(&["run", "p.toml", "--merge-settings", "--quiet"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["count_demonyms"], true);
    assert_eq!(v["report"], false);
    assert_eq!(v["allow_empty"], false);
    assert_eq!(v["near_duplicate_share"].as_f64(), Some(0.8));
    assert_eq!(v["types"][0], "person");
    assert!(
        v["sign_off_share"]
            .as_f64()
            .is_some_and(|x| x > 0.0 && x < 1.0)
    );
    assert!(v["brand_mentions"].as_i64().is_some_and(|n| n > 1));
}
