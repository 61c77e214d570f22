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
