//! The table contracts: every table's columns, types and meaning, declared
//! once with [`table!`], which also gives each table its column buffers.
//! The builders fill those, the writer conforms its frames to the
//! contracts, `newsmill schema` prints them, `check` compares type names,
//! and the README is generated from them.

use polars::prelude::{DataFrame, PolarsResult};

use super::columns::{ColumnBuffer, StrColumn, conform};

/// A column type as users see it in Parquet, DuckDB and CSV. Integers are
/// signed, so differences of counts never wrap; text is plain strings (the
/// Parquet writer dictionary-encodes repeated values itself), so columns
/// join across tables and libraries without casts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text.
    String,
    /// A calendar day (Parquet DATE); ISO `YYYY-MM-DD` in CSV.
    Date,
    /// A UTC instant to the microsecond (Parquet TIMESTAMP, no time zone
    /// stored); `YYYY-MM-DD HH:MM:SS` (UTC) in CSV.
    Timestamp,
    /// Offsets and indexes within one document.
    Int32,
    /// Counts and sizes.
    Int64,
    Bool,
}

impl ColType {
    /// The name used in `newsmill schema`, expectations files and the README.
    pub fn name(self) -> &'static str {
        match self {
            ColType::String => "string",
            ColType::Date => "date",
            ColType::Timestamp => "timestamp",
            ColType::Int32 => "int32",
            ColType::Int64 => "int64",
            ColType::Bool => "bool",
        }
    }

    /// The type DuckDB reports for the Parquet column.
    pub fn duckdb(self) -> &'static str {
        match self {
            ColType::String => "VARCHAR",
            ColType::Date => "DATE",
            ColType::Timestamp => "TIMESTAMP",
            ColType::Int32 => "INTEGER",
            ColType::Int64 => "BIGINT",
            ColType::Bool => "BOOLEAN",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub dtype: ColType,
    pub nullable: bool,
    pub about: &'static str,
}

/// What a table's rows stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Rows of one document each (documents, sentences, mentions...).
    PerDocument,
    /// Rows of one rejected input each.
    PerInput,
    /// Rows summed over the whole run (aggregates, candidates, actors).
    PerRun,
}

impl Rows {
    /// Per-document and per-input tables are datasets: a folder of part
    /// files, to which a run that adds inputs adds parts. Per-run tables
    /// are one file, rewritten by every run.
    pub fn dataset(self) -> bool {
        self != Rows::PerRun
    }
}

impl TableSpec {
    /// Where the table's Parquet data lives, relative to the output
    /// directory, as a glob for datasets.
    pub fn parquet_glob(&self) -> std::string::String {
        if self.rows.dataset() {
            format!("{}/*.parquet", self.name)
        } else {
            format!("{}.parquet", self.name)
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    pub name: &'static str,
    pub about: &'static str,
    /// How rows are ordered, so that runs can be compared row by row.
    pub order: &'static str,
    /// What a row stands for, which decides how the table is stored.
    pub rows: Rows,
    pub columns: &'static [ColumnSpec],
}

/// Declares a table once: its contract (`$spec`, a [`TableSpec`]) and its
/// column buffers (`$columns`: one public field per column, in contract
/// order, typed by the column's type and nullability), whose `finish`
/// builds the frame in contract order. `rows` is `per_document`,
/// `per_input` or `per_run` (see [`Rows`]). A column whose name is a Rust keyword gives its field
/// another name: `kind as "type"`.
macro_rules! table {
    (
        $spec:ident, $columns:ident {
            name: $name:literal,
            rows: $rows:ident,
            about: $about:expr,
            order: $order:expr,
            columns: {
                $($field:ident $(as $column:literal)?: $dtype:ident, $null:ident, $doc:expr;)*
            }
        }
    ) => {
        pub const $spec: TableSpec = TableSpec {
            name: $name,
            about: $about,
            order: $order,
            rows: rows!($rows),
            columns: &[$(ColumnSpec {
                name: column_name!($field $(as $column)?),
                dtype: ColType::$dtype,
                nullable: nullable!($null),
                about: $doc,
            }),*],
        };

        #[doc = concat!("Column buffers of the `", $name, "` table, in contract order.")]
        pub struct $columns {
            $(pub $field: buffer!($dtype, $null),)*
        }

        impl $columns {
            pub fn with_capacity(rows: usize) -> Self {
                $columns {
                    $($field: ColumnBuffer::with_capacity(column_name!($field $(as $column)?), rows),)*
                }
            }

            /// The rows as a frame that conforms to the contract.
            pub fn finish(self) -> PolarsResult<DataFrame> {
                conform(
                    &$spec,
                    vec![$(ColumnBuffer::finish(self.$field, column_name!($field $(as $column)?))?),*],
                )
            }
        }

        impl Default for $columns {
            fn default() -> Self {
                Self::with_capacity(0)
            }
        }
    };
}

macro_rules! column_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident as $column:literal) => {
        $column
    };
}

macro_rules! rows {
    (per_document) => {
        Rows::PerDocument
    };
    (per_input) => {
        Rows::PerInput
    };
    (per_run) => {
        Rows::PerRun
    };
}

macro_rules! nullable {
    (required) => {
        false
    };
    (nullable) => {
        true
    };
}

/// The buffer a column is built in: strings append in place,
/// numbers and days (polars' days since 1970) go into vectors.
macro_rules! buffer {
    (String, $null:ident) => { StrColumn };
    (Date, required) => { Vec<i32> };
    (Date, nullable) => { Vec<Option<i32>> };
    (Timestamp, nullable) => { Vec<Option<i64>> };
    (Int32, required) => { Vec<i32> };
    (Int32, nullable) => { Vec<Option<i32>> };
    (Int64, required) => { Vec<i64> };
    (Int64, nullable) => { Vec<Option<i64>> };
    (Bool, required) => { Vec<bool> };
    (Bool, nullable) => { Vec<Option<bool>> };
}

table! {
    DOCUMENTS, DocumentsColumns {
        name: "documents",
        rows: per_document,
        about: "One row per input document that was read as text.",
        order: "input order: input files sorted by path, then line",
        columns: {
            doc_id: String, required, "Stable id: xxh3-64 of the document text as 16 hex digits; an exact repeat of an earlier \
             document's text in the same run gets `-2`, `-3`, ... appended.";
            input: String, required, "Input file the document came from, as the path was given.";
            line: Int64, nullable, "1-based line in a JSONL input; null for one-document files.";
            external_id: String, nullable, "The document's own id from the JSONL `id` field or the manifest.";
            source: String, nullable, "Publisher, from the manifest or the JSONL `source` field.";
            title: String, nullable, "Title from the manifest or the JSONL `title` field, else an HTML page's headline (its `<h1>` or \
             metadata), else the headline found by the clean stage.";
            author: String, nullable, "Author from an HTML page's metadata (JSON-LD, `<meta name=author>`, a byline element), \
             else from a byline or author bio in the text.";
            url: String, nullable, "URL from the manifest or the JSONL `url` field; a WARC record's `WARC-Target-URI`; else an \
             HTML page's `<link rel=canonical>`.";
            captured: Timestamp, nullable, "When a crawler fetched the page (a WARC record's `WARC-Date`, UTC); null for other inputs.";
            language: String, nullable, "ISO 639-1 code of the language of `text` (`en`, `de`, `zh`): detected from the clean text \
             (whatlang) when the guess is sure, else what an HTML page declares (`<html lang>`); null for text too short or \
             mixed to tell.";
            published: Date, nullable, "Publication day; null when no source gives one.";
            published_source: String, nullable, "Where `published` came from: `manifest`, `jsonl`; for an HTML page `jsonld` (its \
             `datePublished`), `html_meta` (`<meta>` tags, `<time datetime>`), `url` (a date in its URL) or `html_text` (the first day written out in its text, or in digits under its headline); or `inferred` from the \
             text's dateline and dates and its feed (README, Dates); null when unknown.";
            published_confidence: String, nullable, "For an inferred day: `high` (a dateline, its year from the feed, which the \
             text's own full dates agree with) or `medium` (a dateline, its year from the feed); else null.";
            bytes: Int64, required, "Size of the input bytes (the file, or the JSONL line).";
            chars: Int64, required, "Length of the input text in Unicode code points.";
            chars_clean: Int64, required, "Length of the clean text (`text`) in code points.";
            boilerplate_chars: Int64, required, "Code points of (normalized) page chrome removed: menus, captions, bios, teasers, trailers.";
            sentences: Int64, required, "Sentences in the clean text (rows in `sentences`).";
            duplicate_of: String, nullable, "doc_id of an earlier document this one repeats: the same text, or at least \
             clean.near_duplicate_share (default 0.8) of its sentence characters taken from that one document.";
            replaced_sequences: Int64, required, "Invalid UTF-8 sequences replaced by U+FFFD (only with input.invalid_utf8 = \"replace\").";
            text: String, required, "The clean text: normalized (NFC, one apostrophe and quote form, single spaces), main content \
             only, the headline first, one paragraph per line. Offsets in other tables index it in code points.";
        }
    }
}

table! {
    SENTENCES, SentencesColumns {
        name: "sentences",
        rows: per_document,
        about: "One row per sentence of each document's clean text.",
        order: "documents' order, then sentence",
        columns: {
            doc_id: String, required, "The document (see `documents`).";
            sentence: Int32, required, "0-based index of the sentence in its document.";
            start_char: Int32, required, "Code-point offset of the first character in `documents.text` (Python: text[start_char:end_char]).";
            end_char: Int32, required, "Code-point offset just past the last character.";
            text: String, required, "The sentence.";
            repeated: Bool, required, "The same normalized sentence (case, spacing and punctuation folded) appeared in an earlier \
             document of the run.";
        }
    }
}

table! {
    MENTIONS, MentionsColumns {
        name: "mentions",
        rows: per_document,
        about: "One row per reference to a dictionary actor in a document's clean text.",
        order: "documents' order, then start_char",
        columns: {
            doc_id: String, required, "The document (see `documents`).";
            sentence: Int32, required, "Index of the sentence holding the mention (see `sentences`).";
            start_char: Int32, required, "Code-point offset in `documents.text`; a possessive 's is not part of the span.";
            end_char: Int32, required, "Code-point offset just past the mention.";
            surface: String, required, "The text as written.";
            actor_id: String, required, "Dictionary id of the actor (see `actors`).";
            actor_name: String, required, "The actor's canonical name.";
            actor_type: String, required, "person, organization, country or place.";
            method: String, required, "name (canonical name), alias, surname (a person's last name alone), title (a role title resolved \
             through the role valid on the publication day), demonym (\"Ukrainian forces\": a reference to the country), \
             first_name (\"We thank Mark\" in a document that names Mark Rutte in full).";
            repeated: Bool, required, "The mention's sentence repeats one from an earlier document (see `sentences`).";
            day: Date, nullable, "The day the mention is about: the day-granular date written in its sentence (the nearest one \
             if several), else the document's publication day, else null.";
            day_source: String, nullable, "`sentence` or `document`; null when `day` is null.";
        }
    }
}

table! {
    NAME_MENTIONS, NameMentionsColumns {
        name: "name_mentions",
        rows: per_document,
        about: "One row per name in a document's clean text that no dictionary actor matches (see `candidates`); \
            never counted in the aggregates.",
        order: "documents' order, then start_char",
        columns: {
            doc_id: String, required, "The document (see `documents`).";
            sentence: Int32, required, "Index of the sentence holding the name (see `sentences`).";
            start_char: Int32, required, "Code-point offset in `documents.text`; a possessive 's is not part of the span.";
            end_char: Int32, required, "Code-point offset just past the name.";
            surface: String, required, "The text as written.";
            name: String, required, "The name it counts under in `candidates` (`candidates.name`).";
            kind as "type": String, required, "The recognizer's type for this mention: person, organization, place or misc.";
        }
    }
}

table! {
    DATES, DatesColumns {
        name: "dates",
        rows: per_document,
        about: "One row per temporal expression in a document's clean text, normalized as TIMEX3.",
        order: "documents' order, then start_char",
        columns: {
            doc_id: String, required, "The document (see `documents`).";
            sentence: Int32, required, "Index of the sentence holding the expression.";
            start_char: Int32, required, "Code-point offset in `documents.text`.";
            end_char: Int32, required, "Code-point offset just past the expression.";
            surface: String, required, "The text as written.";
            kind as "type": String, required, "TIMEX3 type: DATE, TIME, DURATION or SET.";
            value: String, required, "TIMEX3 value: 2024-12-18, 2024-12, 2024-W51, 2024-Q3, 2024, 199 (the 1990s), PAST_REF, \
             PRESENT_REF, FUTURE_REF, P3D, XXXX-12-18 when no reference day is known...";
            granularity: String, required, "day, week, month, quarter, year, decade, century, time or unknown.";
            first_day: Date, nullable, "First day of the calendar interval the expression denotes, when it denotes one.";
            last_day: Date, nullable, "Last day of that interval (the same as first_day for a single day).";
            anchor: String, required, "`absolute` (fully written out), `published` (resolved against the publication day) or `inferred` \
             (against a publication day inferred from the text).";
        }
    }
}

table! {
    ACTOR_DAY, ActorDayColumns {
        name: "actor_day",
        rows: per_run,
        about: "Mentions of each actor on each publication day.",
        order: "day (nulls last), then actor_id",
        columns: {
            actor_id: String, required, "Dictionary id of the actor.";
            actor_name: String, required, "The actor's canonical name.";
            actor_type: String, required, "person, organization, country or place.";
            day: Date, nullable, "Publication day of the documents; null when unknown.";
            mentions: Int64, required, "Counted mentions: rows of `mentions` for the actor and day, demonyms left out unless \
             [actors] count_demonyms is set.";
            unique_mentions: Int64, required, "Counted mentions outside repeated sentences (sentences.repeated) and duplicate documents \
             (documents.duplicate_of): each piece of reporting once.";
            documents: Int64, required, "Documents with at least one counted mention.";
        }
    }
}

table! {
    ACTOR_EVENT_DAY, ActorEventDayColumns {
        name: "actor_event_day",
        rows: per_run,
        about: "Mentions of each actor by the day each mention is about (`mentions.day`).",
        order: "day (nulls last), then actor_id",
        columns: {
            actor_id: String, required, "Dictionary id of the actor.";
            actor_name: String, required, "The actor's canonical name.";
            actor_type: String, required, "person, organization, country or place.";
            day: Date, nullable, "`mentions.day`; null when the mention has no day.";
            mentions: Int64, required, "Counted mentions, as in `actor_day`.";
            unique_mentions: Int64, required, "Counted mentions outside repeated sentences and duplicate documents.";
            documents: Int64, required, "Documents with at least one such mention.";
            from_sentence: Int64, required, "How many of the mentions took their day from a date in their sentence (the rest: the publication day).";
        }
    }
}

table! {
    ACTOR_PAIR_DAY, ActorPairDayColumns {
        name: "actor_pair_day",
        rows: per_run,
        about: "Co-mentions: two actors with counted mentions in one sentence, by publication day.",
        order: "day (nulls last), then actor_a, actor_b",
        columns: {
            actor_a: String, required, "The pair's first actor id (actor_a < actor_b).";
            actor_a_name: String, required, "Its canonical name.";
            actor_b: String, required, "The pair's second actor id.";
            actor_b_name: String, required, "Its canonical name.";
            day: Date, nullable, "Publication day; null when unknown.";
            sentences: Int64, required, "Sentences that mention both.";
            documents: Int64, required, "Documents with such a sentence.";
        }
    }
}

table! {
    REJECTS, RejectsColumns {
        name: "rejects",
        rows: per_input,
        about: "One row per input that did not become a document, with the reason.",
        order: "input order, as for documents",
        columns: {
            input: String, required, "Input file, as the path was given.";
            line: Int64, nullable, "1-based line in a JSONL input; null for a whole file.";
            reason: String, required, "One of: unreadable, missing_file, unsupported_format, too_large, empty, binary, \
             invalid_utf8, malformed_json, missing_text.";
            detail: String, required, "What is wrong and what to do about it.";
        }
    }
}

table! {
    CANDIDATES, CandidatesColumns {
        name: "candidates",
        rows: per_run,
        about: "Names the dictionary does not know (`name_mentions`), one row per name: material for growing \
            the actor dictionary. Never counted in the aggregates. Left out: sign-offs that end many documents \
            (\"Reuter\"), and a generic noun alone that is no person's name (\"Bank\", \"Federal\": a word \
            written in lower case at least two times in five that it is capitalized).",
        order: "mentions, most first, then name",
        columns: {
            name: String, required, "The name as written, possessive left out; a one-word name followed by 's in nine \
             tenths of its mentions (at least 5) keeps it, as a brand's (\"Moody's\").";
            kind as "type": String, required, "Guessed type: person, organization, place or misc (the type most of its mentions \
             have; organization for a brand).";
            mentions: Int64, required, "Mentions in the run.";
            documents: Int64, required, "Documents that mention it.";
            first_day: Date, nullable, "Earliest publication day of the documents that mention it; null when none has one.";
            last_day: Date, nullable, "Latest publication day of the documents that mention it.";
            example_doc_id: String, required, "The first document that mentions it.";
            example: String, required, "The first sentence that mentions it (at most 400 bytes).";
        }
    }
}

table! {
    ACTORS, ActorsColumns {
        name: "actors",
        rows: per_run,
        about: "One row per dictionary actor: what the ids in the other tables stand for.",
        order: "actor_id",
        columns: {
            actor_id: String, required, "Dictionary id (as in `mentions`, `actor_day` and `actor_pair_day`).";
            actor_name: String, required, "Canonical name.";
            actor_type: String, required, "person, organization, country or place.";
            country: String, nullable, "ISO 3166 alpha-2 code of the actor's country, when the dictionary gives one.";
            aliases: String, nullable, "Other names that refer to the actor, separated by `; `.";
            roles: String, nullable, "Roles held, current and past, with their dates, separated by `; `: \
             `role (from YYYY-MM-DD until YYYY-MM-DD)`, until exclusive, open ends left out.";
        }
    }
}

/// Every table a run writes, in the order they are documented.
pub const TABLES: &[TableSpec] = &[
    DOCUMENTS,
    SENTENCES,
    MENTIONS,
    NAME_MENTIONS,
    DATES,
    ACTOR_DAY,
    ACTOR_EVENT_DAY,
    ACTOR_PAIR_DAY,
    CANDIDATES,
    ACTORS,
    REJECTS,
];

pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

/// The contracts as Markdown, for the README and `newsmill schema --markdown`.
pub fn markdown(tables: &[TableSpec]) -> std::string::String {
    let mut out = std::string::String::new();
    for t in tables {
        out.push_str(&format!(
            "### `{}`\n\n{} Rows: {}. Files: `{}`.\n\n",
            t.name,
            t.about,
            t.order,
            t.parquet_glob()
        ));
        out.push_str("| column | type | null | meaning |\n| --- | --- | --- | --- |\n");
        for c in t.columns {
            let null = if c.nullable { "yes" } else { "no" };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.dtype.name(),
                null,
                c.about.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}

/// The contracts as aligned plain text, for the terminal.
pub fn plain(tables: &[TableSpec]) -> std::string::String {
    let mut out = std::string::String::new();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}: {}\n  rows: {}\n  files: {}\n",
            t.name,
            t.about,
            t.order,
            t.parquet_glob()
        ));
        let width = t.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in t.columns {
            let null = if c.nullable { ", null" } else { "" };
            out.push_str(&format!(
                "  {:width$}  {}{}\n      {}\n",
                c.name,
                c.dtype.name(),
                null,
                c.about
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_column_names_are_unique() {
        for (i, t) in TABLES.iter().enumerate() {
            assert!(
                TABLES[i + 1..].iter().all(|o| o.name != t.name),
                "{}",
                t.name
            );
            for (j, c) in t.columns.iter().enumerate() {
                assert!(
                    t.columns[j + 1..].iter().all(|o| o.name != c.name),
                    "{}.{}",
                    t.name,
                    c.name
                );
            }
        }
    }
}

table! {
    SHARD_DOCUMENTS, ShardDocumentsColumns {
        name: "shard_documents",
        rows: per_document,
        about: "A shard's documents (`newsmill run --shard`): what the distributed merge needs to give them their \
            run-wide `doc_id` and `duplicate_of`.",
        order: "input order",
        columns: {
            doc_key: String, required, "The document's key in the shard's tables (their `doc_id`): the shard and the ordinal.";
            shard: Int64, required, "The shard's number: shards are in input order.";
            ordinal: Int64, required, "0-based position of the document in its shard.";
            content_hash: String, required, "xxh3-64 of the input text as 16 hex digits (`doc_id` without a suffix).";
        }
    }
}

table! {
    SHARD_SENTENCES, ShardSentencesColumns {
        name: "shard_sentences",
        rows: per_document,
        about: "A shard's sentence keys (`newsmill run --shard`), for repeated sentences and near duplicates.",
        order: "input order, then sentence",
        columns: {
            doc_key: String, required, "As in `shard_documents`.";
            sentence: Int32, required, "0-based index of the sentence in its document.";
            sentence_key: Int64, required, "xxh3-64 of the normalized sentence (case, spacing and punctuation folded), as a signed integer.";
            chars: Int32, required, "The sentence's length as the duplicate share counts it.";
        }
    }
}

table! {
    SHARD_NAMES, ShardNamesColumns {
        name: "shard_names",
        rows: per_document,
        about: "A shard's unknown names as `candidates` counts them (`newsmill run --shard`).",
        order: "input order, then mention",
        columns: {
            doc_key: String, required, "As in `shard_documents`.";
            mention: Int32, required, "0-based index of the name among its document's unknown names.";
            name: String, required, "The name it counts under (`name_mentions.name`).";
            kind as "type": String, required, "The recognizer's type for this mention.";
            ending: Bool, required, "The name ends its document (a sign-off such as \"Reuter\").";
            possessive: Bool, required, "A possessive 's follows the name (\"Moody\" of \"Moody's\").";
            generic: Bool, required, "The name is a word often written in lower case (`candidates` leaves such a word alone out).";
            title: String, nullable, "For a name in capitals, the same name in title case; else null.";
            example: String, nullable, "The sentence (at most 400 bytes), for the name's first mention in the shard; else null.";
        }
    }
}

/// The tables a shard run (`newsmill run --shard`) writes besides
/// [`TABLES`], for the distributed merge (`spark/newsmill_spark.py`). Its
/// per-document tables are keyed by shard and ordinal instead of `doc_id`,
/// and its per-run tables count the shard alone and are not used.
pub const SHARD_TABLES: &[TableSpec] = &[SHARD_DOCUMENTS, SHARD_SENTENCES, SHARD_NAMES];
