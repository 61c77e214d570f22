//! Context: jusText's neighbour rules for short and near-good lines, then the
//! choice of body regions among the good lines.

use super::lines::{Class, Line, Tag};

/// A line context looks through: chrome is noise, not a boundary.
fn transparent(l: &Line) -> bool {
    l.tag == Tag::Chrome
}

/// Class a line contributes as context (tagged lines count as bad). A
/// table row counts as short: it takes its class from the text around it,
/// so a table inside the body neither splits it nor is dropped.
fn ctx(l: &Line) -> Class {
    if l.tag == Tag::None {
        if l.tabular() { Class::Short } else { l.class }
    } else {
        Class::Bad
    }
}

/// Nearest neighbour's class, skipping chrome, short lines and optionally
/// near-good ones; the document's edges count as bad.
fn neighbour(ls: &[Line], i: usize, forward: bool, skip_near: bool) -> Class {
    let mut j = i;
    loop {
        if forward {
            j += 1;
            if j >= ls.len() {
                return Class::Bad;
            }
        } else {
            if j == 0 {
                return Class::Bad;
            }
            j -= 1;
        }
        if transparent(&ls[j]) {
            continue;
        }
        match ctx(&ls[j]) {
            Class::Short => continue,
            Class::NearGood if skip_near => continue,
            c => return c,
        }
    }
}

/// Sets `fin` on every line from its own class and its neighbours'.
pub(crate) fn resolve(ls: &mut [Line]) {
    for i in 0..ls.len() {
        let l = &ls[i];
        let fin = match ctx(l) {
            _ if l.tag != Tag::None => Class::Bad,
            Class::Short => {
                let p = neighbour(ls, i, false, true);
                let n = neighbour(ls, i, true, true);
                match (p, n) {
                    (Class::Good, Class::Good) => Class::Good,
                    (Class::Bad, Class::Bad) => Class::Bad,
                    // Between the body and something else: a sentence stays,
                    // anything else only next to near-good text.
                    _ if l.prose() => Class::Good,
                    _ if (p == Class::Bad && neighbour(ls, i, false, false) == Class::NearGood)
                        || (n == Class::Bad
                            && neighbour(ls, i, true, false) == Class::NearGood) =>
                    {
                        Class::Good
                    }
                    _ => Class::Bad,
                }
            }
            Class::NearGood => {
                let p = neighbour(ls, i, false, true);
                let n = neighbour(ls, i, true, true);
                if p == Class::Bad && n == Class::Bad {
                    Class::Bad
                } else {
                    Class::Good
                }
            }
            c => c,
        };
        ls[i].fin = fin;
    }
}

struct Region {
    start: usize,
    end: usize,
    chars: u64,
    count: usize,
}

/// Marks the kept lines (`keep`) and returns the index of the first.
/// Good lines separated by fewer than three unexplained bad lines form one
/// region; the region with the most good text is the body, and another region
/// survives only when it is substantial (two or more good lines and at least
/// a quarter of the body's text).
pub(crate) fn select(ls: &mut [Line]) -> Option<usize> {
    let good = |l: &Line| l.tag == Tag::None && l.fin == Class::Good;
    let mut regions: Vec<Region> = Vec::new();
    let mut bad_run = 0;
    for (i, l) in ls.iter().enumerate() {
        if good(l) {
            match regions.last_mut() {
                Some(r) if bad_run < 3 => {
                    r.end = i;
                    r.chars += l.chars as u64;
                    r.count += 1;
                }
                _ => regions.push(Region {
                    start: i,
                    end: i,
                    chars: l.chars as u64,
                    count: 1,
                }),
            }
            bad_run = 0;
        } else if l.tag == Tag::None {
            bad_run += 1;
        }
    }
    let main = regions.iter().map(|r| r.chars).max()?;
    for r in &regions {
        if r.chars == main || (r.count >= 2 && r.chars * 4 >= main) {
            for l in &mut ls[r.start..=r.end] {
                l.keep = good(l);
            }
        }
    }
    let first = ls.iter().position(|l| l.keep)?;
    let last = ls.iter().rposition(|l| l.keep)?;
    // Sentences right at the body's edges belong to it.
    let mut i = first;
    while i > 0 && (transparent(&ls[i - 1]) || (ls[i - 1].tag == Tag::None && ls[i - 1].prose())) {
        i -= 1;
        ls[i].keep = ls[i].tag == Tag::None;
    }
    let mut j = last + 1;
    while j < ls.len() && (transparent(&ls[j]) || (ls[j].tag == Tag::None && ls[j].prose())) {
        ls[j].keep = ls[j].tag == Tag::None;
        j += 1;
    }
    ls.iter().position(|l| l.keep)
}
