//! Discovery: proper names in the clean text that match no actor, kept as
//! candidates so the dictionary can grow. The recognizer ([`crate::extract::ner`])
//! finds and types the names; this module drops what the dictionary
//! already covers and the shapes that are rarely actors,;
//! `aggregate::candidates` sums them over the run into the `candidates` table.

use crate::extract::actors::{Matcher, Mention};
use crate::extract::ner::{Entity, Label, Recognizer};

/// A name span the dictionary does not know: byte offsets, possessive left
/// out (the recognizer never includes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unknown {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// The unknown names in `text`, among the recognizer's `names`. `mentions` are the dictionary's matches in
/// the same text, sorted by start; a name overlapping one is not unknown.
pub fn unknown_names(
    recognizer: &Recognizer,
    matcher: &Matcher,
    text: &str,
    names: &[Entity],
    mentions: &[Mention],
) -> Vec<Unknown> {
    let mut out = Vec::new();
    for &e in names {
        let overlaps = {
            let first = mentions.partition_point(|m| m.end <= e.start);
            mentions.get(first).is_some_and(|m| m.start < e.end)
        };
        let surface = &text[e.start..e.end];
        if overlaps
            || matcher.knows(surface)
            || known_in_capitals(matcher, surface)
            || !plausible(recognizer, surface, e.label)
        {
            continue;
        }
        out.push(Unknown {
            start: e.start,
            end: e.end,
            label: e.label,
        });
    }
    out
}

/// Leaves out the shapes that are rarely actors: one-word MISC names are
/// nationalities and adjectives ("European", "Western"); a PER name made
/// only of common words ("Foreign Affairs") is a misread title, and so is
/// a one-word ORG or LOC that is a common word ("Bank", "Community");
/// contractions ("I'm") are sentence starts.
fn plausible(recognizer: &Recognizer, surface: &str, label: Label) -> bool {
    let one_word = !surface.contains(' ');
    let contraction = surface
        .split('\'')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_lowercase()));
    !contraction
        && match label {
            Label::Misc => !one_word,
            Label::Per => one_word || !surface.split(' ').all(|w| recognizer.is_common_word(w)),
            Label::Org | Label::Loc => !(one_word && recognizer.is_common_word(surface)),
        }
}

/// "PARIS" in a dateline is the known "Paris" in capitals.
fn known_in_capitals(matcher: &Matcher, surface: &str) -> bool {
    if surface.chars().any(char::is_lowercase) || !surface.chars().any(char::is_uppercase) {
        return false;
    }
    let mut title = String::with_capacity(surface.len());
    let mut start = true;
    for c in surface.chars() {
        if start {
            title.push(c);
        } else {
            title.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    matcher.knows(&title)
}

/// The `mentions.actor_type` of a discovered name.
pub fn actor_type(label: Label) -> &'static str {
    match label {
        Label::Per => "person",
        Label::Org => "organization",
        Label::Loc => "place",
        Label::Misc => "misc",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_out_shapes_that_are_rarely_actors() {
        let r = Recognizer::new();
        assert!(plausible(&r, "Friedrich Merz", Label::Per));
        assert!(plausible(&r, "Merz", Label::Per));
        assert!(plausible(&r, "Bundesbank", Label::Org));
        assert!(plausible(&r, "Champions League", Label::Misc));
        assert!(!plausible(&r, "Foreign Affairs", Label::Per));
        assert!(!plausible(&r, "Swedish", Label::Misc));
        assert!(!plausible(&r, "Securities", Label::Org));
        assert!(!plausible(&r, "I'm", Label::Org));
        assert!(plausible(&r, "O'Brien", Label::Per));
    }
}
