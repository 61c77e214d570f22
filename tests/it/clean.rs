//! The clean stage through `newsmill run`: clean text, sentences with
//! code-point offsets, repeated sentences and duplicates.

use crate::common::{Workdir, read_table, run_seeds, strings};

#[test]
fn seed_documents_get_clean_text_titles_and_authors() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let docs = read_table(&out, "documents");
    let text = strings(&docs, "text");
    let t2 = text[2].as_deref().unwrap();
    assert!(
        t2.starts_with("Ukraine \"may consider\" Macron's proposal"),
        "{t2}"
    );
    for gone in ["Kozlovsky", "Shulyak", "Putin", "June 1", "Share this post"] {
        assert!(!t2.contains(gone), "{gone} survived in seed 002");
    }
    let t3 = text[3].as_deref().unwrap();
    assert!(
        t3.contains("President Volodymyr Zelensky and French President Emmanuel Macron discussed")
    );
    assert!(
        t3.ends_with("need for high-precision long-range weapons."),
        "{t3}"
    );
    for gone in [
        "Getty Images",
        "Starmer plans Ukraine visit",
        "Anchorage",
        "Kramatorsk",
        "Read more",
    ] {
        assert!(!t3.contains(gone), "{gone} survived in seed 003");
    }
    assert_eq!(
        strings(&docs, "author")[3].as_deref(),
        Some("Volodymyr Ivanyshyn")
    );
    assert!(!text[4].as_deref().unwrap().contains("follow us on X"));
    // Plain article bodies lose nothing but normalization.
    assert_eq!(strings(&docs, "boilerplate_chars")[0].as_deref(), Some("0"));
    assert_eq!(
        strings(&docs, "sentences"),
        ["19", "14", "16", "12", "16"].map(|n| Some(n.to_owned()))
    );
}

#[test]
fn sentences_shared_by_two_seed_versions_are_repeated_in_the_later_one() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let sentences = read_table(&out, "sentences");
    let docs = read_table(&out, "documents");
    let ids = strings(&docs, "doc_id");
    let rows: Vec<(String, String, bool)> = strings(&sentences, "doc_id")
        .into_iter()
        .zip(strings(&sentences, "text"))
        .zip(strings(&sentences, "repeated"))
        .map(|((d, t), r)| (d.unwrap(), t.unwrap(), r.as_deref() == Some("true")))
        .collect();
    let repeated: Vec<&(String, String, bool)> = rows.iter().filter(|r| r.2).collect();
    assert_eq!(repeated.len(), 2, "{repeated:?}");
    assert!(repeated.iter().all(|r| Some(&r.0) == ids[1].as_ref()));
    assert!(
        repeated[0]
            .1
            .starts_with("Zelensky comments come as he continues")
    );
    // The same sentence in the earlier document is not flagged.
    let first = rows.iter().find(|r| r.1 == repeated[0].1).unwrap();
    assert!(Some(&first.0) == ids[0].as_ref() && !first.2);
    // Abbreviations do not split sentences.
    assert!(rows.iter().any(|r| {
        r.1.ends_with("at the EU Council in Brussels on Dec. 18-19.")
    }));
    assert!(
        rows.iter()
            .all(|r| !r.1.ends_with(" Dec.") && !r.1.ends_with(" U.S."))
    );
}

#[test]
fn sentence_offsets_are_code_points_into_the_clean_text() {
    let wd = Workdir::new();
    wd.write(
        "in/a.txt",
        "Zelenskyʼs café — “quoted” words 🇺🇦 here. Second sentence in Kyiv.\nA new paragraph, with U.S. President-elect Trump.\n",
    );
    wd.write("p.toml", "[input]\npaths = ['in']\n[output]\ndir = 'out'\n");
    wd.ok(&["run", "p.toml"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    let text = strings(&docs, "text")[0].clone().unwrap();
    assert!(
        text.starts_with("Zelensky's café — \"quoted\" words"),
        "{text}"
    );
    let chars: Vec<char> = text.chars().collect();
    let sentences = read_table(&wd.path().join("out"), "sentences");
    let starts = strings(&sentences, "start_char");
    let ends = strings(&sentences, "end_char");
    let texts = strings(&sentences, "text");
    assert_eq!(texts.len(), 3);
    for ((start, end), sentence) in starts.iter().zip(&ends).zip(&texts) {
        let (start, end): (usize, usize) = (
            start.as_ref().unwrap().parse().unwrap(),
            end.as_ref().unwrap().parse().unwrap(),
        );
        let sliced: String = chars[start..end].iter().collect();
        assert_eq!(&sliced, sentence.as_ref().unwrap());
    }
    assert_eq!(
        texts[2].as_deref(),
        Some("A new paragraph, with U.S. President-elect Trump.")
    );
    let chars_clean: usize = strings(&docs, "chars_clean")[0]
        .as_ref()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(chars_clean, chars.len());
}

#[test]
fn copies_are_marked_duplicates_of_the_first_document() {
    let wd = Workdir::new();
    let story = "Ministers met in Brussels on Monday to discuss the budget.\n\
                 The talks ran late into the night, officials said.\n\
                 A final deal is expected before the summit next week.\n\
                 Critics say the plan does too little for farmers.";
    wd.write("in/a.txt", story);
    // A syndicated copy with page chrome and a new first line.
    wd.write(
        "in/b.txt",
        format!("World News\n\nEditor's note: updated with reaction.\n{story}\n\nRead more\nUnrelated teaser headline here\n"),
    );
    wd.write("in/c.txt", story);
    wd.write(
        "in/d.txt",
        "An unrelated report about the weather in Lviv, where it rained all day.",
    );
    wd.write("p.toml", "[input]\npaths = ['in']\n[output]\ndir = 'out'\n");
    wd.ok(&["run", "p.toml"]);
    let docs = read_table(&wd.path().join("out"), "documents");
    let ids = strings(&docs, "doc_id");
    let dup = strings(&docs, "duplicate_of");
    assert_eq!(dup[0], None);
    assert_eq!(dup[1], ids[0], "near-duplicate with chrome");
    assert_eq!(dup[2], ids[0], "exact copy");
    assert_eq!(dup[3], None);
    assert!(ids[2].as_deref().unwrap().ends_with("-2"));
}
