//! Byte offsets (what Rust slices use) to Unicode code-point offsets (what
//! the tables report, and what Python indexes strings by).

/// Converts ascending byte offsets of one text to code-point offsets in one
/// pass overall; ASCII text takes a shortcut.
pub struct CodePoints<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    chars: u32,
}

impl<'a> CodePoints<'a> {
    pub fn new(text: &'a str) -> CodePoints<'a> {
        CodePoints {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of `byte`, which must lie on a char boundary.
    /// Queries in ascending order cost O(distance); a smaller offset than the
    /// last query restarts from the beginning.
    pub fn at(&mut self, byte: usize) -> u32 {
        if self.ascii {
            return byte as u32;
        }
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let span = &self.text[self.byte..byte];
        // Count chars as bytes that do not continue a UTF-8 sequence.
        self.chars += span.bytes().filter(|b| (b & 0xC0) != 0x80).count() as u32;
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_offsets_count_code_points() {
        let text = "Zelenskyʼs café — 🇺🇦 Kyiv";
        let mut cp = CodePoints::new(text);
        for (byte, _) in text.char_indices() {
            let expected = text[..byte].chars().count() as u32;
            assert_eq!(cp.at(byte), expected, "byte {byte}");
        }
        assert_eq!(cp.at(text.len()), text.chars().count() as u32);
        // Going back restarts correctly.
        let kyiv = text.find("Kyiv").unwrap();
        assert_eq!(cp.at(kyiv), text[..kyiv].chars().count() as u32);
        assert_eq!(cp.at(3), 3);
    }

    #[test]
    fn ascii_offsets_are_bytes() {
        let mut cp = CodePoints::new("plain text");
        assert_eq!(cp.at(6), 6);
    }
}
