//! The table contracts: every table's columns, types and meaning, defined
//! once. The writer conforms its frames to these, `newsmill schema` prints
//! them, `check` compares type names, and the README is generated from them.

/// A column type as users see it in Parquet, DuckDB and CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text.
    String,
    /// Repeated text, dictionary-encoded in Parquet (a string to DuckDB).
    Categorical,
    /// A calendar day (Parquet DATE); ISO `YYYY-MM-DD` in CSV.
    Date,
    UInt32,
    UInt64,
    Bool,
}

impl ColType {
    /// The name used in `newsmill schema`, expectations files and the README.
    pub fn name(self) -> &'static str {
        match self {
            ColType::String => "string",
            ColType::Categorical => "categorical",
            ColType::Date => "date",
            ColType::UInt32 => "uint32",
            ColType::UInt64 => "uint64",
            ColType::Bool => "bool",
        }
    }

    /// The type DuckDB reports for the Parquet column.
    pub fn duckdb(self) -> &'static str {
        match self {
            ColType::String | ColType::Categorical => "VARCHAR",
            ColType::Date => "DATE",
            ColType::UInt32 => "UINTEGER",
            ColType::UInt64 => "UBIGINT",
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

#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    pub name: &'static str,
    pub about: &'static str,
    /// How rows are ordered, so that runs can be compared row by row.
    pub order: &'static str,
    pub columns: &'static [ColumnSpec],
}

const fn col(
    name: &'static str,
    dtype: ColType,
    nullable: bool,
    about: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        name,
        dtype,
        nullable,
        about,
    }
}

use ColType::*;

pub const DOCUMENTS: TableSpec = TableSpec {
    name: "documents",
    about: "One row per input document that was read as text.",
    order: "input order: input files sorted by path, then line",
    columns: &[
        col(
            "doc_id",
            String,
            false,
            "Stable id: xxh3-64 of the document text as 16 hex digits; an exact repeat of an earlier \
             document's text in the same run gets `-2`, `-3`, ... appended.",
        ),
        col(
            "input",
            Categorical,
            false,
            "Input file the document came from, as the path was given.",
        ),
        col(
            "line",
            UInt64,
            true,
            "1-based line in a JSONL input; null for one-document files.",
        ),
        col(
            "external_id",
            String,
            true,
            "The document's own id from the JSONL `id` field or the manifest.",
        ),
        col(
            "source",
            Categorical,
            true,
            "Publisher, from the manifest or the JSONL `source` field.",
        ),
        col(
            "title",
            String,
            true,
            "Title from the manifest or the JSONL `title` field, else the headline found by the clean stage.",
        ),
        col(
            "author",
            String,
            true,
            "Author from a byline or author bio in the page text.",
        ),
        col(
            "url",
            String,
            true,
            "URL from the manifest or the JSONL `url` field.",
        ),
        col(
            "published",
            Date,
            true,
            "Publication day; null when no source gives one.",
        ),
        col(
            "published_source",
            Categorical,
            true,
            "Where `published` came from: `manifest`, `jsonl`, or `inferred` from the dates in the text; null when unknown.",
        ),
        col(
            "bytes",
            UInt64,
            false,
            "Size of the input bytes (the file, or the JSONL line).",
        ),
        col(
            "chars",
            UInt32,
            false,
            "Length of the input text in Unicode code points.",
        ),
        col(
            "chars_clean",
            UInt32,
            false,
            "Length of the clean text (`text`) in code points.",
        ),
        col(
            "boilerplate_chars",
            UInt32,
            false,
            "Code points of (normalized) page chrome removed: menus, captions, bios, teasers, trailers.",
        ),
        col(
            "sentences",
            UInt32,
            false,
            "Sentences in the clean text (rows in `sentences`).",
        ),
        col(
            "duplicate_of",
            String,
            true,
            "doc_id of an earlier document this one repeats: the same text, or at least \
             clean.near_duplicate_share (default 0.8) of its sentence characters taken from that one document.",
        ),
        col(
            "replaced_sequences",
            UInt32,
            false,
            "Invalid UTF-8 sequences replaced by U+FFFD (only with input.invalid_utf8 = \"replace\").",
        ),
        col(
            "text",
            String,
            false,
            "The clean text: normalized (NFC, one apostrophe and quote form, single spaces), main content \
             only, the headline first, one paragraph per line. Offsets in other tables index it in code points.",
        ),
    ],
};

pub const SENTENCES: TableSpec = TableSpec {
    name: "sentences",
    about: "One row per sentence of each document's clean text.",
    order: "documents' order, then sentence",
    columns: &[
        col("doc_id", String, false, "The document (see `documents`)."),
        col(
            "sentence",
            UInt32,
            false,
            "0-based index of the sentence in its document.",
        ),
        col(
            "start",
            UInt32,
            false,
            "Code-point offset of the first character in `documents.text` (Python: text[start:end]).",
        ),
        col(
            "end",
            UInt32,
            false,
            "Code-point offset just past the last character.",
        ),
        col("text", String, false, "The sentence."),
        col(
            "repeated",
            Bool,
            false,
            "The same normalized sentence (case, spacing and punctuation folded) appeared in an earlier \
             document of the run.",
        ),
    ],
};

pub const MENTIONS: TableSpec = TableSpec {
    name: "mentions",
    about: "One row per reference to a known actor in a document's clean text, and per name the dictionary does not know (method `discovered`, see `candidates`).",
    order: "documents' order, then start",
    columns: &[
        col("doc_id", String, false, "The document (see `documents`)."),
        col(
            "sentence",
            UInt32,
            false,
            "Index of the sentence holding the mention (see `sentences`).",
        ),
        col(
            "start",
            UInt32,
            false,
            "Code-point offset in `documents.text`; a possessive 's is not part of the span.",
        ),
        col(
            "end",
            UInt32,
            false,
            "Code-point offset just past the mention.",
        ),
        col("surface", String, false, "The text as written."),
        col(
            "actor_id",
            Categorical,
            true,
            "Dictionary id of the actor; null for a discovered name.",
        ),
        col(
            "actor_name",
            Categorical,
            false,
            "The actor's canonical name; for a discovered name, its `candidates.name`.",
        ),
        col(
            "actor_type",
            Categorical,
            false,
            "person, organization, country or place; a discovered name's guessed type is person, \
             organization, place or misc.",
        ),
        col(
            "method",
            Categorical,
            false,
            "name (canonical name), alias, surname (a person's last name alone), title (a role title resolved \
             through the role valid on the publication day), demonym (\"Ukrainian forces\": a reference to the country), \
             first_name (\"We thank Mark\" in a document that names Mark Rutte in full), discovered (a name no actor \
             matches; never counted in the aggregates).",
        ),
        col(
            "repeated",
            Bool,
            false,
            "The mention's sentence repeats one from an earlier document (see `sentences`).",
        ),
        col(
            "day",
            Date,
            true,
            "The day the mention is about: the day-granular date written in its sentence (the nearest one \
             if several), else the document's publication day, else null.",
        ),
        col(
            "day_source",
            Categorical,
            true,
            "`sentence` or `document`; null when `day` is null.",
        ),
    ],
};

pub const DATES: TableSpec = TableSpec {
    name: "dates",
    about: "One row per temporal expression in a document's clean text, normalized as TIMEX3.",
    order: "documents' order, then start",
    columns: &[
        col("doc_id", String, false, "The document (see `documents`)."),
        col(
            "sentence",
            UInt32,
            false,
            "Index of the sentence holding the expression.",
        ),
        col(
            "start",
            UInt32,
            false,
            "Code-point offset in `documents.text`.",
        ),
        col(
            "end",
            UInt32,
            false,
            "Code-point offset just past the expression.",
        ),
        col("surface", String, false, "The text as written."),
        col(
            "type",
            Categorical,
            false,
            "TIMEX3 type: DATE, TIME, DURATION or SET.",
        ),
        col(
            "value",
            String,
            false,
            "TIMEX3 value: 2024-12-18, 2024-12, 2024-W51, 2024-Q3, 2024, 199 (the 1990s), PAST_REF, \
             PRESENT_REF, FUTURE_REF, P3D, XXXX-12-18 when no reference day is known...",
        ),
        col(
            "granularity",
            Categorical,
            false,
            "day, week, month, quarter, year, decade, century, time or unknown.",
        ),
        col(
            "begin",
            Date,
            true,
            "First day of the calendar interval the expression denotes, when it denotes one.",
        ),
        col(
            "end_date",
            Date,
            true,
            "Last day of that interval (the same as begin for a single day).",
        ),
        col(
            "anchor",
            Categorical,
            false,
            "`absolute` (fully written out), `published` (resolved against the publication day) or `inferred` \
             (against a publication day inferred from the text).",
        ),
    ],
};

pub const ACTOR_DAY: TableSpec = TableSpec {
    name: "actor_day",
    about: "Mentions of each actor on each publication day.",
    order: "day (nulls last), then actor_id",
    columns: &[
        col(
            "actor_id",
            Categorical,
            false,
            "Dictionary id of the actor.",
        ),
        col(
            "actor_name",
            Categorical,
            false,
            "The actor's canonical name.",
        ),
        col(
            "actor_type",
            Categorical,
            false,
            "person, organization, country or place.",
        ),
        col(
            "day",
            Date,
            true,
            "Publication day of the documents; null when unknown.",
        ),
        col(
            "mentions",
            UInt64,
            false,
            "Counted mentions: rows of `mentions` for the actor and day, demonyms left out unless \
             aggregate.count_demonyms is set.",
        ),
        col(
            "unique_mentions",
            UInt64,
            false,
            "Counted mentions outside repeated sentences (sentences.repeated) and duplicate documents \
             (documents.duplicate_of): each piece of reporting once.",
        ),
        col(
            "documents",
            UInt64,
            false,
            "Documents with at least one counted mention.",
        ),
    ],
};

pub const ACTOR_EVENT_DAY: TableSpec = TableSpec {
    name: "actor_event_day",
    about: "Mentions of each actor by the day each mention is about (`mentions.day`).",
    order: "day (nulls last), then actor_id",
    columns: &[
        col(
            "actor_id",
            Categorical,
            false,
            "Dictionary id of the actor.",
        ),
        col(
            "actor_name",
            Categorical,
            false,
            "The actor's canonical name.",
        ),
        col(
            "actor_type",
            Categorical,
            false,
            "person, organization, country or place.",
        ),
        col(
            "day",
            Date,
            true,
            "`mentions.day`; null when the mention has no day.",
        ),
        col(
            "mentions",
            UInt64,
            false,
            "Counted mentions, as in `actor_day`.",
        ),
        col(
            "unique_mentions",
            UInt64,
            false,
            "Counted mentions outside repeated sentences and duplicate documents.",
        ),
        col(
            "documents",
            UInt64,
            false,
            "Documents with at least one such mention.",
        ),
        col(
            "from_sentence",
            UInt64,
            false,
            "How many of the mentions took their day from a date in their sentence (the rest: the publication day).",
        ),
    ],
};

pub const ACTOR_PAIR_DAY: TableSpec = TableSpec {
    name: "actor_pair_day",
    about: "Co-mentions: two actors with counted mentions in one sentence, by publication day.",
    order: "day (nulls last), then actor_a, actor_b",
    columns: &[
        col(
            "actor_a",
            Categorical,
            false,
            "The pair's first actor id (actor_a < actor_b).",
        ),
        col("actor_b", Categorical, false, "The pair's second actor id."),
        col("day", Date, true, "Publication day; null when unknown."),
        col("sentences", UInt64, false, "Sentences that mention both."),
        col(
            "documents",
            UInt64,
            false,
            "Documents with such a sentence.",
        ),
    ],
};

pub const REJECTS: TableSpec = TableSpec {
    name: "rejects",
    about: "One row per input that did not become a document, with the reason.",
    order: "input order, as for documents",
    columns: &[
        col(
            "input",
            Categorical,
            false,
            "Input file, as the path was given.",
        ),
        col(
            "line",
            UInt64,
            true,
            "1-based line in a JSONL input; null for a whole file.",
        ),
        col(
            "reason",
            Categorical,
            false,
            "One of: unreadable, missing_file, unsupported_format, too_large, empty, binary, \
             invalid_utf8, malformed_json, missing_text.",
        ),
        col(
            "detail",
            String,
            false,
            "What is wrong and what to do about it.",
        ),
    ],
};

pub const CANDIDATES: TableSpec = TableSpec {
    name: "candidates",
    about: "Names the dictionary does not know (`mentions.method = 'discovered'`), one row per name: \
            material for growing the actor dictionary. Never counted in the aggregates.",
    order: "mentions, most first, then name",
    columns: &[
        col(
            "name",
            String,
            false,
            "The name as written, possessive left out.",
        ),
        col(
            "type",
            Categorical,
            false,
            "Guessed type: PER, ORG, LOC or MISC (the recognizer's most frequent label for the name).",
        ),
        col("mentions", UInt64, false, "Mentions in the run."),
        col("documents", UInt64, false, "Documents that mention it."),
        col(
            "first_day",
            Date,
            true,
            "Earliest `mentions.day` of its mentions; null when none has a day.",
        ),
        col(
            "last_day",
            Date,
            true,
            "Latest `mentions.day` of its mentions.",
        ),
        col(
            "example_doc_id",
            String,
            false,
            "The first document that mentions it.",
        ),
        col(
            "example",
            String,
            false,
            "The first sentence that mentions it (at most 400 bytes).",
        ),
    ],
};

/// Every table a run writes, in the order they are documented.
pub const TABLES: &[TableSpec] = &[
    DOCUMENTS,
    SENTENCES,
    MENTIONS,
    DATES,
    ACTOR_DAY,
    ACTOR_EVENT_DAY,
    ACTOR_PAIR_DAY,
    CANDIDATES,
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
            "### `{}`\n\n{} Rows: {}.\n\n",
            t.name, t.about, t.order
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
        out.push_str(&format!("{}: {}\n  rows: {}\n", t.name, t.about, t.order));
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
