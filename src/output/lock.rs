//! One run per output directory: an advisory lock on a file in the folder
//! of its generations ([`generation`](super::generation)), held for the
//! whole run. The operating system drops the lock when its
//! holder exits, however it exits, so a killed run leaves no stale lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::LockError;

/// The lock file's name.
pub const LOCK: &str = ".newsmill.lock";

/// Held while it lives.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Locks the output directory whose generations are in `dir`, creating
    /// `dir` if needed. When another
    /// run holds it, waits for that run to end if `wait`, else fails at once.
    pub fn acquire(dir: &Path, wait: bool) -> Result<OutputLock, LockError> {
        let path = dir.join(LOCK);
        let fail = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(fail)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(fail)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => {
                tracing::info!("waiting for the run writing to {}", dir.display());
                file.lock().map_err(fail)?;
            }
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy(dir.to_path_buf())),
            Err(TryLockError::Error(e)) => return Err(fail(e)),
        }
        Ok(OutputLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/out");
        let first = OutputLock::acquire(&out, false).unwrap();
        assert!(matches!(
            OutputLock::acquire(&out, false),
            Err(LockError::Busy(_))
        ));
        drop(first);
        OutputLock::acquire(&out, false).unwrap();
    }
}
