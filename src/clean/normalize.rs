//! Text normalization: NFC, one form per apostrophe/quote/dash/space, whitespace
//! collapsed within lines, lines trimmed, runs of blank lines kept as one blank
//! line (a paragraph break that extraction uses as a weak layout signal).

use super::block;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalizes `raw` into a new string (see the module doc).
pub(crate) fn normalize(raw: &str) -> String {
    let unwrapped = unwrap_hard_wrapped(raw);
    let raw = unwrapped.as_deref().unwrap_or(raw);
    // One optimistic pass; NFC (rarely needed: decomposed input) only when a
    // character could change under it, then a second pass over the NFC form.
    pass(raw, true).unwrap_or_else(|| {
        let nfc: String = raw.nfc().collect();
        pass(&nfc, false).unwrap_or_default()
    })
}

/// Wire copy and plain-text archives wrap paragraphs at a fixed width
/// (Reuters at ~65 columns, with indented paragraph starts). Extraction works
/// on paragraphs, so such text is re-flowed first: a line that reaches
/// close to the wrap width continues on the next line unless that line is
/// indented, blank or a bullet. `None` when the text is not hard-wrapped,
/// which is the common case and costs one scan without allocating.
fn unwrap_hard_wrapped(raw: &str) -> Option<String> {
    const SAMPLE: usize = 400;
    // The first SAMPLE non-blank lines' lengths, and for the first SAMPLE
    // lines (blank ones included) what the run-on test below needs: all
    // gathered in one scan, on the stack.
    let mut lengths = [0u32; SAMPLE];
    let mut n = 0;
    let mut shapes = [Shape::default(); SAMPLE];
    let mut lines = 0;
    for (line, ascii) in block::Lines::new(raw) {
        let (trimmed, chars) = trim(line, ascii);
        // No accepted width exceeds 100 and no line may exceed twice the
        // width: one line over 200 settles it, whatever the rest.
        if chars > 200 {
            return None;
        }
        if lines < SAMPLE {
            shapes[lines] = Shape {
                chars: chars as u32,
                indented: line.starts_with(char::is_whitespace),
                closed: trimmed.ends_with(['.', '!', '?', ':', '"']),
            };
            lines += 1;
        }
        if chars > 0 {
            lengths[n] = chars as u32;
            n += 1;
            if n == SAMPLE {
                break;
            }
        }
    }
    let lengths = &mut lengths[..n];
    if lengths.len() < 3 {
        return None;
    }
    lengths.sort_unstable();
    let width = lengths[lengths.len() * 9 / 10] as usize;
    if !(40..=100).contains(&width) || *lengths.last()? as usize > width * 2 {
        return None;
    }
    let full = |n: usize| n * 10 >= width * 7;
    let near_width = lengths
        .iter()
        .filter(|&&n| full(n as usize) && n as usize <= width + 5)
        .count();
    if lengths.len() < 5 || near_width * 2 < lengths.len() {
        return None;
    }
    // Wrapped prose breaks mid-sentence: many full lines end without
    // punctuation and run on into an unindented line. Lists of headlines
    // are blank-separated or short, and never do.
    let mut run_ons = 0;
    let mut previous_open = false;
    for l in &shapes[..lines] {
        if previous_open && l.chars > 0 && !l.indented {
            run_ons += 1;
        }
        previous_open = full(l.chars as usize) && !l.closed;
    }
    if run_ons * 3 < near_width {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    let mut continues = false;
    for (line, ascii) in block::Lines::new(raw) {
        let (trimmed, chars) = trim(line, ascii);
        let starts_paragraph = trimmed.is_empty()
            || line.starts_with([' ', '\t'])
            || trimmed.starts_with(['-', '*', '\u{2022}']);
        if !out.is_empty() {
            out.push(if continues && !starts_paragraph {
                ' '
            } else {
                '\n'
            });
        }
        out.push_str(trimmed);
        continues = full(chars);
    }
    Some(out)
}

/// What the hard-wrap test needs to know of one line.
#[derive(Clone, Copy, Default)]
struct Shape {
    /// Code points, trimmed.
    chars: u32,
    /// Starts with whitespace (or is empty).
    indented: bool,
    /// Ends (trimmed) with . ! ? : or a closing quote.
    closed: bool,
}

/// `line` trimmed (of Unicode whitespace) and its code points; `ascii`
/// says the line is all ASCII, where that is cheap.
#[inline]
fn trim(line: &str, ascii: bool) -> (&str, usize) {
    if !ascii {
        let t = line.trim();
        return (t, t.chars().count());
    }
    // The ASCII characters `char::is_whitespace` accepts.
    let ws = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    let b = line.as_bytes();
    let mut s = 0;
    while s < b.len() && ws(b[s]) {
        s += 1;
    }
    let mut e = b.len();
    while e > s && ws(b[e - 1]) {
        e -= 1;
    }
    (&line[s..e], e - s)
}

/// `None` when `check_nfc` and the text is not already NFC.
fn pass(s: &str, check_nfc: bool) -> Option<String> {
    let mut w = Writer {
        out: String::with_capacity(s.len() + 16),
        in_line: false,
        space: false,
        newlines: 0,
    };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c >= 0x80 {
            let ch = s[i..].chars().next().unwrap_or(' ');
            if check_nfc && !nfc_stable(ch) {
                return None;
            }
            let next = s[i + ch.len_utf8()..].chars().next();
            w.non_ascii(ch, next);
            i += ch.len_utf8();
            continue;
        }
        match c {
            b' ' | b'\t' | 0x0B | 0x0C => w.space(),
            b'\n' => w.newline(),
            b'\r' => {
                w.newline();
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'`' => w.text("'"),
            0..=0x1F | 0x7F => {}
            b'*' if !w.in_line && matches!(b.get(i + 1), Some(b' ' | b'\t')) => w.text("-"),
            _ => {
                // Copy a run of ordinary bytes, single inner spaces included.
                let start = i;
                i = plain_run_end(b, i + 1);
                w.text(&s[start..i]);
                continue;
            }
        }
        i += 1;
    }
    Some(w.out)
}

/// The character is a starter that NFC leaves alone in any context.
fn nfc_stable(ch: char) -> bool {
    canonical_combining_class(ch) == 0 && is_nfc_quick(std::iter::once(ch)) == IsNormalized::Yes
}

/// End of the run of plain bytes and single spaces followed by a plain byte
/// that starts at `i`, 64 bytes at a time. Runs are whole lines of ASCII
/// prose, so this is most of the text.
#[inline]
fn plain_run_end(b: &[u8], mut i: usize) -> usize {
    loop {
        let (plain, space) = block::plain_space(b, i);
        // A space ends the run unless a plain byte follows it (bytes past
        // the end are neither).
        let stop = !plain & !(space & (plain >> 1));
        let at = stop.trailing_zeros();
        // The block's last byte's follower is in the next block: a space
        // there is looked at again as that block's first byte.
        if at < 63 || (at == 63 && space >> 63 == 0) {
            return (i + at as usize).min(b.len());
        }
        i += 63;
    }
}

struct Writer {
    out: String,
    /// The current line has content.
    in_line: bool,
    /// A space is owed before the next content on this line.
    space: bool,
    /// Line breaks seen since the last content.
    newlines: u8,
}

impl Writer {
    #[inline]
    fn text(&mut self, t: &str) {
        if !self.in_line {
            if !self.out.is_empty() {
                self.out.push('\n');
                if self.newlines > 1 {
                    self.out.push('\n');
                }
            }
            self.in_line = true;
        } else if self.space {
            self.out.push(' ');
        }
        self.space = false;
        self.newlines = 0;
        self.out.push_str(t);
    }

    #[inline]
    fn space(&mut self) {
        self.space = self.in_line;
    }

    #[inline]
    fn newline(&mut self) {
        self.in_line = false;
        self.space = false;
        self.newlines = self.newlines.saturating_add(1);
    }

    fn non_ascii(&mut self, ch: char, next: Option<char>) {
        let bullet_ok = !self.in_line && next.is_some_and(char::is_whitespace);
        match ch {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}'
            | '\u{2032}' | '\u{00B4}' | '\u{2039}' | '\u{203A}' | '\u{FF07}' => self.text("'"),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' | '\u{FF02}' | '\u{301D}' | '\u{301E}' => self.text("\""),
            // Bullets (and dashes used as bullets) open a list item.
            '\u{2022}' | '\u{00B7}' | '\u{25AA}' | '\u{25E6}' | '\u{2023}' | '\u{25CF}'
            | '\u{25A0}' | '\u{2013}' | '\u{2014}'
                if bullet_ok =>
            {
                self.text("-")
            }
            // Hyphen, en dash and minus variants join or range: one ASCII hyphen.
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE63}'
            | '\u{FF0D}' => self.text("-"),
            // Em dash and its look-alikes separate clauses: one em dash.
            '\u{2014}' | '\u{2015}' | '\u{2E3A}' | '\u{2E3B}' => self.text("\u{2014}"),
            '\u{2026}' => self.text("..."),
            '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => self.space(),
            '\u{0085}' | '\u{2028}' => self.newline(),
            '\u{2029}' => {
                self.newline();
                self.newline();
            }
            // Invisible: zero-width space, word joiner, BOM, soft hyphen, C1 controls.
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => {}
            '\u{0080}'..='\u{009F}' => {}
            _ => {
                let mut buf = [0u8; 4];
                self.text(ch.encode_utf8(&mut buf));
            }
        }
    }
}

#[cfg(test)]
mod unwrap_tests {
    use super::*;

    #[test]
    fn hard_wrapped_paragraphs_are_reflowed() {
        let raw = "SALVADOR, Feb 26 - Showers continued throughout the week in\n\
                   the Bahia cocoa zone, alleviating the drought since early\n\
                   January and improving prospects for the coming temporao.\n    \
                   The dry period means the temporao will be late this year.\n    \
                   Arrivals for the week ended February 22 were 155,221 bags\n\
                   of 60 kilos.\n Reuter\n";
        let out = normalize(raw);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].ends_with("improving prospects for the coming temporao."));
        assert_eq!(
            lines[2],
            "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos."
        );
    }

    #[test]
    fn one_paragraph_per_line_text_is_left_alone() {
        let raw = "A headline\nA long paragraph that goes on and on well past any wrap width, because it is one line per paragraph text, as web scrapes usually are.\nShort line.\n";
        assert!(unwrap_hard_wrapped(raw).is_none());
    }
}
