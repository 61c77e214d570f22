//! Dates through `newsmill run`: TIMEX3 values against the publication day,
//! inferred publication days, and the day each mention is about.

use crate::common::{Workdir, read_table, repo_path, run_seeds, strings};

/// (document index, surface, value, first_day, last_day) of a date row.
type DateRow = (usize, String, String, Option<String>, Option<String>);

fn dates(out: &std::path::Path) -> Vec<DateRow> {
    let docs = strings(&read_table(out, "documents"), "doc_id");
    let t = read_table(out, "dates");
    let (doc, surface, value, begin, end) = (
        strings(&t, "doc_id"),
        strings(&t, "surface"),
        strings(&t, "value"),
        strings(&t, "first_day"),
        strings(&t, "last_day"),
    );
    (0..t.height())
        .map(|i| {
            let d = docs.iter().position(|x| x == &doc[i]).unwrap();
            (
                d,
                surface[i].clone().unwrap(),
                value[i].clone().unwrap(),
                begin[i].clone(),
                end[i].clone(),
            )
        })
        .collect()
}

fn values_of(rows: &[DateRow], doc: usize, surface: &str) -> Vec<String> {
    rows.iter()
        .filter(|r| r.0 == doc && r.1 == surface)
        .map(|r| r.2.clone())
        .collect()
}

#[test]
fn seed_dates_resolve_against_the_publication_day() {
    let wd = Workdir::new();
    let rows = dates(&run_seeds(&wd, &[]));
    assert_eq!(values_of(&rows, 0, "Dec. 18"), ["2024-12-18", "2024-12-18"]);
    let range = rows
        .iter()
        .find(|r| r.0 == 0 && r.1 == "Dec. 18-19")
        .unwrap();
    assert_eq!(
        (range.3.as_deref(), range.4.as_deref()),
        (Some("2024-12-18"), Some("2024-12-19"))
    );
    assert_eq!(values_of(&rows, 0, "February 2024"), ["2024-02"]);
    assert_eq!(values_of(&rows, 0, "January"), ["2025-01"]);
    assert_eq!(values_of(&rows, 0, "Dec. 7"), ["2024-12-07"]);
    assert_eq!(values_of(&rows, 0, "Dec. 3"), ["2024-12-03"]);
    assert_eq!(values_of(&rows, 3, "Jan. 13"), ["2025-01-13"]);
    assert_eq!(values_of(&rows, 3, "Jan. 20"), ["2025-01-20"]);
    assert_eq!(values_of(&rows, 3, "Dec. 18"), ["2024-12-18"]);
    assert_eq!(values_of(&rows, 3, "Jan. 10"), ["2025-01-10"]);
    assert_eq!(values_of(&rows, 4, "February 2024"), ["2024-02"]);
    // Seed 004 has no publication day: a month alone has no year.
    assert_eq!(values_of(&rows, 4, "December"), ["XXXX-12"]);
}

/// A wire feed: stories with given days, then stories without one.
fn wire_feed(wd: &Workdir) {
    let mut lines = String::new();
    for day in 1..=9 {
        lines += &format!(
            "{{\"id\": \"w{day}\", \"source\": \"Wire\", \"published\": \"1987-03-0{day}\", \
             \"text\": \"OSLO, March {day} - Prices rose.\"}}\n"
        );
    }
    lines += "{\"id\": \"dateline\", \"source\": \"Wire\", \"text\": \"PARIS, March 10 - Shares fell, the bourse said.\"}\n";
    lines += "{\"id\": \"other-feed\", \"source\": \"Other\", \"text\": \"PARIS, March 10 - Shares fell.\"}\n";
    lines += "{\"id\": \"no-dateline\", \"source\": \"Wire\", \"text\": \"Shares fell in December, the bourse said.\"}\n";
    wd.write("wire.jsonl", lines);
}

#[test]
fn a_dateline_takes_its_year_from_the_feed() {
    let wd = Workdir::new();
    wire_feed(&wd);
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&["run", &pipeline, "--input", "wire.jsonl", "--out", "out"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    let row = |id: &str| {
        let i = strings(&docs, "external_id")
            .iter()
            .position(|x| x.as_deref() == Some(id))
            .unwrap();
        (
            strings(&docs, "published")[i].clone(),
            strings(&docs, "published_source")[i].clone(),
            strings(&docs, "published_confidence")[i].clone(),
        )
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        row("dateline"),
        (some("1987-03-10"), some("inferred"), some("medium"))
    );
    assert_eq!(row("w3"), (some("1987-03-03"), some("jsonl"), None));
    assert_eq!(row("other-feed"), (None, None, None));
    assert_eq!(row("no-dateline"), (None, None, None));
    // The dates of the dated story resolve against its inferred day.
    let rows = dates(&wd.path().join("out"));
    assert!(rows.iter().all(|r| r.1 != "December" || r.2 == "XXXX-12"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wd.path().join("out/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["undated_documents"], 2);
    assert_eq!(manifest["inferred_documents"], 1);
}

#[test]
fn mentions_take_the_day_their_sentence_gives() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let m = read_table(&out, "mentions");
    let docs = strings(&read_table(&out, "documents"), "doc_id");
    let (doc, surface, day, source, sentence) = (
        strings(&m, "doc_id"),
        strings(&m, "surface"),
        strings(&m, "day"),
        strings(&m, "day_source"),
        strings(&m, "sentence"),
    );
    let s = read_table(&out, "sentences");
    let sentence_text = |d: &Option<String>, i: &Option<String>| -> String {
        let (sd, si, st) = (
            strings(&s, "doc_id"),
            strings(&s, "sentence"),
            strings(&s, "text"),
        );
        (0..s.height())
            .find(|k| &sd[*k] == d && &si[*k] == i)
            .map(|k| st[k].clone().unwrap())
            .unwrap()
    };
    let trump = (0..m.height())
        .find(|&i| {
            doc[i] == docs[0]
                && surface[i].as_deref() == Some("Trump")
                && sentence_text(&doc[i], &sentence[i])
                    .starts_with("Trump reportedly made the comments during his Dec. 7")
        })
        .expect("Trump in seed 000's Dec. 7 sentence");
    assert_eq!(
        (day[trump].as_deref(), source[trump].as_deref()),
        (Some("2024-12-07"), Some("sentence"))
    );

    let event = read_table(&out, "actor_event_day");
    let has = |actor: &str, on: &str| {
        let (a, d) = (strings(&event, "actor_id"), strings(&event, "day"));
        (0..event.height()).any(|i| a[i].as_deref() == Some(actor) && d[i].as_deref() == Some(on))
    };
    assert!(has("person:donald-trump", "2024-12-07"));
    assert!(has("person:volodymyr-zelensky", "2024-12-09"));
    let total = |name: &str| -> u64 {
        strings(&event, name)
            .iter()
            .map(|v| v.as_ref().unwrap().parse::<u64>().unwrap())
            .sum()
    };
    let counted = strings(&m, "method")
        .iter()
        .filter(|x| !matches!(x.as_deref(), Some("demonym")))
        .count() as u64;
    assert_eq!(total("mentions"), counted);
}
