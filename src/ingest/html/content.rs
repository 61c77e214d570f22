//! The article's text from a page's DOM, by evidence rather than per-site
//! rules:
//! 1. the body is walked once; subtrees that are never article text are
//!    skipped (scripts, navigation, forms, figures and their captions,
//!    hidden elements, and elements whose class or id names chrome: share
//!    boxes, comments, related stories, newsletters...);
//! 2. the text falls into blocks (paragraphs, headings, list items, cells),
//!    each with its length and the share of it inside links;
//! 3. a block of prose (long, few links, sentence punctuation) scores its
//!    length, a link list or a short fragment scores against; the element
//!    whose subtree scores most holds the article;
//! 4. its blocks are the text, less link lists and the chrome before the
//!    first prose block and after the last one and what continues it.

use super::classes::names_chrome;
use super::closing;
use ego_tree::NodeRef;
use scraper::Node;

/// Tags whose subtrees hold no text to read.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "button", "select", "textarea",
    "iframe", "object", "embed", "head", "input", "label", "dialog", "picture", "video", "audio",
    "canvas",
];

/// Tags of page furniture: like a class that names chrome, they hold no
/// article unless the article is all there is (pages wrapped in one
/// `<form>`).
const CHROME_TAGS: &[&str] = &[
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "figure",
    "figcaption",
    "menu",
];

/// Tags that end the block before them and start a new one.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "dl",
    "br",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "caption",
    "tbody",
    "thead",
    "body",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Para,
    Heading,
    Item,
    Other,
}

#[derive(Debug)]
struct Block {
    text: String,
    chars: u32,
    link_chars: u32,
    kind: Kind,
    /// Preorder index of the element the block is directly in.
    owner: u32,
}

/// No element: the root's parent, a block outside any chrome.
const NONE: u32 = u32::MAX;

impl Block {
    fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }

    fn ends_like_prose(&self) -> bool {
        self.text
            .trim_end_matches(['"', '”', '’', '\'', ')', '»', '」', '』'])
            .ends_with(['.', '!', '?', ':', '…', '。', '！', '？', '؟', '।'])
    }

    fn is_prose(&self) -> bool {
        let ends_like_prose = self.ends_like_prose();
        matches!(self.kind, Kind::Para | Kind::Other | Kind::Item)
            && self.link_density() < 0.3
            && (self.chars >= 150 || (self.chars >= 50 && ends_like_prose))
    }

    /// A list of links or a short fragment of page furniture.
    fn is_chrome(&self) -> bool {
        self.link_density() >= 0.5 || (self.kind != Kind::Heading && self.chars < 25)
    }

    fn score(&self) -> f32 {
        if self.is_prose() {
            self.chars as f32
        } else if self.is_chrome() {
            -0.5 * self.chars as f32
        } else {
            0.0
        }
    }
}

/// The walk's state: blocks so far and the one being written.
struct Walk {
    blocks: Vec<Block>,
    /// Per element in preorder: its parent's index.
    parents: Vec<u32>,
    /// Per element: whether its tag, class or id names chrome.
    chrome: Vec<bool>,
    /// Per element: whether it is one of three or more siblings of one tag
    /// and class (cards of a teaser list, or an article's own parts).
    repeated: Vec<bool>,
    /// Per element: the index in `blocks` its first block would have.
    first_block: Vec<u32>,
    /// The first few `<h1>` elements, by preorder index: the headline
    /// is one of them.
    h1s: Vec<u32>,
    text: String,
    link_chars: u32,
    kind: Kind,
    owner: u32,
    in_link: u32,
    /// Inside `<pre>` or `<code>`, where classes name a highlighter's
    /// tokens (`token comment`), not page furniture.
    in_code: u32,
}

impl Walk {
    fn flush(&mut self) {
        let text = self.text.trim();
        if !text.is_empty() {
            let chars = text.chars().count() as u32;
            self.blocks.push(Block {
                text: text.to_string(),
                chars,
                link_chars: self.link_chars.min(chars),
                kind: self.kind,
                owner: self.owner,
            });
        }
        self.text.clear();
        self.link_chars = 0;
        self.kind = Kind::Other;
    }

    /// Appends text with runs of white space made one space. Text joins
    /// the text before it as the page has it: "<a>plan</a>, said" is
    /// "plan, said", not "plan , said".
    fn push_text(&mut self, s: &str) {
        let mut chars = 0;
        let spaced = s.starts_with(char::is_whitespace);
        for (i, word) in s.split_whitespace().enumerate() {
            if (i > 0 || spaced) && !self.text.is_empty() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
            self.text.push_str(word);
            chars += word.chars().count() as u32 + 1;
        }
        if s.ends_with(char::is_whitespace) && !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        if self.in_link > 0 {
            self.link_chars += chars;
        }
    }
}

/// The article text of the page under `body`, one block a line; empty
/// when no block reads as prose.
pub fn article_text(body: NodeRef<'_, Node>) -> String {
    let mut w = Walk {
        blocks: Vec::new(),
        parents: Vec::new(),
        chrome: Vec::new(),
        repeated: Vec::new(),
        first_block: Vec::new(),
        h1s: Vec::new(),
        text: String::new(),
        link_chars: 0,
        kind: Kind::Other,
        owner: 0,
        in_link: 0,
        in_code: 0,
    };
    walk(body, &mut w);
    w.flush();
    let Some((best, end, chrome_above)) = best_element(&w) else {
        return String::new();
    };
    // Chrome inside the article (a share box, a caption) is left out; chrome
    // around it (a page in one `<form>`) is not.
    let inside: Vec<&Block> = w
        .blocks
        .iter()
        .filter(|b| (best..=end).contains(&b.owner))
        .filter(|b| {
            let c = chrome_above[b.owner as usize];
            c == NONE || c <= best
        })
        .collect();
    let (Some(first), Some(last)) = (
        inside.iter().position(|b| b.is_prose()),
        inside.iter().rposition(|b| b.is_prose()),
    ) else {
        return String::new();
    };
    // A heading just before the first prose block opens the article.
    let first = match first.checked_sub(1) {
        Some(h) if inside[h].kind == Kind::Heading => h,
        _ => first,
    };
    let last = closed_by_label(&inside, first, with_tail(&w, &inside, last));
    let lead = standfirst(&w, &inside[first..], (best, end), &chrome_above);
    let mut out = String::new();
    for b in lead.iter().chain(&inside[first..=last]) {
        // A link list goes; a sentence that is mostly one link stays.
        if b.link_density() >= 0.5
            && !(b.kind == Kind::Para && b.chars >= 80 && b.ends_like_prose())
        {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&b.text);
    }
    out
}

/// Walks the tree depth first without recursion (pages nest deeply),
/// writing blocks into `w`.
fn walk(root: NodeRef<'_, Node>, w: &mut Walk) {
    // (node, parent's preorder index, closing a block); a closing entry ends the
    // element's block and its link.
    let mut stack: Vec<(NodeRef<'_, Node>, u32, Option<bool>, bool)> = vec![(root, 0, None, false)];
    let mut owners: Vec<u32> = Vec::new();
    while let Some((node, parent, closing, repeated)) = stack.pop() {
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                if let Some(block) = closing {
                    if block {
                        w.flush();
                        w.owner = owners.pop().unwrap_or(0);
                    }
                    if name == "a" {
                        w.in_link -= 1;
                    }
                    if matches!(name, "pre" | "code") {
                        w.in_code -= 1;
                    }
                    continue;
                }
                if SKIPPED.contains(&name) || is_hidden(el) {
                    continue;
                }
                let chrome = (CHROME_TAGS.contains(&name)
                    && !(name == "figure" && holds_text(node)))
                    || (w.in_code == 0 && names_chrome(el));
                let index = w.parents.len() as u32;
                w.parents.push(parent);
                w.chrome.push(chrome);
                w.repeated.push(repeated);
                w.first_block.push(w.blocks.len() as u32);
                if name == "h1" && w.h1s.len() < 4 {
                    w.h1s.push(index);
                }
                // Chrome is a block of its own, so that its text is its own.
                let block = chrome || BLOCKS.contains(&name);
                if block {
                    w.flush();
                    owners.push(w.owner);
                    w.owner = index;
                    w.kind = match name {
                        "p" | "blockquote" | "pre" => Kind::Para,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
                        "li" | "dd" | "dt" | "td" | "th" => Kind::Item,
                        _ => Kind::Other,
                    };
                }
                if name == "a" {
                    w.in_link += 1;
                }
                if matches!(name, "pre" | "code") {
                    w.in_code += 1;
                }
                stack.push((node, parent, Some(block), false));
                let children: Vec<_> = node.children().collect();
                fn signature<'a>(c: &NodeRef<'a, Node>) -> Option<(&'a str, &'a str)> {
                    let el = c.value().as_element()?;
                    let class = el.attr("class").filter(|c| !c.trim().is_empty())?;
                    (!matches!(
                        el.name(),
                        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "br"
                    ))
                    .then_some((el.name(), class))
                }
                let signatures: Vec<_> = children.iter().map(signature).collect();
                // Counted in one pass: a page may have 100,000 siblings.
                let mut counts: std::collections::HashMap<(&str, &str), u32> =
                    std::collections::HashMap::new();
                for sig in signatures.iter().flatten() {
                    *counts.entry(*sig).or_default() += 1;
                }
                for (child, sig) in children.iter().zip(&signatures).rev() {
                    let repeats = sig.is_some_and(|sig| counts[&sig] >= 3);
                    stack.push((*child, index, None, repeats));
                }
            }
            Node::Text(t) => w.push_text(t),
            _ => {}
        }
    }
}

/// Up to three prose blocks right before the article's first block
/// `from[0]` and outside its element `best..=end`: a standfirst or lead
/// that the page sets in the header's container, apart from the body
/// (AEB F1 0.9395 -> 0.9402, WCXB unchanged at 0.9430).
fn standfirst<'w>(
    w: &'w Walk,
    from: &[&Block],
    (best, end): (u32, u32),
    chrome_above: &[u32],
) -> Vec<&'w Block> {
    let start = w
        .blocks
        .iter()
        .position(|b| std::ptr::eq(b, from[0]))
        .unwrap_or(0);
    let mut lead: Vec<&Block> = w.blocks[..start]
        .iter()
        .rev()
        .take_while(|b| {
            !(best..=end).contains(&b.owner)
                && chrome_above.get(b.owner as usize) == Some(&NONE)
                && b.is_prose()
        })
        .take(3)
        .collect();
    lead.reverse();
    lead
}

/// The index of the article's last block: the last prose block, and after
/// it what continues it in the same container, as a list of tour dates
/// under the paragraph announcing them, up to a heading, a link list or a
/// fragment (AEB F1 0.9355 -> 0.9378, WCXB unchanged).
fn with_tail(w: &Walk, inside: &[&Block], mut last: usize) -> usize {
    let home = w.parents[inside[last].owner as usize];
    let within = |mut o: u32| {
        while o != 0 && o != home {
            o = w.parents[o as usize];
        }
        o == home
    };
    while let Some(b) = inside.get(last + 1) {
        if b.is_chrome() || b.link_density() >= 0.3 || b.kind == Kind::Heading || !within(b.owner) {
            break;
        }
        last += 1;
    }
    last
}

/// The index of the article's last block: the block before a label that
/// closes it ("Related articles", "About the author") once at least half
/// of its text has come (WCXB F1 0.9479 -> 0.9505, AEB 0.9402 -> 0.9408).
/// Earlier, such a label heads a box inside the story ("Don't miss",
/// "Related") that the story goes on after.
fn closed_by_label(inside: &[&Block], first: usize, last: usize) -> usize {
    let total: u32 = inside[first..=last].iter().map(|b| b.chars).sum();
    let mut seen = 0;
    for (k, b) in inside.iter().enumerate().take(last + 1).skip(first) {
        // A label that is a link is a button ("Share this post" at the
        // top of a story), not a heading over what follows.
        let label = b.link_density() < 0.5;
        if k > first && label && 2 * seen > total && closing::closes_article(&b.text) {
            return k - 1;
        }
        seen += b.chars;
    }
    last
}

/// The element whose subtree's blocks score most, as its preorder index
/// and its last descendant's, and per element its nearest ancestor-or-self
/// that is chrome. On a tie the inner element wins, as it holds less that
/// is not article. Chrome is an element whose tag, class or id names it,
/// or one of repeated cards that lead with a link (a teaser list); for the
/// elements around it all its text counts against.
fn best_element(w: &Walk) -> Option<(u32, u32, Vec<u32>)> {
    let n = w.parents.len();
    let mut score = vec![0f32; n];
    let mut chars = vec![0f32; n];
    let mut links = vec![0f32; n];
    let mut prose = vec![0f32; n];
    let mut last = (0..n as u32).collect::<Vec<_>>();
    for b in &w.blocks {
        let o = b.owner as usize;
        if o < n {
            score[o] += b.score();
            chars[o] += b.chars as f32;
            links[o] += b.link_chars as f32;
            if b.is_prose() {
                prose[o] += b.chars as f32;
            }
        }
    }
    let mut chrome = w.chrome.clone();
    // Children come after their parents in preorder: one backward pass sums
    // subtrees.
    for i in (1..n).rev() {
        // A quarter of the text in links: a list of teasers, not the cards
        // of a "best of" article, whose prose carries a link or two (at a
        // tenth, WCXB F1 0.909 and AEB 0.912; at a quarter, 0.919 and 0.913).
        chrome[i] |= w.repeated[i]
            && links[i] >= 15.0
            && links[i] >= 0.25 * chars[i]
            && leads_with_link(w, i, last[i]);
        let p = w.parents[i] as usize;
        score[p] += if chrome[i] {
            -0.5 * chars[i].min(CHROME_CHARS_CAP)
        } else {
            score[i]
        };
        if !chrome[i] {
            prose[p] += prose[i];
        }
        chars[p] += chars[i];
        links[p] += links[i];
        last[p] = last[p].max(last[i]);
    }
    let mut above = vec![NONE; n];
    for i in 0..n {
        above[i] = if chrome[i] {
            i as u32
        } else if i > 0 {
            above[w.parents[i] as usize]
        } else {
            NONE
        };
    }
    let mut best: Option<usize> = None;
    for i in 0..n {
        let better = match best {
            None => score[i] > 0.0,
            Some(b) => score[i] > score[b] || (score[i] == score[b] && i as u32 <= last[b]),
        };
        if better {
            best = Some(i);
        }
    }
    let mut best = best?;
    // A short article loses to a long footer paragraph: the prose right
    // after the headline is the article's lead, and the element holding it
    // is the article when it scores near the best.
    if let Some(lead) = lead_block(w, &above)
        && !(best as u32..=last[best]).contains(&lead.owner)
    {
        let holder = best_ancestor(w, &chrome, &score, lead.owner as usize);
        if score[holder] >= LEAD_SHARE * score[best] {
            best = holder;
        }
    }
    let best = promoted(w, &chrome, &prose, best);
    Some((best as u32, last[best], above))
}

/// The most characters of a chrome element that count against the
/// element around it: a comment thread inside the article must not
/// outweigh the article, leaving one long comment the best element (WCXB
/// F1 0.9465 -> 0.9477 at 2,000-3,000; 0.9473 at 5,000 and 10,000; at
/// 1,000 AEB falls from 0.9402 to 0.9391).
const CHROME_CHARS_CAP: f32 = 2500.0;

/// The best-scoring element among `i` and its ancestors up to the first
/// chrome, the highest of equals: up through wrappers that add nothing,
/// to take the headline in.
fn best_ancestor(w: &Walk, chrome: &[bool], score: &[f32], mut i: usize) -> usize {
    let mut holder = i;
    while i > 0 && !chrome[i] {
        i = w.parents[i] as usize;
        if !chrome[i] && score[i] >= score[holder] {
            holder = i;
        }
    }
    holder
}

/// An article split by something that scores against it (a list of links,
/// a table of contents) is whole in the nearest ancestor of `best`, below
/// any chrome, that holds [`PROMOTE`] times its prose.
fn promoted(w: &Walk, chrome: &[bool], prose: &[f32], mut best: usize) -> usize {
    let mut up = best;
    while up > 0 {
        up = w.parents[up] as usize;
        if chrome[up] {
            break;
        }
        if prose[up] >= PROMOTE * prose[best] {
            best = up;
        }
    }
    best
}

/// The share of the best element's score that the element holding the
/// headline's lead must reach to be the article instead.
const LEAD_SHARE: f32 = 0.25;

/// The first prose block after the page's first `<h1>` outside chrome,
/// outside chrome itself.
fn lead_block<'w>(w: &'w Walk, above: &[u32]) -> Option<&'w Block> {
    let h1 = *w.h1s.iter().find(|&&h| above[h as usize] == NONE)?;
    w.blocks[w.first_block[h1 as usize] as usize..]
        .iter()
        .take(40)
        .find(|b| b.owner > h1 && b.is_prose() && above.get(b.owner as usize) == Some(&NONE))
}

/// How much more prose an ancestor must hold to be the article instead.
const PROMOTE: f32 = 3.0;

/// Whether the first text of element `i` (whose subtree ends at `last`)
/// is a link, as a teaser card's headline is and an article section's
/// heading is not.
fn leads_with_link(w: &Walk, i: usize, last: u32) -> bool {
    // The element's text may come after a block still open when it
    // started: look at the first block owned inside it.
    w.blocks[w.first_block[i] as usize..]
        .iter()
        .take(4)
        .find(|b| (i as u32..=last).contains(&b.owner))
        .is_some_and(|b| b.link_density() >= 0.5)
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    (el.attr("hidden").is_some() && !streamed_segment(el))
        || el.attr("aria-hidden") == Some("true")
        || el.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase();
            s.contains("display:none") || s.contains("display: none")
        })
        || matches!(
            el.attr("role"),
            Some("navigation" | "complementary" | "banner" | "contentinfo" | "dialog")
        )
}

/// A hidden `<div id="S:0">` is a segment React streams after the page's
/// shell (Next.js and other server renderers): a script moves it into
/// place at once, so readers see it.
fn streamed_segment(el: &scraper::node::Element) -> bool {
    el.attr("id")
        .and_then(|id| id.strip_prefix("S:"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a `<figure>` holds a table or a quotation, as WordPress's
/// `wp-block-table` and `wp-block-pullquote` do: the article's text, not a
/// picture's (WCXB F1 0.9430 -> 0.9449; AEB unchanged).
fn holds_text(figure: NodeRef<'_, Node>) -> bool {
    figure.descendants().any(|d| {
        d.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "table" | "blockquote"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(page: &str) -> String {
        let html = scraper::Html::parse_document(page);
        article_text(*html.root_element())
    }

    const PROSE: &str = "The finance ministers met in Brussels on Tuesday and agreed, after a long night of talks, to extend the credit line.";

    #[test]
    fn the_article_is_kept_and_the_chrome_around_it_dropped() {
        let page = format!(
            r#"<html><body>
            <div class="site-nav"><a href="/">Home</a> <a href="/world">World</a></div>
            <div id="main"><article>
              <h1>Ministers extend the credit line</h1>
              <div class="share-tools">Share on Facebook</div>
              <p>{PROSE}</p><p>{PROSE}</p>
              <figure><img src="x.jpg"><figcaption>Photo: a minister. Credit: Agency</figcaption></figure>
              <p>Officials said the <a href="/plan">plan</a> would run until next year.</p>
            </article>
            <ul class="related-stories"><li><a href="/a">Another long story headline about things</a></li></ul>
            </div>
            <footer>© 2024 The Paper. All rights reserved.</footer>
            </body></html>"#
        );
        let text = text_of(&page);
        let want = format!(
            "Ministers extend the credit line\n{PROSE}\n{PROSE}\nOfficials said the plan would run until next year."
        );
        assert_eq!(text, want);
    }

    #[test]
    fn the_cards_of_a_best_of_article_are_no_teaser_list() {
        let card = |n: u32| {
            format!(
                r#"<div class="card"><h2>Pick {n}: the Harbour {n}</h2><p>We tested the Harbour {n} for six weeks in three kitchens, and it boiled water faster than any rival while staying quiet and easy to clean after every use.</p><p><a href="/buy/{n}">See it at the shop</a> or <a href="/price/{n}">compare its prices</a></p></div>"#
            )
        };
        let related = r#"<ul><li class="rel"><a href="/a">Ten kettles we loved this year and why</a></li>
            <li class="rel"><a href="/b">How to descale a kettle in five minutes flat</a></li>
            <li class="rel"><a href="/c">The best toasters of the year, tested at home</a></li></ul>"#;
        let page = format!(
            "<body><article><h1>The best kettles</h1>{}{}{}</article>{related}</body>",
            card(1),
            card(2),
            card(3)
        );
        let text = text_of(&page);
        assert!(
            text.contains("Harbour 1") && text.contains("Harbour 3"),
            "{text}"
        );
        assert!(!text.contains("descale"), "{text}");
    }

    #[test]
    fn a_page_with_no_article_gives_no_text() {
        let page = r#"<html><body><form><label>User</label><input name=u>
            <button>Sign in</button></form><div><a href="/reset">Forgot password?</a></div></body></html>"#;
        assert_eq!(text_of(page), "");
    }

    #[test]
    fn a_segment_streamed_by_react_is_read_though_hidden() {
        // Next.js pages send the article in `<div hidden id="S:0">` after a
        // placeholder; a script shows it at once. Other hidden text stays out.
        let page = format!(
            r#"<body><main><template id="B:0"></template><p>Loading</p></main>
            <div hidden id="S:0"><article><p>{PROSE}</p><p>{PROSE}</p></article></div>
            <div hidden id="S:x"><p>Hidden note that is long enough to read as prose, really.</p></div>
            <div hidden><p>{PROSE} Another hidden paragraph.</p></div></body>"#
        );
        assert_eq!(text_of(&page), format!("{PROSE}\n{PROSE}"));
    }

    #[test]
    fn an_article_built_of_elementor_widgets_is_read_whole() {
        let widget = |kind: &str, inner: &str| {
            format!(
                r#"<div class="elementor-element elementor-widget elementor-widget-{kind}">
                <div class="elementor-widget-container">{inner}</div></div>"#
            )
        };
        let page = format!(
            r#"<body><article><div class="elementor">
            <section class="elementor-section">{}{}</section>
            <section class="elementor-section">{}{}</section></div></article>
            <div class="widget widget_recent_entries"><ul><li><a href="/a">An older post with a long title</a></li>
            <li><a href="/b">Another older post with a long title</a></li></ul></div></body>"#,
            widget("heading", "<h2>Duolingo</h2>"),
            widget("text-editor", &format!("<p>{PROSE}</p>")),
            widget("heading", "<h2>HelloTalk</h2>"),
            widget("icon-list", &format!("<ul><li>{PROSE}</li></ul>")),
        );
        assert_eq!(
            text_of(&page),
            format!("Duolingo\n{PROSE}\nHelloTalk\n{PROSE}")
        );
    }

    #[test]
    fn sections_full_of_links_are_the_article_when_they_open_with_a_heading() {
        // Three sections of one class, a third of their text in links:
        // a teaser list's cards would open with a link, these do not.
        let section = |h: &str| {
            format!(
                r#"<div class="sect1"><h2 id="{h}">{h}</h2><div class="sectionbody">
                <div class="paragraph"><p>{PROSE}</p></div>
                <ul><li><a href="/pr/1">Fix the build of the sysroot on m68k</a></li>
                <li><a href="/pr/2">Regenerate the intrinsics list</a></li></ul></div></div>"#
            )
        };
        let page = format!(
            r#"<body><article><div class="content">{}{}{}</div></article></body>"#,
            section("Status"),
            section("Progress"),
            section("Thanks")
        );
        let text = text_of(&page);
        for h in ["Status", "Progress", "Thanks"] {
            assert!(text.contains(h), "{h} in {text}");
        }
        assert_eq!(text.matches(PROSE).count(), 3, "{text}");
    }

    #[test]
    fn text_after_a_link_joins_it_as_written() {
        let page = format!(
            "<body><p>{PROSE} Officials said the <a href=/plan>plan</a>, \
             <em>first</em>drafted in <b>May</b>(2024), would run.</p></body>"
        );
        assert_eq!(
            text_of(&page),
            format!("{PROSE} Officials said the plan, firstdrafted in May(2024), would run.")
        );
    }

    #[test]
    fn a_short_article_after_its_headline_beats_a_longer_footer_paragraph() {
        let footer = "The Customer Service Center can be reached with any questions or requests \
            by telephone on weekdays between seven and two, by fax or by e-mail, and it handles \
            distribution requests on Fridays only, between seven and one, for local and \
            international readers alike, who may also write to the center by post.";
        // Links between the two make their common ancestor score less.
        let links: String = (0..12)
            .map(|i| format!("<li><a href=/{i}>Another story of the day, told at some length, number {i}</a></li>"))
            .collect();
        let page = format!(
            r#"<body><div class="top"><h1>Son of former president stabbed in Berlin</h1>
            <div class="story"><p>{PROSE}</p><p>{PROSE}</p></div></div>
            <ul>{links}</ul><div class="bottom"><p>{footer}</p></div></body>"#
        );
        let text = text_of(&page);
        assert_eq!(
            text,
            format!("Son of former president stabbed in Berlin\n{PROSE}\n{PROSE}")
        );
    }

    #[test]
    fn a_list_after_the_last_paragraph_in_its_container_is_kept() {
        let page = format!(
            "<body><div class=story><p>{PROSE}</p><p>{PROSE} The tour dates follow:</p>\
             <p>June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre</p>\
             <p>June 10 – Tampa, FL @ MidFlorida Credit Union Amphitheatre</p></div>\
             <div class=box><p>Sign up for our daily briefing and more from us</p></div></body>"
        );
        let text = text_of(&page);
        assert!(
            text.ends_with("June 10 – Tampa, FL @ MidFlorida Credit Union Amphitheatre"),
            "{text}"
        );
    }

    #[test]
    fn a_sentence_that_is_mostly_one_link_stays_and_a_quoted_post_too() {
        let page = format!(
            "<body><article><p>{PROSE}</p>\
             <p><a href=/x>The reduction in demand after Beijing reined in solar subsidies idled some lines</a>.</p>\
             <div class=social-media-embed><blockquote class=twitter-tweet>Yes this is real and \
             the state spent nearly half a million dollars on it, said the post.</blockquote></div>\
             <p>{PROSE}</p></article></body>"
        );
        let text = text_of(&page);
        assert!(text.contains("idled some lines."), "{text}");
        assert!(text.contains("half a million dollars"), "{text}");
    }

    #[test]
    fn calls_to_action_and_carousels_inside_the_article_are_dropped() {
        let page = format!(
            "<body><article><p>{PROSE}</p>\
             <div class=blog-cta><p>Talk to our team today to learn how we can help your company grow.</p></div>\
             <p>{PROSE}</p>\
             <div class=swiper-wrapper><p>Ten more ideas for a quiet weekend away from the city.</p></div>\
             </article></body>"
        );
        assert_eq!(text_of(&page), format!("{PROSE}\n{PROSE}"));
    }

    #[test]
    fn a_standfirst_set_apart_from_the_body_opens_the_article() {
        let lead = "Shares of the retailer fell on Tuesday after it cut its sales forecast for the year, \
                    though analysts said the market had expected worse.";
        // Menus around it weigh against the page as a whole.
        let menu = "<li><a href=/s>Markets, stocks, bonds and currencies today</a></li>".repeat(8);
        let page = format!(
            "<body><div class=top><ul class=menu>{menu}</ul><p class=summary>{lead}</p></div>\
             <div class=body><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></body>"
        );
        assert_eq!(text_of(&page), format!("{lead}\n{PROSE}\n{PROSE}\n{PROSE}"));
    }

    #[test]
    fn a_label_closing_the_story_ends_it_and_a_box_early_in_it_does_not() {
        let teaser = "Rates held: the central bank kept its main rate unchanged on Thursday, as markets had expected.";
        let page = format!(
            "<body><article><h1>Ministers extend the credit line</h1><p>{PROSE}</p>\
             <h3>More stories</h3><p>{teaser}</p><p>{PROSE}</p><p>{PROSE}</p>\
             <h3>Related articles</h3><p>{teaser}</p><p>{teaser}</p></article></body>"
        );
        assert_eq!(
            text_of(&page),
            format!(
                "Ministers extend the credit line\n{PROSE}\nMore stories\n{teaser}\n\
                 {PROSE}\n{PROSE}"
            )
        );
    }

    #[test]
    fn a_table_in_a_figure_and_clipped_or_folded_boxes_are_the_articles() {
        let page = format!(
            "<body><article><div class=\"relative overflow-hidden\"><p>{PROSE}</p></div>\
             <div class=\"summary show-more\"><p>Officials said the talks would resume in June.</p></div>\
             <figure class=wp-block-table><table><tr><td>Rate cut by the central bank in March</td>\
             <td>0.25 points</td></tr></table></figure>\
             <figure><img src=x.jpg><figcaption>The minister arrives. Photo: Agency</figcaption></figure>\
             <div class=\"field field--label-hidden\"><p>{PROSE}</p></div></article></body>"
        );
        assert_eq!(
            text_of(&page),
            format!(
                "{PROSE}\nOfficials said the talks would resume in June.\n\
                 Rate cut by the central bank in March\n0.25 points\n{PROSE}"
            )
        );
    }

    #[test]
    fn a_highlighted_code_comment_is_no_comment_section() {
        let page = format!(
            "<body><article><p>{PROSE}</p><pre><code><span class=\"token comment\"># stage every \
             file</span>\ngit add -A</code></pre><p>{PROSE}</p></article></body>"
        );
        assert!(text_of(&page).contains("# stage every file"));
    }

    #[test]
    fn a_long_comment_thread_inside_the_article_leaves_the_article_best() {
        let comment = format!("<div class=comment-content><p>{PROSE} {PROSE} {PROSE}</p></div>");
        let page = format!(
            "<body><article><h1>Ministers extend the credit line</h1>{paras}\
             <div class=comments>{comments}</div></article></body>",
            paras = format!("<p>{PROSE} {PROSE} {PROSE} {PROSE}</p>").repeat(6),
            comments = comment.repeat(12),
        );
        let text = text_of(&page);
        assert!(
            text.starts_with("Ministers extend the credit line\n"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 7, "{text}");
    }

    #[test]
    fn malformed_markup_keeps_its_text() {
        // Unclosed paragraphs and a stray end tag, as real pages have them.
        let page = format!("<body><div class=content><p>{PROSE}<p>{PROSE}</span></div>");
        assert_eq!(text_of(&page), format!("{PROSE}\n{PROSE}"));
    }
}
