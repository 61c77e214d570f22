//! newsmill: turns a corpus of news articles into analytic tables.
//!
//! Stages are modules, each a function from the previous stage's type to its
//! own: [`ingest`] (files to raw documents or rejects), then the table
//! [`tables`] builders and the [`write`]r. [`run`] drives them over bounded
//! batches in parallel; [`check`] guards scheduled runs.

pub mod actors;
pub mod aggregate;
pub mod cache;
pub mod check;
pub mod clean;
pub mod config;
pub mod dates;
pub mod dedup;
pub mod discover;
pub mod document;
pub mod error;
pub mod ingest;
pub mod ner;
pub mod offsets;
pub mod paths;
mod prefetch;
pub mod run;
pub mod tables;
pub mod warnings;
pub mod write;
