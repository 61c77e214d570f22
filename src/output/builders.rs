//! Column buffers for one batch, and the conversion to polars frames.

use std::sync::Arc;

use polars::prelude::*;

use super::columns::{CatColumn, KeyedCats, StrColumn};
use super::schema::{ColType, DATES, DOCUMENTS, MENTIONS, REJECTS, SENTENCES, TableSpec};
use crate::extract::actors::Matcher;
use crate::extract::discover;
use crate::extract::record::{Processed, Who};
use crate::ingest::Reject;

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
pub fn polars_schema(spec: &TableSpec) -> Schema {
    spec.columns
        .iter()
        .map(|c| Field::new(c.name.into(), polars_type(c.dtype)))
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

/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const UNIX_EPOCH_DAY: i32 = 719_163;

/// A day as polars stores a Date: days since 1970-01-01.
pub fn days(date: Option<chrono::NaiveDate>) -> Option<i32> {
    use chrono::Datelike;
    date.map(|d| d.num_days_from_ce() - UNIX_EPOCH_DAY)
}

/// The day a polars Date holds ([`days`] reversed); `None` out of range.
pub fn day_of(days: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_DAY)?)
}

/// Rows of the `documents` table for one batch.
pub struct DocumentsBuilder {
    doc_id: StrColumn,
    input: CatColumn,
    line: Vec<Option<u64>>,
    external_id: StrColumn,
    source: CatColumn,
    title: StrColumn,
    author: StrColumn,
    url: StrColumn,
    published: Vec<Option<i32>>,
    published_source: CatColumn,
    bytes: Vec<u64>,
    chars: Vec<u32>,
    chars_clean: Vec<u32>,
    boilerplate_chars: Vec<u32>,
    sentences: Vec<u32>,
    duplicate_of: StrColumn,
    replaced_sequences: Vec<u32>,
    text: StrColumn,
}

impl Default for DocumentsBuilder {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl DocumentsBuilder {
    pub fn with_capacity(n: usize) -> Self {
        DocumentsBuilder {
            doc_id: StrColumn::new("doc_id", n),
            input: CatColumn::new("input", n),
            line: Vec::with_capacity(n),
            external_id: StrColumn::new("external_id", n),
            source: CatColumn::new("source", n),
            title: StrColumn::new("title", n),
            author: StrColumn::new("author", n),
            url: StrColumn::new("url", n),
            published: Vec::with_capacity(n),
            published_source: CatColumn::new("published_source", n),
            bytes: Vec::with_capacity(n),
            chars: Vec::with_capacity(n),
            chars_clean: Vec::with_capacity(n),
            boilerplate_chars: Vec::with_capacity(n),
            sentences: Vec::with_capacity(n),
            duplicate_of: StrColumn::new("duplicate_of", n),
            replaced_sequences: Vec::with_capacity(n),
            text: StrColumn::new("text", n),
        }
    }

    pub fn push(&mut self, doc_id: &str, duplicate_of: Option<&str>, p: &Processed) {
        let d = &p.doc;
        let clean = &p.clean;
        self.doc_id.push(doc_id);
        self.input.push(&d.input);
        self.line.push(d.line);
        self.external_id.push_opt(d.external_id.as_deref());
        self.source.push_opt(d.source.as_deref());
        self.title
            .push_opt(d.title.as_deref().or(clean.title.as_deref()));
        self.author.push_opt(clean.author.as_deref());
        self.url.push_opt(d.url.as_deref());
        self.published.push(days(d.published));
        self.published_source
            .push_static_opt(d.published_source.map(|s| s.as_str()));
        self.bytes.push(d.bytes);
        self.chars.push(p.chars);
        self.chars_clean.push(p.chars_clean);
        self.boilerplate_chars.push(clean.boilerplate_chars);
        self.sentences.push(clean.sentences.len() as u32);
        self.duplicate_of.push_opt(duplicate_of);
        self.replaced_sequences.push(d.replaced_sequences);
        self.text.push(&clean.text);
    }

    pub fn len(&self) -> usize {
        self.line.len()
    }

    pub fn is_empty(&self) -> bool {
        self.line.is_empty()
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        conform(
            &DOCUMENTS,
            vec![
                self.doc_id.finish(),
                self.input.finish()?,
                Column::new("line".into(), self.line),
                self.external_id.finish(),
                self.source.finish()?,
                self.title.finish(),
                self.author.finish(),
                self.url.finish(),
                Column::new("published".into(), self.published),
                self.published_source.finish()?,
                Column::new("bytes".into(), self.bytes),
                Column::new("chars".into(), self.chars),
                Column::new("chars_clean".into(), self.chars_clean),
                Column::new("boilerplate_chars".into(), self.boilerplate_chars),
                Column::new("sentences".into(), self.sentences),
                self.duplicate_of.finish(),
                Column::new("replaced_sequences".into(), self.replaced_sequences),
                self.text.finish(),
            ],
        )
    }
}

/// The first five columns of the tables of spans (`sentences`, `mentions`,
/// `dates`): the document, the sentence, code-point start and end, and the
/// span's text under the table's name for it.
struct SpanColumns {
    doc_id: StrColumn,
    sentence: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    text: StrColumn,
}

impl SpanColumns {
    fn new(text: &'static str) -> Self {
        SpanColumns {
            doc_id: StrColumn::new("doc_id", 0),
            sentence: Vec::new(),
            start: Vec::new(),
            end: Vec::new(),
            text: StrColumn::new(text, 0),
        }
    }

    fn push(&mut self, doc_id: &str, sentence: u32, (start, end): (u32, u32), text: &str) {
        self.doc_id.push(doc_id);
        self.sentence.push(sentence);
        self.start.push(start);
        self.end.push(end);
        self.text.push(text);
    }

    fn finish(self) -> Vec<Column> {
        vec![
            self.doc_id.finish(),
            Column::new("sentence".into(), self.sentence),
            Column::new("start".into(), self.start),
            Column::new("end".into(), self.end),
            self.text.finish(),
        ]
    }
}

/// Rows of the `sentences` table for one batch.
pub struct SentencesBuilder {
    spans: SpanColumns,
    repeated: Vec<bool>,
}

impl Default for SentencesBuilder {
    fn default() -> Self {
        SentencesBuilder {
            spans: SpanColumns::new("text"),
            repeated: Vec::new(),
        }
    }
}

impl SentencesBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed, repeated: &[bool]) {
        let spans = p.clean.sentences.iter().zip(&p.sentence_spans);
        for (i, ((bytes, (start, end)), &repeat)) in spans.zip(repeated).enumerate() {
            let text = &p.clean.text[bytes.start..bytes.end];
            self.spans.push(doc_id, i as u32, (*start, *end), text);
            self.repeated.push(repeat);
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        let mut columns = self.spans.finish();
        columns.push(Column::new("repeated".into(), self.repeated));
        conform(&SENTENCES, columns)
    }
}

/// Rows of the `mentions` table for one batch.
pub struct MentionsBuilder {
    spans: SpanColumns,
    actor_id: CatColumn,
    actor_name: CatColumn,
    actor_type: CatColumn,
    method: CatColumn,
    repeated: Vec<bool>,
    day: Vec<Option<i32>>,
    day_source: CatColumn,
}

/// The categories of actors and discovered names, from one batch's
/// [`MentionsBuilder`] to the next.
#[derive(Default)]
pub struct MentionCats {
    actor_id: KeyedCats,
    actor_name: KeyedCats,
}

impl Default for MentionsBuilder {
    fn default() -> Self {
        Self::new(MentionCats::default())
    }
}

impl MentionsBuilder {
    /// A builder that starts from the categories the previous batch's
    /// builder returned ([`MentionsBuilder::finish`]).
    pub fn new(cats: MentionCats) -> Self {
        MentionsBuilder {
            spans: SpanColumns::new("surface"),
            actor_id: CatColumn::with_keys("actor_id", 0, cats.actor_id),
            actor_name: CatColumn::with_keys("actor_name", 0, cats.actor_name),
            actor_type: CatColumn::new("actor_type", 0),
            method: CatColumn::new("method", 0),
            repeated: Vec::new(),
            day: Vec::new(),
            day_source: CatColumn::new("day_source", 0),
        }
    }
}

impl MentionsBuilder {
    /// `names`: the candidate number of each discovered name, in order
    /// ([`crate::extract::discover::Candidates::observe`]).
    pub fn push(
        &mut self,
        doc_id: &str,
        p: &Processed,
        repeated: &[bool],
        matcher: &Matcher,
        names: &[u32],
    ) {
        let mut names = names.iter();
        for m in &p.mentions {
            let surface = &p.clean.text[m.bytes.clone()];
            self.spans
                .push(doc_id, m.sentence, (m.start, m.end), surface);
            match m.who {
                Who::Actor(index, method) => {
                    let actor = matcher.actor(index);
                    self.actor_id.push_keyed(index as usize, &actor.id);
                    self.actor_name.push_keyed(index as usize, &actor.name);
                    self.actor_type.push_static(actor.kind.as_str());
                    self.method.push_static(method.as_str());
                }
                Who::Unknown(label) => {
                    self.actor_id.push_null();
                    // A discovered name recurs: its category is looked up
                    // once per run, keyed after the actors' names.
                    match names.next() {
                        Some(&n) => self
                            .actor_name
                            .push_keyed(matcher.actor_count() + n as usize, surface),
                        None => self.actor_name.push(surface),
                    }
                    self.actor_type.push_static(discover::actor_type(label));
                    self.method.push_static("discovered");
                }
            }
            self.repeated
                .push(repeated.get(m.sentence as usize).copied().unwrap_or(false));
            self.day.push(days(m.day));
            self.day_source
                .push_static_opt(match (m.day, m.day_from_sentence) {
                    (None, _) => None,
                    (Some(_), true) => Some("sentence"),
                    (Some(_), false) => Some("document"),
                });
        }
    }

    /// The batch's rows, and the categories for the next batch's builder.
    pub fn finish(self) -> (PolarsResult<DataFrame>, MentionCats) {
        let (actor_id, id_cats) = self.actor_id.finish_keeping_keys();
        let (actor_name, name_cats) = self.actor_name.finish_keeping_keys();
        let (spans, actor_type, method) = (self.spans, self.actor_type, self.method);
        let (repeated, day, day_source) = (self.repeated, self.day, self.day_source);
        let rows = (|| {
            let mut columns = spans.finish();
            columns.extend([
                actor_id?,
                actor_name?,
                actor_type.finish()?,
                method.finish()?,
                Column::new("repeated".into(), repeated),
                Column::new("day".into(), day),
                day_source.finish()?,
            ]);
            conform(&MENTIONS, columns)
        })();
        let cats = MentionCats {
            actor_id: id_cats,
            actor_name: name_cats,
        };
        (rows, cats)
    }
}

/// Rows of the `dates` table for one batch.
pub struct DatesBuilder {
    spans: SpanColumns,
    kind: CatColumn,
    value: StrColumn,
    granularity: CatColumn,
    begin: Vec<Option<i32>>,
    end_date: Vec<Option<i32>>,
    anchor: CatColumn,
}

impl Default for DatesBuilder {
    fn default() -> Self {
        DatesBuilder {
            spans: SpanColumns::new("surface"),
            kind: CatColumn::new("type", 0),
            value: StrColumn::new("value", 0),
            granularity: CatColumn::new("granularity", 0),
            begin: Vec::new(),
            end_date: Vec::new(),
            anchor: CatColumn::new("anchor", 0),
        }
    }
}

impl DatesBuilder {
    pub fn push(&mut self, doc_id: &str, p: &Processed) {
        let inferred = p.doc.published_source == Some(crate::ingest::PublishedSource::Inferred);
        for t in &p.timexes {
            let x = &t.timex;
            let surface = &p.clean.text[x.start..x.end];
            self.spans
                .push(doc_id, t.sentence, (t.start, t.end), surface);
            self.kind.push_static(x.kind.as_str());
            self.value.push(&x.value);
            self.granularity.push_static(x.granularity.as_str());
            self.begin.push(days(x.begin));
            self.end_date.push(days(x.end_date));
            self.anchor.push_static(match x.anchor {
                crate::extract::dates::Anchor::Absolute => "absolute",
                crate::extract::dates::Anchor::Reference if inferred => "inferred",
                crate::extract::dates::Anchor::Reference => "published",
            });
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        let mut columns = self.spans.finish();
        columns.extend([
            self.kind.finish()?,
            self.value.finish(),
            self.granularity.finish()?,
            Column::new("begin".into(), self.begin),
            Column::new("end_date".into(), self.end_date),
            self.anchor.finish()?,
        ]);
        conform(&DATES, columns)
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
        let d = chrono::NaiveDate::from_ymd_opt(2024, 12, 18);
        assert_eq!(day_of(20075), d);
        assert_eq!(day_of(i32::MAX), None);
    }
}
