//! The words of an element's class and id, and whether they name page
//! furniture ("share-bar", "related-posts") or the article
//! ("article-body").

use std::sync::LazyLock;

/// Words in a class or id that mark chrome. Matched against the
/// attribute's words (split at `-`, `_`, spaces and case changes).
/// Not "widget": Elementor, a page builder on some 7% of WCXB's pages,
/// wraps every block of an article in `elementor-widget` elements (WCXB
/// F1 0.927 -> 0.936 without it, AEB 0.913 -> 0.912); sidebars' widgets
/// are link lists or sit in `<aside>`.
const CHROME_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "credit",
    "credits",
    "disqus",
    "footer",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "paywall",
    "popup",
    "promo",
    "recirc",
    "recommended",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "trending",
    "hidden",
    "author",
    "dateline",
    "timestamp",
    "meta",
    "most",
    "popular",
    "more",
    // Calls to action, boxes of recent posts and author bios, affiliate
    // disclosures and carousels (WCXB F1 0.9422 -> 0.9430, snippets that
    // must be absent 0.9473 -> 0.9527; AEB 0.9383 -> 0.9395). Not "toc":
    // some sites class an article's paragraphs `toc-para`.
    "cta",
    "recent",
    "bio",
    "disclosure",
    "carousel",
    "swiper",
];

/// Words that keep an element whose class also names chrome
/// (`article-body share-bar` is still the body).
/// "embed": a quoted post (`social-media-embed` around a tweet) is the
/// article's, as a quotation is.
const CONTENT_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "prose", "embed",
];

/// Whether the element's class or id names chrome and nothing of content.
pub fn names_chrome(el: &scraper::node::Element) -> bool {
    let (mut chrome, mut content) = (false, false);
    let tokens = [el.attr("class"), el.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(str::split_ascii_whitespace);
    for token in tokens {
        for word in words(token) {
            let mut buf = [0; CLASS_WORD_MAX];
            let Some(word) = lowercase(word, &mut buf) else {
                continue;
            };
            chrome |= match word {
                // `overflow-hidden` clips and `field--label-hidden` hides a
                // label: neither hides the element's text (WCXB F1 0.9449
                // -> 0.9465).
                "hidden" => !(token.contains("overflow") || token.contains("label")),
                // `show-more` and `expandable-more` hold text a click
                // unfolds, unlike `more-stories` (WCXB F1 0.9477 -> 0.9479).
                "more" => !(token.contains("show") || token.contains("expand")),
                _ => SORTED_CHROME_WORDS.binary_search(&word).is_ok(),
            };
            content |= SORTED_CONTENT_WORDS.binary_search(&word).is_ok();
        }
    }
    chrome && !content
}

/// Longer than any word of [`CHROME_WORDS`] and [`CONTENT_WORDS`].
const CLASS_WORD_MAX: usize = 24;

/// The word lists sorted once, for a binary search per class word: a page
/// has thousands of classed elements.
static SORTED_CHROME_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| sorted(CHROME_WORDS));
static SORTED_CONTENT_WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| sorted(CONTENT_WORDS));

fn sorted(words: &[&'static str]) -> Vec<&'static str> {
    let mut words = words.to_vec();
    words.sort_unstable();
    words
}

/// `word` (ASCII letters) in lower case in `buf`; `None` when longer than
/// any listed word.
fn lowercase<'b>(word: &str, buf: &'b mut [u8; CLASS_WORD_MAX]) -> Option<&'b str> {
    let out = buf.get_mut(..word.len())?;
    for (o, b) in out.iter_mut().zip(word.bytes()) {
        *o = b.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// The words of a class or id: runs of letters, split where a lowercase
/// letter meets an uppercase one (`shareBar`). A hash's letters
/// (`element-eefe4ad`, `block-20a388fd`) are no words, or generated ids
/// would name ads at random (WCXB F1 0.9465 -> 0.9462: five pages up,
/// four down, by chance either way).
fn words(attr: &str) -> impl Iterator<Item = &str> {
    attr.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !is_hash(t))
        .flat_map(|t| LetterRuns { s: t, at: 0 })
}

/// Hex digits with both a digit and a letter, as generated ids are.
fn is_hash(t: &str) -> bool {
    t.len() >= 5
        && t.bytes().all(|b| b.is_ascii_hexdigit())
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The runs of letters in an ASCII-alphanumeric token, split at case
/// changes, without allocating.
struct LetterRuns<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Iterator for LetterRuns<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        while self.at < b.len() && !b[self.at].is_ascii_alphabetic() {
            self.at += 1;
        }
        let start = self.at;
        while self.at < b.len()
            && b[self.at].is_ascii_alphabetic()
            && !(self.at > start
                && b[self.at].is_ascii_uppercase()
                && b[self.at - 1].is_ascii_lowercase())
        {
            self.at += 1;
        }
        (self.at > start).then(|| &self.s[start..self.at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_word_lists_are_lower_case_and_fit_the_buffer() {
        for w in CHROME_WORDS.iter().chain(CONTENT_WORDS) {
            assert!(
                w.len() < CLASS_WORD_MAX && !w.bytes().any(|b| b.is_ascii_uppercase()),
                "{w}"
            );
        }
    }

    #[test]
    fn class_words_split_at_case_and_punctuation() {
        let w: Vec<&str> = words("shareBar article-body_x").collect();
        assert_eq!(w, ["share", "Bar", "article", "body", "x"]);
        // `head`, `shadow`, `thread` are no `ad`, nor are a hash's letters.
        assert!(!words("masthead-shadow thread").any(|w| w == "ad"));
        let w: Vec<&str> =
            words("elementor-element-eefe4ad component_5cd3ad805f ad728x90").collect();
        assert_eq!(w, ["elementor", "element", "component", "ad", "x"]);
    }
}
