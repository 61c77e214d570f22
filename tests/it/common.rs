//! A small workdir harness: each test gets its own temporary directory and
//! runs the real `newsmill` binary in it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polars::prelude::*;

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating parent directories) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// The `newsmill` binary with this directory as working directory.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsmill"));
        cmd.current_dir(self.path()).env_remove("NEWSMILL_LOG");
        cmd
    }

    /// Runs `newsmill ARGS` and returns its output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("newsmill runs")
    }

    /// Runs `newsmill ARGS` and panics with its stderr unless it succeeds.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "newsmill {args:?} failed ({:?}):\n{}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// The repository root, where `pipelines/` and `seeds/` live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn repo_path(rel: &str) -> String {
    repo().join(rel).to_string_lossy().into_owned()
}

pub fn read_parquet(path: &Path) -> DataFrame {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetReader::new(file).finish().unwrap()
}

/// The files of `table` with extension `ext` that the manifest in `out`
/// lists, in order: one for a per-run table, the parts of a dataset.
pub fn table_files(out: &Path, table: &str, ext: &str) -> Vec<PathBuf> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["tables"][table]["files"]
        .as_array()
        .unwrap_or_else(|| panic!("the manifest lists no table {table}"))
        .iter()
        .map(|f| f.as_str().unwrap())
        .filter(|f| f.ends_with(&format!(".{ext}")))
        .map(|f| out.join(f))
        .collect()
}

/// A table as the manifest in `out` lists it: its Parquet files, in order.
pub fn read_table(out: &Path, table: &str) -> DataFrame {
    let mut files = table_files(out, table, "parquet").into_iter();
    let mut frame = read_parquet(&files.next().expect("a Parquet file"));
    for file in files {
        frame.vstack_mut(&read_parquet(&file)).unwrap();
    }
    frame
}

/// A table's CSV files joined into one: the first file's header, then
/// every file's rows.
pub fn table_csv(out: &Path, table: &str) -> Vec<u8> {
    let mut joined = Vec::new();
    for (i, file) in table_files(out, table, "csv").iter().enumerate() {
        let bytes = std::fs::read(file).unwrap();
        let body = if i == 0 {
            &bytes[..]
        } else {
            let header = bytes
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |n| n + 1);
            &bytes[header..]
        };
        joined.extend_from_slice(body);
    }
    joined
}

/// A column as strings (nulls as None), whatever its type.
pub fn strings(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    let col = df.column(name).unwrap().cast(&DataType::String).unwrap();
    col.str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect()
}

/// A CSV file as rows of fields, header included.
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the seed pipeline on `input` instead of its corpus, without its
/// manifest, into `out`, with extra `newsmill run` arguments; panics
/// unless it succeeds.
pub fn run_input(wd: &Workdir, input: &str, out: &str, extra: &[&str]) -> Output {
    let pipeline = repo_path("pipelines/seeds.toml");
    let mut args = vec![
        "run",
        &pipeline,
        "--input",
        input,
        "--no-manifest",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    wd.ok(&args)
}

/// Runs the default seed pipeline into `out/` of the workdir, with extra
/// `newsmill run` arguments, and returns the output directory.
pub fn run_seeds(wd: &Workdir, extra: &[&str]) -> PathBuf {
    let out = wd.path().join("out");
    let pipeline = repo_path("pipelines/seeds.toml");
    let mut args = vec!["run", pipeline.as_str(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    wd.ok(&args);
    out
}

/// The generations in the folder beside output directory `out`: after any
/// run, committed or not, only the current one.
pub fn generations(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy();
    let root = out.with_file_name(format!(".{name}.newsmill"));
    let mut found: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-"))
        .collect();
    found.sort();
    found
}
