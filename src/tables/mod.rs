//! Output tables: their contracts ([`schema`]) and the builders that turn a
//! batch of processed documents into polars frames conforming to them.

mod builders;
mod schema;

pub use builders::{
    DocumentsBuilder, MentionsBuilder, RejectsBuilder, SentencesBuilder, conform, polars_schema,
};
pub use schema::{
    ColType, ColumnSpec, DOCUMENTS, MENTIONS, REJECTS, SENTENCES, TABLES, TableSpec, markdown,
    plain, table,
};
