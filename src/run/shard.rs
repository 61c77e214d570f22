//! A shard run (`newsmill run --shard N`): one piece of a distributed run
//! (`spark/newsmill_spark.py`). The per-document work is the same; what
//! depends on earlier documents (ids of exact repeats, repeated sentences,
//! duplicates, candidates) is left to the distributed merge, which gets
//! here what it needs: each document's content hash, its sentence keys,
//! and its unknown names as `candidates` counts them.

use crate::aggregate::candidates;
use crate::extract::discover::{actor_type, in_capitals, title_case};
use crate::extract::ner::{Recognizer, StrHashSet};
use crate::extract::record::Processed;
use crate::output::{
    self, ShardDocumentsColumns, ShardNamesColumns, ShardSentencesColumns, TableSpec,
};
use polars::prelude::{DataFrame, PolarsResult};

use super::merge::unknown_names;

/// The shard's number and what it remembers across batches.
pub(super) struct Shard<'m> {
    number: u32,
    recognizer: &'m Recognizer,
    /// Names whose first mention in the shard gave their example already.
    named: StrHashSet<String>,
}

/// One batch's rows of the shard tables.
#[derive(Default)]
pub(super) struct ShardRows {
    documents: ShardDocumentsColumns,
    sentences: ShardSentencesColumns,
    names: ShardNamesColumns,
}

impl<'m> Shard<'m> {
    pub(super) fn new(number: u32, recognizer: &'m Recognizer) -> Shard<'m> {
        Shard {
            number,
            recognizer,
            named: Default::default(),
        }
    }

    /// The document's key in the shard's tables, in place of its `doc_id`:
    /// sorts as the documents come, across shards too.
    pub(super) fn key(&self, ordinal: u32) -> String {
        format!("{:06}-{ordinal:010}", self.number)
    }

    /// Adds a document's rows.
    pub(super) fn push(&mut self, rows: &mut ShardRows, key: &str, ordinal: u32, p: &Processed) {
        let d = &mut rows.documents;
        d.doc_key.push(key);
        d.shard.push(i64::from(self.number));
        d.ordinal.push(i64::from(ordinal));
        d.content_hash.push(&format!("{:016x}", p.content_hash));
        let s = &mut rows.sentences;
        for (i, (&sentence_key, &(start, end))) in
            p.sentence_keys.iter().zip(&p.sentence_spans).enumerate()
        {
            s.doc_key.push(key);
            s.sentence.push(i as i32);
            // The key's bits as they are: Parquet has no unsigned 64-bit type Spark reads.
            s.sentence_key.push(sentence_key as i64);
            s.chars.push((end - start) as i32);
        }
        let n = &mut rows.names;
        for (i, unknown) in unknown_names(p).enumerate() {
            n.doc_key.push(key);
            n.mention.push(i as i32);
            n.name.push(unknown.name);
            n.kind.push(actor_type(unknown.label));
            n.ending.push(unknown.ending);
            n.possessive.push(unknown.possessive);
            n.generic
                .push(self.recognizer.is_often_lowercase(unknown.name));
            let title = in_capitals(unknown.name).then(|| title_case(unknown.name));
            n.title.push_opt(title.as_deref());
            let first = !self.named.contains(unknown.name);
            if first {
                self.named.insert(unknown.name.to_owned());
            }
            n.example
                .push_opt(first.then(|| candidates::example(unknown.sentence)));
        }
    }
}

impl ShardRows {
    pub(super) fn finish(self) -> Vec<(&'static TableSpec, PolarsResult<DataFrame>)> {
        vec![
            (&output::SHARD_DOCUMENTS, self.documents.finish()),
            (&output::SHARD_SENTENCES, self.sentences.finish()),
            (&output::SHARD_NAMES, self.names.finish()),
        ]
    }
}
