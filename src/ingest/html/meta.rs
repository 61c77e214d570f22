//! A page's metadata: headline, author, publication day, canonical URL and
//! language, from what publishers write for machines (JSON-LD, Open Graph
//! and other `<meta>` tags, `<time datetime>`), then from the page itself
//! (the `<h1>`, `<title>` less the site's name, the URL's date, a day
//! written on the page, its byline).

use chrono::NaiveDate;
use ego_tree::NodeRef;
use scraper::Node;
use serde_json::Value;

use super::author::{self, Bylines};
use super::written::{self, decode_entities, first_numeric_day, first_written_day};
use crate::ingest::parse_day;

/// Where a page's publication day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySource {
    JsonLd,
    Meta,
    Url,
    /// The first day written out on the page ("December 19, 2025").
    Text,
}

#[derive(Debug, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<(NaiveDate, DaySource)>,
    pub canonical: Option<String>,
    /// Two-letter code from `<html lang>`.
    pub language: Option<String>,
}

/// What one walk of the document collects.
#[derive(Default)]
struct Found {
    title_tag: Option<String>,
    /// The first few `<h1>`s: menus and logos use them too.
    h1s: Vec<String>,
    meta: Vec<(String, String)>,
    json_ld: Vec<Value>,
    time: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
    bylines: Bylines,
    /// `datePublished` read from JSON-LD that is not valid JSON.
    loose_ld_day: Option<String>,
    /// The page's text, up to [`VISIBLE_KEPT`] bytes, for a written day.
    visible: String,
    /// Where in `visible` the first `<h1>`'s text starts.
    h1_at: Option<usize>,
}

/// How much of a page's text is searched for a written day: the day of a
/// story stands near its headline.
const VISIBLE_KEPT: usize = 64 * 1024;

/// `<meta>` names and properties that give the publication time, best
/// first.
const DAY_METAS: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:published_time",
    "og:article:published_time",
    "date_published",
    "publication_date",
    "dc.date.created",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "published",
    "date",
];

/// Reads the metadata of the page rooted at `root`; `url` is where it was
/// found (a WARC record's target, a JSONL field), for the URL's date. A
/// day after `captured` (when the page was fetched) is no publication day,
/// and the next source is asked.
pub fn page_meta(
    root: NodeRef<'_, Node>,
    url: Option<&str>,
    captured: Option<NaiveDate>,
) -> PageMeta {
    let mut f = Found::default();
    collect(root, &mut f);
    let meta = |names: &[&str]| {
        names.iter().find_map(|n| {
            f.meta
                .iter()
                .find(|(k, v)| k == n && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        })
    };
    // An article's item; else any item that says when it was published.
    let items: Vec<&Value> = f.json_ld.iter().flat_map(json_ld_items).collect();
    let article = items
        .iter()
        .find(|v| is_article(v))
        .or_else(|| items.iter().find(|v| v.get("datePublished").is_some()))
        .copied();
    let ld = |key: &str| article.and_then(|a| a.get(key));
    let possible = |d: &NaiveDate| captured.is_none_or(|c| *d <= c);
    let published = ld("datePublished")
        .or_else(|| f.json_ld.iter().find_map(|v| nested(v, "datePublished")))
        .and_then(Value::as_str)
        .or(f.loose_ld_day.as_deref())
        .and_then(day_value)
        .filter(possible)
        .map(|d| (d, DaySource::JsonLd))
        .or_else(|| {
            let d = meta(DAY_METAS).and_then(|v| day_value(&v)).filter(possible);
            d.map(|d| (d, DaySource::Meta))
        })
        .or_else(|| {
            let d = f.time.as_deref().and_then(day_value).filter(possible);
            d.map(|d| (d, DaySource::Meta))
        })
        .or_else(|| {
            let og_url = meta(&["og:url"]);
            let d = [url, f.canonical.as_deref(), og_url.as_deref()]
                .into_iter()
                .flatten()
                .find_map(url_day)
                .filter(possible);
            d.map(|d| (d, DaySource::Url))
        })
        .or_else(|| {
            let d = first_written_day(&f.visible)
                .or_else(|| first_numeric_day(below_headline(&f)?))
                .filter(possible);
            d.map(|d| (d, DaySource::Text))
        });
    let mut sites: Vec<String> = meta(&["og:site_name", "application-name"])
        .into_iter()
        .chain(items.iter().filter_map(|v| {
            let publisher = v.get("publisher").and_then(|p| p.get("name"));
            publisher.and_then(Value::as_str).map(decode_entities)
        }))
        .collect();
    sites.extend(f.title_tag.as_deref().and_then(site_name));
    let author = ld("author").map(|a| by_reference(a, &items));
    let declared = meta(&["author", "article:author", "parsely-author", "dc.creator"]);
    let author = author::choose(
        author.as_ref(),
        declared
            .or_else(|| labelled_author(&f.meta))
            .or_else(|| citation_authors(&f.meta)),
        &f.bylines,
        &sites,
    );
    let headline = ld("headline").and_then(Value::as_str).map(decode_entities);
    let og = meta(&["og:title", "twitter:title"]).map(|t| decode_entities(&t));
    let title = choose_title(&f.h1s, headline, og, f.title_tag.as_deref(), &sites);
    PageMeta {
        title,
        author,
        published,
        canonical: f.canonical.clone(),
        language: f.lang.as_deref().and_then(two_letters),
    }
}

/// How far below the headline a day written in digits is read: a number
/// further down is as likely an offer's end or a chart's date as the
/// story's.
const NUMERIC_DAY_REACH: usize = 2000;

/// The visible text from the first `<h1>` for [`NUMERIC_DAY_REACH`] bytes.
fn below_headline(f: &Found) -> Option<&str> {
    let start = f.h1_at?;
    let mut end = (start + NUMERIC_DAY_REACH).min(f.visible.len());
    while !f.visible.is_char_boundary(end) {
        end -= 1;
    }
    Some(&f.visible[start..end])
}

fn collect(root: NodeRef<'_, Node>, f: &mut Found) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let el = match node.value() {
            Node::Element(el) => el,
            Node::Text(t) => {
                f.bylines.text(t);
                if f.visible.len() < VISIBLE_KEPT {
                    f.visible.push_str(t);
                    f.visible.push(' ');
                }
                continue;
            }
            Node::Document => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev());
                continue;
            }
            _ => continue,
        };
        let text = || collapse(&node_text(node));
        match el.name() {
            "html" => f.lang = el.attr("lang").map(str::to_string),
            "title" if f.title_tag.is_none() => f.title_tag = Some(text()),
            "h1" if f.h1s.len() < 4 => {
                f.h1_at.get_or_insert(f.visible.len());
                f.h1s.extend(Some(text()).filter(|t| !t.is_empty()));
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    f.meta.push((k.to_ascii_lowercase(), v.to_string()));
                }
            }
            "link"
                if el
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                f.canonical = el.attr("href").map(str::to_string);
            }
            "script" if el.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                let raw = node_text(node);
                match serde_json::from_str::<Value>(raw.trim()) {
                    Ok(v) => f.json_ld.push(v),
                    Err(_) if f.loose_ld_day.is_none() => f.loose_ld_day = loose_day(&raw),
                    Err(_) => {}
                }
                continue;
            }
            "time" if f.time.is_none() => f.time = el.attr("datetime").map(str::to_string),
            _ if el.attr("itemprop") == Some("datePublished") => {
                if let Some(v) = el.attr("content").or(el.attr("datetime")) {
                    f.meta.push(("datepublished".into(), v.to_string()));
                }
            }
            "script" | "style" | "noscript" | "template" => continue,
            _ => {}
        }
        f.bylines.element(el, || {
            let pieces = node
                .descendants()
                .filter_map(|d| d.value().as_text().map(|t| collapse(t)))
                .filter(|t| !t.is_empty())
                .take(8)
                .collect();
            (text(), pieces)
        });
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
}

/// The author in Twitter's label and data pairs, as Yoast writes them:
/// `twitter:label1` "Written by", `twitter:data1` the name.
fn labelled_author(meta: &[(String, String)]) -> Option<String> {
    let label = meta.iter().find_map(|(k, v)| {
        let n = k.strip_prefix("twitter:label")?;
        v.trim().eq_ignore_ascii_case("written by").then_some(n)
    })?;
    meta.iter()
        .find(|(k, _)| k.strip_prefix("twitter:data") == Some(label))
        .map(|(_, v)| v.trim().to_string())
}

/// The authors of a paper in Google Scholar's `citation_author` tags (one
/// a name, "Last, First" or "First Last"), which journals and preprint
/// servers write.
fn citation_authors(meta: &[(String, String)]) -> Option<String> {
    let names: Vec<String> = meta
        .iter()
        .filter(|(k, v)| k == "citation_author" && !v.trim().is_empty())
        .map(|(_, v)| match v.split_once(',') {
            Some((last, first)) if !first.contains(',') => {
                format!("{} {}", first.trim(), last.trim())
            }
            _ => v.trim().to_string(),
        })
        .collect();
    // A paper's list, as journals write it: commas only.
    (!names.is_empty()).then(|| names.join(", "))
}

fn node_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
        }
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The items of a JSON-LD value: itself, the members of an array or
/// `@graph`.
fn json_ld_items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().flat_map(json_ld_items).collect(),
        Value::Object(o) => match o.get("@graph") {
            Some(g) => json_ld_items(g),
            None => vec![v],
        },
        _ => Vec::new(),
    }
}

fn is_article(v: &&Value) -> bool {
    let typed = |t: &str| t.ends_with("Article") || t == "BlogPosting" || t == "Report";
    match v.get("@type") {
        Some(Value::String(t)) => typed(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(typed),
        _ => false,
    }
}

/// JSON-LD `author` with references resolved: `{"@id": "…#/schema/person/1"}`
/// stands for the item of the graph with that `@id`, as Yoast and other
/// generators write it.
fn by_reference(author: &Value, items: &[&Value]) -> Value {
    match author {
        Value::Array(list) => Value::Array(list.iter().map(|a| by_reference(a, items)).collect()),
        Value::Object(o) if o.get("name").is_none() => {
            let id = o.get("@id").and_then(Value::as_str);
            let target = id.and_then(|id| {
                items
                    .iter()
                    .find(|v| v.get("@id").and_then(Value::as_str) == Some(id))
            });
            target.map_or_else(|| author.clone(), |&v| v.clone())
        }
        _ => author.clone(),
    }
}

/// The first value of `key` at any depth (a page's `mainEntity`, an
/// article inside a `WebPage`).
fn nested<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Object(o) => o
            .get(key)
            .or_else(|| o.values().find_map(|c| nested(c, key))),
        Value::Array(a) => a.iter().find_map(|c| nested(c, key)),
        _ => None,
    }
}

/// A day from a value as written in metadata: ISO 8601, else with the
/// month's name ("Dec 19th 2025").
fn day_value(s: &str) -> Option<NaiveDate> {
    parse_day(s).or_else(|| first_written_day(s))
}

/// `"datePublished": "..."` from JSON-LD that does not parse (a trailing
/// comma, a raw newline in a string).
fn loose_day(raw: &str) -> Option<String> {
    let at = raw.find("\"datePublished\"")? + "\"datePublished\"".len();
    let rest = raw[at..].trim_start().strip_prefix(':')?.trim_start();
    let value = rest.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_string())
}

/// The site's name in a `<title>`: its shorter part around a separator.
fn site_name(title: &str) -> Option<String> {
    let t = collapse(title);
    let sep = SEPARATORS.iter().find(|s| t.contains(*s))?;
    let short = t.split(sep).min_by_key(|p| p.chars().count())?.trim();
    (!short.is_empty()).then(|| short.to_string())
}

/// The headline: the page's `<h1>` that the title tags agree with, else
/// its only `<h1>` when that reads as a headline, else JSON-LD's headline,
/// Open Graph's or `<title>` less its site name.
fn choose_title(
    h1s: &[String],
    headline: Option<String>,
    og: Option<String>,
    title_tag: Option<&str>,
    sites: &[String],
) -> Option<String> {
    let tagged = og
        .clone()
        .or(title_tag.map(str::to_string))
        .or(headline.clone())
        .map(|t| without_site_name(&t).to_lowercase());
    if let Some(t) = &tagged {
        let agrees = |h1: &&String| {
            let key: String = h1.to_lowercase().chars().take(24).collect();
            t.contains(&key) || shared_words(h1, t) >= 0.5
        };
        if let Some(h1) = h1s.iter().find(agrees) {
            return Some(h1.clone());
        }
    }
    if let [h1] = h1s
        && h1.split_whitespace().count() >= 3
        && !sites.iter().any(|s| s.eq_ignore_ascii_case(h1))
    {
        return Some(h1.clone());
    }
    headline
        .or(og.map(|t| without_site_name(&t)))
        .or(title_tag.map(without_site_name))
        .or(h1s.first().cloned())
        .filter(|t| !t.is_empty())
}

/// The share of `h1`'s words found in `title` (lower-cased).
fn shared_words(h1: &str, title: &str) -> f64 {
    let title: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    let lower = h1.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let shared = words.iter().filter(|w| title.contains(w)).count();
    shared as f64 / words.len().max(1) as f64
}

/// `Ministers meet | The Paper` -> `Ministers meet`: the longest part
/// between separators, as the site's name is the shorter.
fn without_site_name(t: &str) -> String {
    let t = collapse(t);
    for sep in SEPARATORS {
        if t.contains(sep) {
            return t
                .split(sep)
                .max_by_key(|p| p.chars().count())
                .unwrap_or(&t)
                .trim()
                .to_string();
        }
    }
    t
}

const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

/// A day written in a URL's path: `/2024/12/18/`, `2024-12-18` or, as
/// The Guardian and others write it, `/2024/dec/18/`.
fn url_day(url: &str) -> Option<NaiveDate> {
    let b = url.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let num = |s: &[u8]| std::str::from_utf8(s).ok()?.parse::<u32>().ok();
    for i in 0..b.len().saturating_sub(9) {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let w = &b[i..];
        if let Some(day) = named_month_day(w) {
            return Some(day);
        }
        let (y, m, d) =
            if w.len() >= 10 && digits(&w[..4]) && (w[4] == b'/' || w[4] == b'-') && w[7] == w[4] {
                (&w[..4], &w[5..7], &w[8..10])
            } else {
                continue;
            };
        if !(digits(m) && digits(d)) || w.get(10).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let year = num(y)? as i32;
        if let Some(day) = NaiveDate::from_ymd_opt(year, num(m)?, num(d)?)
            && (1990..2100).contains(&year)
        {
            return Some(day);
        }
    }
    None
}

/// `2024/dec/18` or `2023/october/03` at the start of `w`: a year, a
/// month's name or its first three letters, and a day that is a whole
/// path segment.
fn named_month_day(w: &[u8]) -> Option<NaiveDate> {
    const WINDOW: usize = 24;
    let text = std::str::from_utf8(&w[..w.len().min(WINDOW)]).ok()?;
    let mut parts = text.split('/');
    let year = parts
        .next()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
    let month = parts.next()?.to_ascii_lowercase();
    let m = written::MONTHS.iter().position(|name| {
        (month.len() == 3 || month.len() == name.len()) && name.starts_with(month.as_str())
    })?;
    let day = parts.next()?;
    let whole = parts.next().is_some() || text.len() < WINDOW;
    if !(whole && (1..=2).contains(&day.len()) && day.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    NaiveDate::from_ymd_opt(year, m as u32 + 1, day.parse().ok()?)
        .filter(|_| (1990..2100).contains(&year))
}

fn two_letters(lang: &str) -> Option<String> {
    let code = lang.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (code.len() == 2 && code.bytes().all(|c| c.is_ascii_lowercase())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(page: &str, url: Option<&str>) -> PageMeta {
        let html = scraper::Html::parse_document(page);
        page_meta(html.tree.root(), url, None)
    }

    fn day(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    #[test]
    fn json_ld_comes_first_and_its_graph_is_searched() {
        let page = r#"<html lang="en-GB"><head><title>Talks resume | The Paper</title>
          <meta property="article:published_time" content="2024-12-17T08:00:00Z">
          <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "The Paper"},
            {"@type": ["NewsArticle"], "headline": "Talks resume", "datePublished": "2024-12-18T10:00:00+01:00",
             "author": [{"@type": "Person", "name": "Olena Kovalenko"}, {"name": "Jan Nowak"}]}]}</script>
          </head><body><h1>Talks resume in Geneva</h1></body></html>"#;
        let m = meta_of(page, None);
        assert_eq!(m.published, Some((day("2024-12-18"), DaySource::JsonLd)));
        assert_eq!(m.author.as_deref(), Some("Olena Kovalenko and Jan Nowak"));
        // The visible headline, as it shares the tagged title's words.
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn meta_tags_then_time_then_the_url_give_the_day() {
        let meta = r#"<head><meta name="pubdate" content="2023-05-02"></head><body><time datetime="2020-01-01">x</time></body>"#;
        assert_eq!(
            meta_of(meta, None).published,
            Some((day("2023-05-02"), DaySource::Meta))
        );
        let time = r#"<body><p>By <span class="byline">by Ana Lima</span></p><time datetime="2020-01-01T10:00">Jan 1</time></body>"#;
        let m = meta_of(time, None);
        assert_eq!(m.published, Some((day("2020-01-01"), DaySource::Meta)));
        assert_eq!(m.author.as_deref(), Some("Ana Lima"));
        let url = Some("https://example.com/world/2019/11/05/story-1234567890.html");
        assert_eq!(
            meta_of("<p>x</p>", url).published,
            Some((day("2019-11-05"), DaySource::Url))
        );
        // A long number is no date.
        assert_eq!(
            meta_of("<p>x</p>", Some("https://x.org/a/20191105123/b")).published,
            None
        );
    }

    #[test]
    fn the_open_graph_url_and_a_plain_published_meta_give_days() {
        let page = r#"<html><head><meta property="og:url" content="https://x.org/posts/2025-12-15+Rust%3A+news">
            </head><body><p>Text.</p></body></html>"#;
        assert_eq!(
            meta_of(page, None).published,
            Some((day("2025-12-15"), DaySource::Url))
        );
        let page = r#"<html><head><meta name="published" content="July 17, 2025"></head><body></body></html>"#;
        assert_eq!(
            meta_of(page, None).published,
            Some((day("2025-07-17"), DaySource::Meta))
        );
    }

    #[test]
    fn a_papers_citation_authors_are_its_authors() {
        let page = r#"<html><head><meta name="citation_author" content="Mahindru, Aditya">
            <meta name="citation_author" content="Pradeep Patil"><meta name="citation_author" content="Varun Agrawal">
            </head><body><p>Text.</p></body></html>"#;
        assert_eq!(
            meta_of(page, None).author.as_deref(),
            Some("Aditya Mahindru, Pradeep Patil, Varun Agrawal")
        );
    }

    #[test]
    fn a_day_with_its_month_named_in_the_url_is_read() {
        for (url, want) in [
            (
                "https://www.theguardian.com/world/2019/nov/19/talks-resume",
                "2019-11-19",
            ),
            (
                "https://x.org/blog/2023/october/03/how-many-wines",
                "2023-10-03",
            ),
            ("https://x.org/2024/dec/7", "2024-12-07"),
        ] {
            assert_eq!(url_day(url), Some(day(want)), "{url}");
        }
        for url in [
            "https://x.org/2024/mayor/18/",
            "https://x.org/2024/dec/187/",
            "https://x.org/2024/de/18/",
        ] {
            assert_eq!(url_day(url), None, "{url}");
        }
    }

    #[test]
    fn an_author_box_gives_the_name_over_a_bio_or_beside_a_date() {
        let bio = "Lena Park is a reporter who has covered the city council since 2012 and \
                   writes on housing, transport and the budget.";
        for (inner, want) in [
            // Name over a bio too long to be a byline.
            (format!("<h4>Lena Park</h4><p>{bio}</p>"), "Lena Park"),
            // A date and a name in one marked row.
            (
                "<span>Dec 17, 2025</span><span>Lena Park</span>".to_string(),
                "Lena Park",
            ),
            // A label, social links and a heading are no names.
            (
                "<b>Written By</b><a href=/yt>YouTube</a><h5>About The Author</h5>\
                 <span>Lena Park</span>"
                    .to_string(),
                "Lena Park",
            ),
        ] {
            let page = format!(
                "<html><head><title>Council votes | City Desk</title></head><body>\
                 <h1>Council votes</h1><div class=\"post-author-box\">{inner}</div></body></html>"
            );
            assert_eq!(
                meta_of(&page, None).author.as_deref(),
                Some(want),
                "{inner}"
            );
        }
    }

    #[test]
    fn a_personal_site_signed_by_its_owner_has_its_owner_as_author() {
        let page = r#"<html><head><title>Ten books for winter - Dara Quinn</title>
          <meta property="og:site_name" content="Dara Quinn"></head><body>
          <h1>Ten books for winter</h1>
          <div class="entry-meta">Posted by <span class="author vcard">Dara Quinn</span></div>
          </body></html>"#;
        assert_eq!(meta_of(page, None).author.as_deref(), Some("Dara Quinn"));
    }

    #[test]
    fn an_author_in_twitter_label_and_data_pairs_is_read() {
        let page = r#"<html><head><meta name="twitter:label1" content="Est. reading time">
            <meta name="twitter:data1" content="4 minutes">
            <meta name="twitter:label2" content="Written by"><meta name="twitter:data2" content="Nadia Okoro">
            </head><body><p>Text.</p></body></html>"#;
        assert_eq!(meta_of(page, None).author.as_deref(), Some("Nadia Okoro"));
    }

    #[test]
    fn an_author_given_by_reference_is_found_in_the_graph() {
        let page = r##"<script type="application/ld+json">{"@graph": [
            {"@type": "Article", "headline": "x", "author": {"@id": "https://x.org/#/schema/person/7"}},
            {"@type": "Person", "@id": "https://x.org/#/schema/person/7", "name": "Ines Duarte"}]}</script>"##;
        assert_eq!(meta_of(page, None).author.as_deref(), Some("Ines Duarte"));
    }

    #[test]
    fn a_day_written_on_the_page_when_no_metadata_gives_one() {
        let page = r#"<head><script type="application/ld+json">{"headline": "x",}</script></head>
          <body><nav>Menu</nav><h1>Harbour reopens</h1><p class="meta">Posted on March 4th, 2025</p>
          <p>Ships returned on 9 March 2025.</p></body>"#;
        assert_eq!(
            meta_of(page, None).published,
            Some((day("2025-03-04"), DaySource::Text))
        );
        // Broken JSON-LD still gives its datePublished, even in words.
        let page = r#"<script type="application/ld+json">{"datePublished": "Feb 08, 2022",}</script>
          <p>Written January 2, 2020.</p>"#;
        assert_eq!(
            meta_of(page, None).published,
            Some((day("2022-02-08"), DaySource::JsonLd))
        );
        // No day after the capture.
        let html =
            scraper::Html::parse_document("<p>Due on May 1, 2031 and agreed May 2, 2024.</p>");
        let m = page_meta(html.tree.root(), None, Some(day("2025-01-01")));
        assert_eq!(m.published, None, "only the first written day is asked");
    }

    #[test]
    fn a_day_in_digits_is_read_under_the_headline_only() {
        let page = "<body><h1>Wie der Mähroboter den Rasen schafft</h1>\
                    <p>Jörg Weiß · 17.05.2021</p><p>Text.</p></body>";
        assert_eq!(
            meta_of(page, None).published,
            Some((day("2021-05-17"), DaySource::Text))
        );
        let far = "x ".repeat(NUMERIC_DAY_REACH);
        let page = format!(
            "<body><p>Offers expire 9/30/2017.</p><h1>Graphics cards</h1><p>Updated 6/2/2025</p>\
             <p>{far}</p><p>Chart of 3/13/2026</p></body>"
        );
        assert_eq!(meta_of(&page, None).published, None);
    }

    #[test]
    fn the_only_h1_is_the_title_where_the_tags_say_something_else() {
        let page = "<head><meta property=\"og:title\" content=\"Best kettles 2025: our picks\"></head>\
                    <body><h1>The Gooseneck Kettles We Tested</h1></body>";
        assert_eq!(
            meta_of(page, None).title.as_deref(),
            Some("The Gooseneck Kettles We Tested")
        );
        // A menu's h1 of two words is no headline.
        let page = "<head><title>Harbour reopens | Daily News</title></head><body><h1>Contact us</h1></body>";
        assert_eq!(
            meta_of(page, None).title.as_deref(),
            Some("Harbour reopens")
        );
    }

    #[test]
    fn the_h1_is_the_title_when_the_title_tag_agrees() {
        let page = "<head><title>Ministers extend the credit line - Daily News</title></head>\
                    <body><h1>Ministers extend the credit line</h1></body>";
        assert_eq!(
            meta_of(page, None).title.as_deref(),
            Some("Ministers extend the credit line")
        );
        // A site logo in the h1: the title tag less the site name.
        let page = "<head><title>Ministers extend the credit line | Daily News</title></head>\
                    <body><h1>Daily News</h1></body>";
        assert_eq!(
            meta_of(page, None).title.as_deref(),
            Some("Ministers extend the credit line")
        );
    }
}
