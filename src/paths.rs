//! Lexical path normalization, shared by the pipeline file and the inputs.

use std::path::{Component, Path, PathBuf};

/// Removes `.` and folds `dir/..` without touching the file system, so that
/// `pipelines/../seeds/a.txt` is recorded as `seeds/a.txt`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_parent_and_current_dirs() {
        assert_eq!(
            normalize(Path::new("pipelines/../seeds/./a.txt")),
            PathBuf::from("seeds/a.txt")
        );
        assert_eq!(normalize(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
        assert_eq!(normalize(Path::new("a/..")), PathBuf::from("."));
    }
}
