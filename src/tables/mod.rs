//! Output tables: their contracts ([`schema`]) and the builders that turn a
//! batch of processed documents into polars frames conforming to them.

mod builders;
mod columns;
pub mod csv;
mod schema;

pub use builders::{
    DatesBuilder, DocumentsBuilder, MentionCats, MentionsBuilder, RejectsBuilder, SentencesBuilder,
    conform, days, polars_schema,
};
pub use schema::{
    ACTOR_DAY, ACTOR_EVENT_DAY, ACTOR_PAIR_DAY, CANDIDATES, ColType, ColumnSpec, DATES, DOCUMENTS,
    MENTIONS, REJECTS, SENTENCES, TABLES, TableSpec, markdown, plain, table,
};
