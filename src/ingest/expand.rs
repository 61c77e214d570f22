//! Expansion of input patterns into the sorted list of files a run reads.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::ConfigError;
use crate::ingest::source;
use crate::paths::normalize;
use crate::warnings::Warnings;

/// The reader a file goes to, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One document per file.
    Text,
    /// One document per line.
    Jsonl,
    /// One web page per file.
    Html,
    /// Web archives: a page per HTML response record.
    Warc,
    /// An extension no reader handles; named explicitly, so it is rejected
    /// rather than skipped.
    Unsupported,
}

impl InputKind {
    /// The reader for `path`, by its extension under any `.gz`; standard
    /// input (`-`) is JSONL.
    pub fn of(path: &Path) -> InputKind {
        if source::is_stdin(path) {
            return InputKind::Jsonl;
        }
        let ext = source::without_compression(path)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("txt") | Some("text") => InputKind::Text,
            Some("jsonl") | Some("ndjson") => InputKind::Jsonl,
            Some("html") | Some("htm") => InputKind::Html,
            Some("warc") => InputKind::Warc,
            _ => InputKind::Unsupported,
        }
    }
}

/// Expands files, directories (recursively, known extensions only) and glob
/// patterns into one sorted list of regular files, each read once: a file
/// reached under two paths (a link) is read under the first, a directory
/// reached again (a link loop) is not walked twice, and what is not a
/// regular file (a FIFO, a device) is skipped with a warning, as reading it
/// could block or never end. A pattern or path that matches nothing is an
/// error: a typo must not produce an empty run.
pub fn expand_inputs(
    patterns: &[PathBuf],
    warnings: &Warnings,
) -> Result<Vec<PathBuf>, ConfigError> {
    let mut files = Vec::new();
    for pattern in patterns {
        let text = pattern.to_string_lossy();
        let before = files.len();
        if source::is_stdin(pattern) {
            files.push(pattern.clone());
            continue;
        }
        if pattern.is_dir() {
            walk_dir(pattern, &mut files, warnings)?;
            if files.len() == before {
                warnings.push(format!(
                    "input directory {text} holds no .txt, .jsonl, .html or .warc files (nor their .gz)"
                ));
            }
            continue;
        }
        if pattern.exists() && !pattern.is_file() {
            return Err(ConfigError::NotAFile(text.to_string()));
        }
        if pattern.is_file() {
            files.push(normalize(pattern));
            continue;
        }
        let matches = glob::glob(&text).map_err(|e| ConfigError::BadPattern {
            pattern: text.to_string(),
            message: e.to_string(),
        })?;
        for entry in matches {
            let path = entry.map_err(|e| ConfigError::Io {
                path: e.path().to_path_buf(),
                source: e.into(),
            })?;
            if path.is_file() {
                files.push(normalize(&path));
            } else if !path.is_dir() && path.exists() {
                warnings.push(not_a_file(&path));
            }
        }
        if files.len() == before {
            return Err(ConfigError::NoMatch(text.to_string()));
        }
    }
    files.sort();
    files.dedup();
    Ok(once_each(files, warnings))
}

/// Drops the later paths of a file already listed under another path.
fn once_each(files: Vec<PathBuf>, warnings: &Warnings) -> Vec<PathBuf> {
    let mut seen: HashMap<FileId, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(files.len());
    for path in files {
        let Some(id) = std::fs::metadata(&path).ok().map(|m| FileId::of(&m, &path)) else {
            kept.push(path);
            continue;
        };
        match seen.entry(id) {
            Entry::Occupied(first) => warnings.push(format!(
                "input {} is the same file as {}; read once",
                path.display(),
                first.get().display()
            )),
            Entry::Vacant(slot) => {
                slot.insert(path.clone());
                kept.push(path);
            }
        }
    }
    kept
}

/// Walks `top` in name order, following links to directories but never
/// into one already walked.
fn walk_dir(top: &Path, out: &mut Vec<PathBuf>, warnings: &Warnings) -> Result<(), ConfigError> {
    let mut walked = HashSet::new();
    let mut pending = vec![top.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let meta = std::fs::metadata(&dir).map_err(|source| ConfigError::Io {
            path: dir.clone(),
            source,
        })?;
        if !walked.insert(FileId::of(&meta, &dir)) {
            warnings.push(format!(
                "input directory {} was already read (a link loops back); not read again",
                dir.display()
            ));
            continue;
        }
        let entries = match sorted_entries(&dir) {
            Ok(entries) => entries,
            // A subdirectory the user may not read is theirs to fix, not a
            // reason to drop the rest of the corpus; the machine's own
            // errors (too many open files, I/O) stop the run.
            Err(e) if e.kind() == ErrorKind::PermissionDenied && dir != top => {
                warnings.push(format!(
                    "input directory {} cannot be read: {e}; skipped",
                    dir.display()
                ));
                continue;
            }
            Err(source) => return Err(ConfigError::Io { path: dir, source }),
        };
        // Subdirectories go on the stack in reverse, to come off in order.
        let mut subdirs = Vec::new();
        for path in entries {
            if path.is_dir() {
                subdirs.push(path);
            } else if InputKind::of(&path) == InputKind::Unsupported {
            } else if path.is_file() {
                out.push(normalize(&path));
            } else if path.exists() {
                warnings.push(not_a_file(&path));
            }
        }
        pending.extend(subdirs.into_iter().rev());
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    Ok(entries)
}

fn not_a_file(path: &Path) -> String {
    format!(
        "input {} is not a regular file (a FIFO, socket or device); skipped",
        path.display()
    )
}

/// What makes two paths one file: device and inode where there are such.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    fn of(meta: &std::fs::Metadata, path: &Path) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            FileId::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_extensions() {
        assert_eq!(InputKind::of(Path::new("a/B.TXT")), InputKind::Text);
        assert_eq!(InputKind::of(Path::new("x.ndjson")), InputKind::Jsonl);
        assert_eq!(InputKind::of(Path::new("x.jsonl.gz")), InputKind::Jsonl);
        assert_eq!(InputKind::of(Path::new("-")), InputKind::Jsonl);
        assert_eq!(InputKind::of(Path::new("p.HTM.gz")), InputKind::Html);
        assert_eq!(InputKind::of(Path::new("cc.warc.gz")), InputKind::Warc);
        assert_eq!(InputKind::of(Path::new("x.gz")), InputKind::Unsupported);
        assert_eq!(
            InputKind::of(Path::new("manifest.csv")),
            InputKind::Unsupported
        );
    }

    #[test]
    fn expansion_walks_directories_and_rejects_empty_patterns() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "a.jsonl", "sub/c.txt", "manifest.csv"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let files = expand_inputs(&[dir.path().to_path_buf()], &Warnings::default()).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.txt"]);
        let missing = dir.path().join("*.none");
        assert!(matches!(
            expand_inputs(&[missing], &Warnings::default()),
            Err(ConfigError::NoMatch(_))
        ));
    }
}
