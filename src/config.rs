//! Pipeline files: the TOML unit a scheduled batch job runs.
//!
//! Every relative path in a pipeline file is resolved against the directory
//! that holds the file, never the working directory, so a cron job can run
//! `newsmill run /srv/news/pipelines/daily.toml` from anywhere.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::ConfigError;
use crate::paths::normalize;

/// A parsed pipeline file with its paths resolved.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// Where the pipeline was read from (`None` when built in code).
    pub file: Option<PathBuf>,
    pub name: String,
    /// xxh3 of the pipeline file's text, for provenance.
    pub content_hash: u64,
    pub input: InputConfig,
    pub clean: CleanSettings,
    pub actors: ActorSettings,
    pub output: OutputConfig,
    pub run: RunConfig,
}

#[derive(Debug, Clone)]
pub struct InputConfig {
    /// Files, directories or glob patterns, already joined to the pipeline's
    /// directory.
    pub paths: Vec<PathBuf>,
    /// Optional manifest CSV for text files (`file,published,source,...`).
    pub manifest: Option<PathBuf>,
    pub invalid_utf8: InvalidUtf8,
    /// Documents larger than this are rejected rather than read into memory.
    pub max_document_bytes: u64,
    pub jsonl: JsonlFields,
}

/// What to do with input bytes that are not valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InvalidUtf8 {
    /// The document goes to `rejects` with reason `invalid_utf8`.
    #[default]
    Reject,
    /// Invalid sequences become U+FFFD and the document records how many.
    Replace,
}

/// Field names read from each JSONL object.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct JsonlFields {
    pub id: String,
    pub title: String,
    pub published: String,
    pub source: String,
    pub url: String,
    pub text: String,
    /// A field holding a web page, read as an `.html` file is, for objects
    /// without a `text` field.
    pub html: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            id: "id".into(),
            title: "title".into(),
            published: "published".into(),
            source: "source".into(),
            url: "url".into(),
            text: "text".into(),
            html: "html".into(),
        }
    }
}

/// Settings of the clean stage.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanSettings {
    /// Marker phrases added to the built-in ones: a line that is exactly a
    /// marker ends the article once its body has started ("Read more").
    pub markers: Vec<String>,
    /// A document whose sentence text comes at least this much (0..1, by
    /// characters) from one earlier document is its near-duplicate.
    pub near_duplicate_share: f64,
    /// How many distinct sentences the repeat and near-duplicate detector
    /// remembers (between this and twice this, the most recent), so memory
    /// stays flat however large the corpus: 12-18 bytes a sentence.
    pub repeat_memory_sentences: usize,
}

impl Default for CleanSettings {
    fn default() -> Self {
        CleanSettings {
            markers: Vec::new(),
            near_duplicate_share: 0.8,
            repeat_memory_sentences: 2_000_000,
        }
    }
}

/// Settings of actor extraction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorSettings {
    /// Dictionary files (resolved), loaded in order.
    pub dictionaries: Vec<PathBuf>,
    /// Aggregates count demonym references ("Ukrainian forces") too.
    pub count_demonyms: bool,
    /// Names no actor matches become `discovered` mentions and candidates.
    pub discover: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorSection {
    #[serde(default)]
    dictionaries: Vec<String>,
    #[serde(default)]
    count_demonyms: bool,
    #[serde(default = "yes")]
    discover: bool,
}

fn yes() -> bool {
    true
}

impl Default for ActorSection {
    fn default() -> Self {
        ActorSection {
            dictionaries: Vec::new(),
            count_demonyms: false,
            discover: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutputConfig {
    pub dir: PathBuf,
    /// Which tables get a CSV twin; every table is written as Parquet.
    pub csv: CsvTables,
    /// Write `report.html` beside the tables after every committed run
    /// (`[output] report`, `--no-report`).
    pub report: bool,
}

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Parquet,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
        }
    }
}

/// Which tables are written as CSV too (`[output] csv`, `--csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsvTables {
    /// The tables people open in a spreadsheet: the aggregates,
    /// `candidates`, `actors` and `rejects`, not the per-document tables.
    #[default]
    Summary,
    All,
    None,
}

impl CsvTables {
    pub fn as_str(self) -> &'static str {
        match self {
            CsvTables::Summary => "summary",
            CsvTables::All => "all",
            CsvTables::None => "none",
        }
    }

    pub fn parse(word: &str) -> Result<CsvTables, ConfigError> {
        match word.trim().to_ascii_lowercase().as_str() {
            "summary" => Ok(CsvTables::Summary),
            "all" => Ok(CsvTables::All),
            "none" => Ok(CsvTables::None),
            _ => Err(ConfigError::UnknownCsv(word.to_string())),
        }
    }

    /// Whether a table, per document or of the whole run, gets a CSV file.
    pub fn includes(self, per_document: bool) -> bool {
        match self {
            CsvTables::Summary => !per_document,
            CsvTables::All => true,
            CsvTables::None => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunConfig {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// A batch closes at this many documents...
    pub batch_documents: usize,
    /// ...or at this many input bytes, whichever comes first. Peak memory is
    /// a small multiple of one batch, whatever the corpus size.
    pub batch_bytes: u64,
    /// Keep per-document extraction results in the output directory and
    /// reuse them on the next run (see `cache`).
    pub cache: bool,
    /// Write empty tables when no document was read, instead of keeping
    /// the previous output and failing (`[run] allow_empty`, `--allow-empty`).
    pub allow_empty: bool,
    /// Read every input and write every table anew even when the run
    /// could append (`--rewrite`): the datasets come back as one part each.
    pub rewrite: bool,
    /// Wait for another run writing to the same output directory to end,
    /// instead of failing at once (`--wait`).
    pub wait: bool,
    /// Write this shard of a distributed run (`--shard`) instead of a
    /// whole run's tables.
    pub shard: Option<u32>,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            threads: 0,
            batch_documents: 2048,
            batch_bytes: 32 << 20,
            cache: true,
            allow_empty: false,
            rewrite: false,
            wait: false,
            shard: None,
        }
    }
}

// ---- the file format -------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineFile {
    name: Option<String>,
    input: InputSection,
    #[serde(default)]
    clean: CleanSettings,
    #[serde(default)]
    actors: ActorSection,
    output: OutputSection,
    #[serde(default)]
    run: RunSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputSection {
    paths: Vec<String>,
    manifest: Option<String>,
    #[serde(default)]
    invalid_utf8: InvalidUtf8,
    max_document_mb: Option<u64>,
    #[serde(default)]
    jsonl: JsonlFields,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutputSection {
    dir: String,
    #[serde(default)]
    csv: CsvTables,
    #[serde(default = "yes")]
    report: bool,
    /// Replaced by `csv`; named here to say so instead of "unknown field".
    formats: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunSection {
    threads: Option<usize>,
    batch_documents: Option<usize>,
    batch_mb: Option<u64>,
    cache: Option<bool>,
    allow_empty: Option<bool>,
}

impl Pipeline {
    /// Reads and resolves a pipeline file.
    pub fn load(path: &Path) -> Result<Pipeline, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Pipeline::parse(&text, path)
    }

    /// Parses pipeline text as if it were read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Pipeline, ConfigError> {
        let file: PipelineFile = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let resolve = |p: &str| normalize(&base.join(p));
        if file.input.paths.is_empty() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "input.paths is empty: list at least one file, directory or glob".into(),
            });
        }
        if !(file.clean.near_duplicate_share > 0.0 && file.clean.near_duplicate_share <= 1.0) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "clean.near_duplicate_share must be above 0 and at most 1".into(),
            });
        }
        if file.input.max_document_mb == Some(0) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "input.max_document_mb must be at least 1".into(),
            });
        }
        let defaults = RunConfig::default();
        let run = RunConfig {
            threads: file.run.threads.unwrap_or(defaults.threads),
            batch_documents: file.run.batch_documents.unwrap_or(defaults.batch_documents),
            batch_bytes: file
                .run
                .batch_mb
                .map_or(defaults.batch_bytes, |mb| mb << 20),
            cache: file.run.cache.unwrap_or(defaults.cache),
            allow_empty: file.run.allow_empty.unwrap_or(defaults.allow_empty),
            rewrite: false,
            wait: false,
            shard: None,
        };
        if run.batch_documents == 0 || run.batch_bytes == 0 {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "run.batch_documents and run.batch_mb must be at least 1".into(),
            });
        }
        if file.output.formats.is_some() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "[output] formats is no longer a setting: every table is written as \
                          Parquet; say which get CSV twins with csv = \"summary\" (the default), \
                          \"all\" or \"none\""
                    .into(),
            });
        }
        let name = file.name.unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(|| "pipeline".into(), |s| s.to_string_lossy().into_owned())
        });
        Ok(Pipeline {
            file: Some(path.to_path_buf()),
            name,
            content_hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            input: InputConfig {
                // `-`, standard input, is no path to resolve.
                paths: file
                    .input
                    .paths
                    .iter()
                    .map(|p| {
                        if p == "-" {
                            PathBuf::from(p)
                        } else {
                            resolve(p)
                        }
                    })
                    .collect(),
                manifest: file.input.manifest.as_deref().map(resolve),
                invalid_utf8: file.input.invalid_utf8,
                max_document_bytes: file.input.max_document_mb.unwrap_or(64) << 20,
                jsonl: file.input.jsonl,
            },
            clean: file.clean,
            actors: ActorSettings {
                dictionaries: file
                    .actors
                    .dictionaries
                    .iter()
                    .map(|p| resolve(p))
                    .collect(),
                count_demonyms: file.actors.count_demonyms,
                discover: file.actors.discover,
            },
            output: OutputConfig {
                dir: resolve(&file.output.dir),
                csv: file.output.csv,
                report: file.output.report,
            },
            run,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_pipeline_directory() {
        let text = r#"
            [input]
            paths = ["../seeds/*.txt"]
            manifest = "../seeds/manifest.csv"
            [output]
            dir = "../output/seeds"
        "#;
        let p = Pipeline::parse(text, Path::new("pipelines/seeds.toml")).unwrap();
        assert_eq!(p.input.paths, vec![PathBuf::from("seeds/*.txt")]);
        assert_eq!(p.input.manifest, Some(PathBuf::from("seeds/manifest.csv")));
        assert_eq!(p.output.dir, PathBuf::from("output/seeds"));
        assert_eq!(p.output.csv, CsvTables::Summary);
        assert_eq!(p.name, "seeds");
    }

    #[test]
    fn unknown_keys_are_errors_with_the_file_named() {
        let text = "[input]\npaths=['a']\nmanifets='m.csv'\n[output]\ndir='o'\n";
        let err = Pipeline::parse(text, Path::new("p.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("p.toml") && msg.contains("manifets"), "{msg}");
    }

    #[test]
    fn csv_choices_parse_and_reject_unknown_words() {
        assert_eq!(CsvTables::parse(" ALL").unwrap(), CsvTables::All);
        assert_eq!(CsvTables::parse("none").unwrap(), CsvTables::None);
        assert!(CsvTables::parse("parquet,csv").is_err());
        assert!(CsvTables::Summary.includes(false));
        assert!(!CsvTables::Summary.includes(true));
    }

    /// The setting `csv` replaced: a pipeline that still names it is told
    /// what to write instead.
    #[test]
    fn the_old_formats_setting_says_what_replaced_it() {
        let text = "[input]\npaths=['a']\n[output]\ndir='o'\nformats=['csv']\n";
        let msg = Pipeline::parse(text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("p.toml") && msg.contains("csv = "), "{msg}");
    }
}
