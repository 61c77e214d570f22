//! The manifest CSV that gives text files their metadata:
//! `file,published,source[,title,url,id]`, with `file` relative to the
//! manifest's own directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::{InputItem, Reject, RejectReason, parse_day};
use crate::error::ConfigError;
use crate::paths::normalize;
use crate::warnings::Warnings;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestEntry {
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub id: Option<String>,
}

/// Manifest rows keyed by the absolute, normalized path of their file.
#[derive(Debug, Default)]
pub struct Manifest {
    entries: HashMap<PathBuf, ManifestEntry>,
}

const KNOWN_COLUMNS: [&str; 6] = ["file", "published", "source", "title", "url", "id"];

impl Manifest {
    /// Reads a manifest. Rows whose file does not exist come back as reject
    /// items, so that every listed document is accounted for.
    pub fn load(
        path: &Path,
        warnings: &Warnings,
    ) -> Result<(Manifest, Vec<InputItem>), ConfigError> {
        let err = |line: u64, message: String| ConfigError::Manifest {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_path(path)
            .map_err(|e| err(0, e.to_string()))?;
        let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let file_col = column("file").ok_or_else(|| {
            err(
                1,
                "no `file` column: the header must name it (file,published,source,...)".into(),
            )
        })?;
        for header in headers.iter() {
            if !KNOWN_COLUMNS
                .iter()
                .any(|k| header.trim().eq_ignore_ascii_case(k))
            {
                warnings.push(format!(
                    "manifest {}: column {header:?} is not used (known: {})",
                    path.display(),
                    KNOWN_COLUMNS.join(", ")
                ));
            }
        }
        let [published_col, source_col, title_col, url_col, id_col] =
            ["published", "source", "title", "url", "id"].map(column);
        // "m.csv" has the parent "", which `std::path::absolute` refuses:
        // its entries would stay relative and match no input.
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        let base = absolute(parent.unwrap_or(Path::new(".")));
        let mut manifest = Manifest::default();
        let mut missing = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                err(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let get = |col: Option<usize>| {
                col.and_then(|c| record.get(c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            if record.iter().any(|field| field.contains('\n')) {
                return Err(err(
                    line,
                    "a quoted value runs over several lines: check for a quote that is not closed"
                        .into(),
                ));
            }
            let Some(file) = get(Some(file_col)) else {
                return Err(err(line, "empty `file` value".into()));
            };
            let published_text = get(published_col);
            let published = published_text.as_deref().and_then(parse_day);
            if let (Some(raw), None) = (&published_text, published) {
                warnings.push(format!(
                    "manifest {}, line {line}: published {raw:?} is not a YYYY-MM-DD date; \
                     the document is kept without one",
                    path.display()
                ));
            }
            let file_path = normalize(&base.join(&file));
            if !file_path.starts_with(&base) {
                warnings.push(format!(
                    "manifest {}, line {line}: {file:?} is outside the manifest's folder; \
                     the row is ignored (name files relative to the manifest)",
                    path.display()
                ));
                continue;
            }
            if !file_path.exists() {
                let shown = normalize(&path.parent().unwrap_or(Path::new("")).join(&file));
                missing.push(InputItem::Failed {
                    reject: Reject {
                        input: Arc::from(shown.to_string_lossy().as_ref()),
                        line: None,
                        reason: RejectReason::MissingFile,
                        detail: format!(
                            "listed on line {line} of manifest {} but the file does not exist",
                            path.display()
                        ),
                    },
                    size: 0,
                });
            }
            let entry = ManifestEntry {
                published,
                source: get(source_col),
                title: get(title_col),
                url: get(url_col),
                id: get(id_col),
            };
            if manifest.entries.insert(file_path, entry).is_some() {
                return Err(err(line, format!("file {file:?} is listed twice")));
            }
        }
        Ok((manifest, missing))
    }

    /// The entry for an input file, by its absolute normalized path.
    pub fn get(&self, file: &Path) -> Option<&ManifestEntry> {
        self.entries.get(&absolute(file))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_by_path_and_missing_files_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "text").unwrap();
        let manifest_path = dir.path().join("manifest.csv");
        std::fs::write(
            &manifest_path,
            "file,published,source,extra\na.txt,2024-12-18,Outlet,x\ngone.txt,,,\n",
        )
        .unwrap();
        let (manifest, missing) = Manifest::load(&manifest_path, &Warnings::default()).unwrap();
        assert_eq!(manifest.len(), 2);
        let entry = manifest.get(&dir.path().join("sub/../a.txt")).unwrap();
        assert_eq!(entry.published, NaiveDate::from_ymd_opt(2024, 12, 18));
        assert_eq!(entry.source.as_deref(), Some("Outlet"));
        assert_eq!(missing.len(), 1);
        let InputItem::Failed { reject, .. } = &missing[0] else {
            panic!()
        };
        assert_eq!(reject.reason, RejectReason::MissingFile);
        assert!(reject.detail.contains("line 3"), "{}", reject.detail);
    }

    #[test]
    fn a_manifest_without_a_file_column_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(&path, "name,published\na.txt,2024-01-01\n").unwrap();
        let msg = Manifest::load(&path, &Warnings::default())
            .unwrap_err()
            .to_string();
        assert!(msg.contains("m.csv") && msg.contains("`file`"), "{msg}");
    }
}
