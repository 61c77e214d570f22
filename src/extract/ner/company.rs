//! Company names whole: a name that ends in a legal form ("Inc", "Corp",
//! "Ltd") runs back over the capitalized words before it. The recognizer
//! cuts such names at a word it reads as a title or a possessive:
//! "General | Motors Corp", "Moody's | Investors Service Inc",
//! "Industrial Equity (Pacific) | Ltd".

use super::Label;
use super::tokens::{Shape, Tok};

/// A name as its first and last token and its type.
pub type TokenSpan = (usize, usize, Label);

/// Legal forms that end a company's name, as written in news.
const LEGAL_FORMS: &[&str] = &[
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Corporation",
    "Ltd",
    "Ltd.",
    "Limited",
    "Co",
    "Co.",
    "Plc",
    "PLC",
    "plc",
    "LLC",
    "AG",
    "SA",
    "NV",
    "GmbH",
    "Bhd",
    "Pty",
];

/// Capitalized words that open a sentence or clause (after a dateline's
/// dash too) without being part of the name after them.
const OPENERS: &[&str] = &[
    "The", "A", "An", "In", "At", "By", "For", "From", "With", "Of", "To",
];

/// Whether `name` ends in a legal form: a company's own name, which a
/// country or place opening it does not modify ("American Motors Corp").
pub fn is_company_name(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|last| LEGAL_FORMS.contains(&last))
}

/// How many tokens a name may reach back: long enough for "Bio-Technology
/// General Corp" or "Cheung Kong (Holdings) Ltd", short of a sentence.
const MAX_BACK: usize = 6;

/// `spans`, sorted and apart, with every company name that ends in a legal
/// form made whole (an ORG), and the spans it swallowed dropped.
pub fn whole_company_names(
    text: &str,
    toks: &[Tok],
    spans: impl IntoIterator<Item = TokenSpan>,
) -> Vec<TokenSpan> {
    let word = |i: usize| &text[toks[i].start..toks[i].end];
    let mut out: Vec<TokenSpan> = Vec::new();
    for (mut a, b, mut label) in spans {
        if LEGAL_FORMS.contains(&word(b)) {
            let start = name_start(text, toks, a);
            if start < a {
                (a, label) = (start, Label::Org);
            }
        }
        while out.last().is_some_and(|p| p.0 >= a) {
            out.pop();
        }
        out.push((a, b, label));
    }
    out
}

/// The first token of the name whose first token so far is `a`.
fn name_start(text: &str, toks: &[Tok], a: usize) -> usize {
    let word = |i: usize| &text[toks[i].start..toks[i].end];
    // Tokens of one name are apart by one space at most.
    let joined = |i: usize| {
        let gap = &text[toks[i].end..toks[i + 1].start];
        gap.is_empty() || gap == " "
    };
    let mut start = a;
    let mut i = a;
    while i > 0 && a - (i - 1) <= MAX_BACK && joined(i - 1) {
        let p = i - 1;
        let w = word(p);
        match toks[p].shape {
            Shape::Cap | Shape::Upper if !OPENERS.contains(&w) => {
                start = p;
                i = p;
            }
            // "Procter & Gamble Co".
            _ if w == "&" => i = p,
            // The possessive of "Moody's", which the tokenizer splits into
            // an apostrophe and an "s".
            _ if w == "s" && p >= 1 && matches!(word(p - 1), "'" | "\u{2019}") => i = p - 1,
            // "(Pacific)": a capitalized word in parentheses.
            Shape::Punct if w == ")" && p >= 2 && word(p - 2) == "(" => {
                if matches!(toks[p - 1].shape, Shape::Cap | Shape::Upper) {
                    i = p - 2;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    start
}
