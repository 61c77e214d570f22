//! Actor mentions through `newsmill run`, and `newsmill actors validate`.

use crate::common::{Workdir, read_table, repo_path, run_input, run_seeds, stdout, strings};

/// Mentions per (document index, actor id), from a seed run.
fn seed_mentions() -> Vec<(usize, String, String, String)> {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let docs = read_table(&out, "documents");
    let ids = strings(&docs, "doc_id");
    let m = read_table(&out, "mentions");
    let doc = strings(&m, "doc_id");
    let actor = strings(&m, "actor_id");
    let method = strings(&m, "method");
    let surface = strings(&m, "surface");
    (0..m.height())
        .map(|i| {
            let d = ids.iter().position(|id| id == &doc[i]).unwrap();
            (
                d,
                actor[i].clone().unwrap_or_default(),
                method[i].clone().unwrap(),
                surface[i].clone().unwrap(),
            )
        })
        .collect()
}

fn count(rows: &[(usize, String, String, String)], doc: usize, actor: &str) -> usize {
    rows.iter().filter(|r| r.0 == doc && r.1 == actor).count()
}

#[test]
fn seed_people_are_counted_as_a_careful_coder_would() {
    let rows = seed_mentions();
    assert_eq!(count(&rows, 0, "person:volodymyr-zelensky"), 9);
    assert_eq!(count(&rows, 0, "person:emmanuel-macron"), 4);
    assert_eq!(count(&rows, 0, "person:donald-trump"), 3);
    assert_eq!(count(&rows, 4, "person:volodymyr-zelensky"), 1);
    assert!(
        rows.iter().all(|r| r.1 != "person:vladimir-putin"),
        "Putin is in no article body"
    );
    assert!(
        count(&rows, 0, "person:pal-jonson") == 1 && count(&rows, 0, "person:andriy-yermak") == 1
    );
}

/// Precision and recall of the seed mentions against the hand count in
/// tests/data/seed_mentions.tsv, compared as counts per (file, actor, surface).
#[test]
fn seed_mentions_match_the_hand_count() {
    use std::collections::BTreeMap;
    let gold_text = std::fs::read_to_string(repo_path("tests/data/seed_mentions.tsv")).unwrap();
    let mut gold: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for line in gold_text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let key = (f[0][..3].to_string(), f[1].to_string(), f[2].to_string());
        *gold.entry(key).or_default() += f[3].parse::<i64>().unwrap();
    }
    let mut found: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for (doc, actor, _method, surface) in seed_mentions() {
        *found
            .entry((format!("{doc:03}"), actor, surface))
            .or_default() += 1;
    }
    let (gold_n, found_n): (i64, i64) = (gold.values().sum(), found.values().sum());
    let right: i64 = gold
        .iter()
        .map(|(k, &n)| n.min(found.get(k).copied().unwrap_or(0)))
        .sum();
    let (precision, recall) = (right as f64 / found_n as f64, right as f64 / gold_n as f64);
    let differ: Vec<_> = gold
        .keys()
        .chain(found.keys())
        .filter(|k| gold.get(*k) != found.get(*k))
        .map(|k| (k, gold.get(k), found.get(k)))
        .collect();
    assert!(gold_n > 150, "the hand count has {gold_n} references");
    assert!(
        precision >= 0.97 && recall >= 0.97,
        "precision {precision:.3}, recall {recall:.3}; (key, hand, found): {differ:#?}"
    );
}

/// Names the dictionary lacks become `name_mentions` rows and candidates,
/// typed by the recognizer, and stay out of `mentions` and the aggregates.
#[test]
fn unknown_names_become_typed_candidates() {
    let wd = Workdir::new();
    wd.write(
        "in/a.txt",
        "Swedish Defense Minister Pal Jonson met Andriy Yermak in Kyiv on Dec. 12, 2024.\n\
         Jonson said Sweden would send more aid, the Ministry of Defence of Sweden said.\n",
    );
    wd.write(
        "in/b.txt",
        "Andriy Yermak, who leads the Office of the President, spoke to Reuters on Jan. 3, 2025.\n",
    );
    // Publication days a week after the days the texts name: the
    // candidates' days are the documents'. (Regression: a manifest given
    // without a directory, "m.csv", matched no input.)
    wd.write(
        "m.csv",
        "file,published\nin/a.txt,2024-12-19\nin/b.txt,2025-01-10\n",
    );
    wd.write(
        "p.toml",
        format!(
            "[input]\npaths = ['in']\nmanifest = 'm.csv'\n[actors]\ndictionaries = ['{}']\n[output]\ndir = 'out'\n",
            repo_path("pipelines/actors/countries.toml"),
        ),
    );
    wd.ok(&["run", "p.toml"]);
    let c = read_table(&wd.path().join("out"), "candidates");
    let name = strings(&c, "name");
    let kind = strings(&c, "type");
    let row = |n: &str| name.iter().position(|x| x.as_deref() == Some(n));
    let yermak = row("Andriy Yermak").expect("Yermak is a candidate");
    assert_eq!(kind[yermak].as_deref(), Some("person"));
    assert_eq!(strings(&c, "mentions")[yermak].as_deref(), Some("2"));
    assert_eq!(strings(&c, "documents")[yermak].as_deref(), Some("2"));
    assert_eq!(
        strings(&c, "first_day")[yermak].as_deref(),
        Some("2024-12-19")
    );
    assert_eq!(
        strings(&c, "last_day")[yermak].as_deref(),
        Some("2025-01-10")
    );
    let jonson = row("Pal Jonson").expect("Jonson is a candidate");
    assert_eq!(kind[jonson].as_deref(), Some("person"));
    // "Jonson said" counts for the full name the document gave.
    assert_eq!(strings(&c, "mentions")[jonson].as_deref(), Some("2"));
    assert!(row("Jonson").is_none(), "{name:?}");
    assert!(row("Sweden").is_none() && row("Kyiv").is_none(), "{name:?}");
    assert!(row("Swedish").is_none(), "a nationality is no candidate");

    let names = read_table(&wd.path().join("out"), "name_mentions");
    let surfaces = strings(&names, "surface");
    assert!(
        surfaces.contains(&Some("Andriy Yermak".into())),
        "{surfaces:?}"
    );
    assert_eq!(strings(&names, "name"), surfaces);
    let m = read_table(&wd.path().join("out"), "mentions");
    assert!(strings(&m, "actor_id").iter().all(|a| a.is_some()));
    assert!(!strings(&m, "surface").contains(&Some("Andriy Yermak".into())));
    let day = read_table(&wd.path().join("out"), "actor_day");
    assert!(strings(&day, "actor_id").iter().all(|a| a.is_some()));
    let counted: u64 = strings(&day, "mentions")
        .iter()
        .map(|n| n.as_ref().unwrap().parse::<u64>().unwrap())
        .sum();
    let known = (0..m.height())
        .filter(|&i| !matches!(strings(&m, "method")[i].as_deref(), Some("demonym")))
        .count() as u64;
    assert_eq!(counted, known);
}

/// A person named after the end of a role ("Exchequer Nigel Lawson") is a
/// candidate under the person's name, and the surname alone counts for it
/// as a person's, although the recognizer types it as the role's ORG.
#[test]
fn a_person_after_a_role_is_one_candidate_with_the_surname() {
    let wd = Workdir::new();
    wd.write(
        "in.jsonl",
        r#"{"id":"a","published":"1987-03-02","text":"LONDON, March 2 - Chancellor of the Exchequer Nigel Lawson said sterling was stable. Lawson told reporters the budget was sound. Lawson said more was to come."}
"#,
    );
    run_input(&wd, "in.jsonl", "out", &[]);
    let c = read_table(&wd.path().join("out"), "candidates");
    let name = strings(&c, "name");
    let row = name
        .iter()
        .position(|x| x.as_deref() == Some("Nigel Lawson"))
        .unwrap_or_else(|| panic!("{name:?}"));
    assert_eq!(strings(&c, "type")[row].as_deref(), Some("person"));
    assert_eq!(strings(&c, "mentions")[row].as_deref(), Some("3"));
    assert!(
        !name
            .iter()
            .flatten()
            .any(|n| n.contains("Exchequer") || n == "Pemberton"),
        "{name:?}"
    );
}

/// `actors suggest` turns a run's candidates into dictionary stubs that a
/// pipeline can load once reviewed, with the evidence as comments.
#[test]
fn suggested_stubs_load_as_a_dictionary() {
    let wd = Workdir::new();
    wd.write(
        "in/a.txt",
        "Andriy Yermak met Pal Jonson in Kyiv on Dec. 12, 2024.\n\
         Andriy Yermak said Pal Jonson would return.\n",
    );
    let countries = repo_path("pipelines/actors/countries.toml");
    wd.write(
        "p.toml",
        format!("[input]\npaths = ['in']\n[actors]\ndictionaries = ['{countries}']\n[output]\ndir = 'out'\n"),
    );
    wd.ok(&["run", "p.toml"]);
    let suggest = [
        "actors",
        "suggest",
        "out",
        "--min-mentions",
        "2",
        "--pipeline",
        "p.toml",
    ];
    let printed = stdout(&wd.ok(&suggest));
    assert!(
        printed.contains("id = \"person:andriy-yermak\""),
        "{printed}"
    );
    assert!(printed.contains("# 2 mentions in 1 documents"), "{printed}");
    wd.ok(&[&suggest[..], &["-o", "stubs.toml"]].concat());
    wd.write(
        "q.toml",
        format!("[input]\npaths = ['in']\n[actors]\ndictionaries = ['{countries}', 'stubs.toml']\n[output]\ndir = 'out2'\n"),
    );
    wd.ok(&["actors", "validate", "q.toml"]);
    wd.ok(&["run", "q.toml"]);
    let m = read_table(&wd.path().join("out2"), "mentions");
    assert!(
        strings(&m, "actor_id").contains(&Some("person:andriy-yermak".into())),
        "the reviewed stub is matched in the next run"
    );
    // No run there: a clear error, not a panic.
    let failed = wd.run(&["actors", "suggest", "nowhere", "--pipeline", "p.toml"]);
    assert!(!failed.status.success());
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("output directory of a `newsmill run`")
    );
}

#[test]
fn role_titles_resolve_through_the_publication_day() {
    let rows = seed_mentions();
    let titles: Vec<_> = rows.iter().filter(|r| r.2 == "title").collect();
    assert!(
        titles.iter().any(|r| r.0 == 2
            && r.1 == "person:volodymyr-zelensky"
            && r.3 == "President of Ukraine")
    );
    assert!(
        titles
            .iter()
            .any(|r| r.0 == 1 && r.1 == "person:donald-trump" && r.3 == "president-elect")
    );
}

#[test]
fn mention_offsets_index_the_clean_text_in_code_points() {
    let wd = Workdir::new();
    wd.write(
        "in/a.txt",
        "Café owners in Kyiv — “Zelenskyʼs city” — said Ukrainian forces and NATO’s envoy met.\n",
    );
    wd.write(
        "p.toml",
        format!(
            "[input]\npaths = ['in']\n[actors]\ndictionaries = ['{}', '{}']\n[output]\ndir = 'out'\n",
            repo_path("pipelines/actors/countries.toml"),
            repo_path("pipelines/actors/core.toml")
        ),
    );
    wd.ok(&["run", "p.toml"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    let text: Vec<char> = strings(&docs, "text")[0].clone().unwrap().chars().collect();
    let m = read_table(&wd.path().join("out"), "mentions");
    let surfaces = strings(&m, "surface");
    let starts = strings(&m, "start_char");
    let ends = strings(&m, "end_char");
    let got: Vec<String> = surfaces.iter().map(|s| s.clone().unwrap()).collect();
    assert_eq!(got, ["Kyiv", "Zelensky", "Ukrainian", "NATO"]);
    for i in 0..m.height() {
        let (s, e): (usize, usize) = (
            starts[i].as_ref().unwrap().parse().unwrap(),
            ends[i].as_ref().unwrap().parse().unwrap(),
        );
        assert_eq!(text[s..e].iter().collect::<String>(), got[i]);
    }
    assert_eq!(strings(&m, "method")[2].as_deref(), Some("demonym"));
}

#[test]
fn validate_accepts_the_default_dictionary_and_reports_conflicts() {
    let wd = Workdir::new();
    let out = wd.ok(&["actors", "validate", &repo_path("pipelines/seeds.toml")]);
    assert!(stdout(&out).contains("no conflicts"), "{}", stdout(&out));
    wd.write(
        "a.toml",
        "[[actor]]\nid='x'\nname='Georgia'\ntype='country'\n[[actor]]\nid='y'\nname='Georgia State'\ntype='place'\naliases=['Georgia']\n",
    );
    wd.write(
        "p.toml",
        "[input]\npaths=['in']\n[actors]\ndictionaries=['a.toml']\n[output]\ndir='o'\n",
    );
    let result = wd.run(&["actors", "validate", "p.toml"]);
    assert_eq!(result.status.code(), Some(3));
    assert!(stdout(&result).contains("\"Georgia\" belongs to x, y"));
    wd.write("bad.toml", "[[actor]]\nid='x'\nname='A'\ntype='martian'\n");
    wd.write(
        "q.toml",
        "[input]\npaths=['in']\n[actors]\ndictionaries=['bad.toml']\n[output]\ndir='o'\n",
    );
    let result = wd.run(&["actors", "validate", "q.toml"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(crate::common::stderr(&result).contains("bad.toml"));
}

#[test]
fn actor_day_combines_documents_and_counts_repeats_once() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let day = read_table(&out, "actor_day");
    let rows: Vec<(String, Option<String>, u64, u64, u64)> = (0..day.height())
        .map(|i| {
            let get = |c: &str| strings(&day, c)[i].clone();
            (
                get("actor_id").unwrap(),
                get("day"),
                get("mentions").unwrap().parse().unwrap(),
                get("unique_mentions").unwrap().parse().unwrap(),
                get("documents").unwrap().parse().unwrap(),
            )
        })
        .collect();
    let zelensky = rows
        .iter()
        .find(|r| r.0 == "person:volodymyr-zelensky" && r.1.as_deref() == Some("2024-12-18"))
        .unwrap();
    // Seeds 000 (9) and 001 (8) together; two of 001's sentences repeat 000's.
    assert_eq!((zelensky.2, zelensky.4), (17, 2));
    assert!(zelensky.3 < zelensky.2);
    let mentions = read_table(&out, "mentions");
    let counted = strings(&mentions, "method")
        .iter()
        .filter(|m| m.as_deref() != Some("demonym"))
        .count() as u64;
    assert_eq!(rows.iter().map(|r| r.2).sum::<u64>(), counted);

    let pairs = read_table(&out, "actor_pair_day");
    let found = (0..pairs.height()).any(|i| {
        strings(&pairs, "actor_a")[i].as_deref() == Some("person:emmanuel-macron")
            && strings(&pairs, "actor_b")[i].as_deref() == Some("person:volodymyr-zelensky")
            && strings(&pairs, "day")[i].as_deref() == Some("2024-12-18")
    });
    assert!(found, "Macron with Zelensky on 2024-12-18");
}
