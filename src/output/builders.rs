//! The per-document tables' rows for one batch: each builder fills its
//! table's column buffers (declared with the contract in `schema`) from
//! the processed documents.

use polars::prelude::*;

use super::schema::{
    ActorsColumns, DatesColumns, DocumentsColumns, MentionsColumns, NameMentionsColumns,
    RejectsColumns, SentencesColumns,
};
use crate::epoch::days;
use crate::extract::actors::{Dictionary, Matcher, Role};
use crate::extract::discover;
use crate::extract::record::{Processed, Who};
use crate::ingest::{PublishedSource, Reject};

/// Rows of the `documents` table for one batch.
#[derive(Default)]
pub struct DocumentsBuilder {
    columns: DocumentsColumns,
}

impl DocumentsBuilder {
    pub fn with_capacity(n: usize) -> Self {
        DocumentsBuilder {
            columns: DocumentsColumns::with_capacity(n),
        }
    }

    pub fn push(&mut self, doc_id: &str, duplicate_of: Option<&str>, p: &Processed) {
        let c = &mut self.columns;
        let d = &p.doc;
        let clean = &p.clean;
        c.doc_id.push(doc_id);
        c.input.push(&d.input);
        c.line.push(d.line.map(|l| l as i64));
        c.external_id.push_opt(d.external_id.as_deref());
        c.source.push_opt(d.source.as_deref());
        c.title
            .push_opt(d.title.as_deref().or(clean.title.as_deref()));
        c.author
            .push_opt(d.author.as_deref().or(clean.author.as_deref()));
        c.url.push_opt(d.url.as_deref());
        c.captured.push(d.captured);
        c.language
            .push_opt(clean.language.or(d.language.as_deref()));
        c.published.push(days(d.published));
        c.published_source
            .push_opt(d.published_source.map(|s| s.as_str()));
        c.published_confidence.push_opt(match d.published_source {
            Some(PublishedSource::Inferred(c)) => Some(c.as_str()),
            _ => None,
        });
        c.bytes.push(d.bytes as i64);
        c.chars.push(i64::from(p.chars));
        c.chars_clean.push(i64::from(p.chars_clean));
        c.boilerplate_chars.push(i64::from(clean.boilerplate_chars));
        c.sentences.push(clean.sentences.len() as i64);
        c.duplicate_of.push_opt(duplicate_of);
        c.replaced_sequences.push(i64::from(d.replaced_sequences));
        c.text.push(&clean.text);
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

/// Appends the five columns the tables of spans (`sentences`, `mentions`,
/// `dates`) begin with: the document, the sentence, code-point start and
/// end, and the span's text in the table's column for it.
macro_rules! push_span {
    ($c:expr, $text:ident: $doc_id:expr, $sentence:expr, $start:expr, $end:expr, $value:expr) => {{
        $c.doc_id.push($doc_id);
        $c.sentence.push($sentence as i32);
        $c.start_char.push($start as i32);
        $c.end_char.push($end as i32);
        $c.$text.push($value);
    }};
}

/// Rows of the `sentences` table for one batch.
#[derive(Default)]
pub struct SentencesBuilder {
    columns: SentencesColumns,
}

impl SentencesBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed, repeated: &[bool]) {
        let c = &mut self.columns;
        let spans = p.clean.sentences.iter().zip(&p.sentence_spans);
        for (i, ((bytes, &(start, end)), &repeat)) in spans.zip(repeated).enumerate() {
            let text = &p.clean.text[bytes.start..bytes.end];
            push_span!(c, text: doc_id, i as u32, start, end, text);
            c.repeated.push(repeat);
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

/// Rows of the `mentions` table for one batch: references to dictionary actors.
#[derive(Default)]
pub struct MentionsBuilder {
    columns: MentionsColumns,
}

impl MentionsBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed, repeated: &[bool], matcher: &Matcher) {
        let c = &mut self.columns;
        for m in &p.mentions {
            let Who::Actor(index, method) = m.who else {
                continue;
            };
            let surface = &p.clean.text[m.bytes.clone()];
            push_span!(c, surface: doc_id, m.sentence, m.start, m.end, surface);
            let actor = matcher.actor(index);
            c.actor_id.push(&actor.id);
            c.actor_name.push(&actor.name);
            c.actor_type.push(actor.kind.as_str());
            c.method.push(method.as_str());
            c.repeated
                .push(repeated.get(m.sentence as usize).copied().unwrap_or(false));
            c.day.push(days(m.day));
            c.day_source.push_opt(match (m.day, m.day_from_sentence) {
                (None, _) => None,
                (Some(_), true) => Some("sentence"),
                (Some(_), false) => Some("document"),
            });
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

/// Rows of the `name_mentions` table for one batch: names no actor matches.
#[derive(Default)]
pub struct NameMentionsBuilder {
    columns: NameMentionsColumns,
}

impl NameMentionsBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed) {
        let c = &mut self.columns;
        for m in &p.mentions {
            let Who::Unknown(label) = m.who else {
                continue;
            };
            let surface = &p.clean.text[m.bytes.clone()];
            push_span!(c, surface: doc_id, m.sentence, m.start, m.end, surface);
            // The candidate's name is the surface: the possessive is never
            // part of a discovered name's span.
            c.name.push(surface);
            c.kind.push(discover::actor_type(label));
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

/// Rows of the `dates` table for one batch.
#[derive(Default)]
pub struct DatesBuilder {
    columns: DatesColumns,
}

impl DatesBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed) {
        let c = &mut self.columns;
        let inferred = matches!(p.doc.published_source, Some(PublishedSource::Inferred(_)));
        for t in &p.timexes {
            let x = &t.timex;
            let surface = &p.clean.text[x.start..x.end];
            push_span!(c, surface: doc_id, t.sentence, t.start, t.end, surface);
            c.kind.push(x.kind.as_str());
            c.value.push(&x.value);
            c.granularity.push(x.granularity.as_str());
            c.first_day.push(days(x.begin));
            c.last_day.push(days(x.end_date));
            c.anchor.push(match x.anchor {
                crate::extract::dates::Anchor::Absolute => "absolute",
                crate::extract::dates::Anchor::Reference if inferred => "inferred",
                crate::extract::dates::Anchor::Reference => "published",
            });
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

/// Rows of the `rejects` table for one batch.
#[derive(Default)]
pub struct RejectsBuilder {
    columns: RejectsColumns,
}

impl RejectsBuilder {
    pub fn push(&mut self, reject: Reject) {
        let c = &mut self.columns;
        c.input.push(&reject.input);
        c.line.push(reject.line.map(|l| l as i64));
        c.reason.push(reject.reason.as_str());
        c.detail.push(&reject.detail);
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

/// The `actors` table: every dictionary actor, by id.
pub fn actors_table(dictionary: &Dictionary) -> PolarsResult<DataFrame> {
    let mut actors: Vec<_> = dictionary.actors.iter().collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    let mut c = ActorsColumns::with_capacity(actors.len());
    let list = |items: &[String]| (!items.is_empty()).then(|| items.join("; "));
    for a in actors {
        c.actor_id.push(&a.id);
        c.actor_name.push(&a.name);
        c.actor_type.push(a.kind.as_str());
        c.country.push_opt(a.country.as_deref());
        let aliases: Vec<String> = a
            .aliases
            .iter()
            .chain(&a.generic_aliases)
            .cloned()
            .collect();
        c.aliases.push_opt(list(&aliases).as_deref());
        c.roles
            .push_opt(list(&a.roles.iter().map(role).collect::<Vec<_>>()).as_deref());
    }
    c.finish()
}

/// `role (from 2019-05-20 until 2024-05-20)`, open ends left out.
fn role(r: &Role) -> String {
    let mut out = r.role.clone();
    match (r.from, r.until) {
        (None, None) => {}
        (Some(from), None) => out += &format!(" (from {from})"),
        (None, Some(until)) => out += &format!(" (until {until})"),
        (Some(from), Some(until)) => out += &format!(" (from {from} until {until})"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::ingest::RejectReason;

    #[test]
    fn frames_match_their_contracts() {
        let mut rejects = RejectsBuilder::default();
        rejects.push(Reject {
            input: Arc::from("a.jsonl"),
            line: Some(3),
            reason: RejectReason::MalformedJson,
            detail: "bad".into(),
        });
        let df = rejects.finish().unwrap();
        assert_eq!(df.height(), 1);
        let dtypes: Vec<String> = df.dtypes().iter().map(|d| d.to_string()).collect();
        assert_eq!(dtypes, ["str", "i64", "str", "str"]);
        let empty = DocumentsBuilder::default().finish().unwrap();
        assert_eq!(empty.height(), 0);
        assert_eq!(empty.width(), super::super::DOCUMENTS.columns.len());
        assert_eq!(empty.column("published").unwrap().dtype(), &DataType::Date);
    }
}
