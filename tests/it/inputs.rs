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
    run_input(&wd, "plain", "out-plain", &["-q"]);
    run_input(&wd, "gz", "out-gz", &["-q"]);
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
    run_input(&wd, "in", "out", &["-q"]);
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
    run_input(&wd, "in/feed.jsonl", "out-file", &["-q"]);
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
    run_input(&wd, "in", "out", &["-q"]);
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

/// A WARC record with `block`, as one gzip member.
fn warc_member(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-04-01T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    gzip(&r)
}

#[test]
fn a_warc_file_gives_its_html_responses_and_counts_the_other_records() {
    let wd = Workdir::new();
    let page = PAGE.replace("Kyiv", "Kyiv’s partners");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    // The HTTP header's charset is the page's own; a later page lies in
    // its <meta> and the header wins.
    let mut ok =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n".to_vec();
    ok.extend_from_slice(&cp1252);
    let utf8_page = PAGE
        .replace("Kyiv", "Київ")
        .replace("2024-12-18T09:00", "2027-01-01T09:00");
    let mut later = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    later.extend_from_slice(utf8_page.as_bytes());
    let members = [
        warc_member("warcinfo", "", b"software: test"),
        warc_member(
            "request",
            "https://paper.example/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        warc_member("response", "https://paper.example/a", &ok),
        warc_member(
            "response",
            "https://paper.example/b",
            b"HTTP/1.1 404 Not Found\r\n\r\n",
        ),
        warc_member("response", "https://paper.example/c", &later),
    ];
    let mut file = members.concat();
    // A member cut off halfway, in the middle of the file.
    let cut = warc_member("response", "https://paper.example/cut", &ok);
    let at = members[..2].iter().map(Vec::len).sum::<usize>();
    file.splice(at..at, cut[..cut.len() / 2].iter().copied());
    wd.write("in/crawl.warc.gz", &file);
    run_input(&wd, "in", "out", &["-q"]);

    let docs = read_table(&wd.path().join("out"), "documents");
    // The URL the crawler fetched, not the page's canonical one.
    assert_eq!(
        strings(&docs, "url"),
        [
            Some("https://paper.example/a".to_string()),
            Some("https://paper.example/c".to_string())
        ]
    );
    assert!(
        strings(&docs, "external_id")[0]
            .as_deref()
            .unwrap()
            .starts_with("<urn:uuid:response")
    );
    let text = strings(&docs, "text");
    assert!(
        text[0].as_deref().unwrap().contains("Kyiv's partners"),
        "{text:?}"
    );
    assert!(text[1].as_deref().unwrap().contains("Київ"), "{text:?}");
    // The capture time, to the second, in UTC.
    let captured = strings(&docs, "captured");
    assert!(
        captured[0]
            .as_deref()
            .unwrap()
            .starts_with("2026-04-01 10:00:00"),
        "{captured:?}"
    );
    assert_eq!(
        strings(&docs, "published")[0].as_deref(),
        Some("2024-12-18")
    );
    // JSON-LD says 2027, after the capture: the canonical URL's day is next.
    assert_eq!(
        strings(&docs, "published")[1].as_deref(),
        Some("2024-12-18"),
        "{docs}"
    );
    assert_eq!(
        strings(&docs, "published_source")[1].as_deref(),
        Some("url")
    );

    let rejects = read_table(&wd.path().join("out"), "rejects");
    let details = strings(&rejects, "detail");
    assert_eq!(details.len(), 1, "{details:?}");
    assert!(
        details[0]
            .as_deref()
            .unwrap()
            .contains(&format!("at byte {at}")),
        "{details:?}"
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wd.path().join("out/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest["skipped_records"],
        serde_json::json!({"request": 1, "response_error": 1, "warcinfo": 1})
    );
}

#[test]
fn a_jsonl_html_field_is_read_as_a_page_where_there_is_no_text() {
    let wd = Workdir::new();
    let lines = [
        serde_json::json!({"id": "p1", "html": PAGE, "url": "https://feed.example/p1"}),
        serde_json::json!({"id": "t1", "text": "Plain text about Kyiv.", "html": "<p>ignored</p>"}),
        serde_json::json!({"id": "e1", "html": "<html><body><nav><a href=/>Home</a></nav></body></html>"}),
    ];
    let feed: String = lines.iter().map(|l| format!("{l}\n")).collect();
    wd.write("in/pages.jsonl", feed);
    run_input(&wd, "in", "out", &["-q"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    assert_eq!(
        strings(&docs, "external_id"),
        [Some("p1".to_string()), Some("t1".to_string())]
    );
    let text = strings(&docs, "text");
    assert!(
        text[0]
            .as_deref()
            .unwrap()
            .starts_with("Ministers extend the credit line\nFinance")
    );
    assert_eq!(text[1].as_deref(), Some("Plain text about Kyiv."));
    // The feed's URL beats the page's canonical one; the page gives the day.
    assert_eq!(
        strings(&docs, "url")[0].as_deref(),
        Some("https://feed.example/p1")
    );
    assert_eq!(
        strings(&docs, "published_source")[0].as_deref(),
        Some("jsonld")
    );
    let rejects = read_table(&wd.path().join("out"), "rejects");
    assert_eq!(strings(&rejects, "line"), [Some("3".to_string())]);
    assert_eq!(strings(&rejects, "reason"), [Some("empty".to_string())]);
}

#[test]
fn each_document_gets_the_language_of_its_text_or_of_its_page() {
    let wd = Workdir::new();
    let de = "Die Finanzminister trafen sich am Dienstag in Brüssel und einigten sich nach \
              langen Verhandlungen darauf, die Kreditlinie bis zum nächsten Jahr zu verlängern.";
    let en = "The finance ministers met in Brussels on Tuesday and agreed, after a long night \
              of talks, to extend the credit line until the end of next year.";
    let page = |lang: &str, body: &str| {
        format!("<html lang=\"{lang}\"><body><article><p>{body}</p></article></body></html>")
    };
    let lines = [
        // A German text on a page that says English: the text wins.
        serde_json::json!({"id": "de", "html": page("en", &[de; 3].join(" "))}),
        serde_json::json!({"id": "en", "text": ([en; 3].join(" "))}),
        // Too short to tell: the page's word, else nothing.
        serde_json::json!({"id": "fr", "html": page("fr-CA", "Le ministre des Finances a parlé mardi à Ottawa devant la presse.")}),
        serde_json::json!({"id": "short", "text": "Shr 3.07 dlrs vs 3.08 dlrs. Net 66 mln vs 66.2 mln."}),
    ];
    let feed: String = lines.iter().map(|l| format!("{l}\n")).collect();
    wd.write("in/feed.jsonl", feed);
    run_input(&wd, "in", "out", &["-q"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    let got: Vec<_> = strings(&docs, "external_id")
        .into_iter()
        .zip(strings(&docs, "language"))
        .map(|(i, l)| (i.unwrap(), l))
        .collect();
    let want = [
        ("de", Some("de")),
        ("en", Some("en")),
        ("fr", Some("fr")),
        ("short", None),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(i, l)| (i.to_string(), l.map(str::to_string)))
        .collect();
    assert_eq!(got, want);
}

/// Also the regression test for sibling classes counted in quadratic time
/// (650,000 `<ul>` siblings took over 14 minutes).
#[test]
fn a_50_mb_page_gives_its_article() {
    let wd = Workdir::new();
    let article = PAGE
        .split("<article>")
        .nth(1)
        .unwrap()
        .split("</article>")
        .next()
        .unwrap();
    let mut page = String::with_capacity(52 << 20);
    page.push_str("<html><body>");
    // Deep nesting, as broken templates make it, then a page of link lists.
    page.push_str(&"<div>".repeat(20_000));
    page.push_str(&"</div>".repeat(20_000));
    while page.len() < 50 << 20 {
        page.push_str(
            r#"<ul class="links"><li><a href="/x">A link to another story</a></li></ul>"#,
        );
    }
    page.push_str(&format!("<article>{article}</article></body></html>"));
    wd.write("in/big.html", page);
    run_input(&wd, "in", "out", &["-q"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    let text = strings(&docs, "text");
    assert!(
        text[0]
            .as_deref()
            .unwrap()
            .starts_with("Ministers extend the credit line\nFinance"),
        "{:?}",
        text[0].as_deref().map(|t| &t[..t.len().min(300)])
    );
    assert!(strings(&docs, "bytes")[0].as_deref().unwrap().len() >= 8);
}
