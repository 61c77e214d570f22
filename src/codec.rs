//! A little-endian byte encoding for what newsmill keeps between runs (the
//! extraction cache's records, the run state): fixed-width integers,
//! length-prefixed strings and optional days. Decoding returns `None` on
//! any short or malformed input; callers treat that as "not cached".

use chrono::NaiveDate;

/// Days since 1970 of an optional day; `i64::MIN` for none.
fn days(day: Option<NaiveDate>) -> i64 {
    crate::epoch::days(day).map_or(i64::MIN, i64::from)
}

pub fn put_u8(out: &mut Vec<u8>, v: u8) {
    out.push(v);
}

pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_i64(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

pub fn put_day(out: &mut Vec<u8>, day: Option<NaiveDate>) {
    put_i64(out, days(day));
}

/// An optional day as days since 1970 (`i32`), as the aggregates key it.
pub fn put_epoch_day(out: &mut Vec<u8>, day: Option<i32>) {
    put_i64(out, day.map_or(i64::MIN, i64::from));
}

/// Reads what the `put_` functions wrote, in the same order.
pub struct Bytes<'b>(pub &'b [u8]);

impl<'b> Bytes<'b> {
    pub fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn str(&mut self) -> Option<&'b str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }

    pub fn day(&mut self) -> Option<Option<NaiveDate>> {
        let v = self.i64()?;
        if v == i64::MIN {
            return Some(None);
        }
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
        Some(Some(epoch.checked_add_signed(chrono::Duration::days(v))?))
    }

    pub fn epoch_day(&mut self) -> Option<Option<i32>> {
        let v = self.i64()?;
        if v == i64::MIN {
            return Some(None);
        }
        Some(Some(i32::try_from(v).ok()?))
    }

    /// A count to allocate for: at most one item per remaining byte, so a
    /// corrupt count cannot ask for more memory than the input's size.
    pub fn count(&mut self) -> Option<usize> {
        let n = self.u64()? as usize;
        (n <= self.0.len()).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_short_input_fails() {
        let mut out = Vec::new();
        let day = NaiveDate::from_ymd_opt(2024, 2, 29);
        put_u8(&mut out, 7);
        put_u32(&mut out, 70_000);
        put_u64(&mut out, u64::MAX - 1);
        put_i64(&mut out, -5);
        put_str(&mut out, "Zelenskyʼs");
        put_day(&mut out, day);
        put_day(&mut out, None);
        put_epoch_day(&mut out, Some(-3));
        let mut b = Bytes(&out);
        assert_eq!(b.u8(), Some(7));
        assert_eq!(b.u32(), Some(70_000));
        assert_eq!(b.u64(), Some(u64::MAX - 1));
        assert_eq!(b.i64(), Some(-5));
        assert_eq!(b.str(), Some("Zelenskyʼs"));
        assert_eq!(b.day(), Some(day));
        assert_eq!(b.day(), Some(None));
        assert_eq!(b.epoch_day(), Some(Some(-3)));
        assert!(b.is_empty());
        assert_eq!(Bytes(&out[..3]).u32(), None);
        let mut huge = Vec::new();
        put_u64(&mut huge, 1 << 40);
        assert_eq!(Bytes(&huge).count(), None);
    }
}
