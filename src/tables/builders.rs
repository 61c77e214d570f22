//! Column buffers for one batch, and the conversion to polars frames.

use std::sync::Arc;

use polars::prelude::*;

use super::schema::{ColType, DATES, DOCUMENTS, MENTIONS, REJECTS, SENTENCES, TableSpec};
use crate::actors::Matcher;
use crate::discover;
use crate::ingest::Reject;
use crate::run::{Processed, Who};

/// The polars type that stores a contract type.
fn polars_type(dtype: ColType) -> DataType {
    match dtype {
        ColType::String => DataType::String,
        // Global categories read back as plain `Categorical` everywhere, so
        // frames from different runs concatenate. The mapping lives only
        // while a frame holds it (writers keep no polars schema with it, see
        // `polars_schema`), so it does not grow with the corpus.
        ColType::Categorical => DataType::from_categories(Categories::global()),
        ColType::Date => DataType::Date,
        ColType::UInt32 => DataType::UInt32,
        ColType::UInt64 => DataType::UInt64,
        ColType::Bool => DataType::Boolean,
    }
}

/// The polars schema of a table, for writers that need it up front.
/// `storage_only` gives categorical columns as plain strings, for writers
/// (CSV) that would otherwise hold a category mapping for the whole run.
pub fn polars_schema(spec: &TableSpec, storage_only: bool) -> Schema {
    spec.columns
        .iter()
        .map(|c| {
            let dtype = match c.dtype {
                ColType::Categorical if storage_only => DataType::String,
                other => polars_type(other),
            };
            Field::new(c.name.into(), dtype)
        })
        .collect()
}

/// Casts built columns to the contract's types, checking names and order.
/// A mismatch is a bug in a builder, reported as an error, not a panic.
pub fn conform(spec: &TableSpec, columns: Vec<Column>) -> PolarsResult<DataFrame> {
    polars_ensure!(
        columns.len() == spec.columns.len(),
        ShapeMismatch: "table {}: built {} columns, the contract has {}", spec.name, columns.len(), spec.columns.len()
    );
    let mut out = Vec::with_capacity(columns.len());
    for (column, col_spec) in columns.into_iter().zip(spec.columns) {
        polars_ensure!(
            column.name().as_str() == col_spec.name,
            ColumnNotFound: "table {}: built column {} where the contract has {}", spec.name, column.name(), col_spec.name
        );
        let target = polars_type(col_spec.dtype);
        let same = matches!(
            (column.dtype(), &target),
            (DataType::Categorical(..), DataType::Categorical(..))
        ) || column.dtype() == &target;
        out.push(if same { column } else { column.cast(&target)? });
    }
    DataFrame::new_infer_height(out)
}

/// A day as polars stores a Date: days since 1970-01-01.
pub fn days(date: Option<chrono::NaiveDate>) -> Option<i32> {
    const UNIX_EPOCH_DAY: i32 = 719_163; // days from 0001-01-01 (CE day 1) to 1970-01-01
    use chrono::Datelike;
    date.map(|d| d.num_days_from_ce() - UNIX_EPOCH_DAY)
}

/// Rows of the `documents` table for one batch.
#[derive(Default)]
pub struct DocumentsBuilder {
    doc_id: Vec<String>,
    input: Vec<Arc<str>>,
    line: Vec<Option<u64>>,
    external_id: Vec<Option<String>>,
    source: Vec<Option<String>>,
    title: Vec<Option<String>>,
    author: Vec<Option<String>>,
    url: Vec<Option<String>>,
    published: Vec<Option<i32>>,
    published_source: Vec<Option<&'static str>>,
    bytes: Vec<u64>,
    chars: Vec<u32>,
    chars_clean: Vec<u32>,
    boilerplate_chars: Vec<u32>,
    sentences: Vec<u32>,
    duplicate_of: Vec<Option<String>>,
    replaced_sequences: Vec<u32>,
    text: Vec<String>,
}

impl DocumentsBuilder {
    pub fn with_capacity(n: usize) -> Self {
        DocumentsBuilder {
            doc_id: Vec::with_capacity(n),
            input: Vec::with_capacity(n),
            ..Default::default()
        }
    }

    /// Takes the document's strings by value: the batch is consumed here.
    pub fn push(&mut self, doc_id: String, duplicate_of: Option<String>, p: Processed) {
        let d = p.doc;
        let clean = p.clean;
        self.doc_id.push(doc_id);
        self.input.push(d.input);
        self.line.push(d.line);
        self.external_id.push(d.external_id);
        self.source.push(d.source);
        self.title.push(d.title.or(clean.title));
        self.author.push(clean.author);
        self.url.push(d.url);
        self.published.push(days(d.published));
        self.published_source
            .push(d.published_source.map(|s| s.as_str()));
        self.bytes.push(d.bytes);
        self.chars.push(p.chars);
        self.chars_clean.push(p.chars_clean);
        self.boilerplate_chars.push(clean.boilerplate_chars);
        self.sentences.push(clean.sentences.len() as u32);
        self.duplicate_of.push(duplicate_of);
        self.replaced_sequences.push(d.replaced_sequences);
        self.text.push(clean.text);
    }

    pub fn len(&self) -> usize {
        self.doc_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_id.is_empty()
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        let input: Vec<&str> = self.input.iter().map(|s| &**s).collect();
        conform(
            &DOCUMENTS,
            vec![
                Column::new("doc_id".into(), self.doc_id),
                Column::new("input".into(), input),
                Column::new("line".into(), self.line),
                Column::new("external_id".into(), self.external_id),
                Column::new("source".into(), self.source),
                Column::new("title".into(), self.title),
                Column::new("author".into(), self.author),
                Column::new("url".into(), self.url),
                Column::new("published".into(), self.published),
                Column::new("published_source".into(), self.published_source),
                Column::new("bytes".into(), self.bytes),
                Column::new("chars".into(), self.chars),
                Column::new("chars_clean".into(), self.chars_clean),
                Column::new("boilerplate_chars".into(), self.boilerplate_chars),
                Column::new("sentences".into(), self.sentences),
                Column::new("duplicate_of".into(), self.duplicate_of),
                Column::new("replaced_sequences".into(), self.replaced_sequences),
                Column::new("text".into(), self.text),
            ],
        )
    }
}

/// Rows of the `sentences` table for one batch.
#[derive(Default)]
pub struct SentencesBuilder {
    doc_id: Vec<String>,
    sentence: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    text: Vec<String>,
    repeated: Vec<bool>,
}

impl SentencesBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed, repeated: &[bool]) {
        let spans = p.clean.sentences.iter().zip(&p.sentence_spans);
        for (i, ((bytes, (start, end)), &repeat)) in spans.zip(repeated).enumerate() {
            self.doc_id.push(doc_id.to_owned());
            self.sentence.push(i as u32);
            self.start.push(*start);
            self.end.push(*end);
            self.text
                .push(p.clean.text[bytes.start..bytes.end].to_owned());
            self.repeated.push(repeat);
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        conform(
            &SENTENCES,
            vec![
                Column::new("doc_id".into(), self.doc_id),
                Column::new("sentence".into(), self.sentence),
                Column::new("start".into(), self.start),
                Column::new("end".into(), self.end),
                Column::new("text".into(), self.text),
                Column::new("repeated".into(), self.repeated),
            ],
        )
    }
}

/// Rows of the `mentions` table for one batch.
#[derive(Default)]
pub struct MentionsBuilder {
    doc_id: Vec<String>,
    sentence: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    surface: Vec<String>,
    actor_id: Vec<Option<String>>,
    actor_name: Vec<String>,
    actor_type: Vec<&'static str>,
    method: Vec<&'static str>,
    repeated: Vec<bool>,
    day: Vec<Option<i32>>,
    day_source: Vec<Option<&'static str>>,
}

impl MentionsBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed, repeated: &[bool], matcher: &Matcher) {
        for m in &p.mentions {
            let surface = &p.clean.text[m.bytes.clone()];
            self.doc_id.push(doc_id.to_owned());
            self.sentence.push(m.sentence);
            self.start.push(m.start);
            self.end.push(m.end);
            self.surface.push(surface.to_owned());
            match m.who {
                Who::Actor(actor, method) => {
                    let actor = matcher.actor(actor);
                    self.actor_id.push(Some(actor.id.clone()));
                    self.actor_name.push(actor.name.clone());
                    self.actor_type.push(actor.kind.as_str());
                    self.method.push(method.as_str());
                }
                Who::Unknown(label) => {
                    self.actor_id.push(None);
                    self.actor_name.push(surface.to_owned());
                    self.actor_type.push(discover::actor_type(label));
                    self.method.push("discovered");
                }
            }
            self.repeated
                .push(repeated.get(m.sentence as usize).copied().unwrap_or(false));
            self.day.push(days(m.day));
            self.day_source.push(match (m.day, m.day_from_sentence) {
                (None, _) => None,
                (Some(_), true) => Some("sentence"),
                (Some(_), false) => Some("document"),
            });
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        conform(
            &MENTIONS,
            vec![
                Column::new("doc_id".into(), self.doc_id),
                Column::new("sentence".into(), self.sentence),
                Column::new("start".into(), self.start),
                Column::new("end".into(), self.end),
                Column::new("surface".into(), self.surface),
                Column::new("actor_id".into(), self.actor_id),
                Column::new("actor_name".into(), self.actor_name),
                Column::new("actor_type".into(), self.actor_type),
                Column::new("method".into(), self.method),
                Column::new("repeated".into(), self.repeated),
                Column::new("day".into(), self.day),
                Column::new("day_source".into(), self.day_source),
            ],
        )
    }
}

/// Rows of the `dates` table for one batch.
#[derive(Default)]
pub struct DatesBuilder {
    doc_id: Vec<String>,
    sentence: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    surface: Vec<String>,
    kind: Vec<&'static str>,
    value: Vec<String>,
    granularity: Vec<&'static str>,
    begin: Vec<Option<i32>>,
    end_date: Vec<Option<i32>>,
    anchor: Vec<&'static str>,
}

impl DatesBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed) {
        let inferred = p.doc.published_source == Some(crate::ingest::PublishedSource::Inferred);
        for t in &p.timexes {
            let x = &t.timex;
            self.doc_id.push(doc_id.to_owned());
            self.sentence.push(t.sentence);
            self.start.push(t.start);
            self.end.push(t.end);
            self.surface.push(p.clean.text[x.start..x.end].to_owned());
            self.kind.push(x.kind.as_str());
            self.value.push(x.value.clone());
            self.granularity.push(x.granularity.as_str());
            self.begin.push(days(x.begin));
            self.end_date.push(days(x.end_date));
            self.anchor.push(match x.anchor {
                crate::dates::Anchor::Absolute => "absolute",
                crate::dates::Anchor::Reference if inferred => "inferred",
                crate::dates::Anchor::Reference => "published",
            });
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        conform(
            &DATES,
            vec![
                Column::new("doc_id".into(), self.doc_id),
                Column::new("sentence".into(), self.sentence),
                Column::new("start".into(), self.start),
                Column::new("end".into(), self.end),
                Column::new("surface".into(), self.surface),
                Column::new("type".into(), self.kind),
                Column::new("value".into(), self.value),
                Column::new("granularity".into(), self.granularity),
                Column::new("begin".into(), self.begin),
                Column::new("end_date".into(), self.end_date),
                Column::new("anchor".into(), self.anchor),
            ],
        )
    }
}

/// Rows of the `rejects` table for one batch.
#[derive(Default)]
pub struct RejectsBuilder {
    input: Vec<Arc<str>>,
    line: Vec<Option<u64>>,
    reason: Vec<&'static str>,
    detail: Vec<String>,
}

impl RejectsBuilder {
    pub fn push(&mut self, reject: Reject) {
        self.input.push(reject.input);
        self.line.push(reject.line);
        self.reason.push(reject.reason.as_str());
        self.detail.push(reject.detail);
    }

    pub fn len(&self) -> usize {
        self.input.len()
    }

    pub fn is_empty(&self) -> bool {
        self.input.is_empty()
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        let input: Vec<&str> = self.input.iter().map(|s| &**s).collect();
        conform(
            &REJECTS,
            vec![
                Column::new("input".into(), input),
                Column::new("line".into(), self.line),
                Column::new("reason".into(), self.reason),
                Column::new("detail".into(), self.detail),
            ],
        )
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
        assert_eq!(empty.width(), DOCUMENTS.columns.len());
        assert_eq!(empty.column("published").unwrap().dtype(), &DataType::Date);
    }

    #[test]
    fn days_count_from_the_unix_epoch() {
        assert_eq!(days(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)), Some(0));
        assert_eq!(
            days(chrono::NaiveDate::from_ymd_opt(2024, 12, 18)),
            Some(20075)
        );
        assert_eq!(days(None), None);
    }
}
