//! The output directory as a link to its current generation, so that a
//! run's commit is one atomic step. A run writes a complete new generation
//! beside the current one, then renames a new link over the output path:
//! readers, a failed run and a run killed at any instant see the old
//! output or the new one, whole, never a mix.
//!
//! Layout for `--out news/daily`: `news/daily` is a symbolic link to
//! `.daily.newsmill/gen-000007`, and `news/.daily.newsmill/` holds the
//! generations and the run lock. What a reader opens through
//! `news/daily/...` stays as it was; an output directory of an earlier
//! release (a real directory) becomes the first generation.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::OutputError;

/// Where a generation's name starts.
const GENERATION: &str = "gen-";

/// Names an earlier release wrote into a real output directory; a real
/// directory holding anything else is not newsmill's to take over.
const OURS: &[&str] = &[
    "manifest.json",
    "views.sql",
    "runs.jsonl",
    "csv",
    super::REPORT,
];

/// An output path and the folder of its generations.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// What the user named: the link readers go through.
    pub link: PathBuf,
    /// The generations and the lock, beside the link.
    pub root: PathBuf,
}

impl OutputDir {
    pub fn new(link: &Path) -> Result<OutputDir, OutputError> {
        // "out/" would name the directory the link points to, not the link.
        let link: PathBuf = link.components().collect();
        let name = link.file_name().ok_or_else(|| OutputError::Unusable {
            path: link.to_path_buf(),
            why: "it names no directory (give a path such as output/news)".into(),
        })?;
        let root = link.with_file_name(format!(".{}.newsmill", name.to_string_lossy()));
        Ok(OutputDir { link, root })
    }

    /// The generation the link points to, if it is one of ours.
    pub fn current(&self) -> Option<PathBuf> {
        let target = std::fs::read_link(&self.link).ok()?;
        let name = target.file_name()?.to_str()?;
        let ours = name.starts_with(GENERATION)
            && target.parent().and_then(Path::file_name) == self.root.file_name();
        ours.then(|| self.root.join(name))
    }

    /// Makes the output path a link if it is not yet one: a real directory
    /// written by an earlier release (or holding only a failed run's
    /// history) becomes the first generation; an empty one is replaced.
    /// Anything else at the path is an error, and left alone.
    pub fn adopt(&self) -> Result<(), OutputError> {
        let unusable = |why: String| OutputError::Unusable {
            path: self.link.clone(),
            why,
        };
        let Ok(meta) = std::fs::symlink_metadata(&self.link) else {
            return Ok(()); // nothing yet
        };
        if meta.file_type().is_symlink() {
            return match self.current() {
                Some(_) => Ok(()),
                None => Err(unusable(
                    "it is a link newsmill did not make; remove it or give another path".into(),
                )),
            };
        }
        if !meta.is_dir() {
            return Err(unusable("it is a file, not a directory".into()));
        }
        let entries: Vec<String> = std::fs::read_dir(&self.link)
            .map_err(io(&self.link))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if let Some(foreign) = entries.iter().find(|n| !is_ours(n)) {
            return Err(unusable(format!(
                "it holds {foreign:?}, which newsmill did not write; give an empty or new directory"
            )));
        }
        if entries.is_empty() {
            std::fs::remove_dir(&self.link).map_err(io(&self.link))?;
            return Ok(());
        }
        let first = self.root.join(generation_name(0));
        std::fs::create_dir_all(&self.root).map_err(io(&self.root))?;
        std::fs::rename(&self.link, &first).map_err(io(&self.link))?;
        self.point_to(&first)
    }

    /// Generations other than the current one: what killed runs left.
    pub fn leftovers(&self) -> Vec<PathBuf> {
        let current = self.current();
        let mut found: Vec<PathBuf> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.starts_with(GENERATION) && Some(p) != current.as_ref()
            })
            .collect();
        found.sort();
        found
    }

    /// A fresh, empty generation for this run, after the current one;
    /// leftovers are removed first.
    pub fn next_generation(&self) -> Result<PathBuf, OutputError> {
        for dir in self.leftovers() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        let number = self
            .current()
            .and_then(|c| number_of(&c))
            .map_or(1, |n| n + 1);
        let dir = self.root.join(generation_name(number));
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(dir)
    }

    /// Points the output path at `generation` in one rename, then removes
    /// the generation it pointed to before.
    pub fn switch(&self, generation: &Path) -> Result<(), OutputError> {
        let old = self.current();
        self.point_to(generation)?;
        crash_point("switched");
        if let Some(old) = old
            && let Err(e) = std::fs::remove_dir_all(&old)
        {
            tracing::warn!("cannot remove the previous output {}: {e}", old.display());
        }
        Ok(())
    }

    fn point_to(&self, generation: &Path) -> Result<(), OutputError> {
        let name = generation.file_name().expect("a generation has a name");
        let target = Path::new(self.root.file_name().expect("the root has a name")).join(name);
        let temporary = self.root.join("link.tmp");
        let _ = std::fs::remove_file(&temporary);
        symlink(&target, &temporary).map_err(io(&temporary))?;
        crash_point("link-made");
        std::fs::rename(&temporary, &self.link).map_err(io(&self.link))?;
        // Switched: from here on the new generation is the output, and a
        // failure to flush the rename is no reason to undo it.
        let parent = match self.link.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Err(e) = sync_dir(parent) {
            tracing::warn!("{e}");
        }
        Ok(())
    }
}

fn generation_name(number: u64) -> String {
    format!("{GENERATION}{number:06}")
}

fn number_of(generation: &Path) -> Option<u64> {
    let name = generation.file_name()?.to_str()?;
    name.strip_prefix(GENERATION)?.parse().ok()
}

fn is_ours(name: &str) -> bool {
    name.starts_with(".newsmill")
        || OURS.contains(&name)
        || crate::output::TABLES
            .iter()
            .any(|t| name == t.name || name.strip_suffix(".parquet") == Some(t.name))
}

/// Flushes a directory's entries (new files, renames) to disk.
pub fn sync_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Turns an I/O error on `path` into an [`OutputError`].
pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, source }
}

/// Stops the process dead, as `kill -9` would, when `NEWSMILL_CRASH_AT`
/// names `step`: the tests of the commit kill a run at each of its steps.
pub fn crash_point(step: &str) {
    static AT: OnceLock<Option<String>> = OnceLock::new();
    let at = AT.get_or_init(|| std::env::var("NEWSMILL_CRASH_AT").ok());
    if at.as_deref() == Some(step) {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_earlier_real_output_directory_becomes_the_first_generation() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::new(&dir.path().join("daily")).unwrap();
        std::fs::create_dir_all(out.link.join("documents")).unwrap();
        std::fs::write(out.link.join("manifest.json"), "{}").unwrap();
        out.adopt().unwrap();
        assert_eq!(out.current(), Some(out.root.join("gen-000000")));
        assert!(out.link.join("manifest.json").exists());
        let next = out.next_generation().unwrap();
        assert_eq!(next, out.root.join("gen-000001"));
        out.switch(&next).unwrap();
        assert_eq!(out.current(), Some(next));
        assert!(!out.root.join("gen-000000").exists());
        assert!(!out.link.join("manifest.json").exists());
    }

    #[test]
    fn a_trailing_slash_names_the_link_not_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::new(&dir.path().join("daily/")).unwrap();
        assert_eq!(out.link, dir.path().join("daily"));
        assert_eq!(out.root, dir.path().join(".daily.newsmill"));
    }

    #[test]
    fn a_directory_of_other_files_is_not_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::new(dir.path()).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = out.adopt().unwrap_err().to_string();
        assert!(err.contains("notes.txt"), "{err}");
        assert!(dir.path().join("notes.txt").exists());
    }
}
