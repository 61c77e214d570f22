//! A page's metadata: headline, author, publication day, canonical URL and
//! language, from what publishers write for machines (JSON-LD, Open Graph
//! and other `<meta>` tags, `<time datetime>`), then from the page itself
//! (the `<h1>`, `<title>` less the site's name, the URL's date).

use chrono::NaiveDate;
use ego_tree::NodeRef;
use scraper::Node;
use serde_json::Value;

use crate::ingest::parse_day;

/// Where a page's publication day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySource {
    JsonLd,
    Meta,
    Url,
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
    h1: Option<String>,
    meta: Vec<(String, String)>,
    json_ld: Vec<Value>,
    time: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
    byline: Option<String>,
}

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
        .and_then(Value::as_str)
        .and_then(parse_day)
        .filter(possible)
        .map(|d| (d, DaySource::JsonLd))
        .or_else(|| {
            let d = meta(DAY_METAS).and_then(|v| parse_day(&v)).filter(possible);
            d.map(|d| (d, DaySource::Meta))
        })
        .or_else(|| {
            let d = f.time.as_deref().and_then(parse_day).filter(possible);
            d.map(|d| (d, DaySource::Meta))
        })
        .or_else(|| {
            let d = [url, f.canonical.as_deref()]
                .into_iter()
                .flatten()
                .find_map(url_day)
                .filter(possible);
            d.map(|d| (d, DaySource::Url))
        });
    let author = ld("author")
        .and_then(author_names)
        .or_else(|| meta(&["author", "article:author", "parsely-author", "dc.creator"]))
        .filter(|a| !a.starts_with("http"))
        .or(f.byline.clone())
        .map(|a| clean_byline(&a))
        .filter(|a| !a.is_empty());
    let headline = ld("headline").and_then(Value::as_str).map(str::to_string);
    let og = meta(&["og:title", "twitter:title"]);
    let title = choose_title(f.h1.as_deref(), headline, og, f.title_tag.as_deref());
    PageMeta {
        title,
        author,
        published,
        canonical: f.canonical.clone(),
        language: f.lang.as_deref().and_then(two_letters),
    }
}

fn collect(root: NodeRef<'_, Node>, f: &mut Found) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let Node::Element(el) = node.value() else {
            if node.value().is_document() {
                stack.extend(node.children());
            }
            continue;
        };
        let text = || collapse(&node_text(node));
        match el.name() {
            "html" => f.lang = el.attr("lang").map(str::to_string),
            "title" if f.title_tag.is_none() => f.title_tag = Some(text()),
            "h1" if f.h1.is_none() => f.h1 = Some(text()).filter(|t| !t.is_empty()),
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
                if let Ok(v) = serde_json::from_str::<Value>(node_text(node).trim()) {
                    f.json_ld.push(v);
                }
                continue;
            }
            "time" if f.time.is_none() => f.time = el.attr("datetime").map(str::to_string),
            _ if el.attr("itemprop") == Some("datePublished") => {
                if let Some(v) = el.attr("content").or(el.attr("datetime")) {
                    f.meta.push(("datepublished".into(), v.to_string()));
                }
            }
            "script" | "style" => continue,
            _ => {}
        }
        if f.byline.is_none() && is_byline(el) {
            let t = text();
            if (3..80).contains(&t.chars().count()) {
                f.byline = Some(t);
            }
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
}

fn is_byline(el: &scraper::node::Element) -> bool {
    el.attr("rel") == Some("author")
        || el.attr("itemprop") == Some("author")
        || [el.attr("class"), el.attr("id")]
            .into_iter()
            .flatten()
            .any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("byline") || c.contains("author-name") || c == "author"
            })
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

/// JSON-LD `author`: a name, a person object, or a list of either.
fn author_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect(),
        Value::Array(a) => a.iter().filter_map(author_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.trim().is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// `By Jane Doe` -> `Jane Doe`.
fn clean_byline(s: &str) -> String {
    let s = collapse(s);
    let lower = s.to_lowercase();
    let s = if lower.starts_with("by ") {
        &s[3..]
    } else {
        &s[..]
    };
    s.trim_matches(|c: char| c == ',' || c == '|' || c.is_whitespace())
        .to_string()
}

/// The headline: the page's `<h1>` when the title tags agree with it,
/// else JSON-LD's headline, else Open Graph's or `<title>` less its site
/// name.
fn choose_title(
    h1: Option<&str>,
    headline: Option<String>,
    og: Option<String>,
    title_tag: Option<&str>,
) -> Option<String> {
    let tagged = og
        .clone()
        .or(title_tag.map(str::to_string))
        .or(headline.clone());
    if let (Some(h1), Some(t)) = (h1, &tagged) {
        let key: String = h1.to_lowercase().chars().take(24).collect();
        if without_site_name(t).to_lowercase().contains(&key) {
            return Some(h1.to_string());
        }
    }
    headline
        .or(og.map(|t| without_site_name(&t)))
        .or(title_tag.map(without_site_name))
        .or(h1.map(str::to_string))
        .filter(|t| !t.is_empty())
}

/// `Ministers meet | The Paper` -> `Ministers meet`: the longest part
/// between separators, as the site's name is the shorter.
fn without_site_name(t: &str) -> String {
    let t = collapse(t);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
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

/// A day written in a URL's path: `/2024/12/18/` or `2024-12-18`.
fn url_day(url: &str) -> Option<NaiveDate> {
    let b = url.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let num = |s: &[u8]| std::str::from_utf8(s).ok()?.parse::<u32>().ok();
    for i in 0..b.len().saturating_sub(9) {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let w = &b[i..];
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
        assert_eq!(m.author.as_deref(), Some("Olena Kovalenko, Jan Nowak"));
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
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
