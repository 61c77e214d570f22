use super::{Label, Recognizer};
use std::sync::OnceLock;

fn rec() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(Recognizer::new)
}

fn ents(text: &str) -> Vec<(&str, &'static str)> {
    rec()
        .entities(text)
        .iter()
        .map(|e| (&text[e.start..e.end], e.label.as_str()))
        .collect()
}

fn has(text: &str, want: (&str, &str)) {
    let got = ents(text);
    assert!(got.contains(&want), "{want:?} not in {got:?}");
}

#[test]
fn titles_split_from_names() {
    let t = "Earlier in the day, Swedish Defense Minister Pal Jonson said in an interview.";
    has(t, ("Pal Jonson", "PER"));
    has(t, ("Swedish", "MISC"));
    assert!(!ents(t).iter().any(|e| e.0.contains("Defense")));
}

#[test]
fn seed_names_and_cues() {
    has(
        "In an interview, Andriy Yermak, head of the office, said so.",
        ("Andriy Yermak", "PER"),
    );
    has(
        "He told the Kyiv Independent on Friday.",
        ("Kyiv Independent", "ORG"),
    );
    has(
        "Troops crossed into Kursk Oblast in August.",
        ("Kursk Oblast", "LOC"),
    );
    has(
        "Ukraine's Foreign Ministry said in a statement.",
        ("Foreign Ministry", "ORG"),
    );
    has(
        "Ukraine's Foreign Ministry said in a statement.",
        ("Ukraine", "LOC"),
    );
    has(
        "He met the Bank of England governor.",
        ("Bank of England", "ORG"),
    );
}

#[test]
fn conll_tokenized_text() {
    let t = "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY .\nLONDON 1996-08-30\n\
             West Indian all-rounder Phil Simmons took four for 38 on Friday .";
    has(t, ("LONDON", "LOC"));
    has(t, ("Phil Simmons", "PER"));
    assert!(!ents(t).iter().any(|e| e.0 == "Friday" || e.0 == "CRICKET"));
}

#[test]
fn offsets_are_in_order_and_disjoint() {
    let t = "Zelensky and Macron met in Paris. “Trump”, said NATO’s chief, Mark Rutte.";
    let e = rec().entities(t);
    assert!(!e.is_empty());
    for w in e.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    for x in &e {
        assert!(t.is_char_boundary(x.start) && t.is_char_boundary(x.end));
    }
    assert_eq!(Label::Misc.as_str(), "MISC");
}

#[test]
fn modifier_apostrophe_possessive() {
    let t = "Ukraineʼs partners back Volodymyr Zelenskyʼs plan, Reuters said.";
    has(t, ("Volodymyr Zelensky", "PER"));
    has(t, ("Ukraine", "LOC"));
    has(t, ("Reuters", "ORG"));
}

#[test]
fn a_sentence_opening_a_hyphen_word_stays_out() {
    let t = "An Ireland-based group and a U.S.-led force.";
    has(t, ("Ireland-based", "MISC"));
    has(t, ("U.S.", "LOC"));
}

#[test]
fn a_title_before_a_name_is_no_part_of_it() {
    let t = "The alliance's Secretary General Mark Rutte spoke, and President Ana Berg listened.";
    has(t, ("Mark Rutte", "PER"));
    has(t, ("Ana Berg", "PER"));
}

#[test]
fn and_joins_two_names_not_one() {
    let t = "Zelensky and French President Emmanuel Macron met Trump in Paris on Monday.";
    assert!(ents(t).iter().any(|e| e.0 == "Zelensky"));
    has(t, ("Emmanuel Macron", "PER"));
    has(t, ("Paris", "LOC"));
}

#[test]
fn nationality_and_hyphen_words() {
    let t = "Iraqi Kurds met Ohio-based KeyCorp officials in New York .";
    assert!(
        ents(t)
            .iter()
            .any(|e| e.0.starts_with("Iraqi") && e.1 == "MISC")
    );
    has(t, ("Ohio-based", "MISC"));
    has(t, ("New York", "LOC"));
}

#[test]
fn a_company_name_ending_in_its_legal_form_is_one_name() {
    for (text, name) in [
        (
            "DETROIT, March 2 - General Motors Corp said its sales rose.",
            "General Motors Corp",
        ),
        (
            "The debt was cut by Moody's Investors Service Inc on Monday.",
            "Moody's Investors Service Inc",
        ),
        (
            "Industrial Equity (Pacific) Ltd, a Hong Kong firm, bought shares.",
            "Industrial Equity (Pacific) Ltd",
        ),
        (
            "Shares of Procter & Gamble Co rose in New York.",
            "Procter & Gamble Co",
        ),
    ] {
        has(text, (name, "ORG"));
    }
    // A sentence's opening word and a company before "and" stay out.
    has(
        "The Coca-Cola Co said it would buy the plant.",
        ("Coca-Cola Co", "ORG"),
    );
    has(
        "WASHINGTON, March 2 - The Commodity Credit Corp said it would sell wheat.",
        ("Commodity Credit Corp", "ORG"),
    );
    has(
        "The SEC said it would look into the trades.",
        ("SEC", "ORG"),
    );
    let e = ents("IBM and General Motors Corp signed the deal.");
    assert!(e.contains(&("IBM", "ORG")), "{e:?}");
}

#[test]
fn a_person_after_the_end_of_a_role_is_split_from_it() {
    let t = "Chancellor of the Exchequer Graham Pemberton told the House Speaker Alice Morrow on Monday.";
    has(t, ("Graham Pemberton", "PER"));
    has(t, ("Alice Morrow", "PER"));
    assert!(
        !ents(t)
            .iter()
            .any(|e| e.0.contains("Exchequer") && e.0.contains("Graham"))
    );
    // A given name after a given name, or after a name, stays in one name.
    has(
        "Jose Maria Aznar resigned on Friday.",
        ("Jose Maria Aznar", "PER"),
    );
    assert!(!ents("Shares of Kemper Barney Harris Upham rose.").contains(&("Harris Upham", "PER")));
}
