//! The integration tests: one binary (built and linked once), one module
//! per area, each test in its own temporary work directory (`common`).

mod actors;
mod annotate;
mod check;
mod clean;
mod common;
mod dates;
mod incremental;
mod inputs;
mod odd_inputs;
mod readme;
mod report;
mod run;
mod scheduled;
mod schema;
