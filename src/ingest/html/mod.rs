//! HTML pages: bytes to text by the page's charset ([`charset`]), parsed
//! by html5ever into a DOM, the article's text chosen from it
//! ([`content`]) and its metadata read ([`meta`]).

mod author;
pub mod charset;
mod classes;
mod closing;
mod content;
mod meta;
mod written;

use chrono::NaiveDate;

pub use meta::DaySource;

/// What a page gives a document.
#[derive(Debug)]
pub struct Page {
    /// The article's text, one block a line; empty when the page holds no
    /// article (a login form, an index of links).
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<(NaiveDate, DaySource)>,
    /// `<link rel=canonical>`.
    pub canonical: Option<String>,
    pub language: Option<String>,
    /// Whether malformed bytes for the page's charset were replaced.
    pub malformed: bool,
}

/// Reads a page. `charset` is a label from the transport (an HTTP
/// header), `url` where the page was found, `captured` the day it was
/// fetched (no later day is its publication day).
pub fn read_page(
    bytes: &[u8],
    charset: Option<&str>,
    url: Option<&str>,
    captured: Option<NaiveDate>,
) -> Page {
    let (html, _, _, malformed) = charset::decode(bytes, charset);
    let dom = scraper::Html::parse_document(&html);
    let meta = meta::page_meta(dom.tree.root(), url, captured);
    Page {
        text: content::article_text(*dom.root_element()),
        title: meta.title,
        author: meta.author,
        published: meta.published,
        canonical: meta.canonical,
        language: meta.language,
        malformed,
    }
}
