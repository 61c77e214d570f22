//! The language a clean text is written in, as an ISO 639-1 code, by
//! whatlang's trigram model over the text's opening. English, most of
//! the news this reads, is told first by its function words: whatlang
//! scores every language of a script and costs about 100 µs a document,
//! as much as half of the rest of the pipeline.

use whatlang::{Lang, Script};

/// Enough text for a sure guess; more costs time and rarely changes it.
const SAMPLE_BYTES: usize = 2048;

/// Below this many letters of a script many languages share (Latin,
/// Cyrillic) whatlang is sure and wrong too often: wire earnings tables
/// ("Shr 3.07 dlrs vs 3.08 dlrs / Net 66 mln") read as French at full
/// confidence. On Reuters-21578 (all English) 320 of 19,779 documents came
/// out French with no minimum, 6 with this one.
const MIN_LETTERS_SHARED_SCRIPT: usize = 200;

/// Other scripts name one or two languages, and a Chinese or Japanese
/// sentence holds as much in a quarter of the characters.
const MIN_LETTERS: usize = 40;

/// The share of English function words ([`ENGLISH_WORDS`]) that
/// makes a text English: in English prose they are a quarter or more of
/// the words, in other languages' news a few per cent (French "on", Dutch
/// "is" and "was"). On Reuters-21578, 15,047 of the 15,776 documents long
/// enough to tell pass it, and whatlang calls none of them another
/// language.
const ENGLISH_SHARE_PERCENT: usize = 12;

/// The text's language when whatlang is sure of it ("en"); `None` for
/// text too short or too mixed to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let c = Counts::of(sample);
    if c.letters < MIN_LETTERS {
        return None;
    }
    if c.letters >= MIN_LETTERS_SHARED_SCRIPT {
        if c.english * 100 >= c.words * ENGLISH_SHARE_PERCENT {
            return Some("en");
        }
    } else if c.ascii_letters * 2 > c.letters {
        // Mostly Latin letters, too few of them to tell.
        return None;
    }
    let info = whatlang::detect(sample)?;
    let min = match info.script() {
        Script::Latin | Script::Cyrillic => MIN_LETTERS_SHARED_SCRIPT,
        _ => MIN_LETTERS,
    };
    (c.letters >= min && info.is_reliable()).then(|| two_letters(info.lang()))
}

/// One pass over a sample: its letters and words, and how many words are
/// English function words.
#[derive(Debug, Default)]
struct Counts {
    letters: usize,
    ascii_letters: usize,
    words: usize,
    english: usize,
}

impl Counts {
    /// Byte by byte, as this runs on every document: a character beyond
    /// ASCII counts as a letter (clean text has ASCII punctuation, quotes
    /// and dashes), its continuation bytes as nothing.
    fn of(sample: &str) -> Counts {
        let mut c = Counts::default();
        // The word so far, lower-cased and packed as `pack` does; only
        // words of up to 5 letters can be function words.
        let mut word = 0u64;
        let mut len = 0;
        for &b in sample.as_bytes().iter().chain(b" ") {
            if b.is_ascii_alphabetic() || b >= 0xC0 {
                c.letters += 1;
                c.ascii_letters += usize::from(b < 0x80);
                if len < 5 {
                    word |= u64::from(b | 0x20) << (8 * len);
                }
                len += 1;
            } else if b >= 0x80 {
                // A continuation byte of the letter before.
            } else if len > 0 {
                c.words += 1;
                c.english += usize::from(len <= 5 && ENGLISH_WORDS.contains(&word));
                (word, len) = (0, 0);
            }
        }
        c
    }
}

/// English words no other language writes often, each packed into an
/// integer (its bytes, first lowest) so that a word is looked up by 26
/// integer compares.
const ENGLISH_WORDS: [u64; 26] = {
    let words: [&[u8]; 26] = [
        b"the", b"of", b"and", b"to", b"is", b"that", b"for", b"with", b"was", b"said", b"on",
        b"by", b"it", b"are", b"from", b"has", b"have", b"be", b"this", b"which", b"were", b"will",
        b"would", b"its", b"at", b"as",
    ];
    let mut packed = [0; 26];
    let mut i = 0;
    while i < words.len() {
        let mut j = 0;
        while j < words[i].len() {
            packed[i] |= (words[i][j] as u64) << (8 * j);
            j += 1;
        }
        i += 1;
    }
    packed
};

/// ISO 639-1 for whatlang's ISO 639-3 codes (Mandarin as `zh`, Western
/// Persian as `fa`, Bokmål as `nb`).
fn two_letters(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_in_several_languages_is_told_apart() {
        let cases = [
            (
                "en",
                "The finance ministers met in Brussels on Tuesday and agreed, after a long night of talks, to extend the credit line.",
            ),
            (
                "de",
                "Die Finanzminister trafen sich am Dienstag in Brüssel und einigten sich nach langen Verhandlungen darauf, die Kreditlinie zu verlängern.",
            ),
            (
                "fr",
                "Les ministres des finances se sont réunis mardi à Bruxelles et ont accepté, après une longue nuit de négociations, de prolonger la ligne de crédit.",
            ),
            (
                "nl",
                "De ministers van financiën kwamen dinsdag in Brussel bijeen en besloten, na een lange nacht van onderhandelingen, de kredietlijn te verlengen.",
            ),
            (
                "es",
                "Los ministros de finanzas se reunieron el martes en Bruselas y acordaron, tras una larga noche de negociaciones, ampliar la línea de crédito.",
            ),
            (
                "uk",
                "Міністри фінансів зустрілися у вівторок у Брюсселі й після довгих переговорів погодилися продовжити кредитну лінію.",
            ),
            (
                "zh",
                "财政部长们周二在布鲁塞尔举行会议，经过一夜的谈判，同意延长信贷额度。",
            ),
        ];
        for (want, sentence) in cases {
            // A paragraph's worth: one sentence is too short to be sure of.
            let text = [sentence; 4].join(" ");
            assert_eq!(detect(&text), Some(want), "{text}");
            let c = Counts::of(&text);
            let english = c.english * 100 >= c.words * ENGLISH_SHARE_PERCENT;
            assert_eq!(english, want == "en", "{text}");
            if want != "zh" {
                assert_eq!(detect(sentence), None, "{sentence}");
            }
        }
    }

    #[test]
    fn too_little_text_gives_no_guess() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("OK"), None);
        assert_eq!(detect("12 345 678"), None);
        let table = "WILTON, Conn, March 2 - Shr six cts vs four cts\nNet 383,189 vs 241,857\n\
                     Revs 1,506,756 vs 793,459\n12 mths\nShr 24 cts vs 15 cts\nNet 1,520,797 vs 929,017";
        assert_eq!(detect(table), None, "an earnings table is no French");
    }

    #[test]
    fn the_sample_ends_on_a_character_boundary() {
        // A multi-byte character across the sample's end must not panic.
        let text = format!("{}{}", "a".repeat(SAMPLE_BYTES - 1), "é".repeat(100));
        let _ = detect(&text);
    }
}
