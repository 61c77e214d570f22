//! The writer: streams each table's batches into Parquet and CSV files in a
//! new generation of the output directory, then commits that generation
//! whole ([`generation`](super::generation)).
//!
//! Layout: per-run tables are one file each (`actor_day.parquet`); per-document
//! and per-input tables are datasets, a folder of part files
//! (`documents/part-00000.parquet`, ...) whose rows, read in name order, are
//! the table in its row order. A full run writes one part per dataset; a run
//! that appends inputs keeps the committed parts and adds one.
//!
//! Atomicity: while a run works, the previous output stays untouched and its
//! files sit in the new generation, out of any reader's reach. The commit
//! links the parts an appending run keeps and the files carried over
//! (history, cache) into it, writes `views.sql` and `manifest.json`, syncs
//! it, and switches the output path to it in one rename. One run per output
//! directory at a time ([`lock`](super::lock)).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::io::parquet::write::KeyValueMetadata;
use polars::prelude::*;
use polars_parquet::write::KeyValue;

use crate::config::{CsvTables, Format};
use crate::error::OutputError;
use crate::output::generation::{OutputDir, crash_point, io, sync_dir};
use crate::output::manifest::{
    ColumnExpectation, MANIFEST, RunManifest, StageTiming, TableEntry, now_utc,
};
use crate::output::{Rows, TableSpec, polars_schema};

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
const ROW_GROUP_BYTES: usize = 4 << 20;

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
    /// Rows this run wrote.
    rows: u64,
    /// The previous run's entry, whose parts an appending run keeps.
    kept: Option<TableEntry>,
    /// Per format: the file's name relative to the output directory, and
    /// its sink.
    sinks: Vec<(String, Sink)>,
}

/// The name of a dataset's part `index`, without extension: parts sort in
/// the order they were written, so reading them in name order gives the
/// table's row order.
fn part_name(spec: &TableSpec, index: usize) -> String {
    format!("{}/part-{index:05}", spec.name)
}

/// A table file's name relative to the output directory: CSV twins live
/// under `csv/`, in the same layout as the Parquet files, so that a
/// dataset's folder holds Parquet parts only (readers take a folder as one
/// table of one format).
fn file_name(stem: &str, format: Format) -> String {
    match format {
        Format::Parquet => format!("{stem}.parquet"),
        Format::Csv => format!("{CSV_DIR}/{stem}.csv"),
    }
}

/// Where the CSV twins go, inside the output directory.
pub const CSV_DIR: &str = "csv";

/// The Parquet files among a table's files.
fn parquet_files(files: &[String]) -> impl Iterator<Item = &String> {
    files.iter().filter(|f| f.ends_with(".parquet"))
}

/// Creates a table file in the new generation.
fn open_sink(
    spec: &'static TableSpec,
    format: Format,
    path: &Path,
    metadata: &KeyValueMetadata,
) -> Result<Sink, OutputError> {
    let file = File::create(path).map_err(io(path))?;
    let table_err = |e: PolarsError| OutputError::Table {
        table: spec.name,
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    Ok(match format {
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
        Format::Csv => Sink::Csv(CsvFile::create(file, spec).map_err(io(path))?),
    })
}

/// The new generation being written, removed when its writer goes without
/// committing it, however it goes: a failed run leaves nothing behind to
/// fill the disk.
struct NewGeneration(PathBuf, bool);

impl std::ops::Deref for NewGeneration {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for NewGeneration {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for NewGeneration {
    fn drop(&mut self) {
        if !self.1 {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Writes the tables of one run.
pub struct OutputWriter {
    out: OutputDir,
    generation: NewGeneration,
    tables: Vec<TableFiles>,
    /// Files of the current generation the new one keeps (history, the
    /// cache an appending run extends).
    carried: Vec<String>,
}

impl OutputWriter {
    /// Opens each table's Parquet file, and its CSV file where `csv` says
    /// so, in `generation`, a fresh one of `out`. `metadata` goes into every Parquet
    /// file's key-value metadata. With `kept`, the manifest of the previous
    /// run, the run appends: datasets keep that run's parts and get one new
    /// part each; without it every table is written anew.
    pub fn create(
        out: &OutputDir,
        generation: PathBuf,
        csv: CsvTables,
        tables: impl IntoIterator<Item = &'static TableSpec>,
        metadata: &[(String, String)],
        kept: Option<&RunManifest>,
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
        let generation = NewGeneration(generation, false);
        let mut files = Vec::new();
        for spec in tables {
            let kept = match kept {
                Some(manifest) if spec.rows.dataset() => manifest.tables.get(spec.name).cloned(),
                _ => None,
            };
            let stem = match (&kept, spec.rows.dataset()) {
                (_, false) => spec.name.to_string(),
                (None, true) => part_name(spec, 0),
                (Some(kept), true) => part_name(spec, parquet_files(&kept.files).count()),
            };

            let formats: &[Format] = if csv.includes(spec.rows == Rows::PerDocument) {
                &[Format::Parquet, Format::Csv]
            } else {
                &[Format::Parquet]
            };
            let mut sinks = Vec::with_capacity(formats.len());
            for &format in formats {
                let name = file_name(&stem, format);
                let path = generation.0.join(&name);
                if let Some(folder) = path.parent() {
                    std::fs::create_dir_all(folder).map_err(io(folder))?;
                }
                sinks.push((name, open_sink(spec, format, &path, &metadata)?));
            }
            files.push(TableFiles {
                spec,
                rows: 0,
                kept,
                sinks,
            });
        }
        Ok(OutputWriter {
            out: out.clone(),
            generation,
            tables: files,
            carried: Vec::new(),
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

    /// Where to write a file named `name` that the commit publishes along
    /// with the tables.
    pub fn stage_extra(&mut self, name: &str) -> PathBuf {
        self.generation.join(name)
    }

    /// Keeps the current generation's file `name`, if it has one, in the
    /// new generation (linked, not copied).
    pub fn carry(&mut self, name: &str) {
        self.carried.push(name.to_string());
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
                path: self.generation.to_path_buf(),
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
            for (name, sink) in &mut table.sinks {
                work.push((table.spec, frame, self.generation.join(name), sink));
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
                    path,
                    message: e.to_string(),
                })
            })
    }

    /// The new generation's folder.
    pub fn generation(&self) -> &Path {
        &self.generation
    }

    /// Gives up the new generation: the previous output stays as it was.
    pub fn abandon(self) -> Result<(), OutputError> {
        drop(self.tables);
        std::fs::remove_dir_all(&self.generation).map_err(io(&self.generation))
    }

    /// Finishes every file and commits the output; fills in the manifest's
    /// tables and timings and returns it as written.
    pub fn finish(
        self,
        mut manifest: RunManifest,
        timing: &mut StageTiming,
        commit_started: Instant,
        run_started: Instant,
        warnings: &crate::warnings::Warnings,
    ) -> Result<RunManifest, OutputError> {
        let current = self.out.current();
        for table in self.tables {
            let name = table.spec.name;
            let entry = table.close(&self.generation, current.as_deref())?;
            manifest.tables.insert(name.into(), entry);
        }
        crash_point("tables-closed");
        if let Some(current) = &current {
            for name in &self.carried {
                let from = current.join(name);
                if from.exists() {
                    link_or_copy(&from, &self.generation.join(name))?;
                }
            }
        }
        let views = self.generation.join(VIEWS);
        std::fs::write(&views, views_sql(&manifest)).map_err(io(&views))?;
        crash_point("views-written");

        timing.add("commit", commit_started);
        manifest.stage_seconds = timing.seconds.clone();
        let (kept, count) = warnings.take();
        manifest.warnings = kept;
        manifest.warning_count = count;
        manifest.finished_at = now_utc();
        manifest.seconds = run_started.elapsed().as_secs_f64();
        write_manifest(&manifest, &self.generation.join(MANIFEST))?;
        crash_point("manifest-written");
        sync_tree(&self.generation)?;
        crash_point("synced");
        self.out.switch(&self.generation)?;
        let mut committed = self.generation;
        committed.1 = true;
        Ok(manifest)
    }
}

impl TableFiles {
    /// Finishes and syncs the table's files in the new generation, links
    /// the parts an appending run keeps from the `current` one, and gives
    /// the table's manifest entry. An appending run that wrote no rows to a
    /// dataset adds no part to it.
    fn close(self, generation: &Path, current: Option<&Path>) -> Result<TableEntry, OutputError> {
        let (mut files, mut rows, mut xxh3) = match self.kept {
            Some(kept) => (kept.files, kept.rows, kept.xxh3),
            None => (Vec::new(), 0, Default::default()),
        };
        if let Some(current) = current {
            for name in &files {
                let to = generation.join(name);
                if let Some(folder) = to.parent() {
                    std::fs::create_dir_all(folder).map_err(io(folder))?;
                }
                link_or_copy(&current.join(name), &to)?;
            }
        }
        let add = self.rows > 0 || files.is_empty();
        for (name, sink) in self.sinks {
            let path = generation.join(&name);
            match sink {
                Sink::Parquet(w) => w.finish(),
                Sink::Csv(_) => Ok(()),
            }
            .map_err(|e| OutputError::Table {
                table: self.spec.name,
                path: path.clone(),
                message: e.to_string(),
            })?;
            if !add {
                std::fs::remove_file(&path).map_err(io(&path))?;
                continue;
            }
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(io(&path))?;
            xxh3.insert(name.clone(), hash_file(&path).map_err(io(&path))?);
            files.push(name);
        }
        rows += self.rows;
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
            rows,
            files,
            columns,
            xxh3,
        })
    }
}

/// Writes the manifest into the new generation, synced.
fn write_manifest(manifest: &RunManifest, path: &Path) -> Result<(), OutputError> {
    let json = serde_json::to_string_pretty(manifest).expect("the manifest serializes");
    std::fs::write(path, json + "\n").map_err(io(path))?;
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io(path))
}

/// A file's xxh3-64 as 16 hex digits, read in one pass.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match std::io::Read::read(&mut file, &mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(format!("{:016x}", hasher.digest()))
}

/// A hard link from the current generation into the new one (files there
/// are never written again); a copy where links are not possible.
fn link_or_copy(from: &Path, to: &Path) -> Result<(), OutputError> {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map_err(io(from))?;
    }
    Ok(())
}

/// Syncs every directory of the new generation, so that its entries are on
/// disk before the switch makes them the output.
fn sync_tree(dir: &Path) -> Result<(), OutputError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        if entry.file_type().map_err(io(dir))?.is_dir() {
            sync_tree(&entry.path())?;
        }
    }
    sync_dir(dir)
}

/// DuckDB views of every table, for `duckdb -init views.sql` in the output
/// directory.
pub const VIEWS: &str = "views.sql";

fn views_sql(manifest: &RunManifest) -> String {
    let mut sql = String::from(
        "-- Written by newsmill: one view per table, over exactly the files this\n\
         -- run committed. Open every table with `duckdb -init views.sql` from\n\
         -- this directory (paths are relative to it).\n",
    );
    for (name, entry) in &manifest.tables {
        let files: Vec<String> = parquet_files(&entry.files)
            .map(|f| format!("'{f}'"))
            .collect();
        sql.push_str(&format!(
            "CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet([{}]);\n",
            files.join(", ")
        ));
    }
    sql
}
