//! Inputs a scheduled job meets now and then, each once a bug: one test
//! per case, named for what it must do.

use crate::common::*;

#[test]
fn a_utf16_text_file_with_a_byte_order_mark_is_read_not_called_binary() {
    let wd = Workdir::new();
    let text = "Kyiv - Zelensky met Macron on Tuesday, officials said.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    wd.write("in/le.txt", le);
    wd.write("in/be.txt", be);
    run_input(&wd, "in", "out", &["-q"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(docs.height(), 2);
    assert_eq!(read_table(&wd.path().join("out"), "rejects").height(), 0);
    let texts = strings(&docs, "text");
    assert!(
        texts
            .iter()
            .all(|t| t.as_deref().unwrap().starts_with("Kyiv"))
    );
}

#[test]
fn a_jsonl_file_opening_with_a_byte_order_mark_keeps_its_first_line() {
    let wd = Workdir::new();
    wd.write(
        "in/feed.jsonl",
        "\u{FEFF}{\"id\": \"a\", \"text\": \"Zelensky spoke in Kyiv.\"}\n{\"id\": \"b\", \"text\": \"Macron spoke.\"}\n",
    );
    run_input(&wd, "in/feed.jsonl", "out", &["-q"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(
        strings(&docs, "external_id"),
        [Some("a".into()), Some("b".into())]
    );
}

#[test]
fn an_id_beyond_u64_keeps_its_digits_as_written() {
    let wd = Workdir::new();
    wd.write(
        "in/feed.jsonl",
        "{\"id\": 123456789012345678901234567890, \"text\": \"Zelensky spoke in Kyiv.\"}\n",
    );
    run_input(&wd, "in/feed.jsonl", "out", &["-q"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(
        strings(&docs, "external_id"),
        [Some("123456789012345678901234567890".into())]
    );
}

#[test]
fn an_impossible_time_leaves_the_document_undated_with_a_warning() {
    let wd = Workdir::new();
    wd.write(
        "in/feed.jsonl",
        "{\"text\": \"Zelensky spoke in Kyiv.\", \"published\": \"2024-12-18T25:61:00Z\"}\n",
    );
    let out = run_input(&wd, "in/feed.jsonl", "out", &[]);
    assert!(
        stderr(&out).contains("2024-12-18T25:61:00Z"),
        "{}",
        stderr(&out)
    );
    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(strings(&docs, "published"), [None]);
}

#[test]
fn manifest_rows_outside_its_folder_warn_and_an_open_quote_fails() {
    let wd = Workdir::new();
    wd.write("corpus/a.txt", "Zelensky spoke in Kyiv.");
    wd.write("secret.txt", "Not for this corpus.");
    wd.write(
        "corpus/manifest.csv",
        "file,published,source\na.txt,2024-12-18,Wire\n../secret.txt,2024-12-19,Wire\n",
    );
    let pipeline = repo_path("pipelines/seeds.toml");
    let args = |manifest: &'static str| {
        vec![
            "run",
            pipeline.as_str(),
            "--input",
            "corpus/a.txt",
            "--manifest",
            manifest,
            "--out",
            "out",
        ]
    };
    let out = wd.ok(&args("corpus/manifest.csv"));
    assert!(
        stderr(&out).contains("\"../secret.txt\" is outside the manifest's folder"),
        "{}",
        stderr(&out)
    );
    wd.write(
        "corpus/open.csv",
        "file,published,source,title\na.txt,2024-12-18,Wire,\"An open quote\nb.txt,2024-12-19,Wire,B\n",
    );
    let failed = wd.run(&args("corpus/open.csv"));
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        stderr(&failed).contains("not closed"),
        "{}",
        stderr(&failed)
    );
}

#[test]
fn absurd_settings_are_refused_or_capped() {
    let wd = Workdir::new();
    wd.write("in/a.txt", "Zelensky spoke in Kyiv.");
    wd.write(
        "p.toml",
        "[input]\npaths = ['in']\nmax_document_mb = 0\n[output]\ndir = 'out'\n",
    );
    let refused = wd.run(&["run", "p.toml"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("max_document_mb"));
    let capped = run_input(&wd, "in", "out", &["--threads", "100000"]);
    assert!(
        stderr(&capped).contains("100000 threads on"),
        "{}",
        stderr(&capped)
    );
}

/// Regression: a directory holding only files no reader takes wiped the
/// output with exit 0. Like an empty one, it keeps the output, exit 2.
#[test]
fn a_directory_of_unsupported_files_keeps_the_previous_output() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &["-q"]);
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    wd.write("feed/notes.csv", "a,b\n");
    wd.write("feed/scan.pdf", "%PDF-1.4");
    let pipeline = repo_path("pipelines/seeds.toml");
    let run = wd.run(&["run", &pipeline, "--input", "feed", "--out", "out", "-q"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("read no document"),
        "{}",
        stderr(&run)
    );
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), before);
}
