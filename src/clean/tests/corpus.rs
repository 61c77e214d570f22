//! Pages of other shapes than the seeds (tests/data/clean): the method must
//! generalize. Each `NAME.txt` is cleaned and compared with `NAME.expected.txt`.

use crate::clean::*;

macro_rules! page {
    ($name:literal, $author:expr) => {
        (
            $name,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/clean/",
                $name,
                ".txt"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/clean/",
                $name,
                ".expected.txt"
            )),
            $author,
        )
    };
}

type Page = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const PAGES: [Page; 8] = [
    page!("wire_story", Some("Jane Doe and Marek Nowak")),
    page!("energy_blog", Some("Olena Kovalenko")),
    page!("gas_deal", Some("Ana Popescu")),
    page!("short_brief", None),
    page!("bridge_agency", Some("Iryna Melnyk")),
    page!("plain_abbrev", None),
    page!("rate_decision", Some("Petro Ivanenko")),
    page!("sections_comments", Some("Anna Schmidt")),
];

#[test]
fn corpus_pages_clean_to_expected_text() {
    let c = Cleaner::new(&CleanConfig::default());
    let mut failed = Vec::new();
    for (name, raw, expected, author) in PAGES {
        let r = c.clean(raw);
        if r.text != expected.trim_end() {
            failed.push(format!(
                "{name}:\n--- got\n{}\n--- expected\n{}",
                r.text,
                expected.trim_end()
            ));
        }
        if r.author.as_deref() != author {
            failed.push(format!(
                "{name}: author {:?}, expected {author:?}",
                r.author
            ));
        }
        let first = expected.lines().next().unwrap_or("");
        if r.title.is_some() && r.title.as_deref() != Some(first) {
            failed.push(format!("{name}: title {:?}", r.title));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
#[ignore]
fn dump_corpus() {
    let c = Cleaner::new(&CleanConfig::default());
    for (name, raw, _, _) in PAGES {
        let r = c.clean(raw);
        println!(
            "==== {name} title={:?} author={:?} bp={}",
            r.title, r.author, r.boilerplate_chars
        );
        for l in main_content::explain(&c.lex, &normalize::normalize(raw)) {
            println!("{l}");
        }
        println!("--");
        for s in &r.sentences {
            println!("  [{}]", &r.text[s.start..s.end]);
        }
    }
}
