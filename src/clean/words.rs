//! Static word lists and the lookup structures built from them once per run.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashSet;

use super::wordmap::{self, WordMap, WordSet};

/// Small English stop-word list (jusText-style density feature).
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
    "ever", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "it's", "its",
    "just", "may", "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now",
    "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "said",
    "same", "says", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "whether",
    "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "yet",
    "you", "your",
];

/// Whole-line chrome labels: dropped wherever they appear.
#[rustfmt::skip]
const CHROME_LINES: &[&str] = &[
    "advertisement", "ad", "sponsored", "sponsored content", "article image", "image", "avatar",
    "photo", "video", "news feed", "latest news", "breaking news", "menu", "home", "search",
    "share", "tweet", "facebook", "twitter", "x", "telegram", "whatsapp", "linkedin", "email",
    "print", "copy link", "close", "skip to content", "skip to main content", "back to top",
    "listen to this article", "sign up", "sign in", "log in", "subscribe", "accept", "accept all",
    "reject all", "manage preferences", "cookie settings", "enter your email", "load more", "next",
    "previous", "top stories", "editor's picks", "advertising", "opinion", "analysis", "news",
    "world", "business", "politics", "live", "watch", "listen",
];

/// Whole-line labels that end the article once its body has started.
#[rustfmt::skip]
const END_LINES: &[&str] = &[
    "read more", "show more", "more like this", "related", "related articles", "related stories",
    "related news", "related posts", "related content", "popular", "most popular", "most read",
    "popular now", "trending", "trending now", "recommended", "recommended for you", "most viewed",
    "most shared", "you may also like", "you might also like", "more stories", "more from",
    "more news", "more on this story", "read next", "up next", "what to read next",
    "share this post", "share this article", "share this story", "comments", "leave a comment",
    "leave a reply", "join the conversation", "about the author", "other news", "see also",
    "also read", "more in this section", "latest", "further reading",
];

/// Line prefixes (lowercase) that mark a chrome line: tag lists, inline teasers, credits.
#[rustfmt::skip]
const CHROME_PREFIXES: &[&str] = &[
    "tags:", "tag:", "topics:", "topic:", "filed under", "categories:", "category:", "keywords:",
    "related:", "read also:", "also read:", "read more:", "see also:", "read:", "watch:",
    "listen:", "video:", "photos:", "source:", "sources:", "(updated", "updated:", "published:",
    "posted:", "last updated", "editing by", "additional reporting", "share:",
    "share on ", "share via", "©", "(c) ", "copyright ©", "copyright (c)", "advertisement",
    "sponsored:", "loading...", "click here", "tap here", "follow us", "subscribe to",
    "sign up for", "sign up to", "we use cookies", "this website uses", "this site uses",
    "all rights reserved",
];

/// Phrases that make a short line a call-to-action or notice (not article prose).
#[rustfmt::skip]
const CHROME_PHRASES: &[&str] = &[
    "follow us on", "subscribe to our", "sign up for our", "sign up to our", "our newsletter",
    "the newsletter", "newsletter", "to your inbox", "in your inbox", "we use cookies",
    "use of cookies", "uses cookies", "cookie policy", "accept cookies", "cookie settings",
    "all rights reserved", "privacy policy", "terms of use", "terms of service",
    "download our app", "download the app", "join our", "support our journalism",
    "support independent journalism", "become a member", "become a patron", "enable javascript",
    "click here", "share this", "continue reading", "already a subscriber", "unsubscribe",
    "your email address", "enter your email", "by continuing to", "©", "the views expressed",
    "views expressed in this", "do not necessarily reflect",
];

/// Words inside a trailing parenthesis (or after "Photo:") that mark a photo credit.
#[rustfmt::skip]
const CREDIT_WORDS: &[&str] = &[
    "getty", "images", "image", "photo", "photos", "photograph", "photographer", "reuters", "ap",
    "afp", "epa", "efe", "via", "credit", "courtesy", "shutterstock", "anadolu", "pool", "tass",
    "ukrinform", "sipa", "alamy", "corbis", "nurphoto", "xinhua", "press", "handout", "dpa",
];

/// Phrases after which a caption line gives its photo credit.
#[rustfmt::skip]
const CREDIT_CUES: &[&str] = &[
    "Photo: ", "Photograph: ", "Photo by ", "Photo credit: ", "Image: ", "Credit: ",
];

/// Job titles that identify an author bio or role line.
#[rustfmt::skip]
const ROLE_WORDS: &[&str] = &[
    "editor", "reporter", "journalist", "correspondent", "writer", "columnist", "contributor",
    "producer", "analyst", "author", "photographer", "photojournalist", "intern", "freelancer",
    "freelance", "anchor", "blogger", "fellow", "editor-in-chief", "staff",
];

/// Abbreviations after which a period never ends a sentence (titles before names).
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Adm",
    "Gov", "Sen", "Rep", "Rev", "Fr", "St", "No", "Nos", "Hon", "Pres", "Supt", "Insp", "Det",
    "Cmdr", "Brig", "Atty", "Messrs", "Mme", "Mlle", "Sr", "Jr", "Mt", "Ft", "Vol", "Fig", "Art",
    "Sec", "Ch", "Pt", "pp", "p", "vs", "v", "cf", "Ave", "Blvd", "Rd", "Sq", "Mssrs",
];

/// Abbreviations that end a sentence only when a capitalized function word follows.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Inc",
    "Corp", "Ltd", "Co", "Bros", "etc", "approx", "est", "dept", "govt", "al", "ca", "min", "max",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
];

/// Words that make up date/time lines ("Monday, Dec. 9, 2024 10:15 AM").
#[rustfmt::skip]
const DATE_WORDS: &[&str] = &[
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december", "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday",
    "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "am",
    "pm", "a.m", "p.m", "utc", "gmt", "est", "edt", "cet", "cest", "eet", "eest", "bst", "et",
    "pt", "at", "on", "updated", "published", "posted", "modified", "ago", "hours", "hour",
    "minutes", "minute", "min", "mins", "days", "day", "read", "time", "reading", "yesterday",
    "today", "|", "-", "/", "by",
];

/// Verbs of saying: a quote ending in ?" or !" followed by one of these goes on.
#[rustfmt::skip]
const SAY_WORDS: &[&str] = &[
    "said", "says", "asked", "asks", "added", "adds", "told", "tells", "wrote", "writes", "noted",
    "notes", "replied", "stated", "explained", "continued", "insisted", "warned", "argued",
    "recalled", "stressed", "emphasized", "concluded", "according", "declared", "shouted",
];

/// Words at least one of which every [`CHROME_PHRASES`] entry contains: the
/// phrase automaton only runs on lines where the tokenizer saw one.
#[rustfmt::skip]
const CUE_WORDS: &[&str] = &[
    "follow", "subscribe", "sign", "newsletter", "newsletters", "inbox", "cookie", "cookies",
    "reserved", "privacy", "terms", "download", "join", "journalism", "become", "javascript",
    "click", "share", "continue", "subscriber", "unsubscribe", "email", "continuing", "expressed",
    "necessarily",
];

/// Everything the cleaner looks words and phrases up in; built once per run.
pub(crate) struct CleanWords {
    pub stop: WordSet,
    pub credit: WordSet,
    pub role: WordSet,
    pub titles: WordSet,
    pub abbrevs: WordSet,
    pub date: WordSet,
    pub say: WordSet,
    pub cue: WordSet,
    /// Stop and cue words of up to eight bytes (every stop word), for the
    /// tokenizer; longer cue words are only in `cue`.
    pub words: WordMap,
    /// Bit `c - 'a'` of `probe[len]` is set when some stop or cue word of
    /// that length starts with `c`: most words skip the lookups.
    pub probe: [u32; 17],
    pub chrome_lines: HashSet<String>,
    pub end_lines: HashSet<String>,
    /// Chrome line prefixes, bucketed by first byte.
    pub prefixes: Vec<Vec<String>>,
    pub phrases: AhoCorasick,
    /// "Photo: ", "Photograph: "...: where a caption's credit starts.
    pub credit_cues: AhoCorasick,
}

impl CleanWords {
    pub(crate) fn new(extra_markers: &[String]) -> CleanWords {
        let mut end_lines: HashSet<String> = END_LINES.iter().map(|s| s.to_string()).collect();
        let mut prefixes: Vec<String> = CHROME_PREFIXES.iter().map(|s| s.to_string()).collect();
        for m in extra_markers {
            let key = marker_key(m);
            if !key.is_empty() {
                prefixes.push(format!("{key}:"));
                end_lines.insert(key);
            }
        }
        let mut buckets = vec![Vec::new(); 256];
        for p in prefixes {
            buckets[p.as_bytes()[0] as usize].push(p);
        }
        let phrases = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::DFA))
            .build(CHROME_PHRASES)
            .expect("static phrase list builds");
        CleanWords {
            stop: WordSet::new(STOP_WORDS),
            credit: WordSet::new(CREDIT_WORDS),
            role: WordSet::new(ROLE_WORDS),
            titles: WordSet::new(TITLES),
            abbrevs: WordSet::new(ABBREVIATIONS),
            date: WordSet::new(DATE_WORDS),
            say: WordSet::new(SAY_WORDS),
            cue: WordSet::new(CUE_WORDS),
            words: {
                assert!(STOP_WORDS.iter().all(|w| w.len() <= wordmap::MAX));
                WordMap::new(STOP_WORDS, CUE_WORDS)
            },
            probe: {
                let mut p = [0u32; 17];
                for w in STOP_WORDS.iter().chain(CUE_WORDS) {
                    p[w.len()] |= 1 << (w.as_bytes()[0] - b'a');
                }
                p
            },
            chrome_lines: CHROME_LINES.iter().map(|s| s.to_string()).collect(),
            end_lines,
            prefixes: buckets,
            phrases,
            credit_cues: AhoCorasick::new(CREDIT_CUES).expect("static cue list builds"),
        }
    }
}

/// Lookup form of a marker line: lowercase, trailing punctuation and counts removed.
pub(crate) fn marker_key(line: &str) -> String {
    let mut buf = [0u8; 64];
    marker_key_in(line, &mut buf)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// [`marker_key`] into a stack buffer; `None` when the line is too long to be a label.
pub(crate) fn marker_key_in<'b>(line: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let t = line.trim().trim_end_matches(|c: char| {
        c == ':' || c == '.' || c == '>' || c == '|' || c == '»' || c.is_whitespace()
    });
    // "Comments (12)" counts as its label.
    let t = match t.rfind(" (") {
        Some(i) if t.ends_with(')') && i > 0 => &t[..i],
        _ => t,
    };
    let t = t.trim_end();
    if t.len() > buf.len() {
        return None;
    }
    if t.is_ascii() {
        buf[..t.len()].copy_from_slice(t.as_bytes());
        buf[..t.len()].make_ascii_lowercase();
        return std::str::from_utf8(&buf[..t.len()]).ok();
    }
    let mut n = 0;
    for c in t.chars() {
        for l in c.to_lowercase() {
            if n + l.len_utf8() > buf.len() {
                return None;
            }
            n += l.encode_utf8(&mut buf[n..]).len();
        }
    }
    std::str::from_utf8(&buf[..n]).ok()
}

#[cfg(test)]
#[test]
fn every_chrome_phrase_has_a_cue_word() {
    let lex = CleanWords::new(&[]);
    for p in CHROME_PHRASES {
        let cued =
            p.contains('\u{a9}') || p.split(' ').any(|w| lex.cue.contains_lower(w.as_bytes()));
        assert!(cued, "{p:?} has no cue word");
    }
}
