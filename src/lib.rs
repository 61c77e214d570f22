//! newsmill: turns a corpus of news articles into analytic tables.
//!
//! One folder per stage, each a function from the previous stage's type to
//! its own: [`ingest`] (input files to raw documents or rejects), [`clean`]
//! (clean text, sentences, duplicates), [`extract`] (actors, dates and
//! unknown names into a per-document [`extract::record`]), [`aggregate`]
//! (counts by actor and day, candidates) and [`output`] (table contracts,
//! builders, writing, the manifest, `check`). [`run`] drives them over
//! bounded batches in parallel, and [`report`] draws a finished output as one
//! HTML page. A stage imports only the stages before it.

pub mod aggregate;
pub mod clean;
pub mod codec;
pub mod config;
pub mod epoch;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod offsets;
pub mod output;
pub mod paths;
mod prefetch;
pub mod report;
pub mod run;
pub mod warnings;
