//! Whole gzip members inflated by libdeflate, about twice as fast as
//! streaming zlib-rs on WARC records (docs/performance.md). The one
//! `unsafe` boundary of the readers: a member must lie whole in memory,
//! so the WARC reader falls back to streaming for members too large for
//! its window, and for damage.

use std::ptr::NonNull;

/// What inflating the member at the start of some bytes gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Inflated {
    /// The member used `used` bytes of input; its content is the first
    /// `written` bytes of `out`.
    Whole { used: usize, written: usize },
    /// Not a whole, valid member in the bytes given: more bytes may make
    /// it one, or it is damaged.
    Incomplete,
    /// Its content is over the `cap` given.
    TooLarge,
}

/// A libdeflate decompressor, reused member after member.
pub struct Inflater(NonNull<libdeflate_sys::libdeflate_decompressor>);

// SAFETY: a libdeflate decompressor is plain memory used by one call at a
// time; `&mut self` on every use keeps it so.
unsafe impl Send for Inflater {}

impl Inflater {
    pub fn new() -> Inflater {
        // SAFETY: no arguments; null only when out of memory.
        let ptr = unsafe { libdeflate_sys::libdeflate_alloc_decompressor() };
        Inflater(NonNull::new(ptr).expect("memory for a decompressor"))
    }

    /// Inflates the gzip member at the start of `input` into `out`, growing
    /// `out` up to `cap` bytes. `out` keeps its size from call to call, so
    /// that a buffer once grown is not grown again.
    pub fn gzip_member(&mut self, input: &[u8], out: &mut Vec<u8>, cap: usize) -> Inflated {
        if out.len() < (64 << 10).min(cap) {
            out.resize((64 << 10).min(cap), 0);
        }
        loop {
            let avail = out.len().min(cap);
            let mut used = 0usize;
            let mut written = 0usize;
            // SAFETY: the pointers and lengths are those of live slices
            // (`avail` <= `out.len()`); libdeflate writes at most `avail`
            // bytes and the two counts.
            let result = unsafe {
                libdeflate_sys::libdeflate_gzip_decompress_ex(
                    self.0.as_ptr(),
                    input.as_ptr().cast(),
                    input.len(),
                    out.as_mut_ptr().cast(),
                    avail,
                    &mut used,
                    &mut written,
                )
            };
            match result {
                libdeflate_sys::libdeflate_result_LIBDEFLATE_SUCCESS => {
                    return Inflated::Whole { used, written };
                }
                libdeflate_sys::libdeflate_result_LIBDEFLATE_INSUFFICIENT_SPACE => {
                    if avail >= cap {
                        return Inflated::TooLarge;
                    }
                    out.resize((avail * 2).min(cap), 0);
                }
                _ => return Inflated::Incomplete,
            }
        }
    }
}

impl Default for Inflater {
    fn default() -> Self {
        Inflater::new()
    }
}

impl Drop for Inflater {
    fn drop(&mut self) {
        // SAFETY: allocated by `libdeflate_alloc_decompressor`, freed once.
        unsafe { libdeflate_sys::libdeflate_free_decompressor(self.0.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::gzip;

    #[test]
    fn members_are_inflated_one_at_a_time_and_cut_ones_are_incomplete() {
        let first = gzip(&b"one ".repeat(50_000));
        let second = gzip(b"two");
        let both = [first.clone(), second].concat();
        let mut inflater = Inflater::new();
        let mut out = Vec::new();
        assert_eq!(
            inflater.gzip_member(&both, &mut out, 1 << 20),
            Inflated::Whole {
                used: first.len(),
                written: 200_000
            }
        );
        assert_eq!(&out[..8], b"one one ");
        assert_eq!(
            inflater.gzip_member(&both[first.len()..], &mut out, 1 << 20),
            Inflated::Whole {
                used: both.len() - first.len(),
                written: 3
            }
        );
        assert_eq!(&out[..3], b"two");
        assert_eq!(
            inflater.gzip_member(&first[..first.len() - 3], &mut out, 1 << 20),
            Inflated::Incomplete
        );
        assert_eq!(
            inflater.gzip_member(&first, &mut out, 100_000),
            Inflated::TooLarge
        );
    }
}
