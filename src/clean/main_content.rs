//! Main-content extraction, jusText/trafilatura style:
//! 1. every line gets shape features, detector tags (chrome, end marker,
//!    caption, byline, teaser) and a class (good / near-good / short / bad)
//!    from length, stop-word density and sentence shape;
//! 2. an end-of-article marker after the body's start cuts the rest, when
//!    most prose is already behind it;
//! 3. author bios and headline + one-sentence teasers are tagged from context;
//! 4. short and near-good lines take their class from their neighbours;
//! 5. good lines form regions; the densest region is the body, far-off small
//!    regions (site blurbs, leftovers) are dropped;
//! 6. the headline is taken from the lines before the body, once.

use super::context;
use super::detect;
use super::lines::{self, Class, Line, Tag};
use super::sentences;
use super::words::CleanWords;

/// The article's part of a normalized page: headline, author and body lines.
pub(crate) struct MainContent<'a> {
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
    pub body: Vec<&'a str>,
    /// Code points of all non-blank lines, and of what was kept.
    pub total_chars: u64,
    pub kept_chars: u64,
}

/// Chooses the main content of `norm` (normalized text), steps 1-6 above.
pub(crate) fn main_content<'a>(lex: &CleanWords, norm: &'a str) -> MainContent<'a> {
    let mut ls = lines::split(lex, norm);
    let total_chars: u64 = ls.iter().map(|l| l.chars as u64).sum();
    let byline_author = tag_lines(lex, &mut ls);
    tag_teaser_headlines(&mut ls);
    if is_plain(&ls) {
        return whole_text(&ls, total_chars);
    }
    let Some(first) = anchor(&mut ls) else {
        return without_article_text(&ls, byline_author, total_chars);
    };
    let mut cut = end_cut(&mut ls, first);
    let bio_author = tag_bios(lex, &mut ls, first, cut);
    cut = bio_cut(&ls, first, cut);
    tag_teasers(lex, &mut ls, first, cut);
    context::resolve(&mut ls[..cut]);
    let start = context::select(&mut ls[..cut]);
    let title = start.and_then(|s| headline(&mut ls, s));
    let (body, kept_chars) = kept_body(&ls[..cut], title);
    MainContent {
        title,
        author: byline_author.or(bio_author),
        body,
        total_chars,
        kept_chars,
    }
}

/// Step 1: gives every line its detector tag and its class from the line
/// alone. Returns the author of the first byline, if any.
fn tag_lines<'a>(lex: &CleanWords, ls: &mut [Line<'a>]) -> Option<&'a str> {
    let mut byline_author = None;
    for l in ls.iter_mut() {
        l.tag = detect::marker(lex, l);
        if l.tag == Tag::None && detect::is_caption(lex, l) {
            l.tag = Tag::Caption;
        }
        if l.tag == Tag::None
            && let Some(a) = detect::byline(l)
        {
            l.tag = Tag::Byline;
            byline_author.get_or_insert(a);
        }
        // A snippet cut short with "..." is a teaser, never the article.
        if l.tag == Tag::None && l.ellipsis_end && l.chars < 400 {
            l.tag = Tag::Teaser;
        }
        l.class = lines::classify(l);
    }
    byline_author
}

/// A headline-shaped line right before a teaser snippet is that teaser's
/// headline, so it is tagged as teaser too.
fn tag_teaser_headlines(ls: &mut [Line]) {
    for i in 1..ls.len() {
        if ls[i].tag == Tag::Teaser && ls[i - 1].tag == Tag::None && ls[i - 1].heading() {
            ls[i - 1].tag = Tag::Teaser;
        }
    }
}

/// No chrome, caption, byline or teaser anywhere: this is an article body
/// (wire copy, a feed's text field), not a scraped page. Figure rows ("2/26
/// 2/27", "Feb 87 Jan 87 Feb 86", dot leaders ending in "...") look like date
/// or teaser lines but are no sign of a page.
fn is_plain(ls: &[Line]) -> bool {
    (0..ls.len()).all(|i| {
        let l = &ls[i];
        l.tag == Tag::None || l.weak_tag() || (i > 0 && l.continues(&ls[i - 1]))
    })
}

/// The content of a plain article body (see [`is_plain`]): kept whole, since
/// judging lines by prose shape would drop tables and briefs. A leading
/// headline-shaped line is the title.
fn whole_text<'a>(ls: &[Line<'a>], total_chars: u64) -> MainContent<'a> {
    let title = (ls.len() > 1 && ls[0].heading()).then(|| ls[0].text);
    let skip = usize::from(title.is_some());
    MainContent {
        title,
        author: None,
        body: ls.iter().skip(skip).map(|l| l.text).collect(),
        total_chars,
        kept_chars: total_chars,
    }
}

/// The content of a page without any article text (no anchor line). A lone
/// headline + cut snippet (a feed item) is all there is of the story: keep
/// it; anything else is junk.
fn without_article_text<'a>(
    ls: &[Line<'a>],
    byline_author: Option<&'a str>,
    total_chars: u64,
) -> MainContent<'a> {
    let mut snippets = ls
        .iter()
        .enumerate()
        .filter(|(_, l)| l.ellipsis_end && l.tag == Tag::Teaser);
    let (title, body) = match (snippets.next(), snippets.next()) {
        (Some((i, s)), None) => {
            let head = i.checked_sub(1).filter(|&h| ls[h].tag == Tag::Teaser);
            (head.map(|h| ls[h].text), vec![s.text])
        }
        // Two or more teasers: a page of links, not an article.
        (Some(_), Some(_)) => (None, Vec::new()),
        // No prose but no page structure either (tables, wire briefs
        // like "Shr 34 cts vs 1.19 dlrs"): the text is the article.
        // Extraction only removes what it recognizes as chrome.
        (None, _) => {
            let kept = ls.iter().filter(|l| l.tag == Tag::None).map(|l| l.text);
            (None, kept.collect())
        }
    };
    let kept_chars = title
        .iter()
        .chain(&body)
        .map(|t| t.chars().count() as u64)
        .sum();
    MainContent {
        title,
        author: byline_author,
        body,
        total_chars,
        kept_chars,
    }
}

/// An author bio closes the article like an end marker does: the first bio
/// after `first` moves the cut up to it when most prose is before it.
fn bio_cut(ls: &[Line], first: usize, cut: usize) -> usize {
    if let Some(b) = (first + 1..cut).find(|&i| ls[i].tag == Tag::Bio)
        && prose_before_dominates(&ls[..cut], b)
    {
        return b;
    }
    cut
}

/// The kept lines of the article (`ls`, up to the cut) except the title,
/// with the code points of title and body together.
fn kept_body<'a>(ls: &[Line<'a>], title: Option<&'a str>) -> (Vec<&'a str>, u64) {
    let mut body = Vec::new();
    let mut kept_chars = title.map_or(0, |t| t.chars().count() as u64);
    for l in ls {
        if l.keep && Some(l.text) != title {
            body.push(l.text);
            kept_chars += l.chars as u64;
        }
    }
    (body, kept_chars)
}

/// The headline among the lines before the body (`s`, its first kept line):
/// one the page repeats, else the first of the last run of headline-shaped
/// lines (a standfirst follows the headline; nav teasers come before it).
/// A headline-shaped first body line is taken as the headline.
fn headline<'a>(ls: &mut [Line<'a>], s: usize) -> Option<&'a str> {
    let mut end = s;
    if ls[s].heading() && ls[s + 1..].iter().any(|l| l.keep) {
        ls[s].keep = false;
        end = s + 1;
    }
    let pre = &ls[..end];
    let cand = |l: &Line| l.tag == Tag::None && is_title(l);
    let repeated = pre
        .iter()
        .filter(|l| cand(l))
        .find(|c| pre.iter().filter(|l| l.text == c.text).count() > 1);
    // Start of the last run of candidates (other lines in between end a run).
    let mut in_run = false;
    let mut last_run = None;
    for (i, l) in pre.iter().enumerate() {
        if cand(l) {
            if !in_run {
                last_run = Some(i);
            }
            in_run = true;
        } else if l.tag == Tag::None || l.tag == Tag::Teaser {
            in_run = false;
        }
    }
    // In the run, the line nearest the body wins, unless an earlier one is
    // clearly more headline-like (fewer function words than a standfirst).
    let picked = last_run.and_then(|a| {
        let mut run = pre[a..].iter().rev().filter(|l| cand(l));
        let mut best = run.next()?;
        for c in run {
            if c.stop_density() + 0.1 <= best.stop_density() {
                best = c;
            }
        }
        Some(best)
    });
    repeated.or(picked).map(|l| l.text)
}

fn is_title(l: &Line) -> bool {
    l.heading() || (l.upper && l.text.ends_with(['?', '!']) && l.words >= 3 && l.chars <= 200)
}

/// First line that is surely article text; relaxes the bar for documents
/// without any good line (short items), promoting near-good, then prose.
fn anchor(ls: &mut [Line]) -> Option<usize> {
    let free = |l: &Line| l.tag == Tag::None;
    if let Some(i) = ls.iter().position(|l| free(l) && l.class == Class::Good) {
        return Some(i);
    }
    let mut promoted = false;
    for l in ls
        .iter_mut()
        .filter(|l| free(l) && l.class == Class::NearGood)
    {
        l.class = Class::Good;
        promoted = true;
    }
    if !promoted {
        for l in ls.iter_mut().filter(|l| free(l) && l.prose()) {
            l.class = Class::Good;
        }
    }
    ls.iter().position(|l| free(l) && l.class == Class::Good)
}

/// Index where the article ends: the first end marker after `first` that has
/// at least as much good text before it as after. Other end markers become chrome.
fn end_cut(ls: &mut [Line], first: usize) -> usize {
    for i in 0..ls.len() {
        if ls[i].tag == Tag::End {
            if i > first && prose_before_dominates(ls, i) {
                return i;
            }
            ls[i].tag = Tag::Chrome;
        }
    }
    ls.len()
}

/// At least as much good text before line `i` as from it on.
fn prose_before_dominates(ls: &[Line], i: usize) -> bool {
    let good = |l: &&Line| l.tag == Tag::None && l.class == Class::Good;
    let sum = |s: &[Line]| s.iter().filter(good).map(|l| l.chars as u64).sum::<u64>();
    sum(&ls[..i]) >= sum(&ls[i..])
}

/// Tags author bios (and the name/role lines around them); returns the name.
fn tag_bios<'a>(
    lex: &CleanWords,
    ls: &mut [Line<'a>],
    first: usize,
    cut: usize,
) -> Option<&'a str> {
    let good = |l: &Line| l.tag == Tag::None && l.class == Class::Good;
    let last_good = (first..cut).rev().find(|&i| good(&ls[i])).unwrap_or(first);
    let mut author = None;
    for i in 0..cut {
        if ls[i].tag != Tag::None {
            continue;
        }
        let lo = i.saturating_sub(3);
        let free = |j: usize, ls: &[Line]| ls[j].tag == Tag::None;
        if let Some(name) = detect::bio_name(lex, &ls[i]) {
            let named = (lo..i).find(|&j| free(j, ls) && detect::is_name_line(lex, &ls[j]));
            let role = (lo..i).find(|&j| free(j, ls) && detect::is_role_line(lex, &ls[j]));
            if named.is_some() || role.is_some() || i >= last_good {
                for j in [named, role, Some(i)].into_iter().flatten() {
                    ls[j].tag = Tag::Bio;
                }
                author.get_or_insert(named.map_or(name, |j| ls[j].text));
            }
        } else if i + 1 < cut
            && free(i + 1, ls)
            && detect::is_name_line(lex, &ls[i])
            && detect::is_role_line(lex, &ls[i + 1])
        {
            // "Jane Doe" over "Senior Correspondent": a byline block.
            ls[i].tag = Tag::Bio;
            ls[i + 1].tag = Tag::Bio;
            author.get_or_insert(ls[i].text);
        }
    }
    author
}

/// Tags related-article teasers inside or after the body: a headline-shaped
/// line and a single sentence that lead nowhere: nothing but chrome or other
/// non-article lines follow, or no article text follows before the end (scanned
/// from the end, so a list of such pairs is taken pair by pair), or the pair
/// sits glued together in a page whose paragraphs are separated by blank lines.
fn tag_teasers(lex: &CleanWords, ls: &mut [Line], first: usize, cut: usize) {
    let gaps = ls.iter().filter(|l| l.gap).count();
    let blank_separated = ls.len() > 3 && gaps * 2 >= ls.len();
    let mut i = cut.saturating_sub(2);
    while i > first {
        let (h, s) = (&ls[i], &ls[i + 1]);
        let pair = h.tag == Tag::None
            && s.tag == Tag::None
            && h.heading()
            && h.words >= 6
            && !s.heading()
            && s.terminal
            && s.chars < 300
            && sentences::count_line(lex, s.text) == 1;
        if pair {
            let after = &ls[i + 2..cut];
            let chrome_next = after.first().is_some_and(|n| n.tag == Tag::Chrome);
            let tagged_next = after
                .iter()
                .find(|n| n.tag != Tag::Chrome)
                .is_none_or(|n| n.tag != Tag::None);
            let text_after = after
                .iter()
                .any(|n| n.tag == Tag::None && matches!(n.class, Class::Good | Class::NearGood));
            let glued = blank_separated
                && !s.gap
                && after.first().is_none_or(|n| n.gap || n.tag != Tag::None);
            if chrome_next || tagged_next || !text_after || glued {
                ls[i].tag = Tag::Teaser;
                ls[i + 1].tag = Tag::Teaser;
                i = i.saturating_sub(2);
                continue;
            }
        }
        i -= 1;
    }
}

/// One line per input line: tag, class, shape features and text (for tests).
#[cfg(test)]
pub(crate) fn explain(lex: &CleanWords, norm: &str) -> Vec<String> {
    let mut ls = lines::split(lex, norm);
    for l in ls.iter_mut() {
        l.tag = detect::marker(lex, l);
        if l.tag == Tag::None && detect::is_caption(lex, l) {
            l.tag = Tag::Caption;
        }
        l.class = lines::classify(l);
    }
    ls.iter()
        .map(|l| {
            format!(
                "{:?}/{:?} c={} w={} d={:.2} p={} h={} | {}",
                l.tag,
                l.class,
                l.chars,
                l.words,
                l.stop_density(),
                l.prose() as u8,
                l.heading() as u8,
                l.text.chars().take(70).collect::<String>()
            )
        })
        .collect()
}
