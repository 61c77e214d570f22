//! Normalization, segmentation and sentence-key unit tests.

use crate::clean::words::CleanWords;
use crate::clean::*;

fn split(text: &str) -> Vec<&str> {
    let lex = CleanWords::new(&[]);
    let mut out = Vec::new();
    sentences::split(&lex, text, &mut out);
    out.iter().map(|s| &text[s.start..s.end]).collect()
}

#[test]
fn normalizes_quotes_dashes_spaces_and_nfc() {
    assert_eq!(
        normalize("Zelenskyʼs Zelensky’s Zelensky′s Zelensky`s"),
        "Zelensky's ".repeat(4).trim_end()
    );
    assert_eq!(
        normalize("“may consider” «so» „so“"),
        "\"may consider\" \"so\" \"so\""
    );
    assert_eq!(
        normalize("40,000–50,000 and NATO — although"),
        "40,000-50,000 and NATO \u{2014} although"
    );
    assert_eq!(
        normalize("a\u{a0}b\u{202f}c\u{200b}d\u{feff}e\u{ad}f"),
        "a b cdef"
    );
    assert_eq!(
        normalize("  many   spaces\t here  \r\n\r\n\r\n\n next\u{2026} "),
        "many spaces here\n\nnext..."
    );
    assert_eq!(
        normalize("Cafe\u{301} cafe\u{301}s"),
        "Caf\u{e9} caf\u{e9}s"
    );
    assert_eq!(normalize("\u{a0}(Updated:\u{a0})"), "(Updated: )");
    assert_eq!(
        normalize("• one\n* two\n– three\n—dash"),
        "- one\n- two\n- three\n\u{2014}dash"
    );
}

#[test]
fn abbreviations_and_initials_do_not_split() {
    let t = "Talks on Dec. 18 and Jan. 13 went well. U.S. President-elect Donald Trump agreed. \
             U.K. Prime Minister Keir Starmer spoke with Mr. Smith and Gen. Syrskyi on St. Andrew's \
             Street. The No. 5 unit and J. R. Smith saw output rise 3.5 percent.";
    assert_eq!(
        split(t),
        [
            "Talks on Dec. 18 and Jan. 13 went well.",
            "U.S. President-elect Donald Trump agreed.",
            "U.K. Prime Minister Keir Starmer spoke with Mr. Smith and Gen. Syrskyi on St. Andrew's Street.",
            "The No. 5 unit and J. R. Smith saw output rise 3.5 percent.",
        ]
    );
}

#[test]
fn abbreviation_at_a_real_sentence_end_splits() {
    assert_eq!(
        split(
            "The delegation returned to the U.S. The next round is in Feb. It starts at 9 a.m. sharp."
        ),
        [
            "The delegation returned to the U.S.",
            "The next round is in Feb.",
            "It starts at 9 a.m. sharp."
        ]
    );
}

#[test]
fn quotes_and_parentheses() {
    assert_eq!(
        split(
            "He said \"we will win.\" Then he left. \"Who pays?\" Zelensky asked. \"Who pays?\" he asked."
        ),
        [
            "He said \"we will win.\"",
            "Then he left.",
            "\"Who pays?\" Zelensky asked.",
            "\"Who pays?\" he asked."
        ]
    );
    assert_eq!(
        split("Officials said it was not (the repairs take weeks). (They were wrong.) Work began."),
        [
            "Officials said it was not (the repairs take weeks).",
            "(They were wrong.)",
            "Work began."
        ]
    );
    assert_eq!(
        split(
            "\"The issue (of peacekeepers) lies in the details. We are discussing these details,\" he said."
        ),
        [
            "\"The issue (of peacekeepers) lies in the details.",
            "We are discussing these details,\" he said."
        ]
    );
    // Lowercase after a period or an ellipsis goes on.
    assert_eq!(
        split("It has been... for many years. e.g. this"),
        ["It has been... for many years. e.g. this"]
    );
}

#[test]
fn paragraphs_and_bullets_end_sentences() {
    let t = "A headline without a period\n- First point. Second point.\n- Third point\nLast line";
    let lex = CleanWords::new(&[]);
    let mut spans = Vec::new();
    sentences::split(&lex, t, &mut spans);
    let texts: Vec<&str> = spans.iter().map(|s| &t[s.start..s.end]).collect();
    assert_eq!(
        texts,
        [
            "A headline without a period",
            "First point.",
            "Second point.",
            "Third point",
            "Last line"
        ]
    );
    assert_eq!(spans[1].start, t.find("First").unwrap());
}

#[test]
fn sentence_key_ignores_case_punctuation_and_apostrophe_forms() {
    let k = sentence_key("Zelensky's \"peace plan\" - it works!");
    assert_eq!(k, sentence_key("ZELENSKYʼS peace   plan: it works"));
    assert_eq!(k, sentence_key("  zelenskys peace plan it works."));
    assert_ne!(k, sentence_key("Zelensky's peace plan - it failed!"));
    assert_eq!(
        k,
        xxhash_rust::xxh3::xxh3_64(b"zelenskys peace plan it works")
    );
    // Past the stack buffer the streaming path must give the same hash.
    let long = "Word, ".repeat(300);
    let flat = "word ".repeat(300);
    assert_eq!(
        sentence_key(&long),
        xxhash_rust::xxh3::xxh3_64(flat.trim_end().as_bytes())
    );
}

/// The key as first written: one char at a time, the words collected in a
/// String. [`sentence_key`] must agree with it on any text.
fn reference_key(sentence: &str) -> u64 {
    let mut words = String::new();
    let mut gap = false;
    for ch in sentence.chars() {
        if matches!(ch, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`') {
            continue;
        }
        if ch.is_alphanumeric() {
            if gap && !words.is_empty() {
                words.push(' ');
            }
            gap = false;
            words.extend(ch.to_lowercase());
        } else {
            gap = true;
        }
    }
    xxhash_rust::xxh3::xxh3_64(words.as_bytes())
}

#[test]
fn sentence_key_matches_the_reference_on_any_text() {
    let long = "Words and more words, over and over; ".repeat(40);
    let samples = [
        "",
        "...",
        " Leading, trailing. ",
        "Zelensky's `quote' and O\u{2019}Neil\u{02BC}s \u{2018}x\u{2019}",
        "\u{130}stanbul \u{dc}BER Stra\u{df}e \u{3a3}\u{391} caf\u{e9} 40,000-50,000\u{2014}x",
        "\u{2160}\u{2161} \u{661}\u{662} \u{1F600} emoji \u{200b} zero width",
        &long,
        &"\u{130}".repeat(300),
        &format!("{}\u{130}{}", "a".repeat(511), "b".repeat(600)),
        // Runs of ASCII letters and digits taken 8 bytes at a time: mixed
        // case, every alignment, across the 512-byte buffer.
        "ABCdefGHIjkl0123456789XYZ the Quick-Brown FOX's 09:30 [Z@a`z{9/0]",
        &"AbCdEfGhIj".repeat(70),
        &"Ab1 Zz-".repeat(120),
    ];
    for s in samples {
        assert_eq!(sentence_key(s), reference_key(s), "{s:?}");
        for cut in (0..s.len()).filter(|&i| s.is_char_boundary(i)).step_by(7) {
            assert_eq!(sentence_key(&s[cut..]), reference_key(&s[cut..]));
        }
    }
}
