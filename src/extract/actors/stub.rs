//! Dictionary stubs for names the dictionary lacks (`newsmill actors
//! suggest`): one `[[actor]]` entry per candidate, with an id made from its
//! name and type, and the evidence a reviewer needs above it as comments.
//! The output loads as a dictionary as it is; a person keeps, fixes or
//! deletes each entry before adding the file to a pipeline.

use std::collections::HashSet;
use std::fmt::Write;

use super::ActorType;

/// One candidate as the `candidates` table has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub name: String,
    /// The table's type: person, organization, place or misc.
    pub kind: String,
    pub mentions: i64,
    pub documents: i64,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub example_doc_id: String,
    pub example: String,
}

/// The dictionary type of a candidate's type; misc names (events,
/// products, nationalities) have none and get no stub.
pub fn actor_type(kind: &str) -> Option<ActorType> {
    match kind {
        "person" => Some(ActorType::Person),
        "organization" => Some(ActorType::Organization),
        "place" => Some(ActorType::Place),
        "country" => Some(ActorType::Country),
        _ => None,
    }
}

/// `Kiichi Miyazawa` -> `kiichi-miyazawa`: lowercase letters and digits,
/// every other run of characters one hyphen.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The TOML stubs for `candidates` (in the table's order) that have a
/// dictionary type; ids already in `taken` (the pipeline's dictionaries)
/// or given earlier in the file get `-2`, `-3`, ... Returns the text and
/// the number of stubs.
pub fn render(candidates: &[Candidate], taken: &HashSet<String>) -> (String, usize) {
    let mut used: HashSet<String> = HashSet::new();
    let mut out = String::from(
        "# Actor stubs suggested by `newsmill actors suggest` from the candidates\n\
         # table: names the dictionary did not know. Review each entry: fix the\n\
         # name, type and id, add `country`, aliases and roles, or delete it.\n",
    );
    let mut n = 0;
    for c in candidates {
        let Some(kind) = actor_type(&c.kind) else {
            continue;
        };
        let base = format!("{}:{}", kind.as_str(), slug(&c.name));
        let mut id = base.clone();
        let mut k = 2;
        while taken.contains(&id) || used.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        used.insert(id.clone());
        let days = match (&c.first_day, &c.last_day) {
            (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
            (Some(a), _) => format!(", {a}"),
            _ => String::new(),
        };
        let example: String = c.example.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = write!(
            out,
            "\n# {} mentions in {} documents{days}\n# {}: {}\n[[actor]]\nid = {}\nname = {}\ntype = {}\n# country = \"\"\n# aliases = []\n",
            c.mentions,
            c.documents,
            c.example_doc_id,
            example,
            quoted(&id),
            quoted(&c.name),
            quoted(kind.as_str()),
        );
        n += 1;
    }
    (out, n)
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::actors::Dictionary;

    fn candidate(name: &str, kind: &str) -> Candidate {
        Candidate {
            name: name.into(),
            kind: kind.into(),
            mentions: 12,
            documents: 4,
            first_day: Some("1987-03-02".into()),
            last_day: Some("1987-04-28".into()),
            example_doc_id: "d1".into(),
            example: "He said \"no\"\n to Kiichi Miyazawa.".into(),
        }
    }

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(slug("Kiichi Miyazawa"), "kiichi-miyazawa");
        assert_eq!(slug("AT&T Corp."), "at-t-corp");
        assert_eq!(slug("Bogotá"), "bogotá");
        assert_eq!(slug("G-7"), "g-7");
    }

    #[test]
    fn stubs_load_as_a_dictionary_with_unique_ids() {
        let taken: HashSet<String> = ["organization:sec".to_string()].into();
        let cands = [
            candidate("Kiichi Miyazawa", "person"),
            candidate("SEC", "organization"),
            candidate("Libor", "misc"),
            candidate("Sec", "organization"),
            candidate("Peking \"North\"", "place"),
        ];
        let (text, n) = render(&cands, &taken);
        assert_eq!(n, 4, "misc gets no stub");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stubs.toml");
        std::fs::write(&path, &text).unwrap();
        let d = Dictionary::load(&[path]).expect(&text);
        let ids: Vec<&str> = d.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "person:kiichi-miyazawa",
                "organization:sec-2",
                "organization:sec-3",
                "place:peking-north"
            ]
        );
        assert_eq!(d.actors[3].name, "Peking \"North\"");
        assert!(text.contains("# 12 mentions in 4 documents, 1987-03-02 to 1987-04-28"));
        assert!(text.contains("# d1: He said \"no\" to Kiichi Miyazawa."));
    }
}
