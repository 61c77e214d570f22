//! Tests of the clean stage. Here: seed acceptance tests (issue 3) and the
//! throughput check; the submodules hold the rest.

mod block;
mod corpus;
mod identity;
mod sentences;
mod tables;

use super::*;

macro_rules! seed {
    ($f:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/", $f))
    };
}

const SEEDS: [&str; 5] = [
    seed!("000_30e0651a83f97932.txt"),
    seed!("001_7d298f616609c451.txt"),
    seed!("002_6fc57eb9818f104e.txt"),
    seed!("003_ca0a0fc979f8b174.txt"),
    seed!("004_7de40e1cfbd345eb.txt"),
];

/// Hand-counted sentences of each seed's clean text (headline included).
const SENTENCE_COUNTS: [usize; 5] = [19, 14, 16, 12, 16];

fn clean(raw: &str) -> Cleaned {
    Cleaner::new(&CleanConfig::default()).clean(raw)
}

fn sentence_texts(c: &Cleaned) -> Vec<&str> {
    c.sentences
        .iter()
        .map(|s| &c.text[s.start..s.end])
        .collect()
}

const HEADLINE_002: &str = "Ukraine \"may consider\" Macron's proposal to deploy Western troops \
                            as a security guarantee, Zelensky said";
const HEADLINE_003: &str =
    "Macron, Zelensky discuss 'practical steps' for deploying peacekeeping troops in Ukraine";

#[test]
fn seed_002_keeps_headline_and_body_and_nothing_after() {
    let c = clean(SEEDS[2]);
    assert_eq!(c.title.as_deref(), Some(HEADLINE_002));
    assert!(c.text.starts_with(&format!(
        "{HEADLINE_002}\nUkrainian President Volodymyr Zelenskyy"
    )));
    assert!(c.text.ends_with(
        "And Trump's team does not support Ukraine's invitation to NATO, the media wrote."
    ));
    for gone in [
        "Kozlovsky",
        "Shulyak",
        "Putin",
        "February 23, 2026",
        "June 1",
        "spot_img",
        "Popular",
        "HERE",
    ] {
        assert!(!c.text.contains(gone), "{gone:?} survived");
    }
    assert_eq!(c.text.lines().count(), 8);
    assert!(c.boilerplate_chars > 1000);
}

#[test]
fn seed_002_without_end_markers_still_drops_teaser_list() {
    let raw: String = SEEDS[2]
        .lines()
        .filter(|l| !["Popular", "Share this post:", "More like this", "HERE"].contains(l))
        .filter(|l| !l.starts_with("spot_img"))
        .map(|l| format!("{l}\n"))
        .collect();
    let c = clean(&raw);
    assert_eq!(c.text, clean(SEEDS[2]).text);
}

#[test]
fn seed_003_keeps_body_drops_caption_teaser_bio_and_trailing_items() {
    let c = clean(SEEDS[3]);
    assert_eq!(c.title.as_deref(), Some(HEADLINE_003));
    assert_eq!(c.author.as_deref(), Some("Volodymyr Ivanyshyn"));
    let (head, body) = c.text.split_once('\n').unwrap();
    assert_eq!(head, HEADLINE_003);
    assert_eq!(
        c.text.matches(HEADLINE_003).count(),
        1,
        "headline kept once"
    );
    assert!(body.starts_with(
        "President Volodymyr Zelensky and French President Emmanuel Macron discussed the situation"
    ));
    assert!(body.ends_with("need for high-precision long-range weapons."));
    assert_eq!(body.lines().count(), 9);
    for gone in [
        "Getty",
        "Elysee",
        "Starmer plans",
        "This would mark",
        "Ivanyshyn",
        "News Editor",
        "Anchorage",
        "Kramatorsk",
        "Read more",
        "2 min read",
        "News Feed",
        "Article image",
        "Avatar",
        "Updated",
        "Show More",
    ] {
        assert!(!c.text.contains(gone), "{gone:?} survived");
    }
    // The body's own mention of Starmer stays.
    assert!(body.contains("U.K. Prime Minister Keir Starmer also plans to visit Ukraine"));
}

#[test]
fn seed_003_without_end_markers_stops_at_the_bio() {
    let raw = SEEDS[3].replace("Read more\n", "").replace("Show More", "");
    let c = clean(&raw);
    assert_eq!(c.text, clean(SEEDS[3]).text);
    assert_eq!(c.author.as_deref(), Some("Volodymyr Ivanyshyn"));
}

#[test]
fn seed_004_loses_only_the_follow_us_line() {
    let c = clean(SEEDS[4]);
    let norm = normalize(SEEDS[4]);
    let expected: Vec<&str> = norm
        .lines()
        .filter(|l| !l.contains("follow us on X"))
        .collect();
    assert_eq!(c.text, expected.join("\n"));
    assert_eq!(c.text.lines().filter(|l| l.starts_with("- ")).count(), 3);
    assert_eq!(c.title, None);
    assert_eq!(c.boilerplate_chars, 70);
}

#[test]
fn seeds_000_and_001_lose_nothing() {
    for raw in &SEEDS[..2] {
        let c = clean(raw);
        assert_eq!(c.text, normalize(raw));
        assert_eq!(c.boilerplate_chars, 0);
        assert_eq!((c.title.as_deref(), c.author.as_deref()), (None, None));
    }
}

/// Sentences are ordered, disjoint, trimmed, inside one paragraph each, and
/// together cover every word of the text: nothing is lost or cut.
fn assert_sentences_cover(c: &Cleaned) {
    let mut covered = vec![false; c.text.len()];
    let mut prev_end = 0;
    for s in &c.sentences {
        assert!(prev_end <= s.start && s.start < s.end && s.end <= c.text.len());
        let t = &c.text[s.start..s.end];
        assert_eq!(t, t.trim(), "untrimmed {t:?}");
        assert!(!t.contains('\n'), "crosses a paragraph: {t:?}");
        covered[s.start..s.end].iter_mut().for_each(|x| *x = true);
        prev_end = s.end;
    }
    for (line_start, line) in c.text.split('\n').scan(0, |pos, l| {
        let start = *pos;
        *pos += l.len() + 1;
        Some((start, l))
    }) {
        let skip = if line.starts_with("- ") { 2 } else { 0 };
        for (i, b) in line.bytes().enumerate().skip(skip) {
            assert!(
                b == b' ' || covered[line_start + i],
                "uncovered byte in {line:?}"
            );
        }
    }
}

#[test]
fn seed_sentences_are_complete_and_counted() {
    for (i, raw) in SEEDS.iter().enumerate() {
        let c = clean(raw);
        assert_sentences_cover(&c);
        assert_eq!(
            c.sentences.len(),
            SENTENCE_COUNTS[i],
            "seed {i}: {:#?}",
            sentence_texts(&c)
        );
    }
}

#[test]
fn seed_sentence_boundaries() {
    let all: Vec<Cleaned> = SEEDS.iter().map(|s| clean(s)).collect();
    let has = |seed: usize, s: &str| {
        assert!(
            sentence_texts(&all[seed]).contains(&s),
            "seed {seed}: no sentence {s:?}"
        );
    };
    has(
        0,
        "Ukraine is \"discussing ideas with European leaders\" on the potential deployment of \
         European peacekeeping forces to the embattled country, President Volodymyr Zelensky told \
         reporters during a press briefing on Dec. 18.",
    );
    has(0, "\"We support the idea of strengthening Ukraine.");
    has(0, "The issue (of peacekeepers) lies in the details.");
    has(
        0,
        "With U.S. President-elect Donald Trump set to return to the White House in January, \
         European leaders are preparing to play a greater role in supporting Ukraine's defense needs.",
    );
    has(
        0,
        "Following their meeting on Dec. 18, Zelensky said that Macron discussed the communications \
         he has had \"with other partners to implement all necessary steps to achieve peace.\"",
    );
    has(
        0,
        "Trump reportedly made the comments during his Dec. 7 meeting with Zelensky and Macron in Paris.",
    );
    has(
        1,
        "During a press briefing on Dec. 18, Zelensky reiterated his stance, adding that the embattled \
         country \"needs security guarantees, which we believe NATO membership offers most effectively.\"",
    );
    has(2, "Who guarantees us some security?");
    has(2, HEADLINE_002);
    has(
        3,
        "President Volodymyr Zelensky and French President Emmanuel Macron discussed the situation on \
         the front line and the possibility of sending peacekeeping troops to Ukraine in a phone call \
         on Jan. 13.",
    );
    has(
        3,
        "U.K. Prime Minister Keir Starmer also plans to visit Ukraine in the coming weeks to discuss \
         the potential deployment of an international peacekeeping force, Bloomberg reported on Jan. 10.",
    );
    has(
        4,
        "In December, Radio Liberty reported that France and Britain were discussing deploying their \
         troops on the contact line as a security guarantee.",
    );
    has(
        4,
        "According to the Financial Times, Ukraine is expecting 40,000-50,000 peacekeepers.",
    );
}

#[test]
fn extra_markers_end_the_article_and_drop_prefixed_lines() {
    let body = "The council approved the budget for next year on Tuesday after a long debate over \
                spending on shelters and schools in the city.\n\
                Keep reading: Mayor announces new tram line\n\
                The mayor said the money would be spent on repairing damaged buildings first, and \
                that new shelters would follow in the spring.\n\
                Keep reading\n\
                A separate story about a football match that the home side won three to one in \
                front of a sold-out crowd.";
    let plain = clean(body);
    assert!(plain.text.contains("football"));
    let cfg = CleanConfig {
        extra_markers: vec!["Keep reading".into()],
    };
    let c = Cleaner::new(&cfg).clean(body);
    assert_eq!(c.text.lines().count(), 2, "{}", c.text);
    assert!(!c.text.contains("football") && !c.text.contains("tram"));
}

#[test]
fn a_lone_feed_item_is_kept_but_a_teaser_list_is_not() {
    let item = "Ukraine received the first batch of air defense missiles\n\n\
                Ukraine received the first batch of missiles for air defense systems...";
    let c = clean(item);
    assert_eq!(
        c.title.as_deref(),
        Some("Ukraine received the first batch of air defense missiles")
    );
    assert!(c.text.ends_with("air defense systems..."));
    let list = format!(
        "{item}\nFrom June 1, tariffs may increase\nA review of the cost of utilities is possible..."
    );
    assert_eq!(clean(&list).text, "");
}

#[test]
fn cleaner_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Cleaner>();
}

#[test]
fn empty_and_junk_only_inputs() {
    let c = clean("");
    assert_eq!((c.text.as_str(), c.sentences.len()), ("", 0));
    let c = clean("Menu\nShare\nAdvertisement\n");
    assert_eq!(c.text, "");
    assert_eq!(c.boilerplate_chars, 22);
}
