//! A page's bytes to text, its charset chosen as browsers do: the
//! transport's word (a WARC record's HTTP header), a byte-order mark, a
//! `<meta>` charset in the first 1,024 bytes, valid UTF-8, Firefox's
//! detector (`chardetng`), and windows-1252 when nothing else decides.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Which rule chose the charset, for tests and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Header,
    Bom,
    Meta,
    Utf8,
    Detected,
}

/// Decodes `bytes`; `header` is a charset label from the transport, if
/// any. Returns the text, the encoding's name, the rule that chose it and
/// whether malformed sequences were replaced.
pub fn decode(bytes: &[u8], header: Option<&str>) -> (String, &'static str, Rule, bool) {
    let (encoding, rule) = choose(bytes, header);
    // `decode` removes a BOM of any Unicode encoding and lets it override.
    let (text, used, malformed) = encoding.decode(bytes);
    (text.into_owned(), used.name(), rule, malformed)
}

fn choose(bytes: &[u8], header: Option<&str>) -> (&'static Encoding, Rule) {
    if let Some(e) = header.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        return (html_encoding(e), Rule::Header);
    }
    if let Some((e, _)) = Encoding::for_bom(bytes) {
        return (e, Rule::Bom);
    }
    if let Some(e) = meta_charset(&bytes[..bytes.len().min(1024)]) {
        return (html_encoding(e), Rule::Meta);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, Rule::Utf8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    (
        if guess == UTF_8 { WINDOWS_1252 } else { guess },
        Rule::Detected,
    )
}

/// A page that says UTF-16 in ASCII bytes is not UTF-16 (the HTML
/// standard's rule); x-user-defined is windows-1252.
fn html_encoding(e: &'static Encoding) -> &'static Encoding {
    if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
        UTF_8
    } else if e == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        e
    }
}

/// The label after `charset=` in `<meta charset="...">` or `<meta
/// http-equiv="Content-Type" content="text/html; charset=...">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let head = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&head[from..], b"<meta").map(|k| from + k) {
        let end = memchr::memchr(b'>', &head[at..]).map_or(head.len(), |k| at + k);
        let tag = &head[at..end];
        if let Some(k) = memchr::memmem::find(tag, b"charset") {
            let rest = tag[k + 7..].trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or(rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
                    .unwrap_or(rest.len());
                if let Some(e) = Encoding::for_label(&rest[..len]) {
                    return Some(e);
                }
            }
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAFE_1252: &[u8] = b"<p>Caf\xe9 na \xabPlace\xbb</p>";

    #[test]
    fn the_transport_header_wins() {
        let page = b"<meta charset=\"utf-8\"><p>\xc4\xe5\xed\xfc</p>";
        let (text, name, rule, _) = decode(page, Some("windows-1251"));
        assert_eq!((name, rule), ("windows-1251", Rule::Header));
        assert!(text.contains("День"), "{text}");
    }

    #[test]
    fn a_bom_beats_the_meta() {
        let mut page = b"\xEF\xBB\xBF<meta charset=iso-8859-2>".to_vec();
        page.extend("<p>Kraków</p>".as_bytes());
        let (text, name, rule, _) = decode(&page, None);
        assert_eq!((name, rule), ("UTF-8", Rule::Bom));
        assert!(text.starts_with("<meta") && text.contains("Kraków"));
    }

    #[test]
    fn a_meta_charset_is_read_in_either_form() {
        let mut page =
            b"<html><head><META http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>"
                .to_vec();
        page.extend(CAFE_1252);
        let (text, name, rule, _) = decode(&page, None);
        assert_eq!((name, rule), ("windows-1252", Rule::Meta));
        assert!(text.contains("Café na «Place»"), "{text}");
        let (_, name, _, _) = decode(b"<meta charset=\"koi8-r\"><p>x</p>", None);
        assert_eq!(name, "KOI8-R");
        // UTF-16 named in ASCII bytes cannot be true.
        let (_, name, _, _) = decode(b"<meta charset=utf-16><p>x</p>", None);
        assert_eq!(name, "UTF-8");
    }

    #[test]
    fn undeclared_pages_are_utf8_when_valid_else_detected() {
        let (text, _, rule, bad) = decode("<p>Київ</p>".as_bytes(), None);
        assert_eq!(
            (rule, bad, text.as_str()),
            (Rule::Utf8, false, "<p>Київ</p>")
        );
        let page = "<p>Москва и Киев: переговоры продолжаются, сообщили в пятницу.</p>";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        let (text, name, rule, _) = decode(&cp1251, None);
        assert_eq!((name, rule), ("windows-1251", Rule::Detected));
        assert_eq!(text, page);
        let page = "<p>Le café de la gare a rouvert ses portes après des années de travaux, à la grande joie des habitués.</p>";
        let (latin, _, _) = WINDOWS_1252.encode(page);
        let (text, name, _, _) = decode(&latin, None);
        assert_eq!((name, text.as_str()), ("windows-1252", page));
    }
}
