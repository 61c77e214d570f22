//! Expansion of input patterns into the sorted list of files a run reads.

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
/// patterns into one sorted, de-duplicated list. A pattern or path that
/// matches nothing is an error: a typo must not produce an empty run.
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
            walk_dir(pattern, &mut files)?;
            if files.len() == before {
                warnings.push(format!(
                    "input directory {text} holds no .txt, .jsonl, .html or .warc files (nor their .gz)"
                ));
            }
            continue;
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
            }
        }
        if files.len() == before {
            return Err(ConfigError::NoMatch(text.to_string()));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ConfigError> {
    let io = |source| ConfigError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk_dir(&path, out)?;
        } else if InputKind::of(&path) != InputKind::Unsupported {
            out.push(normalize(&path));
        }
    }
    Ok(())
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
