//! Labels that close an article: "Related articles", "About the author",
//! "Comments". Pages set them as headings of their own over what follows
//! the story, often inside the story's own container, where the DOM's
//! class and id evidence does not reach.

/// First words of a list of other pages: "Related posts", "More stories".
const LIST_OPENERS: &[&str] = &[
    "related",
    "recent",
    "latest",
    "popular",
    "more",
    "other",
    "similar",
    "recommended",
    "trending",
];

/// What such a list holds.
const LIST_NOUNS: &[&str] = &[
    "post",
    "posts",
    "article",
    "articles",
    "stories",
    "news",
    "content",
    "read",
    "reads",
    "resources",
    "topics",
    "links",
];

/// Words that may go on after a list's name: "Related news & resources",
/// "Recent posts on blogs I like", "Other articles you may find
/// interesting". Not "related": "More posts related to Tokyo" heads a
/// section of a travel guide.
const LIST_GOES_ON: &[&str] = &["and", "&", "from", "on", "in", "you", "that", "for"];

/// Labels that close an article whole, once case and end punctuation are
/// folded.
const WHOLE_LABELS: &[&[&str]] = &[
    &["most", "popular"],
    &["most", "read"],
    &["most", "viewed"],
    &["popular"],
    &["about", "the", "author"],
    &["comments"],
    &["leave", "a", "reply"],
    &["leave", "a", "comment"],
    &["also", "in", "the", "news"],
    &["more", "on", "this", "story"],
    &["more", "on", "this", "topic"],
    &["top", "stories"],
    &["you", "may", "also", "like"],
    &["you", "might", "also", "like"],
    &["you", "may", "also", "enjoy"],
    &["you", "might", "also", "enjoy"],
    &["read", "next"],
    &["keep", "reading"],
    &["what", "to", "read", "next"],
    &["share", "this", "post"],
    &["share", "this", "article"],
    &["share", "this", "story"],
    &["share", "this", "page"],
];

/// The longest label, in characters: longer text is the article's.
const MAX_CHARS: usize = 50;

/// Whether `text`, a block of the page, is a label that closes the
/// article. Bare "Related" and "Share" are not: pages set them over a
/// box in the middle of a story as often as at its end.
pub fn closes_article(text: &str) -> bool {
    let label = text.trim().trim_end_matches([':', '!', '.', '…', ' ']);
    if label.is_empty() || label.chars().nth(MAX_CHARS - 1).is_some() {
        return false;
    }
    // One copy, lower case, with one apostrophe form.
    let label: String = label
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<&str> = label.split_whitespace().collect();
    let is = |word: &str, list: &[&str]| list.contains(&word);
    match words.as_slice() {
        [opener, noun, rest @ ..] if is(opener, LIST_OPENERS) && is(noun, LIST_NOUNS) => {
            rest.first().is_none_or(|w| is(w, LIST_GOES_ON))
        }
        ["more", "from", _, ..] => true,
        [count, "comments"] => count.bytes().all(|b| b.is_ascii_digit()),
        [first, ..] if first.starts_with("advertisement") => true,
        ["subscribe", .., last] | ["sign", "up", .., last] => {
            matches!(*last, "newsletter" | "newsletters")
        }
        whole => WHOLE_LABELS.contains(&whole),
    }
}

#[cfg(test)]
mod tests {
    use super::closes_article;

    #[test]
    fn lists_of_other_pages_bios_and_comments_close_an_article() {
        for label in [
            "Related Articles",
            "Related News & Resources",
            "Recent posts on blogs I like:",
            "Other articles you may find interesting",
            "MORE STORIES",
            "More from CFR",
            "Most Popular",
            "About the Author",
            "12 Comments",
            "Leave a Reply",
            "You May Also Like…",
            "Share This Article",
            "Subscribe to the EnergySage Newsletter!",
            "Advertisement: London 2025 Event On 31 October",
            "What to Read Next",
            "More on this story",
        ] {
            assert!(closes_article(label), "{label}");
        }
    }

    #[test]
    fn sections_of_a_story_do_not_close_it() {
        for label in [
            "Related",
            "Share",
            "More posts related to Tokyo",
            "Recommended Approach",
            "Popular Frameworks",
            "Latest developments in the talks",
            "Comments from the minister",
            "The author's view",
            "Subscribe",
            "Related research from three universities shows the opposite of what they said",
        ] {
            assert!(!closes_article(label), "{label}");
        }
    }
}
