//! Actor dictionaries: the TOML files under `pipelines/actors/`, loaded and
//! checked. See `pipelines/actors/core.toml` for the format.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum DictionaryError {
    #[error("cannot read actor dictionary {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("actor dictionary {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("actor dictionaries define id {id:?} twice ({first} and {second}): ids must be unique")]
    DuplicateId {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
}

impl DictionaryError {
    /// Always [`USAGE`](crate::error::USAGE): fix the dictionary and run again.
    pub fn exit_code(&self) -> u8 {
        crate::error::USAGE
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorType {
    Person,
    Organization,
    Country,
    Place,
}

impl ActorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::Person => "person",
            ActorType::Organization => "organization",
            ActorType::Country => "country",
            ActorType::Place => "place",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases that could name others too ("the Alliance"): they refer to
    /// the actor only in a document that also names it otherwise.
    #[serde(default)]
    pub generic_aliases: Vec<String>,
    /// Adjectives and nouns of nationality ("French"), countries only.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// People: the name that refers to them alone; default the last word.
    pub surname: Option<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// A position held for a time; its titles refer to the holder then.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub role: String,
    pub titles: Vec<String>,
    #[serde(default, deserialize_with = "toml_day")]
    pub from: Option<NaiveDate>,
    /// Exclusive: the first day the role no longer holds.
    #[serde(default, deserialize_with = "toml_day")]
    pub until: Option<NaiveDate>,
}

/// A day written as a TOML date (`2025-01-20`) or a string (`"2025-01-20"`).
fn toml_day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Day {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Day::deserialize(d)? {
        Day::Text(text) => text,
        Day::Toml(dt) => dt.to_string(),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a YYYY-MM-DD day: {e}")))
}

impl Role {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }

    fn overlaps(&self, other: &Role) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(f), Some(u)) => f < u,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.until) {
            (Some(f), Some(u)) => f < u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    actor: Vec<Actor>,
}

/// All actors of a pipeline, in file order.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    pub actors: Vec<Actor>,
    /// xxh3 of the files' paths and the bytes parsed: what the run cache's
    /// fingerprint takes, from the very text the actors came from.
    pub content_hash: u64,
}

impl Dictionary {
    pub fn load(paths: &[PathBuf]) -> Result<Dictionary, DictionaryError> {
        let mut actors = Vec::new();
        let mut origin: HashMap<String, PathBuf> = HashMap::new();
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        for path in paths {
            let file = Self::read(path, &mut hash)?;
            for actor in file.actor {
                if let Some(first) = origin.insert(actor.id.clone(), path.clone()) {
                    return Err(DictionaryError::DuplicateId {
                        id: actor.id,
                        first,
                        second: path.clone(),
                    });
                }
                actors.push(actor);
            }
        }
        Ok(Dictionary {
            actors,
            content_hash: hash.digest(),
        })
    }

    /// A dictionary from one TOML text, as a dictionary file holds it.
    pub fn parse(text: &str) -> Result<Dictionary, DictionaryError> {
        let file: DictionaryFile = toml::from_str(text).map_err(|e| DictionaryError::Parse {
            path: PathBuf::from("<text>"),
            message: e.to_string(),
        })?;
        Ok(Dictionary {
            actors: file.actor,
            content_hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        })
    }

    fn read(
        path: &Path,
        hash: &mut xxhash_rust::xxh3::Xxh3,
    ) -> Result<DictionaryFile, DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|source| DictionaryError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        hash.update(path.to_string_lossy().as_bytes());
        hash.update(&(text.len() as u64).to_le_bytes());
        hash.update(text.as_bytes());
        toml::from_str(&text).map_err(|e| DictionaryError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Problems a person should look at: the same alias on two actors, the
    /// same title held by two actors at once, a surname two people share.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut owners: HashMap<&str, Vec<&str>> = HashMap::new();
        for actor in &self.actors {
            let mut own: Vec<&str> = vec![actor.name.as_str()];
            own.extend(actor.aliases.iter().map(String::as_str));
            own.extend(actor.generic_aliases.iter().map(String::as_str));
            own.extend(actor.demonyms.iter().map(String::as_str));
            own.sort_unstable();
            own.dedup();
            for pattern in own {
                owners.entry(pattern).or_default().push(&actor.id);
            }
        }
        let mut conflicts: Vec<_> = owners.iter().filter(|(_, ids)| ids.len() > 1).collect();
        conflicts.sort();
        for (pattern, ids) in conflicts {
            problems.push(format!(
                "alias {pattern:?} belongs to {}: mentions go to the first; keep it on one actor",
                ids.join(", ")
            ));
        }
        let mut titles: HashMap<String, Vec<(&str, &Role)>> = HashMap::new();
        for actor in &self.actors {
            for role in &actor.roles {
                for title in &role.titles {
                    titles
                        .entry(title.to_lowercase())
                        .or_default()
                        .push((&actor.id, role));
                }
            }
        }
        let mut keys: Vec<_> = titles.keys().cloned().collect();
        keys.sort();
        for title in keys {
            let holders = &titles[&title];
            for (i, (a, ra)) in holders.iter().enumerate() {
                for (b, rb) in &holders[i + 1..] {
                    if ra.overlaps(rb) && a != b {
                        problems.push(format!(
                            "title {title:?} is held by {a} and {b} at the same time: give the roles \
                             from/until dates that do not overlap"
                        ));
                    }
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Dictionary {
        let file: DictionaryFile = toml::from_str(text).unwrap();
        Dictionary {
            actors: file.actor,
            content_hash: 0,
        }
    }

    #[test]
    fn roles_are_valid_between_from_and_until() {
        let d = parse(
            "[[actor]]\nid='t'\nname='Donald Trump'\ntype='person'\n\
             [[actor.roles]]\nrole='p'\ntitles=['President-elect']\nfrom=2024-11-06\nuntil=2025-01-20\n",
        );
        let role = &d.actors[0].roles[0];
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(role.valid_on(day("2024-12-18")));
        assert!(!role.valid_on(day("2025-01-20")));
        assert!(!role.valid_on(day("2024-11-05")));
    }

    #[test]
    fn validation_reports_shared_aliases_and_overlapping_titles() {
        let d = parse(
            "[[actor]]\nid='a'\nname='Georgia'\ntype='country'\n\
             [[actor]]\nid='b'\nname='State of Georgia'\ntype='place'\naliases=['Georgia']\n\
             [[actor]]\nid='p1'\nname='A B'\ntype='person'\n[[actor.roles]]\nrole='r'\ntitles=['Chief']\nfrom=2020-01-01\n\
             [[actor]]\nid='p2'\nname='C D'\ntype='person'\n[[actor.roles]]\nrole='r'\ntitles=['chief']\nfrom=2022-01-01\n",
        );
        let problems = d.validate();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("\"Georgia\" belongs to a, b"));
        assert!(problems[1].contains("\"chief\" is held by p1 and p2"));
    }

    #[test]
    fn the_default_dictionary_loads_and_validates_clean() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/actors");
        let d = Dictionary::load(&[root.join("countries.toml"), root.join("core.toml")]).unwrap();
        assert!(d.actors.len() > 400);
        let problems = d.validate();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_content_hash_follows_the_bytes_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.toml");
        let write = |name: &str| {
            let text =
                format!("[[actor]]\nid = \"person:x\"\nname = \"{name}\"\ntype = \"person\"\n");
            std::fs::write(&path, text).unwrap();
            Dictionary::load(std::slice::from_ref(&path))
                .unwrap()
                .content_hash
        };
        let first = write("Ann Lee");
        assert_eq!(write("Ann Lee"), first);
        assert_ne!(write("Ann Leigh"), first);
    }
}
