//! The per-document tables' rows for one batch: each builder fills its
//! table's column buffers (declared with the contract in `schema`) from
//! the processed documents.

use polars::prelude::*;

use super::columns::KeyedCats;
use super::schema::{
    DatesColumns, DocumentsColumns, MentionsColumns, RejectsColumns, SentencesColumns,
};
use crate::epoch::days;
use crate::extract::actors::Matcher;
use crate::extract::discover;
use crate::extract::record::{Processed, Who};
use crate::ingest::Reject;

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
        c.line.push(d.line);
        c.external_id.push_opt(d.external_id.as_deref());
        c.source.push_opt(d.source.as_deref());
        c.title
            .push_opt(d.title.as_deref().or(clean.title.as_deref()));
        c.author.push_opt(clean.author.as_deref());
        c.url.push_opt(d.url.as_deref());
        c.published.push(days(d.published));
        c.published_source
            .push_static_opt(d.published_source.map(|s| s.as_str()));
        c.bytes.push(d.bytes);
        c.chars.push(p.chars);
        c.chars_clean.push(p.chars_clean);
        c.boilerplate_chars.push(clean.boilerplate_chars);
        c.sentences.push(clean.sentences.len() as u32);
        c.duplicate_of.push_opt(duplicate_of);
        c.replaced_sequences.push(d.replaced_sequences);
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
        $c.sentence.push($sentence);
        $c.start.push($start);
        $c.end.push($end);
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

/// Rows of the `mentions` table for one batch.
#[derive(Default)]
pub struct MentionsBuilder {
    columns: MentionsColumns,
}

/// The categories of actors and discovered names, from one batch's
/// [`MentionsBuilder`] to the next.
#[derive(Default)]
pub struct MentionCats {
    actor_id: KeyedCats,
    actor_name: KeyedCats,
}

impl MentionsBuilder {
    /// A builder that starts from the categories the previous batch's
    /// builder returned ([`MentionsBuilder::finish`]).
    pub fn new(cats: MentionCats) -> Self {
        let mut columns = MentionsColumns::default();
        columns.actor_id.use_keys(cats.actor_id);
        columns.actor_name.use_keys(cats.actor_name);
        MentionsBuilder { columns }
    }

    /// `names`: the candidate number of each discovered name, in order
    /// ([`crate::aggregate::candidates::Candidates::observe`]).
    pub fn push(
        &mut self,
        doc_id: &str,
        p: &Processed,
        repeated: &[bool],
        matcher: &Matcher,
        names: &[u32],
    ) {
        let c = &mut self.columns;
        let mut names = names.iter();
        for m in &p.mentions {
            let surface = &p.clean.text[m.bytes.clone()];
            push_span!(c, surface: doc_id, m.sentence, m.start, m.end, surface);
            match m.who {
                Who::Actor(index, method) => {
                    let actor = matcher.actor(index);
                    c.actor_id.push_keyed(index as usize, &actor.id);
                    c.actor_name.push_keyed(index as usize, &actor.name);
                    c.actor_type.push_static(actor.kind.as_str());
                    c.method.push_static(method.as_str());
                }
                Who::Unknown(label) => {
                    c.actor_id.push_null();
                    // A discovered name recurs: its category is looked up
                    // once per run, keyed after the actors' names.
                    match names.next() {
                        Some(&n) => c
                            .actor_name
                            .push_keyed(matcher.actor_count() + n as usize, surface),
                        None => c.actor_name.push(surface),
                    }
                    c.actor_type.push_static(discover::actor_type(label));
                    c.method.push_static("discovered");
                }
            }
            c.repeated
                .push(repeated.get(m.sentence as usize).copied().unwrap_or(false));
            c.day.push(days(m.day));
            c.day_source
                .push_static_opt(match (m.day, m.day_from_sentence) {
                    (None, _) => None,
                    (Some(_), true) => Some("sentence"),
                    (Some(_), false) => Some("document"),
                });
        }
    }

    /// The batch's rows, and the categories for the next batch's builder.
    pub fn finish(mut self) -> (PolarsResult<DataFrame>, MentionCats) {
        let cats = MentionCats {
            actor_id: self.columns.actor_id.take_keys(),
            actor_name: self.columns.actor_name.take_keys(),
        };
        (self.columns.finish(), cats)
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
        let inferred = p.doc.published_source == Some(crate::ingest::PublishedSource::Inferred);
        for t in &p.timexes {
            let x = &t.timex;
            let surface = &p.clean.text[x.start..x.end];
            push_span!(c, surface: doc_id, t.sentence, t.start, t.end, surface);
            c.kind.push_static(x.kind.as_str());
            c.value.push(&x.value);
            c.granularity.push_static(x.granularity.as_str());
            c.begin.push(days(x.begin));
            c.end_date.push(days(x.end_date));
            c.anchor.push_static(match x.anchor {
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
        c.line.push(reject.line);
        c.reason.push_static(reject.reason.as_str());
        c.detail.push(&reject.detail);
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        self.columns.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(dtypes, ["cat", "u64", "cat", "str"]);
        let empty = DocumentsBuilder::default().finish().unwrap();
        assert_eq!(empty.height(), 0);
        assert_eq!(empty.width(), super::super::DOCUMENTS.columns.len());
        assert_eq!(empty.column("published").unwrap().dtype(), &DataType::Date);
    }
}
