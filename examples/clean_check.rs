//! Output identity and profiling harness for the clean stage.
//!
//! `cargo run --release --example clean_check` cleans every article of the
//! shared corpora (`../shared/corpora`: Reuters-21578, BBC, and the
//! article-extraction benchmark's ground-truth bodies and raw HTML pages,
//! fed as text) and prints, per corpus, the article count and an xxh3 of all
//! outputs: clean text, title, author, boilerplate chars, sentence spans,
//! sentence keys and the bare normalization. Speed work must leave every
//! line unchanged.
//!
//! `... --example clean_check -- run N` cleans the first N Reuters and BBC
//! articles once and prints nothing else: a fixed input for
//! `valgrind --tool=callgrind`.
//!
//! `... --example clean_check -- loss [PCT] [show]` measures retention: per
//! corpus, how many documents keep less than 60% / 90% of their input's
//! non-whitespace characters; and for the ground-truth pages, cleaning the
//! raw HTML page (tags stripped) scored against the reference body by lines. With `show`, lists the Reuters
//! and BBC documents under PCT% (default 60) with their dropped lines.

use std::path::Path;

use newsmill::clean::{CleanConfig, Cleaner, normalize, sentence_key};
use xxhash_rust::xxh3::Xxh3Default;

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

fn jsonl(file: &str, limit: usize) -> Vec<String> {
    let data = std::fs::read_to_string(root().join(file)).expect("corpus file");
    data.lines()
        .take(limit)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect()
}

fn ground_truth() -> Vec<String> {
    let data = std::fs::read_to_string(root().join("aeb-html/ground-truth.json")).expect("gt");
    let v: serde_json::Value = serde_json::from_str(&data).expect("gt JSON");
    let mut bodies: Vec<(String, String)> = v
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, e)| {
            (
                k.clone(),
                e["articleBody"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    bodies.sort();
    bodies.into_iter().map(|(_, b)| b).collect()
}

fn html_pages() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("aeb-html"))
        .expect("aeb-html")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("page")).into_owned())
        .collect()
}

fn hash(cleaner: &Cleaner, texts: &[String]) -> u64 {
    let mut h = Xxh3Default::new();
    let opt = |s: &Option<String>| s.as_deref().map_or(u64::MAX, |s| s.len() as u64);
    for t in texts {
        let c = cleaner.clean(t);
        h.update(&(c.text.len() as u64).to_le_bytes());
        h.update(c.text.as_bytes());
        for s in [&c.title, &c.author] {
            h.update(&opt(s).to_le_bytes());
            h.update(s.as_deref().unwrap_or("").as_bytes());
        }
        h.update(&c.boilerplate_chars.to_le_bytes());
        h.update(&(c.sentences.len() as u64).to_le_bytes());
        for s in &c.sentences {
            h.update(&(s.start as u64).to_le_bytes());
            h.update(&(s.end as u64).to_le_bytes());
            h.update(&sentence_key(&c.text[s.start..s.end]).to_le_bytes());
        }
        let n = normalize(t);
        h.update(&(n.len() as u64).to_le_bytes());
        h.update(n.as_bytes());
    }
    h.digest()
}

fn main() {
    let cleaner = Cleaner::new(&CleanConfig::default());
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("run") {
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
        let mut texts = jsonl("reuters21578/articles.jsonl", n / 2);
        texts.extend(jsonl("bbc/articles.jsonl", n / 2));
        let bytes: usize = texts.iter().map(String::len).sum();
        let sents: usize = texts.iter().map(|t| cleaner.clean(t).sentences.len()).sum();
        println!("{} articles, {bytes} bytes, {sents} sentences", texts.len());
        return;
    }
    if args.first().map(String::as_str) == Some("loss") {
        let pct: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(60.0);
        let show = args.iter().any(|a| a == "show");
        loss(&cleaner, pct, show);
        return;
    }
    let corpora: [(&str, Vec<String>); 4] = [
        ("reuters", jsonl("reuters21578/articles.jsonl", usize::MAX)),
        ("bbc", jsonl("bbc/articles.jsonl", usize::MAX)),
        ("aeb-truth", ground_truth()),
        ("aeb-html", html_pages()),
    ];
    for (name, texts) in &corpora {
        println!("{name} {} {:016x}", texts.len(), hash(&cleaner, texts));
    }
}

fn non_ws(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Retention report (see the module doc).
fn loss(cleaner: &Cleaner, pct: f64, show: bool) {
    let sets = [
        (
            "reuters21578/articles.jsonl",
            jsonl("reuters21578/articles.jsonl", usize::MAX),
        ),
        (
            "bbc/articles.jsonl",
            jsonl("bbc/articles.jsonl", usize::MAX),
        ),
        ("aeb-html/ground-truth.json", ground_truth()),
    ];
    for (file, texts) in &sets {
        let (mut under60, mut under90, mut listed) = (0, 0, 0);
        let (mut total, mut kept) = (0usize, 0usize);
        for (i, t) in texts.iter().enumerate() {
            let c = cleaner.clean(t);
            let (a, b) = (non_ws(t), non_ws(&c.text));
            total += a;
            kept += b.min(a);
            let r = if a == 0 { 1.0 } else { b as f64 / a as f64 };
            under60 += usize::from(r < 0.6);
            under90 += usize::from(r < 0.9);
            if show && r * 100.0 < pct && !file.starts_with("aeb") {
                listed += 1;
                println!(
                    "== {file} #{i}: {a} -> {b} non-ws chars ({:.0}%)",
                    r * 100.0
                );
                let n = normalize(t);
                for l in n.lines().filter(|l| !l.is_empty() && !c.text.contains(*l)) {
                    println!("  - {}", l.chars().take(110).collect::<String>());
                }
            }
        }
        println!(
            "{file}: {} docs, <60%: {under60}, <90%: {under90}, chars kept {:.3}%{}",
            texts.len(),
            kept as f64 * 100.0 / total.max(1) as f64,
            if show {
                format!(" (listed {listed})")
            } else {
                String::new()
            }
        );
    }
    // Ground truth: cleaning the raw page (tags stripped) against the
    // reference body, by normalized lines (the reference is not cleaned):
    // recall = characters of reference lines found in the clean text,
    // precision = characters of clean lines found in the reference.
    let data = std::fs::read_to_string(root().join("aeb-html/ground-truth.json")).expect("gt");
    let v: serde_json::Value = serde_json::from_str(&data).expect("gt JSON");
    let mut names: Vec<_> = v.as_object().expect("object").keys().cloned().collect();
    names.sort();
    let (mut ref_c, mut ref_hit, mut out_c, mut out_hit) = (0usize, 0usize, 0usize, 0usize);
    for name in &names {
        let Ok(raw) = std::fs::read(root().join(format!("aeb-html/{name}.html"))) else {
            continue;
        };
        let page = html_text(&String::from_utf8_lossy(&raw));
        if let Ok(dir) = std::env::var("DUMP_PAGES") {
            std::fs::write(format!("{dir}/{name}.txt"), &page).expect("dump");
        }
        let truth = normalize(v[name]["articleBody"].as_str().unwrap_or(""));
        let got = cleaner.clean(&page).text;
        let score = |from: &str, within: &str| {
            let mut n = (0, 0);
            for l in from.lines().filter(|l| !l.is_empty()) {
                let c = l.chars().count();
                n.0 += c;
                n.1 += if within.contains(l) { c } else { 0 };
            }
            n
        };
        let (rc, rh) = score(&truth, &got);
        let (oc, oh) = score(&got, &truth);
        if show {
            println!("page {name}: recall {rh}/{rc} precision {oh}/{oc}");
        }
        (ref_c, ref_hit, out_c, out_hit) = (ref_c + rc, ref_hit + rh, out_c + oc, out_hit + oh);
    }
    let pc = |a: usize, b: usize| a as f64 * 100.0 / b.max(1) as f64;
    println!(
        "aeb-html pages vs ground truth: recall {:.2}% precision {:.2}% (chars of lines)",
        pc(ref_hit, ref_c),
        pc(out_hit, out_c)
    );
}

/// Crude HTML to text for the measurement: scripts, styles and comments
/// dropped, block-level tags become line breaks, other tags vanish, a few
/// entities decoded. Keeps the page's chrome (menus, footers) as lines.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 4);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        out.push_str(&html[i..i + off]);
        let at = i + off;
        let rest = &lower[at..];
        let skip_to = |end: &str| rest.find(end).map_or(html.len(), |e| at + e + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        if rest.starts_with("<script") {
            i = skip_to("</script>");
            continue;
        }
        if rest.starts_with("<style") {
            i = skip_to("</style>");
            continue;
        }
        let close = rest.find('>').map_or(html.len(), |e| at + e + 1);
        let name: String = rest[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let block = [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "nav",
            "aside",
            "blockquote",
            "figure",
            "figcaption",
            "main",
            "title",
            "dd",
            "dt",
            "form",
            "button",
        ];
        out.push_str(if block.contains(&name.as_str()) {
            "\n"
        } else {
            " "
        });
        i = close;
    }
    if i < html.len() {
        out.push_str(&html[i..]);
    }
    out.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "\u{2019}")
        .replace("&lsquo;", "\u{2018}")
        .replace("&ldquo;", "\u{201c}")
        .replace("&rdquo;", "\u{201d}")
        .replace("&mdash;", "\u{2014}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}
