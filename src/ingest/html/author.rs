//! A page's author: the people JSON-LD or `<meta>` names, else the page's
//! byline, and an organization (the site itself) only when no person is
//! named anywhere.

use scraper::node::Element;
use serde_json::Value;

use super::written::decode_entities;

/// Bylines seen while walking a page, in document order: the text of
/// elements marked as the author (`rel=author`, `itemprop=author`, a class
/// or id naming the author or byline, a link to an author page) and text
/// starting "By ".
#[derive(Default)]
pub struct Bylines {
    marked: Vec<String>,
    /// "By ..." text, less sure: menus say "By Region" too.
    by: Vec<String>,
    /// The last text was a label alone ("By", "Written by"), so the next
    /// text is the name it labels.
    after_label: bool,
}

/// Labels that open a byline; "Reviewed by" names no author.
const LABELS: &[&str] = &[
    "written by",
    "posted by",
    "words by",
    "story by",
    "text by",
    "article by",
    "author:",
    "authors:",
    "by",
];

impl Bylines {
    /// Enough to find the article's byline before comment authors.
    const KEEP: usize = 12;

    /// `text` gives the element's text and its text nodes' texts, each
    /// with white space collapsed.
    pub fn element(&mut self, el: &Element, text: impl FnOnce() -> (String, Vec<String>)) {
        if self.marked.len() >= Self::KEEP || !marks_author(el) {
            return;
        }
        let (whole, pieces) = text();
        // Pieces run together ("Written ByJo LeeEditor") are no name.
        if (3..120).contains(&whole.len())
            && (pieces.len() < 2 || {
                let whole = clean(&whole);
                !has_word(&whole, LINK_WORDS) && !has_word(&whole, ROLE_WORDS)
            })
        {
            self.marked.push(whole.clone());
        }
        if whole.len() < MARKED_BOX {
            // An author box holds the name with a bio or a date: "Jo Lee"
            // over "Jo Lee is a writer...", "Dec 17, 2025" beside "Jo Lee".
            self.marked.extend(
                pieces
                    .into_iter()
                    .filter(|p| {
                        let p = clean(p);
                        // One word in a box is a link's ("YouTube") or a handle;
                        // digits are a date's ("Mar 6").
                        (3..60).contains(&p.len())
                            && p.split_whitespace().nth(1).is_some()
                            && !p.contains(|c: char| c.is_ascii_digit())
                            && !has_word(&p, LINK_WORDS)
                            && !has_word(&p, ROLE_WORDS)
                    })
                    .take(2),
            );
        }
    }

    pub fn text(&mut self, t: &str) {
        let t = t.trim();
        if t.is_empty() || self.by.len() >= Self::KEEP {
            return;
        }
        let labelled = std::mem::take(&mut self.after_label);
        // A heading "Author" over the name labels it, as "By" does.
        if ["author", "authors", "author:", "authors:"]
            .iter()
            .any(|h| t.eq_ignore_ascii_case(h))
        {
            self.after_label = true;
            return;
        }
        let label = LABELS.iter().find(|l| {
            t.len() >= l.len()
                && t.is_char_boundary(l.len())
                && t[..l.len()].eq_ignore_ascii_case(l)
        });
        // "This post was written by" before a linked name.
        let ends_in_label = ["written by", "posted by"].iter().any(|l| {
            t.len() > l.len()
                && t.is_char_boundary(t.len() - l.len())
                && t[t.len() - l.len()..].eq_ignore_ascii_case(l)
                && t.as_bytes()[t.len() - l.len() - 1] == b' '
        });
        match label {
            Some(l) if t.len() == l.len() || t[l.len()..].trim() == ":" => self.after_label = true,
            _ if ends_in_label => self.after_label = true,
            Some(l) if t.as_bytes()[l.len()].is_ascii_whitespace() && t.len() < 120 => {
                self.by.push(t.to_string())
            }
            _ if labelled && t.len() < 120 => self.by.push(format!("By {t}")),
            _ => {}
        }
    }
}

/// The longest text of an element marked as the author whose pieces are
/// read one by one: an author box, not a page or a sidebar.
const MARKED_BOX: usize = 600;

/// Words of labels, links and headings in author boxes ("Written By",
/// "About the Author", "View all posts", "Email") that no name holds
/// ("More" is: Thomas More).
const LINK_WORDS: &[&str] = &[
    "about",
    "author",
    "authors",
    "read",
    "view",
    "posts",
    "articles",
    "share",
    "follow",
    "contact",
    "learn",
    "latest",
    "stories",
    "profile",
    "bio",
    "by",
    "written",
    "posted",
    "email",
    "website",
    "twitter",
    "linkedin",
    "facebook",
    "instagram",
];

/// Roles under a name in an author box ("Staff Writer"); the gold of a
/// byline may name a role ("Podium Staff"), a box's second line does not.
const ROLE_WORDS: &[&str] = &["staff", "writer", "editor", "contributor", "reporter"];

fn has_word(s: &str, words: &[&str]) -> bool {
    s.split(|c: char| !c.is_alphabetic())
        .any(|w| words.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

fn marks_author(el: &Element) -> bool {
    let named = |c: &str| {
        (contains_ignoring_case(c, "author") && !contains_ignoring_case(c, "authori"))
            || contains_ignoring_case(c, "byline")
    };
    el.attr("rel") == Some("author")
        || el.attr("itemprop") == Some("author")
        || [el.attr("class"), el.attr("id")]
            .into_iter()
            .flatten()
            .any(named)
        || (el.name() == "a"
            && el
                .attr("href")
                .is_some_and(|h| h.contains("/author/") || h.contains("/authors/")))
}

/// Whether `haystack` holds `needle` (lower case ASCII) in any case,
/// without the copy `to_ascii_lowercase` makes for every classed element.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The author: JSON-LD's people, `<meta name=author>`, the first byline
/// that reads as a name, then an organization named as author. `sites`
/// holds the site's own names, which are no person.
pub fn choose(
    ld: Option<&Value>,
    meta: Option<String>,
    bylines: &Bylines,
    sites: &[String],
) -> Option<String> {
    let is_site = |name: &str| {
        let key = squash(name);
        sites.iter().any(|s| squash(s) == key)
    };
    let ld_names = ld.map(names_in).unwrap_or_default();
    // What the page declares, for the last resort: a handle ("jdoe42").
    let handle = ld_names
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(meta.as_deref())
        .map(clean)
        .find(|n| is_handle(n));
    let (people, orgs): (Vec<_>, Vec<_>) = ld_names.into_iter().partition(|(_, org)| !org);
    let (people, site_named): (Vec<String>, Vec<String>) = people
        .into_iter()
        .map(|(n, _)| clean(&n))
        .filter(|n| is_name(n))
        .partition(|n| !is_site(n));
    if !people.is_empty() {
        return Some(join(people));
    }
    let meta = meta.map(|m| clean(&m));
    if let Some(m) = meta.as_deref().and_then(as_name).filter(|m| !is_site(m)) {
        return Some(m);
    }
    let marked = bylines.marked.iter().map(|b| (b, 1));
    let named: Vec<String> = marked
        .chain(bylines.by.iter().map(|b| (b, 2)))
        .filter_map(|(b, words)| Some((as_name(&clean(b))?, words)))
        .filter(|(b, words)| {
            capitalized(b) && b.split_whitespace().count() >= *words && !has_word(b, LINK_WORDS)
        })
        .map(|(b, _)| b)
        .collect();
    let byline = named.iter().find(|b| !is_site(b)).cloned();
    // A personal site is named after its author, who signs its posts.
    let site_byline = named
        .into_iter()
        .find(|b| b.split_whitespace().count() >= 2);
    byline
        .or_else(|| {
            orgs.into_iter()
                .map(|(n, _)| clean(&n))
                .find(|n| is_name(n))
        })
        .or_else(|| site_named.into_iter().next())
        .or(site_byline)
        .or(meta.filter(|m| is_name(m)))
        .or(handle)
}

/// A user name declared as the author ("q_admin", "jsmith"): one word of
/// letters, digits, `_`, `.`, `-`, not a label and not an address.
fn is_handle(s: &str) -> bool {
    (2..=40).contains(&s.len())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !is_label(s)
}

/// JSON-LD `author`: a name, a person or organization, or a list of them;
/// each name with whether it is an organization's.
fn names_in(v: &Value) -> Vec<(String, bool)> {
    match v {
        Value::String(s) => vec![(decode_entities(s), false)],
        Value::Object(o) => {
            let org = matches!(o.get("@type").and_then(Value::as_str),
                Some(t) if t.contains("Organization") || t == "Corporation" || t == "WebSite");
            o.get("name")
                .and_then(Value::as_str)
                .map(|n| (decode_entities(n), org))
                .into_iter()
                .collect()
        }
        Value::Array(a) => a.iter().flat_map(names_in).collect(),
        _ => Vec::new(),
    }
}

/// `By Jane Doe` -> `Jane Doe`; `Posted by: Jo Lee |` -> `Jo Lee`.
fn clean(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s = s.trim();
    // "Reviewed by" opens no byline, but its name is still a name.
    for label in ["reviewed by"].iter().chain(LABELS) {
        if s.len() > label.len()
            && s.is_char_boundary(label.len())
            && s[..label.len()].eq_ignore_ascii_case(label)
            && !s.as_bytes()[label.len()].is_ascii_alphanumeric()
        {
            s = s[label.len()..].trim_start_matches(':').trim();
        }
    }
    s.trim_matches(|c: char| c == ',' || c == '|' || c == ':' || c.is_whitespace())
        .to_string()
}

/// Whether `s` reads as the name of a person or an organization rather
/// than a label, a handle, a date or a sentence.
fn is_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let first = s.chars().next();
    (2..=80).contains(&s.chars().count())
        && (1..=8).contains(&words)
        && digits < 3
        && !s.contains(['@', '/', ':', '{', '}', '*', '(', ')'])
        && (first.is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
            || written_lower(s))
        && !is_label(s)
}

/// Words that stand where a name would and name nobody.
fn is_label(s: &str) -> bool {
    matches!(
        s.to_lowercase().as_str(),
        "author"
            | "authors"
            | "admin"
            | "administrator"
            | "staff"
            | "editor"
            | "guest"
            | "anonymous"
            | "unknown"
            | "by"
    )
}

/// A name written in lower case ("kirstin boatto"): two or more words of
/// letters, as a handle ("jdoe42", "j.doe") is not.
fn written_lower(s: &str) -> bool {
    s.split_whitespace().count() >= 2
        && s.split_whitespace().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
}

/// Whether every word is capitalized but the joiners of names ("and",
/// "de", "van"), as a byline's are and a widget's "Share this" is not.
fn capitalized(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|c| !c.is_lowercase())
            || matches!(
                w,
                "and"
                    | "de"
                    | "van"
                    | "von"
                    | "der"
                    | "da"
                    | "di"
                    | "del"
                    | "la"
                    | "le"
                    | "bin"
                    | "al"
                    | "with"
            )
    })
}

/// Names as one string: "A", "A and B", "A, B, and C".
pub(super) fn join(mut names: Vec<String>) -> String {
    names.dedup();
    match names.len() {
        0 | 1 => names.pop().unwrap_or_default(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// What ends the name that opens a byline: a role, a site or a date follows.
const NAME_ENDS: [char; 4] = [',', '|', '·', '•'];

/// `s` as an author's name: itself when it reads as one, a list of names
/// ("A, B, and C", longer than one name may be), or the name that opens
/// it before a role, a site or a date ("Jo Lee, CEO of Acme", "Jo Lee |
/// Senior Writer | July 2", "Jo Lee (Editor)").
fn as_name(s: &str) -> Option<String> {
    // "Jo Lee, CEO of Acme" is a name and more: take the name.
    if is_name(s) && (capitalized(s) || !s.contains(NAME_ENDS)) {
        return Some(s.to_string());
    }
    let parts: Vec<&str> = s
        .split(NAME_ENDS)
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim())
        .filter(|p| !p.is_empty())
        .collect();
    // No digits: "October 17, 2023" opens with no name.
    let person = |p: &str| {
        is_name(p)
            && capitalized(p)
            && p.split_whitespace().count() >= 2
            && !p.contains(|c: char| c.is_ascii_digit())
    };
    if parts.len() >= 2 && parts.iter().all(|p| person(p)) {
        return Some(s.to_string());
    }
    let lead = s
        .split(NAME_ENDS)
        .next()?
        .split(" - ")
        .next()?
        .split(" (")
        .next()?
        .trim();
    (lead.len() < s.len() && person(lead)).then(|| lead.to_string())
}

/// Lower-cased letters and digits only, to compare names with a site's.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bylines(texts: &[&str]) -> Bylines {
        Bylines {
            marked: texts.iter().map(|t| t.to_string()).collect(),
            by: Vec::new(),
            after_label: false,
        }
    }

    #[test]
    fn people_in_json_ld_come_first_and_are_joined_as_written() {
        let ld = json!([{"@type": "Person", "name": "Ana Lima"}, {"name": "Jo &amp; Sam Lee"},
                        {"@type": "Person", "name": "Raj Patel"}]);
        assert_eq!(
            choose(Some(&ld), None, &bylines(&[]), &[]).as_deref(),
            Some("Ana Lima, Jo & Sam Lee, and Raj Patel")
        );
    }

    #[test]
    fn a_byline_beats_the_site_named_as_author() {
        let ld = json!({"@type": "Organization", "name": "Harbour Times"});
        let sites = ["Harbour Times".to_string()];
        let b = bylines(&["Share this", "Posted by: Mira Okafor |", "By Tom Reed"]);
        assert_eq!(
            choose(Some(&ld), Some("harbour-times".into()), &b, &sites).as_deref(),
            Some("Mira Okafor")
        );
        // With no person anywhere, the organization it is.
        assert_eq!(
            choose(Some(&ld), None, &bylines(&[]), &sites).as_deref(),
            Some("Harbour Times")
        );
    }

    #[test]
    fn a_label_alone_names_the_text_after_it() {
        let mut b = Bylines::default();
        for t in ["Shop by", "Region", " Written by ", "Edzel Tabing", "Jun 4"] {
            b.text(t);
        }
        assert_eq!(choose(None, None, &b, &[]).as_deref(), Some("Edzel Tabing"));
        let mut b = Bylines::default();
        for t in ["Posted by Lin Ahn", "By", "Region"] {
            b.text(t);
        }
        assert_eq!(choose(None, None, &b, &[]).as_deref(), Some("Lin Ahn"));
    }

    #[test]
    fn a_declared_handle_or_the_site_itself_is_the_last_resort() {
        let none = bylines(&[]);
        assert_eq!(
            choose(None, Some("q_admin".into()), &none, &[]).as_deref(),
            Some("q_admin")
        );
        assert_eq!(
            choose(None, Some("admin".into()), &none, &[]).as_deref(),
            None
        );
        assert_eq!(
            choose(None, Some("jo@x.org".into()), &none, &[]).as_deref(),
            None
        );
        // A person named in the byline beats the handle.
        let b = bylines(&["By Tom Reed"]);
        assert_eq!(
            choose(None, Some("treed".into()), &b, &[]).as_deref(),
            Some("Tom Reed")
        );
        // The site named as a person, when nobody else is named.
        let ld = json!("Rick Steves");
        let sites = ["Rick Steves".to_string()];
        assert_eq!(
            choose(Some(&ld), None, &none, &sites).as_deref(),
            Some("Rick Steves")
        );
    }

    #[test]
    fn a_name_is_taken_from_the_front_of_a_role_or_a_long_list() {
        for (s, want) in [
            (
                "Mira Okafor, Sr. Director of Sales, Harbour Lines - 10+ Years in Sales",
                Some("Mira Okafor"),
            ),
            ("Tom Reed | Senior Writer | July 2, 2025", Some("Tom Reed")),
            (
                "Lin Ahn, Chair of the Candidate Liaison Committee of the Society",
                Some("Lin Ahn"),
            ),
            // A list longer than one name may be stays as written.
            (
                "Ana Lima, Raj Patel, Jo Lee, Mei Chen, Olu Ade",
                Some("Ana Lima, Raj Patel, Jo Lee, Mei Chen, Olu Ade"),
            ),
            ("Dana Cole with Uta Berg", Some("Dana Cole with Uta Berg")),
            ("Ravi Shah (Content Manager)", Some("Ravi Shah")),
            ("Ravi Shah, CEO of Harbour Lines", Some("Ravi Shah")),
            (
                "Authors: Ana Lima and Jo Lee, extension educators",
                Some("Ana Lima and Jo Lee"),
            ),
            // A date opens no name.
            ("October 17, 2023 | Staff", None),
        ] {
            let got = as_name(&clean(s)).filter(|n| capitalized(n));
            assert_eq!(got.as_deref(), want, "{s}");
        }
    }

    #[test]
    fn a_sentence_ending_in_written_by_labels_the_name_after_it() {
        let mut b = Bylines::default();
        for t in [
            "This post was written by",
            "Vera Mendes, MD",
            ", a gastroenterologist.",
        ] {
            b.text(t);
        }
        assert_eq!(
            choose(None, None, &b, &[]).as_deref(),
            Some("Vera Mendes, MD")
        );
    }

    #[test]
    fn a_heading_author_labels_the_name_under_it() {
        let mut b = Bylines::default();
        for t in ["Related", "Author", "Lisa Ortiz", "Published March 3"] {
            b.text(t);
        }
        assert_eq!(choose(None, None, &b, &[]).as_deref(), Some("Lisa Ortiz"));
    }

    #[test]
    fn labels_handles_and_dates_are_no_names() {
        for s in [
            "Author",
            "posted by:",
            "jdoe42",
            "j.doe",
            "Updated March 13, 2024",
            "https://x.org/jo",
        ] {
            assert!(!is_name(&clean(s)), "{s}");
        }
        assert_eq!(clean("By Jane Doe"), "Jane Doe");
        assert_eq!(clean("Bylaw Office"), "Bylaw Office");
        assert!(is_name("Jean-Luc Ngata"));
        assert!(is_name("kirstin boatto"));
        assert!(!capitalized("share this post"), "a byline needs capitals");
        assert!(is_name("Ólafur Arnalds"));
    }
}
