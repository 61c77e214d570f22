//! The writer: streams each table's batches into Parquet and CSV files in a
//! staging directory, then commits them into the output directory with
//! `manifest.json` written last.
//!
//! Atomicity: while a run works, the previous output stays untouched. The
//! commit removes the old `manifest.json`, renames the finished files into
//! place and writes the new manifest last, so a directory with a manifest
//! always holds complete tables from the run it describes. One run per output
//! directory at a time.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::io::parquet::write::KeyValueMetadata;
use polars::prelude::*;
use polars_parquet::write::KeyValue;

use crate::config::{CsvTables, Format};
use crate::error::OutputError;
use crate::output::manifest::{
    ColumnExpectation, MANIFEST, RunManifest, StageTiming, TableEntry, now_utc,
};
use crate::output::{TableSpec, polars_schema};

const STAGING: &str = ".newsmill-staging";

/// Where a run stages `name` inside output directory `dir`.
pub fn staged_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(STAGING).join(name)
}

/// zstd level 1: compressing the text columns is a large share of a run,
/// and level 1 is about twice as fast as the default 3 for files a few
/// percent larger.
fn zstd_level() -> Option<polars_parquet::write::ZstdLevel> {
    polars_parquet::write::ZstdLevel::try_new(1).ok()
}

enum Sink {
    Parquet(ParquetFile),
    Csv(CsvFile),
}

/// A row group closes at this many rows (DuckDB writes 122,880)...
const ROW_GROUP_ROWS: usize = 122_880;
/// ...or once its rows take this much memory, whichever comes first, so
/// that tables of long texts hold no more than this per table in memory.
const ROW_GROUP_BYTES: usize = 8 << 20;

/// A table's Parquet file. Batches are gathered into row groups of about
/// [`ROW_GROUP_ROWS`] rows: readers skip and parallelize by row group, and
/// one per batch (20,000 mentions) is small for them.
struct ParquetFile {
    /// Buffered: the writer emits every page and column chunk as its own
    /// small write, 170,000 system calls for a 100 MB corpus unbuffered.
    writer: Box<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>,
    /// Rows waiting for their row group to fill.
    pending: Option<DataFrame>,
}

impl ParquetFile {
    fn write_batch(&mut self, frame: &DataFrame) -> PolarsResult<()> {
        match &mut self.pending {
            None => self.pending = Some(frame.clone()),
            Some(pending) => {
                pending.vstack_mut(frame)?;
            }
        }
        let pending = self.pending.as_ref().expect("set above");
        if pending.height() >= ROW_GROUP_ROWS || pending.estimated_size() >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the pending rows as one row group.
    fn flush(&mut self) -> PolarsResult<()> {
        if let Some(mut pending) = self.pending.take() {
            pending.rechunk_mut();
            self.writer.write_batch(&pending)?;
        }
        Ok(())
    }

    fn finish(mut self) -> PolarsResult<()> {
        self.flush()?;
        self.writer.finish().map(|_| ())
    }
}

/// A CSV table file: rows are encoded by `output::csv` into `buf` and
/// written out a chunk at a time.
struct CsvFile {
    file: File,
    buf: Vec<u8>,
}

/// Bytes of Parquet buffered before they are written; the footer's write
/// flushes the rest (and reports any error) when the file is finished.
const PARQUET_BUFFER: usize = 1 << 20;

/// Bytes of CSV encoded before they are written.
const CSV_CHUNK: usize = 1 << 20;

impl CsvFile {
    fn create(mut file: File, spec: &TableSpec) -> std::io::Result<CsvFile> {
        let mut buf = Vec::with_capacity(CSV_CHUNK + (64 << 10));
        crate::output::csv::header(spec, &mut buf);
        file.write_all(&buf)?;
        buf.clear();
        Ok(CsvFile { file, buf })
    }

    fn write_batch(&mut self, spec: &TableSpec, frame: &DataFrame) -> PolarsResult<()> {
        let file = &mut self.file;
        crate::output::csv::encode(spec, frame, &mut self.buf, CSV_CHUNK, |buf| {
            file.write_all(buf)?;
            buf.clear();
            Ok(())
        })
    }
}

struct TableFiles {
    spec: &'static TableSpec,
    rows: u64,
    sinks: Vec<(Format, PathBuf, Sink)>,
}

/// Writes the tables of one run.
pub struct OutputWriter {
    dir: PathBuf,
    staging: PathBuf,
    tables: Vec<TableFiles>,
    /// Other staged files committed with the tables (the run cache).
    extras: Vec<String>,
}

impl OutputWriter {
    /// Opens each table's Parquet file, and its CSV file where `csv` says
    /// so, in a fresh staging directory.
    /// `metadata` goes into every Parquet file's key-value metadata.
    pub fn create(
        dir: &Path,
        csv: CsvTables,
        tables: &'static [TableSpec],
        metadata: &[(String, String)],
    ) -> Result<OutputWriter, OutputError> {
        let metadata = KeyValueMetadata::Static(
            metadata
                .iter()
                .map(|(key, value)| KeyValue {
                    key: key.clone(),
                    value: Some(value.clone()),
                })
                .collect(),
        );
        let staging = dir.join(STAGING);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| OutputError::Io { path, source }
        };
        if staging.exists() {
            // Left by a run that was killed; nothing in it was committed.
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        std::fs::create_dir_all(&staging).map_err(io(&staging))?;
        let mut files = Vec::with_capacity(tables.len());
        for spec in tables {
            let formats: &[Format] = if csv.includes(spec.per_document) {
                &[Format::Parquet, Format::Csv]
            } else {
                &[Format::Parquet]
            };
            let mut sinks = Vec::with_capacity(formats.len());
            for &format in formats {
                let path = staging.join(format!("{}.{}", spec.name, format.extension()));
                let file = File::create(&path).map_err(io(&path))?;
                let table_err = |e: PolarsError| OutputError::Table {
                    table: spec.name,
                    path: path.clone(),
                    message: e.to_string(),
                };
                let sink = match format {
                    Format::Parquet => Sink::Parquet(ParquetFile {
                        pending: None,
                        writer: Box::new(
                            ParquetWriter::new(BufWriter::with_capacity(PARQUET_BUFFER, file))
                                .with_compression(ParquetCompression::Zstd(zstd_level()))
                                .with_statistics(StatisticsOptions::default())
                                .with_key_value_metadata(Some(metadata.clone()))
                                // Columns on the calling thread: write_all already
                                // writes files in parallel on the run's pool, and
                                // polars' own pool would oversubscribe the cores.
                                .set_parallel(false)
                                .batched(&polars_schema(spec))
                                .map_err(table_err)?,
                        ),
                    }),
                    Format::Csv => Sink::Csv(CsvFile::create(file, spec).map_err(io(&path))?),
                };
                sinks.push((format, path, sink));
            }
            files.push(TableFiles {
                spec,
                rows: 0,
                sinks,
            });
        }
        Ok(OutputWriter {
            dir: dir.to_path_buf(),
            staging,
            tables: files,
            extras: Vec::new(),
        })
    }

    /// Appends one batch of rows to a table, in every format.
    pub fn write(
        &mut self,
        spec: &TableSpec,
        frame: PolarsResult<DataFrame>,
    ) -> Result<(), OutputError> {
        self.write_all(vec![(spec, frame)])
    }

    /// Where to stage a file named `name` that the commit moves into the
    /// output directory along with the tables.
    pub fn stage_extra(&mut self, name: &str) -> PathBuf {
        self.extras.push(name.to_string());
        self.staging.join(name)
    }

    /// Appends one batch of rows to several tables, writing their files in
    /// parallel (each file is one sequential stream).
    pub fn write_all(
        &mut self,
        frames: Vec<(&TableSpec, PolarsResult<DataFrame>)>,
    ) -> Result<(), OutputError> {
        let mut work = Vec::new();
        let mut frames_by_table = Vec::with_capacity(frames.len());
        for (spec, frame) in frames {
            debug_assert!(
                self.tables.iter().any(|t| t.spec.name == spec.name),
                "every written table is created by OutputWriter::create"
            );
            let mut frame = frame.map_err(|e| OutputError::Table {
                table: spec.name,
                path: self.staging.clone(),
                message: e.to_string(),
            })?;
            frame.align_chunks();
            frames_by_table.push((spec.name, frame));
        }
        for table in &mut self.tables {
            let Some((_, frame)) = frames_by_table.iter().find(|f| f.0 == table.spec.name) else {
                continue;
            };
            if frame.height() == 0 {
                continue;
            }
            table.rows += frame.height() as u64;
            for (_, path, sink) in &mut table.sinks {
                work.push((table.spec, frame, path.as_path(), sink));
            }
        }
        use rayon::prelude::*;
        work.into_par_iter()
            .try_for_each(|(spec, frame, path, sink)| {
                match sink {
                    Sink::Parquet(w) => w.write_batch(frame),
                    Sink::Csv(w) => w.write_batch(spec, frame),
                }
                .map_err(|e| OutputError::Table {
                    table: spec.name,
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })
            })
    }

    /// Finishes every file and commits the output; fills in the manifest's
    /// tables and timings and returns it as written.
    /// Gives up the run's staged files: the previous output stays as it was.
    pub fn abandon(self) -> Result<(), OutputError> {
        drop(self.tables);
        std::fs::remove_dir_all(&self.staging).map_err(io(&self.staging))
    }

    pub fn finish(
        self,
        mut manifest: RunManifest,
        timing: &mut StageTiming,
        commit_started: Instant,
        run_started: Instant,
        warnings: &crate::warnings::Warnings,
    ) -> Result<RunManifest, OutputError> {
        // (staged file, final path) for everything the commit moves.
        let mut staged = Vec::new();
        for table in self.tables {
            let name = table.spec.name;
            let entry = table.close(&self.dir, &mut staged)?;
            manifest.tables.insert(name.into(), entry);
        }
        let views = self.staging.join(VIEWS);
        std::fs::write(&views, views_sql(&manifest)).map_err(io(&views))?;
        staged.push((views, self.dir.join(VIEWS)));
        for name in &self.extras {
            let from = self.staging.join(name);
            if from.exists() {
                staged.push((from, self.dir.join(name)));
            }
        }

        // From here the directory is in transition: no manifest until the end.
        let manifest_path = self.dir.join(MANIFEST);
        match std::fs::remove_file(&manifest_path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io(&manifest_path)(e));
            }
            _ => {}
        }
        for (from, to) in &staged {
            std::fs::rename(from, to).map_err(io(to))?;
        }
        remove_stale_files(&self.dir, &staged)?;

        timing.add("commit", commit_started);
        manifest.stage_seconds = timing.seconds.clone();
        let (kept, count) = warnings.take();
        manifest.warnings = kept;
        manifest.warning_count = count;
        manifest.finished_at = now_utc();
        manifest.seconds = run_started.elapsed().as_secs_f64();
        write_manifest(&manifest, &self.staging.join(MANIFEST), &manifest_path)?;
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io(&self.dir))?;
        std::fs::remove_dir_all(&self.staging).map_err(io(&self.staging))?;
        Ok(manifest)
    }
}

impl TableFiles {
    /// Finishes and syncs the table's files, adds them to `staged` with
    /// their final paths in `dir`, and gives the table's manifest entry.
    fn close(
        self,
        dir: &Path,
        staged: &mut Vec<(PathBuf, PathBuf)>,
    ) -> Result<TableEntry, OutputError> {
        let mut files = Vec::new();
        for (format, path, sink) in self.sinks {
            match sink {
                Sink::Parquet(w) => w.finish(),
                Sink::Csv(_) => Ok(()),
            }
            .map_err(|e| OutputError::Table {
                table: self.spec.name,
                path: path.clone(),
                message: e.to_string(),
            })?;
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(io(&path))?;
            let name = format!("{}.{}", self.spec.name, format.extension());
            staged.push((path, dir.join(&name)));
            files.push(name);
        }
        let columns = self
            .spec
            .columns
            .iter()
            .map(|c| ColumnExpectation {
                name: c.name.into(),
                dtype: c.dtype.name().into(),
            })
            .collect();
        Ok(TableEntry {
            rows: self.rows,
            files,
            columns,
        })
    }
}

/// Removes table files a previous run wrote in a format this run did not,
/// so the directory never mixes two runs.
/// Turns an I/O error on `path` into an [`OutputError`].
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, source }
}

/// Writes the manifest beside the staged tables, syncs it, and renames it
/// into place: the last step of a commit.
fn write_manifest(manifest: &RunManifest, staged: &Path, path: &Path) -> Result<(), OutputError> {
    let json = serde_json::to_string_pretty(manifest).expect("the manifest serializes");
    std::fs::write(staged, json + "\n").map_err(io(staged))?;
    File::open(staged)
        .and_then(|f| f.sync_all())
        .map_err(io(staged))?;
    std::fs::rename(staged, path).map_err(io(path))
}

/// DuckDB views of every table, for `duckdb -init views.sql` in the output
/// directory.
pub const VIEWS: &str = "views.sql";

fn views_sql(manifest: &RunManifest) -> String {
    let mut sql = String::from(
        "-- Written by newsmill: one view per table. Open every table with\n\
         -- `duckdb -init views.sql` from this directory (paths are relative to it).\n",
    );
    for name in manifest.tables.keys() {
        sql.push_str(&format!(
            "CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{name}.parquet');\n"
        ));
    }
    sql
}

fn remove_stale_files(dir: &Path, staged: &[(PathBuf, PathBuf)]) -> Result<(), OutputError> {
    for spec in crate::output::TABLES {
        for format in [Format::Parquet, Format::Csv] {
            let path = dir.join(format!("{}.{}", spec.name, format.extension()));
            if staged.iter().all(|(_, to)| to != &path) && path.exists() {
                std::fs::remove_file(&path).map_err(|source| OutputError::Io { path, source })?;
            }
        }
    }
    Ok(())
}
