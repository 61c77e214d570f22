//! Output stage: the table contracts ([`schema`]), the builders that turn a
//! batch of processed documents into polars frames conforming to them, the
//! Parquet and CSV [`write`]r with its commit, the run [`manifest`], and
//! [`check`] of a finished output against expectations, and [`read`]ing
//! its tables back.

mod builders;
pub mod check;
mod columns;
pub mod csv;
pub mod data_tests;
pub mod generation;
pub mod history;
pub mod lock;
pub mod manifest;
pub mod read;
mod schema;
pub mod write;

/// The page a run draws beside its tables (`crate::report`).
pub const REPORT: &str = "report.html";

pub use builders::{
    DatesBuilder, DocumentsBuilder, MentionsBuilder, NameMentionsBuilder, RejectsBuilder,
    SentencesBuilder, actors_table,
};
pub use columns::{conform, polars_schema};
pub use schema::{
    ACTOR_DAY, ACTOR_EVENT_DAY, ACTOR_PAIR_DAY, ACTORS, ActorDayColumns, ActorEventDayColumns,
    ActorPairDayColumns, ActorsColumns, CANDIDATES, CandidatesColumns, ColType, ColumnSpec, DATES,
    DOCUMENTS, MENTIONS, NAME_MENTIONS, REJECTS, Rows, SENTENCES, SHARD_DOCUMENTS, SHARD_NAMES,
    SHARD_SENTENCES, SHARD_TABLES, ShardDocumentsColumns, ShardNamesColumns, ShardSentencesColumns,
    TABLES, TableSpec, markdown, plain, table,
};
