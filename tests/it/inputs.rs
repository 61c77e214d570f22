//! Input formats beyond plain files: gzip-compressed inputs and JSONL on
//! standard input.

use std::io::Write;
use std::process::Stdio;

use crate::common::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const FEED: &str = concat!(
    r#"{"id": "k1", "text": "Volodymyr Zelensky spoke in Київ on Monday.", "published": "2024-12-16"}"#,
    "\n",
    r#"{"id": "k2", "text": "Emmanuel Macron met Olaf Scholz in Paris.", "published": "2024-12-17"}"#,
    "\n",
);

/// The documents table's ids, texts and days, in row order.
fn documents(wd: &Workdir, out: &str) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let docs = read_table(&wd.path().join(out), "documents");
    let ids = strings(&docs, "external_id");
    let chars = strings(&docs, "chars");
    let days = strings(&docs, "published");
    ids.into_iter()
        .zip(chars)
        .zip(days)
        .map(|((i, c), d)| (i, c, d))
        .collect()
}

fn run(wd: &Workdir, input: &str, out: &str) {
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&[
        "run",
        &pipeline,
        "--input",
        input,
        "--no-manifest",
        "--out",
        out,
        "-q",
    ]);
}

#[test]
fn gzipped_inputs_give_the_documents_of_their_plain_twins() {
    let wd = Workdir::new();
    wd.write("plain/feed.jsonl", FEED);
    wd.write("plain/note.txt", "Ursula von der Leyen visited Kyiv.\n");
    wd.write("gz/feed.jsonl.gz", gzip(FEED.as_bytes()));
    wd.write(
        "gz/note.txt.gz",
        gzip(b"Ursula von der Leyen visited Kyiv.\n"),
    );
    run(&wd, "plain", "out-plain");
    run(&wd, "gz", "out-gz");
    let plain = documents(&wd, "out-plain");
    assert_eq!(plain.len(), 3);
    assert_eq!(plain, documents(&wd, "out-gz"));
}

#[test]
fn a_truncated_gzip_member_rejects_what_it_cuts_and_the_run_goes_on() {
    let wd = Workdir::new();
    let feed: String = (0..400)
        .map(|i| {
            format!("{{\"id\": \"d{i}\", \"text\": \"Story {i} on Kyiv and Paris, told anew.\"}}\n")
        })
        .collect();
    let whole = gzip(feed.as_bytes());
    wd.write("in/cut.jsonl.gz", &whole[..whole.len() / 2]);
    wd.write("in/cut.txt.gz", &gzip(b"Kyiv and Paris.")[..12]);
    wd.write("in/good.txt", "Kyiv and Paris.\n");
    run(&wd, "in", "out");
    let rejects = read_table(&wd.path().join("out"), "rejects");
    let got: Vec<_> = strings(&rejects, "input")
        .into_iter()
        .zip(strings(&rejects, "reason"))
        .collect();
    let reject = |input: &str| (Some(input.to_string()), Some("unreadable".to_string()));
    assert_eq!(got, [reject("in/cut.jsonl.gz"), reject("in/cut.txt.gz")]);
    // The lines before the cut are documents, each whole; the good file too.
    let docs = documents(&wd, "out");
    let from_cut = docs.iter().filter(|d| d.0.is_some()).count();
    assert!((1..400).contains(&from_cut), "{from_cut} documents");
    assert_eq!(docs.len(), from_cut + 1);
}

#[test]
fn jsonl_on_standard_input_is_read_as_a_file_would_be() {
    let wd = Workdir::new();
    wd.write("in/feed.jsonl", FEED);
    run(&wd, "in/feed.jsonl", "out-file");
    let pipeline = repo_path("pipelines/seeds.toml");
    let mut child = wd
        .cmd()
        .args([
            "run",
            &pipeline,
            "--input",
            "-",
            "--no-manifest",
            "--out",
            "out-stdin",
            "-q",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(FEED.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(documents(&wd, "out-file"), documents(&wd, "out-stdin"));
    let docs = read_table(&wd.path().join("out-stdin"), "documents");
    assert_eq!(strings(&docs, "input")[0].as_deref(), Some("-"));
}

const PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="windows-1252">
<title>Ministers extend the credit line | The Paper</title>
<link rel="canonical" href="https://paper.example/2024/12/18/credit-line">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-12-18T09:00:00Z",
 "author": {"@type": "Person", "name": "Olena Kovalenko"}}</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers extend the credit line</h1>
<p>Finance ministers met in Brussels on Tuesday and agreed, after a long night of talks, to extend the credit line to Kyiv.</p>
<div class="share-bar"><a href="/s">Share</a></div>
<p>Officials in Paris said the plan would run until next year, with a review in the spring.</p></article>
<footer>&copy; 2024 The Paper</footer></body></html>"#;

#[test]
fn an_html_page_gives_its_article_and_metadata() {
    let wd = Workdir::new();
    // The page says windows-1252; the bytes are so encoded.
    let page = PAGE.replace("Kyiv", "Kyiv’s partners");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    wd.write("in/page.html", &cp1252);
    wd.write("in/same.htm.gz", gzip(&cp1252));
    wd.write(
        "in/login.html",
        "<html><body><form><input name=user><button>Sign in</button></form></body></html>",
    );
    run(&wd, "in", "out");
    let docs = read_table(&wd.path().join("out"), "documents");
    let text = strings(&docs, "text");
    let want = "Ministers extend the credit line\nFinance ministers met in Brussels on Tuesday and agreed, \
                after a long night of talks, to extend the credit line to Kyiv's partners.\nOfficials in Paris \
                said the plan would run until next year, with a review in the spring.";
    assert_eq!(text.len(), 2);
    assert_eq!(text[0].as_deref(), Some(want));
    assert_eq!(text[1], text[0]);
    for (column, value) in [
        ("title", "Ministers extend the credit line"),
        ("author", "Olena Kovalenko"),
        ("url", "https://paper.example/2024/12/18/credit-line"),
        ("published", "2024-12-18"),
        ("published_source", "jsonld"),
    ] {
        assert_eq!(
            strings(&docs, column)[0].as_deref(),
            Some(value),
            "{column}"
        );
    }
    // The gzipped twin is an exact repeat of the page.
    assert!(strings(&docs, "duplicate_of")[1].is_some(), "{docs}");
    let rejects = read_table(&wd.path().join("out"), "rejects");
    assert_eq!(
        strings(&rejects, "input"),
        [Some("in/login.html".to_string())]
    );
    assert_eq!(strings(&rejects, "reason"), [Some("empty".to_string())]);
}
