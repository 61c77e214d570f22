//! Warnings a run collects for its `manifest.json`, besides logging them.

use std::sync::Mutex;

/// How many warning messages a manifest keeps; the count covers all of them.
const KEPT: usize = 100;

/// A thread-safe collector shared by the stages of one run.
#[derive(Debug, Default)]
pub struct Warnings {
    inner: Mutex<(Vec<String>, u64)>,
}

impl Warnings {
    /// Logs a warning and keeps it for the manifest.
    pub fn push(&self, message: String) {
        tracing::warn!("{message}");
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.1 += 1;
        if inner.0.len() < KEPT {
            inner.0.push(message);
        }
    }

    /// The kept messages and the total count.
    pub fn take(&self) -> (Vec<String>, u64) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (std::mem::take(&mut inner.0), std::mem::take(&mut inner.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_messages_and_counts_all() {
        let w = Warnings::default();
        for i in 0..150 {
            w.push(format!("w{i}"));
        }
        let (kept, count) = w.take();
        assert_eq!((kept.len(), count), (KEPT, 150));
        assert_eq!(kept[0], "w0");
    }
}
