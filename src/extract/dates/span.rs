//! Extent of an expression: determiners and "the end of" belong to it in
//! TimeML; "ended" after "the year" marks a fiscal year.

use super::grammar::{Expr, TokenView};
use super::lex::Keyword;
use super::tokenize::{is, prev_word};

/// "ended"/"ending" right after byte e.
pub(crate) fn fiscal_end(text: &str, e: usize) -> bool {
    let rest = text[e..].trim_start().as_bytes();
    let n = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let w = &rest[..n];
    w.eq_ignore_ascii_case(b"ended") || w.eq_ignore_ascii_case(b"ending")
}

/// Determiners and "the end of" belong to the expression in TimeML.
pub(crate) fn extend(g: &TokenView, i: usize, x: &Expr) -> usize {
    let s = g.tokens[i].start;
    // "the year two thousand"
    let the_year = matches!(x, Expr::Year(_)) && matches!(g.keyword(i), Some(Keyword::Unit(..)));
    let the_ok = the_year
        || matches!(
            x,
            Expr::Dur(..)
                | Expr::DurHalf(..)
                | Expr::Rel(..)
                | Expr::Quarter(..)
                | Expr::Half(..)
                | Expr::Decade(_)
                | Expr::Century(_)
                | Expr::Weekend(_)
                | Expr::Ref(_)
                | Expr::Season(..)
                | Expr::YearAgo
                | Expr::TheYear
                | Expr::Period(..)
        );
    let mut s = s;
    // "the corresponding period last year", "the comparable year-ago quarter"
    if matches!(x, Expr::Period(..))
        && let Some(p) = super::fin::same_before(g.text, s)
    {
        s = p;
    }
    if the_ok
        && let Some((p, w)) = prev_word(g.text, s)
        && is(&w, "the")
    {
        s = p;
    }
    if let Some((p, w)) = prev_word(g.text, s) {
        if is(&w, "of")
            && let Some((p2, w2)) = prev_word(g.text, p)
            && ["end", "beginning", "start", "middle"]
                .iter()
                .any(|x| is(&w2, x))
            && let Some((p3, w3)) = prev_word(g.text, p2)
            && is(&w3, "the")
        {
            return p3;
        }
        // "a week", "a year ago": the article carries the quantity.
        let one = matches!(
            x,
            Expr::Dur(Some(1), _) | Expr::DurHalf(1, _) | Expr::YearAgo | Expr::Rel(_, -1)
        );
        if one && (is(&w, "a") || is(&w, "an")) {
            s = p;
        }
    }
    s
}
