//! Dictionary matches that the document itself contradicts, dropped before
//! they are counted. The matcher finds words; the recognizer's name spans
//! say what the document names, and three rules weigh one against the
//! other:
//!
//! - **Inside a longer name**: "Stanley" in "Morgan Stanley", "Ireland" in
//!   "Northern Ireland", "America" in "Bank of America" are part of another
//!   name, not mentions of the place. A match that starts the longer name
//!   and is followed by two or more words of it stays: "U.S." in "U.S.
//!   Federal Reserve" says whose reserve it is, and so does one after a
//!   hyphenated adjective ("Soviet-occupied Austria").
//! - **Another person with the name**: "Stoltenberg" alone is Jens
//!   Stoltenberg only when the document names no other Stoltenberg
//!   ("Gerhard Stoltenberg"); a first name alone likewise.
//! - **Places named like people**: a place whose name is a common given
//!   name or surname ("Stanley", "Douglas", "Hamilton") needs evidence
//!   that the document speaks of it: its country named in the document, a
//!   preposition of place before it ("in Victoria"), a word said only of
//!   places after a hyphen ("Victoria-based"), or a dateline.
//!
//! A longer name made only of dictionary names joined by hyphens
//! ("Iran-Iraq") names each of them.

use crate::extract::actors::{ActorType, Matcher, Mention, Method};
use crate::extract::ner::{Entity, Recognizer, is_company_name};

/// Removes from `mentions` (sorted by start) the matches that the
/// document's name spans `names` (sorted, from the recognizer) contradict.
pub fn disambiguate(
    matcher: &Matcher,
    recognizer: &Recognizer,
    text: &str,
    names: &[Entity],
    mentions: &mut Vec<Mention>,
) {
    if mentions.is_empty() {
        return;
    }
    let inside: Vec<bool> = mentions
        .iter()
        .map(|m| inside_longer_name(matcher, text, names, mentions, m))
        .collect();
    let mut inside = inside.into_iter();
    mentions.retain(|_| !inside.next().unwrap_or(false));
    drop_names_of_other_people(text, names, mentions);
    drop_places_without_evidence(matcher, recognizer, text, mentions);
}

/// The recognized name that holds `m` and is longer than it, if the rest
/// of that name makes it another name. A country opening a name of three
/// or more words modifies it ("U.S. Federal Reserve"); a city or state
/// opening one is part of it ("Chicago Board of Trade"), and so is any
/// place opening a company's name ("American Motors Corp"). Names the
/// recognizer ran together with a person's ("Ukraine Dmytro Kuleba") are
/// each their own.
fn inside_longer_name(
    matcher: &Matcher,
    text: &str,
    names: &[Entity],
    mentions: &[Mention],
    m: &Mention,
) -> bool {
    if m.method == Method::Title {
        return false;
    }
    let i = names.partition_point(|n| n.end <= m.start);
    let Some(name) = names.get(i) else {
        return false;
    };
    if name.start > m.start || name.end < m.end || (name.start, name.end) == (m.start, m.end) {
        return false;
    }
    if run_together_with_a_person(matcher, text, name, mentions)
        || hyphen_compound(text, name, mentions)
    {
        return false;
    }
    let rest = &text[m.end..name.end];
    let country = matcher.actor(m.actor).kind == ActorType::Country;
    let company = is_company_name(&text[name.start..name.end]);
    let modifier = name.start == m.start
        && ((country && !company && rest.split_whitespace().count() >= 2)
            || hyphen_lowercase(rest));
    !modifier
        && !after_hyphenated_adjective(&text[name.start..m.start])
        && !after_a_country(matcher, text, name.start, m.start, mentions)
}

/// "Federal Reserve" in "U.S. Federal Reserve": what follows a country
/// that modifies it is the name itself; not after a demonym ("American"
/// in "Saudi American Bank"). `mentions` are sorted by start.
fn after_a_country(
    matcher: &Matcher,
    text: &str,
    start: usize,
    end: usize,
    mentions: &[Mention],
) -> bool {
    let first = mentions.partition_point(|c| c.start < start);
    mentions[first..]
        .iter()
        .take_while(|c| c.start == start)
        .any(|c| {
            c.end <= end
                && matcher.actor(c.actor).kind == ActorType::Country
                && c.method != Method::Demonym
                && text[c.end..end].trim().is_empty()
        })
}

/// Whether the dictionary's matches (sorted by start) cover every word of
/// `name`, and one of them is a person's; or `name` ends with a person's
/// full name ("Minister of Foreign Affairs of Ukraine Dmytro Kuleba"): a
/// role or place the recognizer ran into the name before it.
fn run_together_with_a_person(
    matcher: &Matcher,
    text: &str,
    name: &Entity,
    mentions: &[Mention],
) -> bool {
    let mut at = name.start;
    let mut person = false;
    let first = mentions.partition_point(|m| m.end <= name.start);
    let inside = || mentions[first..].iter().take_while(|m| m.start < name.end);
    let ends_with_full_name = inside().any(|m| {
        m.end == name.end
            && m.start > name.start
            && matcher.actor(m.actor).kind == ActorType::Person
            && text[m.start..m.end].contains(' ')
    });
    if ends_with_full_name {
        return true;
    }
    for m in inside() {
        if !text[at..m.start.max(at)].trim().is_empty() {
            return false;
        }
        person |= matcher.actor(m.actor).kind == ActorType::Person;
        at = at.max(m.end);
    }
    person && text[at.min(name.end)..name.end].trim().is_empty()
}

/// "Iran-Iraq", "Israeli-Palestinian": a name made of dictionary matches
/// (sorted by start) joined by hyphens names each of them.
fn hyphen_compound(text: &str, name: &Entity, mentions: &[Mention]) -> bool {
    let first = mentions.partition_point(|m| m.end <= name.start);
    let mut at = name.start;
    let mut parts = 0;
    for m in mentions[first..].iter().take_while(|m| m.start < name.end) {
        let joined = if parts == 0 {
            m.start == at
        } else {
            text[at..m.start] == *"-"
        };
        if !joined {
            return false;
        }
        at = m.end;
        parts += 1;
    }
    parts >= 2 && at == name.end
}

/// "-based" in "UK-based": the name with a suffix, not a longer name.
fn hyphen_lowercase(rest: &str) -> bool {
    rest.strip_prefix('-')
        .is_some_and(|r| r.starts_with(char::is_lowercase))
}

/// "Nazi-occupied Austria", "oil-rich Nigeria": a hyphenated adjective
/// before the match describes the place; it does not rename it.
fn after_hyphenated_adjective(before: &str) -> bool {
    before.split(' ').any(|w| {
        w.split('-')
            .skip(1)
            .any(|p| p.starts_with(char::is_lowercase))
    })
}

/// Drops surname-only and first-name-only mentions of a person when the
/// document names someone else with that surname or first name: a
/// recognized name of two or more words that ends (or starts) with it and
/// is not a full mention of the person.
fn drop_names_of_other_people(text: &str, names: &[Entity], mentions: &mut Vec<Mention>) {
    let partial = |m: &Mention| matches!(m.method, Method::Surname | Method::FirstName);
    if !mentions.iter().any(partial) {
        return;
    }
    let full: Vec<(usize, usize, u32)> = mentions
        .iter()
        .filter(|m| matches!(m.method, Method::Name | Method::Alias))
        .map(|m| (m.start, m.end, m.actor))
        .collect();
    // Is there a name of another person that ends (starts) with `word`?
    let other_person = |actor: u32, word: &str, method: Method| {
        names.iter().any(|n| {
            let surface = &text[n.start..n.end];
            let Some((first, rest)) = surface.split_once(' ') else {
                return false;
            };
            let last = rest.rsplit(' ').next().unwrap_or(rest);
            let shares = match method {
                Method::Surname => last == word,
                _ => first == word,
            };
            // A full mention of the actor overlapping the name is the actor.
            shares
                && !full
                    .iter()
                    .any(|&(s, e, a)| a == actor && s < n.end && n.start < e)
        })
    };
    let mut others: Vec<(u32, Method)> = Vec::new();
    for m in mentions.iter().filter(|m| partial(m)) {
        let key = (m.actor, m.method);
        if !others.contains(&key) && other_person(m.actor, &text[m.start..m.end], m.method) {
            others.push(key);
        }
    }
    mentions.retain(|m| !others.contains(&(m.actor, m.method)));
}

/// Words before a place name that say a place is meant.
const PLACE_PREPOSITIONS: [&str; 13] = [
    "in",
    "at",
    "from",
    "to",
    "near",
    "outside",
    "into",
    "towards",
    "toward",
    "via",
    "across",
    "around",
    "throughout",
];

/// Drops one-word place names that are also common given names or
/// surnames unless the document gives evidence for the place.
fn drop_places_without_evidence(
    matcher: &Matcher,
    recognizer: &Recognizer,
    text: &str,
    mentions: &mut Vec<Mention>,
) {
    let named_like_a_person = |m: &Mention| {
        let surface = &text[m.start..m.end];
        matcher.actor(m.actor).kind == ActorType::Place
            && m.method == Method::Name
            && !surface.contains(' ')
            && recognizer.is_person_name(surface)
    };
    if !mentions.iter().any(named_like_a_person) {
        return;
    }
    let countries: Vec<&str> = mentions
        .iter()
        .filter(|m| !named_like_a_person(m))
        .filter_map(|m| matcher.actor(m.actor).country.as_deref())
        .collect();
    mentions.retain(|m| {
        if !named_like_a_person(m) {
            return true;
        }
        let country = matcher.actor(m.actor).country.as_deref();
        country.is_some_and(|c| countries.contains(&c))
            || after_place_preposition(text, m.start)
            || before_place_suffix(text, m.end)
            || dateline(text, m.start, m.end)
    });
}

/// "London-based", "Paris-born": a hyphen and a word said only of places
/// right after `end`. ("-led" and "-owned" are said of people too.)
fn before_place_suffix(text: &str, end: usize) -> bool {
    const SUFFIXES: [&str; 9] = [
        "based",
        "born",
        "bred",
        "bound",
        "listed",
        "headquartered",
        "registered",
        "area",
        "region",
    ];
    let Some(rest) = text[end..].strip_prefix('-') else {
        return false;
    };
    let word = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    SUFFIXES.contains(&word)
}

/// "in Stanley": a preposition of place right before `start`.
fn after_place_preposition(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    if before.len() == start {
        return false;
    }
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    PLACE_PREPOSITIONS
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
}

/// A dateline: the name opens a line and a date or a dash follows it
/// ("Stanley, March 3 -"). "Hamilton, Ontario, June 2 -" names another
/// Hamilton, and "Hamilton, a vice president," a person.
fn dateline(text: &str, start: usize, end: usize) -> bool {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let line_start = text[..start].trim_end_matches([' ', '\t']);
    let opens_line = line_start.is_empty() || line_start.ends_with('\n');
    let rest = text[end..].trim_start_matches(' ');
    let dash = rest.starts_with('-') || rest.starts_with('\u{2013}');
    let date = rest.strip_prefix(',').is_some_and(|r| {
        let r = r.trim_start();
        r.starts_with(|c: char| c.is_ascii_digit()) || MONTHS.iter().any(|m| r.starts_with(m))
    });
    opens_line && (dash || date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::actors::Dictionary;

    fn dictionary() -> Dictionary {
        Dictionary::parse(
            r#"
[[actor]]
id = "person:ana-lindqvist"
name = "Ana Lindqvist"
type = "person"
[[actor]]
id = "capital:FLK"
name = "Stanley"
type = "place"
country = "FK"
[[actor]]
id = "country:FLK"
name = "Falkland Islands"
type = "country"
country = "FK"
aliases = ["Falklands"]
[[actor]]
id = "org:federal-trade-board"
name = "Federal Trade Board"
type = "organization"
[[actor]]
id = "place:city-no-oslo"
name = "Oslo"
type = "place"
country = "NO"
[[actor]]
id = "country:IRL"
name = "Ireland"
type = "country"
country = "IE"
demonyms = ["Irish"]
[[actor]]
id = "country:USA"
name = "United States"
type = "country"
country = "US"
aliases = ["U.S."]
demonyms = ["American"]
"#,
        )
        .unwrap()
    }

    /// (surface, actor id) of the mentions kept in `text`.
    fn kept(text: &str) -> Vec<(String, String)> {
        let matcher = Matcher::new(&dictionary());
        let recognizer = Recognizer::new();
        let mut mentions = matcher.find(text, None);
        let names = recognizer.entities(text);
        disambiguate(&matcher, &recognizer, text, &names, &mut mentions);
        mentions
            .iter()
            .map(|m| {
                let id = matcher.actor(m.actor).id.clone();
                (text[m.start..m.end].to_string(), id)
            })
            .collect()
    }

    fn surfaces(text: &str) -> Vec<String> {
        kept(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn a_place_inside_a_longer_name_is_not_the_place() {
        assert!(surfaces("Shares of Hartley Stanley rose sharply on Monday.").is_empty());
        assert!(surfaces("Voters in Northern Ireland went to the polls.").is_empty());
        assert!(surfaces("The Bank of Ireland cut its rates.").is_empty());
        // Regression: a country opening a two-word name panicked.
        assert!(surfaces("The Ireland Fund rose.").is_empty());
        // A company's own name, however long, is no country's.
        assert!(surfaces("Shares of Ireland Power Equipment Corp rose.").is_empty());
    }

    #[test]
    fn a_place_that_modifies_a_longer_name_stays() {
        assert_eq!(surfaces("The U.S. Federal Reserve raised rates."), ["U.S."]);
        // What follows the country is a name of its own.
        assert_eq!(
            surfaces("The U.S. Federal Trade Board met."),
            ["U.S.", "Federal Trade Board"]
        );
        assert_eq!(
            surfaces("They fled Soviet-occupied Ireland in 1940."),
            ["Ireland"]
        );
        assert_eq!(surfaces("Ireland beat Wales at home."), ["Ireland"]);
        // A city opening an institution's name is part of it.
        assert!(surfaces("The Oslo Board of Trade said so.").is_empty());
        assert_eq!(surfaces("The board met in Oslo."), ["Oslo"]);
        assert_eq!(
            surfaces("An Ireland-based group and a U.S.-led force."),
            ["Ireland", "U.S."]
        );
        // After a demonym, the rest is the longer name's.
        assert_eq!(
            surfaces("The Irish American Trust Bank lent more."),
            ["Irish"]
        );
    }

    #[test]
    fn a_name_ending_in_a_full_name_is_a_role_run_into_it() {
        // The span as a recognizer may run it together, given directly.
        let text = "The Minister of Foreign Affairs of Ireland Ana Lindqvist spoke.";
        let span = |s: &str| {
            let start = text.find(s).unwrap();
            Entity {
                start,
                end: start + s.len(),
                label: crate::extract::ner::Label::Org,
            }
        };
        let matcher = Matcher::new(&dictionary());
        let kept = |names: &[Entity]| {
            let mut mentions = matcher.find(text, None);
            disambiguate(&matcher, &Recognizer::new(), text, names, &mut mentions);
            mentions.len()
        };
        assert_eq!(kept(&[span("Foreign Affairs of Ireland Ana Lindqvist")]), 2);
        // Without the person closing it, the place is inside a longer name.
        assert_eq!(kept(&[span("Foreign Affairs of Ireland Ana")]), 1);
    }

    #[test]
    fn names_run_together_are_each_kept() {
        // The recognizer may run two names into one span.
        assert_eq!(
            surfaces("The Minister of Ireland Ana Lindqvist spoke."),
            ["Ireland", "Ana Lindqvist"]
        );
    }

    #[test]
    fn a_surname_is_not_the_person_when_another_bears_it() {
        let text = "Finance Minister Per Lindqvist spoke. Lindqvist said rates would fall.";
        assert!(surfaces(text).is_empty());
        let text = "Ana Lindqvist spoke in Oslo. Lindqvist said rates would fall.";
        assert_eq!(surfaces(text), ["Ana Lindqvist", "Oslo", "Lindqvist"]);
        let text = "Ana Lindqvist met Erik Lindqvist. Lindqvist said no.";
        assert_eq!(surfaces(text), ["Ana Lindqvist"]);
    }

    #[test]
    fn a_first_name_is_not_the_person_when_another_bears_it() {
        let text = "Ana Lindqvist met Ana Berg on Monday. We thank Ana, the host.";
        assert_eq!(surfaces(text), ["Ana Lindqvist"]);
    }

    #[test]
    fn a_place_named_like_a_person_needs_evidence() {
        assert!(surfaces("Stanley said the company would sell the unit.").is_empty());
        assert_eq!(surfaces("She flew to Stanley on Monday."), ["Stanley"]);
        assert_eq!(
            surfaces("Stanley is quiet. The Falklands voted."),
            ["Stanley", "Falklands"]
        );
        assert_eq!(surfaces("Stanley, March 3 - The council met."), ["Stanley"]);
        // Another Stanley's dateline; a person opening a line.
        assert!(surfaces("Stanley, Idaho, March 3 - The council met.").is_empty());
        assert!(surfaces("Stanley, a vice president, resigned.").is_empty());
        assert!(surfaces("A unit of Stanley Works said so.").is_empty());
        // A word said only of places after a hyphen is evidence too.
        assert_eq!(
            surfaces("A Stanley-based trawler firm and a Stanley-born chef."),
            ["Stanley", "Stanley"]
        );
        assert!(surfaces("A Stanley-led team won.").is_empty());
    }

    #[test]
    fn names_joined_by_a_hyphen_are_each_kept() {
        assert_eq!(
            surfaces("The Ireland-Falklands match and Oslo-Ireland flights resumed."),
            ["Ireland", "Falklands", "Oslo", "Ireland"]
        );
    }
}
