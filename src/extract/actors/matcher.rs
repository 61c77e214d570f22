//! Finds references to known actors in clean text with two multi-pattern
//! automata built once per run: names, aliases, surnames and demonyms match
//! case-sensitively; role titles ("the president-elect") ignore case. Cost
//! per document depends on its length, not on the dictionary's size.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::dictionary::{Actor, ActorType, Dictionary};
use super::scan::{EXACT, Patterns, Starts, TITLE, after_name_and_hyphen, starts_word};

/// How a mention was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Name,
    Alias,
    Surname,
    Title,
    Demonym,
    /// A person's first name alone ("We thank Mark"), in a document that
    /// names them in full.
    FirstName,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Name => "name",
            Method::Alias => "alias",
            Method::Surname => "surname",
            Method::Title => "title",
            Method::Demonym => "demonym",
            Method::FirstName => "first_name",
        }
    }
}

/// A reference to an actor: byte offsets into the text, possessive `'s`
/// left out of the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index into [`Matcher::actor`].
    pub actor: u32,
    pub method: Method,
}

/// What an exact (case-sensitive) pattern stands for.
#[derive(Debug, Clone)]
enum Target {
    Actor(u32, Method),
    /// A surname two or more people share: resolved from the document.
    Surname(Vec<u32>),
    /// A generic alias ("the Alliance"): the actor only where the document
    /// names it otherwise.
    Generic(u32),
}

/// The holders of one title over time.
#[derive(Debug, Clone, Default)]
struct Title {
    holders: Vec<(u32, Option<NaiveDate>, Option<NaiveDate>)>,
}

/// Public facts about an actor, for the tables.
#[derive(Debug, Clone)]
pub struct ActorInfo {
    pub id: String,
    pub name: String,
    pub kind: ActorType,
    /// A person's first name, when the canonical name has more than one
    /// word and does not start with an initial.
    pub first_name: Option<String>,
    /// ISO 3166 alpha-2, as the dictionary gives it.
    pub country: Option<String>,
}

pub struct Matcher {
    actors: Vec<ActorInfo>,
    /// Every case-sensitive pattern, and every title in lower case: what
    /// the dictionary already knows, so discovery can leave it out.
    /// Looked up for every recognized name: hashed with the NER's word hasher.
    known: crate::extract::ner::StrHashSet<String>,
    exact: Option<Patterns>,
    exact_targets: Vec<Target>,
    titles: Option<Patterns>,
    title_targets: Vec<Title>,
    /// Where either set of patterns can start.
    starts: Starts,
    /// Per actor: its rank in byte order of its id ([`Matcher::id_rank`]).
    id_ranks: Vec<u32>,
}

impl Matcher {
    pub fn new(dictionary: &Dictionary) -> Matcher {
        let actors = &dictionary.actors;
        let exact = exact_patterns(actors);
        let titles = title_patterns(actors);
        let build = |patterns: &[String], case_insensitive: bool| {
            (!patterns.is_empty()).then(|| Patterns::new(patterns, case_insensitive))
        };
        let mut starts = Starts::new();
        starts.add(&exact.patterns, EXACT, false);
        starts.add(&titles.patterns, TITLE, true);
        Matcher {
            actors: actors
                .iter()
                .map(|a| ActorInfo {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: a.kind,
                    first_name: first_name(a.kind, &a.name),
                    country: a.country.clone(),
                })
                .collect(),
            known: exact
                .patterns
                .iter()
                .chain(&titles.patterns)
                .cloned()
                .collect(),
            exact: build(&exact.patterns, false),
            exact_targets: exact.targets,
            titles: build(&titles.patterns, true),
            title_targets: titles.targets,
            starts,
            id_ranks: id_ranks(actors),
        }
    }

    pub fn actor(&self, index: u32) -> &ActorInfo {
        &self.actors[index as usize]
    }

    /// The actor's rank in byte order of its id: ordering by rank is
    /// ordering by id, without comparing strings.
    pub fn id_rank(&self, index: u32) -> u32 {
        self.id_ranks[index as usize]
    }

    /// Whether `surface` is a name, alias, demonym or title of some actor.
    pub fn knows(&self, surface: &str) -> bool {
        if self.known.contains(surface) {
            return true;
        }
        // Called for every recognized name: lowercase short ASCII names on
        // the stack rather than allocating.
        let mut buf = [0u8; 64];
        if surface.is_ascii() && surface.len() <= buf.len() {
            if !surface.bytes().any(|b| b.is_ascii_uppercase()) {
                return false;
            }
            let lower = &mut buf[..surface.len()];
            lower.copy_from_slice(surface.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII in, ASCII out.
            return std::str::from_utf8(lower).is_ok_and(|l| self.known.contains(l));
        }
        self.known.contains(&surface.to_lowercase())
    }

    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// Every actor reference in `text`, in order. `day` (the publication
    /// day) picks the holder of a title; without it titles resolve to no one.
    pub fn find(&self, text: &str, day: Option<NaiveDate>) -> Vec<Mention> {
        let mut kept = self.candidates(text);
        if let Some(dateline) = self.dateline_in_capitals(text)
            && kept.first().is_none_or(|k| k.0 >= dateline.1)
        {
            kept.insert(0, dateline);
        }
        let mut mentions: Vec<Mention> = Vec::with_capacity(kept.len());
        let mut pending_surnames: Vec<(usize, usize, u32)> = Vec::new();
        let mut unresolved: Vec<(usize, usize)> = Vec::new();
        let mut generic: Vec<Mention> = Vec::new();
        for (start, end, candidate) in kept {
            let (actor, method) = match candidate {
                Candidate::Exact(p) => match &self.exact_targets[p as usize] {
                    Target::Actor(actor, method) => (*actor, *method),
                    Target::Generic(actor) => {
                        generic.push(Mention {
                            start,
                            end,
                            actor: *actor,
                            method: Method::Alias,
                        });
                        continue;
                    }
                    Target::Surname(people) if people.len() == 1 => (people[0], Method::Surname),
                    Target::Surname(_) => {
                        pending_surnames.push((start, end, p));
                        continue;
                    }
                },
                Candidate::Title(p) => match self.title_holder(p, day) {
                    Some(actor) => (actor, Method::Title),
                    None => {
                        // Held by no one known that day: the names in it
                        // ("French" in "French President") still count.
                        unresolved.push((start, end));
                        continue;
                    }
                },
            };
            mentions.push(Mention {
                start,
                end,
                actor,
                method,
            });
        }
        self.resolve_shared_surnames(&pending_surnames, &mut mentions);
        self.resolve_first_names(text, &mut mentions);
        if !generic.is_empty() {
            let named: Vec<u32> = mentions.iter().map(|m| m.actor).collect();
            mentions.extend(generic.into_iter().filter(|g| named.contains(&g.actor)));
        }
        mentions.sort_by_key(|m| m.start);
        let dropped = drop_titles_beside_their_holder(text, &mut mentions);
        unresolved.extend(dropped.iter().map(|m| (m.start, m.end)));
        if !unresolved.is_empty() {
            self.names_inside(text, &unresolved, &mut mentions);
            mentions.sort_by_key(|m| m.start);
        }
        mentions
    }

    /// Matches of both pattern sets at word starts, leftmost-longest across
    /// the two: (start, end, pattern). Each set keeps its own matches
    /// apart: a walk resumes after the end of its last match, whole word or not.
    fn candidates(&self, text: &str) -> Vec<(usize, usize, Candidate)> {
        let mut raw: Vec<(usize, usize, Candidate)> = Vec::new();
        let mut exact = Walk::new(self.exact.as_ref(), Candidate::Exact);
        let mut titles = Walk::new(self.titles.as_ref(), Candidate::Title);
        self.starts.word_starts(text, 0..text.len(), |s, flags| {
            if flags & EXACT != 0 {
                exact.step(text, text.len(), s, &mut raw);
            }
            if flags & TITLE != 0 {
                titles.step(text, text.len(), s, &mut raw);
            }
        });
        raw.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut kept: Vec<(usize, usize, Candidate)> = Vec::with_capacity(raw.len());
        for c in raw {
            // "Iraq" in "Iran-Iraq" counts when "Iran" does, not "African"
            // in "Inter-African".
            let after_hyphen = !starts_word(text, c.0);
            if after_hyphen && kept.last().is_none_or(|last| last.1 + 1 != c.0) {
                continue;
            }
            if kept.last().is_none_or(|last| c.0 >= last.1) {
                kept.push(c);
            }
        }
        // And "Iran" counts when "Iraq" does, not "Georgia" in
        // "Georgia-Pacific": from the right, so a chain stands or falls whole.
        let joined_to_capital = |end: usize| {
            let mut after = text[end..].chars();
            after.next() == Some('-') && after.next().is_some_and(char::is_uppercase)
        };
        // Marked in place (start past the text), then dropped: no second
        // vector per document.
        let mut next_start = usize::MAX;
        for c in kept.iter_mut().rev() {
            if joined_to_capital(c.1) && next_start != c.1 + 1 {
                c.0 = usize::MAX;
            } else {
                next_start = c.0;
            }
        }
        kept.retain(|c| c.0 != usize::MAX);
        kept
    }

    /// "NEW YORK, March 3 -", "WASHINGTON (Reuters) -": a dateline in
    /// capitals opening the text, matched as the dictionary writes the
    /// place ("New York").
    fn dateline_in_capitals(&self, text: &str) -> Option<(usize, usize, Candidate)> {
        let start = text.len() - text.trim_start().len();
        let line = &text[start..text.floor_char_boundary(start + 48)];
        let cut = [
            line.find(','),
            line.find('\n'),
            line.find(" -"),
            line.find(" ("),
        ];
        let head = line[..cut.into_iter().flatten().min()?].trim_end();
        let capitals = head.len() >= 2
            && head.bytes().any(|b| b.is_ascii_uppercase())
            && head
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b" .'-".contains(&b));
        if !capitals {
            return None;
        }
        let mut titled = String::with_capacity(head.len());
        let mut word_start = true;
        for c in head.chars() {
            titled.push(if word_start {
                c
            } else {
                c.to_ascii_lowercase()
            });
            word_start = !c.is_ascii_alphabetic();
        }
        let (p, end) = self.exact.as_ref()?.longest_at(titled.as_bytes(), 0)?;
        let names_an_actor = matches!(self.exact_targets[p as usize], Target::Actor(..));
        (end == titled.len() && names_an_actor).then(|| (start, start + end, Candidate::Exact(p)))
    }

    /// Who held title pattern `p` on `day`, if anyone (and if the day is known).
    fn title_holder(&self, p: u32, day: Option<NaiveDate>) -> Option<u32> {
        let d = day?;
        self.title_targets[p as usize]
            .holders
            .iter()
            .find(|(_, from, until)| from.is_none_or(|f| f <= d) && until.is_none_or(|u| d < u))
            .map(|h| h.0)
    }

    /// A surname several people share goes to the one person the document
    /// names in full (by name or alias), else to nobody.
    fn resolve_shared_surnames(
        &self,
        pending: &[(usize, usize, u32)],
        mentions: &mut Vec<Mention>,
    ) {
        for &(start, end, p) in pending {
            let Target::Surname(people) = &self.exact_targets[p as usize] else {
                continue;
            };
            let named = people.iter().copied().filter(|person| {
                mentions
                    .iter()
                    .any(|m| m.actor == *person && matches!(m.method, Method::Name | Method::Alias))
            });
            let named: Vec<u32> = named.collect();
            if let [person] = named[..] {
                mentions.push(Mention {
                    start,
                    end,
                    actor: person,
                    method: Method::Surname,
                });
            }
        }
    }
}

impl Matcher {
    /// "We thank Mark, NATO Secretary General": a first name alone refers to
    /// the person the document names in full, unless two such people share
    /// it or a capitalized word follows (then it is another person's name).
    fn resolve_first_names(&self, text: &str, mentions: &mut Vec<Mention>) {
        let mut named: Vec<(&str, u32)> = mentions
            .iter()
            .filter(|m| matches!(m.method, Method::Name | Method::Alias))
            .filter_map(|m| Some((self.actor(m.actor).first_name.as_deref()?, m.actor)))
            .collect();
        named.sort_unstable();
        named.dedup();
        let found = mentions.len();
        for (i, &(first, actor)) in named.iter().enumerate() {
            let shared = |j: usize| named.get(j).is_some_and(|n| n.0 == first);
            if shared(i + 1) || (i > 0 && shared(i - 1)) {
                continue;
            }
            for (start, _) in text.match_indices(first) {
                let end = start + first.len();
                let overlaps = mentions[..found]
                    .iter()
                    .any(|m| m.start < end && start < m.end);
                if overlaps || !whole_word(text, start, end) || followed_by_capital(text, end) {
                    continue;
                }
                mentions.push(Mention {
                    start,
                    end,
                    actor,
                    method: Method::FirstName,
                });
            }
        }
    }
}

fn first_name(kind: ActorType, name: &str) -> Option<String> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let initial = first.ends_with('.') || first.chars().count() < 2;
    (kind == ActorType::Person && words.next().is_some() && !initial).then(|| first.to_string())
}

/// A capitalized word right after `end` (one space between).
fn followed_by_capital(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    rest.next() == Some(' ') && rest.next().is_some_and(char::is_uppercase)
}

/// The walks of one pattern set over a text, from word starts.
struct Walk<'p> {
    set: Option<&'p Patterns>,
    kind: fn(u32) -> Candidate,
    /// Whether a match may end before a hyphen ("UK-based"): names may,
    /// titles may not ("president" in "president-elect" is another title).
    before_hyphen: bool,
    /// Where the set's last match ended: its matches do not overlap.
    last_end: usize,
}

impl<'p> Walk<'p> {
    fn new(set: Option<&'p Patterns>, kind: fn(u32) -> Candidate) -> Walk<'p> {
        Walk {
            set,
            kind,
            before_hyphen: matches!(kind(0), Candidate::Exact(_)),
            last_end: 0,
        }
    }

    /// The longest pattern at word start `s` of `text` that ends by byte
    /// `end`, unless the last match ended after `s`: a candidate if it is a
    /// whole word.
    fn step(&mut self, text: &str, end: usize, s: usize, raw: &mut Vec<(usize, usize, Candidate)>) {
        if s < self.last_end {
            return;
        }
        let found = self
            .set
            .and_then(|a| a.longest_at(&text.as_bytes()[..end], s));
        if let Some((p, e)) = found {
            self.last_end = e;
            let whole = match self.before_hyphen {
                true => whole_name(text, s, e),
                false => whole_word(text, s, e),
            };
            if whole {
                raw.push((s, e, (self.kind)(p)));
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Candidate {
    Exact(u32),
    Title(u32),
}

impl Matcher {
    /// The names written inside dropped or unresolved titles: "NATO" in "NATO Secretary
    /// General Mark Rutte", "Presidential Office" in "head of the
    /// Presidential Office". Shared surnames stay unresolved here.
    fn names_inside(&self, text: &str, titles: &[(usize, usize)], mentions: &mut Vec<Mention>) {
        let mut raw = Vec::new();
        for &(start, end) in titles {
            let mut exact = Walk::new(self.exact.as_ref(), Candidate::Exact);
            self.starts.word_starts(text, start..end, |s, flags| {
                if flags & EXACT != 0 {
                    exact.step(text, end, s, &mut raw);
                }
            });
        }
        for (start, end, candidate) in raw {
            if let Candidate::Exact(p) = candidate
                && let Target::Actor(actor, method) = self.exact_targets[p as usize]
            {
                mentions.push(Mention {
                    start,
                    end,
                    actor,
                    method,
                });
            }
        }
    }
}

/// "French President Emmanuel Macron" and "Andriy Yermak, head of the
/// Presidential Office," are one reference each to the person: a title
/// right beside a mention of its holder (only spaces or a comma between) is
/// dropped, and returned so that names inside it can still be found.
fn drop_titles_beside_their_holder(text: &str, mentions: &mut Vec<Mention>) -> Vec<Mention> {
    let beside = |a: &Mention, b: &Mention| {
        let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
        first.end <= second.start
            && text[first.end..second.start]
                .trim_matches([' ', ','])
                .is_empty()
    };
    let snapshot = mentions.clone();
    let mut dropped = Vec::new();
    mentions.retain(|m| {
        let keep = m.method != Method::Title
            || !snapshot
                .iter()
                .any(|o| o.actor == m.actor && o.method != Method::Title && beside(m, o));
        if !keep {
            dropped.push(*m);
        }
        keep
    });
    dropped
}

/// The match is a whole word: no letter or digit right before or after it.
/// An apostrophe after it is fine, so `Macron's` matches `Macron`.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].chars().next();
    starts_word(text, start) && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
}

/// [`whole_word`], or a name that a hyphen joins to a word: "UK-based",
/// "US-led", "OPEC-member", "Iran-Iraq war" (whether "Taft-Narragansett"
/// is one name is for disambiguation to say).
fn whole_name(text: &str, start: usize, end: usize) -> bool {
    let starts = starts_word(text, start) || after_name_and_hyphen(text.as_bytes(), start);
    let mut after = text[end..].chars();
    match after.next() {
        Some('-') => starts && after.next().is_some_and(char::is_alphabetic),
        Some(c) if c.is_alphanumeric() => false,
        _ => starts,
    }
}

/// Patterns and what each one refers to, in pattern order.
struct PatternTargets<T> {
    patterns: Vec<String>,
    targets: Vec<T>,
}

/// The case-sensitive patterns: names, aliases, demonyms and surnames. The
/// first claim on a pattern wins, in order of strength, so a surname never
/// displaces a full name or alias; a surname that several people share
/// refers to all of them.
fn exact_patterns(actors: &[Actor]) -> PatternTargets<Target> {
    let mut set = PatternTargets {
        patterns: Vec::new(),
        targets: Vec::new(),
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut claim = |pattern: &str, target: Target| {
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return;
        }
        match index.get(pattern) {
            None => {
                index.insert(pattern.to_string(), set.patterns.len());
                set.patterns.push(pattern.to_string());
                set.targets.push(target);
            }
            Some(&i) => {
                if let (Target::Surname(shared), Target::Surname(more)) =
                    (&mut set.targets[i], target)
                {
                    shared.extend(more);
                }
            }
        }
    };
    for (i, a) in actors.iter().enumerate() {
        claim(&a.name, Target::Actor(i as u32, Method::Name));
    }
    for (i, a) in actors.iter().enumerate() {
        for alias in &a.aliases {
            claim(alias, Target::Actor(i as u32, Method::Alias));
        }
    }
    for (i, a) in actors.iter().enumerate() {
        for demonym in &a.demonyms {
            claim(demonym, Target::Actor(i as u32, Method::Demonym));
        }
    }
    for (i, a) in actors.iter().enumerate() {
        for alias in &a.generic_aliases {
            claim(alias, Target::Generic(i as u32));
            // At a sentence's start: "The Alliance said".
            if let Some(rest) = alias.strip_prefix("the ") {
                claim(&format!("The {rest}"), Target::Generic(i as u32));
            }
        }
    }
    // "U.K" for "U.K.": abbreviations are often written without their last
    // dot, and one before a space would end the sentence.
    for (i, a) in actors.iter().enumerate() {
        let written = std::iter::once((&a.name, Method::Name))
            .chain(a.aliases.iter().map(|alias| (alias, Method::Alias)));
        for (pattern, method) in written {
            if let Some(dotless) = dotless_abbreviation(pattern) {
                claim(dotless, Target::Actor(i as u32, method));
            }
        }
    }
    for (i, a) in actors.iter().enumerate() {
        if a.kind != ActorType::Person {
            continue;
        }
        let surname = a
            .surname
            .clone()
            .or_else(|| a.name.split_whitespace().last().map(str::to_owned));
        if let Some(surname) = surname.filter(|s| s != &a.name) {
            claim(&surname, Target::Surname(vec![i as u32]));
        }
    }
    set
}

/// "U.K" of "U.K.": an abbreviation of two or more dotted capitals without
/// its last dot, `None` for other patterns.
fn dotless_abbreviation(pattern: &str) -> Option<&str> {
    let b = pattern.as_bytes();
    let dotted = b.len() >= 4
        && b.len().is_multiple_of(2)
        && b.chunks(2)
            .all(|c| c[0].is_ascii_uppercase() && c[1] == b'.');
    dotted.then(|| &pattern[..pattern.len() - 1])
}

/// The role titles, lowercased (matched ignoring case), each with the
/// actors who held it and when.
fn title_patterns(actors: &[Actor]) -> PatternTargets<Title> {
    let mut set = PatternTargets {
        patterns: Vec::new(),
        targets: Vec::new(),
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        for role in &a.roles {
            for title in &role.titles {
                let key = title.trim().to_lowercase();
                let slot = *index.entry(key.clone()).or_insert_with(|| {
                    set.patterns.push(key);
                    set.targets.push(Title::default());
                    set.targets.len() - 1
                });
                set.targets[slot]
                    .holders
                    .push((i as u32, role.from, role.until));
            }
        }
    }
    set
}

/// Each actor's rank in id order, for sorting by id without comparing strings.
fn id_ranks(actors: &[Actor]) -> Vec<u32> {
    let mut by_id: Vec<u32> = (0..actors.len() as u32).collect();
    by_id.sort_by(|&a, &b| actors[a as usize].id.cmp(&actors[b as usize].id));
    let mut ranks = vec![0; by_id.len()];
    for (rank, &actor) in by_id.iter().enumerate() {
        ranks[actor as usize] = rank as u32;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_matcher() -> Matcher {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/actors");
        let d = Dictionary::load(&[root.join("countries.toml"), root.join("core.toml")]).unwrap();
        Matcher::new(&d)
    }

    fn found(m: &Matcher, text: &str, day: &str) -> Vec<(String, String, &'static str)> {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
        m.find(text, day)
            .iter()
            .map(|x| {
                (
                    text[x.start..x.end].to_string(),
                    m.actor(x.actor).id.clone(),
                    x.method.as_str(),
                )
            })
            .collect()
    }

    fn surfaces(m: &Matcher, text: &str) -> Vec<String> {
        found(m, text, "").into_iter().map(|f| f.0).collect()
    }

    /// Regression: with no publication day, "French President" resolved
    /// to no one and hid "French".
    #[test]
    fn a_title_held_by_no_one_known_keeps_the_names_in_it() {
        let m = default_matcher();
        let got = found(&m, "French President Emmanuel Macron spoke.", "");
        let got: Vec<_> = got.iter().map(|f| (f.0.as_str(), f.2)).collect();
        assert_eq!(got, [("French", "demonym"), ("Emmanuel Macron", "name")]);
    }

    #[test]
    fn a_dateline_in_capitals_names_its_place() {
        let m = default_matcher();
        assert_eq!(surfaces(&m, "KYIV, Dec 3 - Officials met."), ["KYIV"]);
        assert_eq!(
            surfaces(&m, "  NEW DELHI - Officials met in Kyiv."),
            ["NEW DELHI", "Kyiv"]
        );
        // Capitals elsewhere, or a place the dictionary does not hold, are not.
        assert!(surfaces(&m, "Officials met. KYIV, Dec 3.").is_empty());
        assert!(surfaces(&m, "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ, Dec 3.").is_empty());
        assert!(surfaces(&m, "SPRINGFIELD, Dec 3 - Officials met.").is_empty());
        assert_eq!(surfaces(&m, "KYIV (AP) - Officials met."), ["KYIV", "AP"]);
    }

    #[test]
    fn a_name_joined_to_a_lowercase_word_by_a_hyphen_matches() {
        let m = default_matcher();
        assert_eq!(
            surfaces(&m, "A Ukraine-based firm and a NATO-led force."),
            ["Ukraine", "NATO"]
        );
        // Hyphenated names are other names; a title stays whole.
        assert!(surfaces(&m, "Ukraine-Nord and the president-elect.").is_empty());
    }

    #[test]
    fn names_joined_by_a_hyphen_each_match() {
        let m = default_matcher();
        assert_eq!(
            surfaces(
                &m,
                "Talks on Chile-Peru trade and a U.S.-Japan pact went on."
            ),
            ["Chile", "Peru", "U.S.", "Japan"]
        );
        assert_eq!(
            surfaces(&m, "The Kenya-Uganda-Tanzania line."),
            ["Kenya", "Uganda", "Tanzania"]
        );
        // A part that is no name of the dictionary's sinks the compound;
        // a lowercase prefix is no name; a title after a hyphen is no title.
        assert!(surfaces(&m, "Inter-French and Chile-Nord and Kenya-Uganda-Nord met.").is_empty());
        assert!(surfaces(&m, "Non-NATO states and the Vice-President spoke.").is_empty());
    }

    #[test]
    fn capitals_match_by_the_names_news_long_used() {
        let m = default_matcher();
        let ids: Vec<String> = found(&m, "From Peking to Kiev and Astana.", "1987-03-01")
            .into_iter()
            .map(|(_, id, _)| id)
            .collect();
        assert_eq!(ids, ["capital:CHN", "capital:UKR", "capital:KAZ"]);
    }

    #[test]
    fn abbreviations_match_without_their_last_dot() {
        let m = default_matcher();
        assert_eq!(
            found(
                &m,
                "The U.K said the U.N would act, as did the U.K.",
                "2024-01-01"
            ),
            [
                ("U.K".into(), "country:GBR".into(), "alias"),
                ("U.N".into(), "org:un".into(), "alias"),
                ("U.K.".into(), "country:GBR".into(), "alias"),
            ]
        );
        // Not inside longer words or abbreviations.
        assert!(surfaces(&m, "The U.Kx and U.N.E.S.C.O staff.").is_empty());
    }

    #[test]
    fn a_generic_alias_counts_only_where_the_actor_is_named() {
        let m = default_matcher();
        assert!(surfaces(&m, "The Alliance won 21 pct of the vote, the poll said.").is_empty());
        assert_eq!(
            surfaces(
                &m,
                "The Alliance met on Monday. NATO members agreed, the Alliance said."
            ),
            ["The Alliance", "NATO", "the Alliance"]
        );
    }

    #[test]
    fn knows_names_as_written_and_titles_in_any_case() {
        let m = default_matcher();
        // Names as written; titles in any case, on the ASCII fast path and
        // off it (non-ASCII, longer than the stack buffer).
        for known in [
            "Macron",
            "Réunion",
            "President of Ukraine",
            "PRESIDENT OF UKRAINE",
            "president of ukraine",
        ] {
            assert!(m.knows(known), "{known}");
        }
        let long = format!("President of Ukraine{}", " ".repeat(70));
        for unknown in [
            "macron",
            "Zorblax",
            "President of Narnia",
            long.as_str(),
            "RÉUNION X",
        ] {
            assert!(!m.knows(unknown), "{unknown}");
        }
    }

    #[test]
    fn names_surnames_possessives_and_longest_match() {
        let m = default_matcher();
        let got = found(
            &m,
            "Zelensky's talks with Macron in Kyiv, the Kyiv Independent reported. Zelenskyy agreed.",
            "2024-12-18",
        );
        let want = [
            ("Zelensky", "person:volodymyr-zelensky", "surname"),
            ("Macron", "person:emmanuel-macron", "surname"),
            ("Kyiv", "capital:UKR", "name"),
            ("Kyiv Independent", "media:kyiv-independent", "alias"),
            ("Zelenskyy", "person:volodymyr-zelensky", "alias"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_title_before_a_name_is_one_mention() {
        let m = default_matcher();
        let got = found(
            &m,
            "French President Emmanuel Macron met U.S. President-elect Donald Trump.",
            "2024-12-18",
        );
        // One reference to each person; the country named in the title is
        // a reference of its own (a demonym is left out of counts).
        let ids: Vec<(&str, &str)> = got.iter().map(|g| (g.1.as_str(), g.2)).collect();
        assert_eq!(
            ids,
            [
                ("country:FRA", "demonym"),
                ("person:emmanuel-macron", "name"),
                ("country:USA", "alias"),
                ("person:donald-trump", "name"),
            ]
        );
    }

    #[test]
    fn a_first_name_alone_refers_to_the_person_named_in_full() {
        let m = default_matcher();
        let text = "NATO Secretary General Mark Rutte met Kuleba. \"We thank Mark, NATO Secretary \
                    General,\" he said. Mark Carney did not come.";
        let got = found(&m, text, "2024-12-18");
        let rutte: Vec<_> = got.iter().filter(|g| g.1 == "person:mark-rutte").collect();
        assert_eq!(rutte.len(), 2, "{got:?}");
        assert_eq!((rutte[1].0.as_str(), rutte[1].2), ("Mark", "first_name"));
        assert_eq!(got.iter().filter(|g| g.1 == "org:nato").count(), 2);
        // Without the full name in the document, "Mark" is no one.
        let alone = found(&m, "We thank Mark for his work.", "2024-12-18");
        assert!(alone.is_empty(), "{alone:?}");
    }

    #[test]
    fn titles_resolve_through_roles_valid_on_the_day() {
        let m = default_matcher();
        let text =
            "Frugal with details, the president-elect has hinted at cuts. The U.S. president said.";
        let december = found(&m, text, "2024-12-18");
        assert_eq!(december.len(), 2, "{december:?}");
        assert_eq!(december[0].1, "person:donald-trump");
        assert_eq!(december[0].2, "title");
        assert_eq!(december[1].1, "person:joe-biden");
        let february = found(&m, text, "2025-02-10");
        assert_eq!(february.len(), 1, "{february:?}");
        assert_eq!(february[0].1, "person:donald-trump");
        // Without a day no title resolves; the country in one still counts.
        let none = found(&m, text, "none");
        assert_eq!(none.len(), 1, "{none:?}");
        assert_eq!(none[0].1, "country:USA");
    }

    #[test]
    fn case_and_word_boundaries_are_respected() {
        let m = default_matcher();
        assert!(
            found(
                &m,
                "Let us go to the usa office, EUROPE and Natoland.",
                "2024-01-01"
            )
            .is_empty()
        );
        let got = found(
            &m,
            "The US and the EU. Ukrainian forces advanced.",
            "2024-01-01",
        );
        let methods: Vec<&str> = got.iter().map(|g| g.2).collect();
        assert_eq!(methods, ["alias", "alias", "demonym"]);
    }

    #[test]
    fn a_match_inside_a_word_hides_no_name_after_it() {
        let m = default_matcher();
        // "Donald Trump" matches inside "MacDonald Trump"; only the surname
        // there is a whole word.
        let got = found(&m, "Ask MacDonald Trump, not the president.", "2020-01-01");
        let got: Vec<_> = got.iter().map(|g| (g.0.as_str(), g.2)).collect();
        assert_eq!(got, [("Trump", "surname")]);
    }

    #[test]
    fn word_starts_follow_characters_not_bytes() {
        let m = default_matcher();
        let spans = |text: &str| -> Vec<String> {
            found(&m, text, "2024-12-18")
                .into_iter()
                .map(|g| g.0)
                .collect()
        };
        // A letter before the name, ASCII or not, makes it part of a word;
        // punctuation and dashes outside ASCII do not.
        assert!(spans("xMacron éMacron -Macron").is_empty());
        assert_eq!(
            spans("«Macron» —Macron ’Kyiv"),
            ["Macron", "Macron", "Kyiv"]
        );
        // Across the scanner's 64-byte blocks, at any offset.
        for pad in 55..75 {
            let spaced = format!("{} Macron", "a".repeat(pad));
            assert_eq!(spans(&spaced), ["Macron"], "pad {pad}");
            let glued = format!("{}Macron", "a".repeat(pad));
            assert!(spans(&glued).is_empty(), "pad {pad}");
        }
    }
}
