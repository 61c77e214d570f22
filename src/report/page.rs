//! The report as one HTML page: inline CSS and SVG, no script, nothing
//! fetched, so it opens offline, mails as one file and prints.

use std::fmt::Write as _;

use super::chart::{self, BAD, Bar, ChartError, GOOD, NEUTRAL, Rgb, WIDTH, bytes, day, thousands};
use super::figures::{self, Count, Period, Window};
use super::load::Loaded;
use crate::output::history::{RunRecord, Status};

/// Lines in the weekly chart, rows in the heat map, actors in the matrix.
const TOP_LINES: usize = 10;
const TOP_HEAT: usize = 30;
const MOVERS: usize = 10;
const MATRIX: usize = 16;
pub const CANDIDATES: usize = 25;
pub const HISTORY: usize = 15;

pub fn render(run: &Loaded, count: Count) -> Result<String, ChartError> {
    let m = &run.manifest;
    let mut html = String::with_capacity(256 * 1024);
    let title = escape(&format!("newsmill report: {}", m.pipeline_name));
    let pipeline = m
        .pipeline
        .as_deref()
        .map_or(String::new(), |p| format!(" of <code>{}</code>", escape(p)));
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header><h1>{title}</h1>\n\
         <p class=\"meta\">Run <code>{}</code>{pipeline}, finished {} UTC, newsmill {}; counts are \
         <code>{}</code> unless a caption says otherwise.</p>\n</header>\n",
        escape(&m.provenance.run_id),
        escape(m.finished_at.replace(['T', 'Z'], " ").trim()),
        escape(&m.version),
        count.column(),
    );
    let window = figures::window(&run.days);
    let window = window.as_ref();
    section(&mut html, "run", "The run", |html| run_figures(html, run))?;
    section(&mut html, "top", "Top actors over time", |html| {
        dated(html, window, |html, window| top(html, run, count, window))
    })?;
    section(&mut html, "movers", "Movers", |html| {
        dated(html, window, |html, window| {
            movers(html, run, count, window)
        })
    })?;
    section(&mut html, "pairs", "Co-mentions", |html| pairs(html, run))?;
    section(&mut html, "candidates", "Candidates to add", |html| {
        candidates(html, run);
        Ok(())
    })?;
    section(&mut html, "dates", "Dates", |html| dates(html, run, window))?;
    html.push_str(
        "<footer>Written by <code>newsmill report</code> from the run's aggregate tables \
         (<code>actor_day</code>, <code>actor_event_day</code>, <code>actor_pair_day</code>), \
         the first rows of <code>candidates</code>, <code>manifest.json</code> and <code>runs.jsonl</code>.</footer>\n</body>\n</html>\n",
    );
    Ok(html)
}

fn section(
    html: &mut String,
    id: &str,
    title: &str,
    body: impl FnOnce(&mut String) -> Result<(), ChartError>,
) -> Result<(), ChartError> {
    let _ = writeln!(html, "<section id=\"{id}\">\n<h2>{title}</h2>");
    body(html)?;
    html.push_str("</section>\n");
    Ok(())
}

const CSS: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#222;
 max-width:1160px;margin:0 auto;padding:16px 24px;line-height:1.4}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.3em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}
h3{font-size:1.05em;margin:1em 0 .3em}
.meta,figcaption,footer,.empty{color:#555;font-size:.92em}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:.6em 0}
.tile{border:1px solid #ddd;border-radius:6px;padding:6px 10px}
.tile b{display:block;font-size:1.35em}.tile span{color:#555;font-size:.85em}
figure{margin:.6em 0 1.2em;break-inside:avoid}
figure svg{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;font-size:.9em;width:100%;margin:.4em 0}
th,td{border-bottom:1px solid #e4e4e4;padding:3px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.d{white-space:nowrap}td.x{width:45%}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
code{font-size:.95em}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}.pair{grid-template-columns:1fr}table{font-size:.75em}td.x{width:60%}}
@page{margin:12mm}
";

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn tile(html: &mut String, value: &str, label: &str) {
    let _ = write!(
        html,
        "<div class=\"tile\"><b>{}</b><span>{}</span></div>",
        escape(value),
        escape(label)
    );
}

/// A chart with its caption; `name` lets a test find each chart.
fn figure(html: &mut String, name: &str, svg: &str, caption: &str) {
    let _ = write!(
        html,
        "<figure class=\"chart\" data-chart=\"{name}\">\n{svg}\n<figcaption>{caption}</figcaption></figure>\n"
    );
}

fn empty(html: &mut String, why: &str) {
    let _ = writeln!(html, "<p class=\"empty\">{}</p>", escape(why));
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

fn run_figures(html: &mut String, run: &Loaded) -> Result<(), ChartError> {
    run_tiles(html, run);
    let m = &run.manifest;
    match &run.rejects {
        _ if m.rows("rejects") == 0 => empty(html, "No input was rejected."),
        None => empty(
            html,
            "This run's manifest does not count rejects by reason: see the rejects table.",
        ),
        Some(rejects) => reject_chart(html, rejects)?,
    }
    if !m.skipped_records.is_empty() {
        let kinds: Vec<String> = m
            .skipped_records
            .iter()
            .map(|(k, n)| format!("{} {k}", thousands(*n as i64)))
            .collect();
        empty(
            html,
            &format!("WARC records that are no documents: {}.", kinds.join(", ")),
        );
    }
    html.push_str("<h3>Last runs</h3>\n");
    if run.history.is_empty() {
        empty(html, "No run history (runs.jsonl) in this directory.");
        return Ok(());
    }
    let newest_first: Vec<&RunRecord> = run.history.iter().rev().collect();
    history_chart(html, &newest_first)?;
    history_table(html, &newest_first);
    Ok(())
}

/// The run's figures from its manifest, one tile each.
fn run_tiles(html: &mut String, run: &Loaded) {
    let m = &run.manifest;
    let documents = m.rows("documents");
    html.push_str("<div class=\"tiles\">");
    tile(html, &thousands(documents as i64), "documents");
    tile(
        html,
        &thousands(m.rows("rejects") as i64),
        "inputs rejected",
    );
    match m.duplicate_documents {
        Some(n) => tile(
            html,
            &percent(n, documents),
            &format!("duplicates ({})", thousands(n as i64)),
        ),
        None => tile(html, "–", "duplicates (not counted by this run)"),
    }
    let undated = format!("undated ({})", thousands(m.undated_documents as i64));
    tile(html, &percent(m.undated_documents, documents), &undated);
    let inferred = format!("inferred days ({})", thousands(m.inferred_documents as i64));
    tile(html, &percent(m.inferred_documents, documents), &inferred);
    match figures::span(&run.days) {
        Some((first, last)) => tile(
            html,
            &format!("{} – {}", day(first), day(last)),
            "publication days with mentions",
        ),
        None => tile(html, "–", "no dated mention"),
    }
    let size = m.input_bytes as f64;
    tile(
        html,
        &bytes(size),
        &format!("in {} input files", thousands(m.input_files as i64)),
    );
    let speed = if m.appended {
        format!("appended {} new files", m.read_files)
    } else {
        format!("{}/s", bytes(size / m.seconds.max(1e-9)))
    };
    tile(html, &format!("{:.1} s", m.seconds), &speed);
    tile(html, &thousands(m.warning_count as i64), "warnings");
    html.push_str("</div>\n");
}

fn reject_chart(html: &mut String, rejects: &[(String, u64)]) -> Result<(), ChartError> {
    let bars: Vec<Bar> = rejects
        .iter()
        .map(|(reason, n)| Bar {
            label: reason.clone(),
            value: *n as f64,
            color: BAD,
            text: thousands(*n as i64),
        })
        .collect();
    let svg = chart::bars("rejects", WIDTH, &bars, "inputs rejected")?;
    figure(
        html,
        "rejects",
        &svg,
        "Rejected inputs by reason (the <code>rejects</code> table has one row each, with what to do).",
    );
    Ok(())
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Ok => "ok",
        Status::Empty => "empty",
        Status::Failed => "failed",
    }
}

fn duration(r: &RunRecord) -> Option<i64> {
    let parse = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").ok();
    Some((parse(&r.finished_at)? - parse(&r.started_at)?).num_seconds())
}

fn documents_in_output(r: &RunRecord) -> u64 {
    r.rows.get("documents").copied().unwrap_or(0)
}

/// Documents the run read: what shows a quiet feed in a job that appends.
/// History lines of earlier releases lack it: their output totals stand in.
fn documents_read(r: &RunRecord) -> u64 {
    r.read_documents.unwrap_or_else(|| documents_in_output(r))
}

fn history_chart(html: &mut String, newest_first: &[&RunRecord]) -> Result<(), ChartError> {
    let bars: Vec<Bar> = newest_first
        .iter()
        .map(|r| Bar {
            label: format!(
                "{} {}",
                r.started_at.replace(['T', 'Z'], " ").trim(),
                status(r.status)
            ),
            value: documents_read(r) as f64,
            color: match r.status {
                Status::Ok => GOOD,
                Status::Empty => NEUTRAL,
                Status::Failed => BAD,
            },
            text: thousands(documents_read(r) as i64),
        })
        .collect();
    let svg = chart::bars("runs", WIDTH, &bars, "documents read")?;
    figure(
        html,
        "runs",
        &svg,
        "Documents each run read, newest first (<code>runs.jsonl</code>; a run that appended files counts only \
         theirs, so a quiet feed shows as a short bar): green committed, grey read no document, red failed and kept \
         the previous output.",
    );
    Ok(())
}

fn history_table(html: &mut String, newest_first: &[&RunRecord]) {
    html.push_str(
        "<table><tr><th>started (UTC)</th><th>status</th><th class=\"n\">seconds</th><th class=\"n\">input files</th>\
         <th class=\"n\">input MB</th><th class=\"n\">documents read</th><th class=\"n\">documents in output</th>\
         <th class=\"n\">rejects in output</th>\
         <th class=\"n\">warnings</th>\
         <th>error</th></tr>\n",
    );
    for r in newest_first {
        let _ = writeln!(
            html,
            "<tr><td class=\"d\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&r.started_at),
            status(r.status),
            duration(r).map_or("–".into(), |s| s.to_string()),
            thousands(r.input_files as i64),
            r.input_bytes as f64 / 1e6,
            r.read_documents.map_or("–".into(), |n| thousands(n as i64)),
            thousands(documents_in_output(r) as i64),
            thousands(r.rows.get("rejects").copied().unwrap_or(0) as i64),
            thousands(r.warnings as i64),
            escape(r.error.as_deref().unwrap_or("")),
        );
    }
    html.push_str("</table>\n");
}

/// What the time charts leave out: undated mentions, and stray days.
fn left_out(run: &Loaded, count: Count, window: &Window) -> String {
    let undated: i64 = run
        .days
        .iter()
        .filter(|r| r.day.is_none())
        .map(|r| count.of(r))
        .sum();
    let mut note = String::new();
    if undated > 0 {
        let _ = write!(
            note,
            " Mentions in undated documents ({}) have no day and are not shown.",
            thousands(undated)
        );
    }
    if window.left_out > 0 {
        let _ = write!(
            note,
            " {} mentions (counting repeats) on stray days before {} or after {} are left out, so that they do not \
             stretch the axis.",
            thousands(window.left_out),
            day(window.first),
            day(window.last)
        );
    }
    note
}

const NO_DAY: &str = "No dated mention of a dictionary actor in this run.";

/// Draws `body` over the charts' days, or says there are none.
fn dated(
    html: &mut String,
    window: Option<&Window>,
    body: impl FnOnce(&mut String, &Window) -> Result<(), ChartError>,
) -> Result<(), ChartError> {
    match window {
        Some(window) => body(html, window),
        None => {
            empty(html, NO_DAY);
            Ok(())
        }
    }
}

fn top(html: &mut String, run: &Loaded, count: Count, window: &Window) -> Result<(), ChartError> {
    // Ranked once: the lines' actors are the heat map's first rows.
    let ranked = figures::top_actors(&run.days, &run.actors.names, count, TOP_HEAT);
    let actors: Vec<u32> = ranked.iter().map(|t| t.0).collect();
    top_lines(
        html,
        run,
        count,
        window,
        &actors[..actors.len().min(TOP_LINES)],
    )?;
    top_heat(html, run, count, window, &actors)
}

fn top_lines(
    html: &mut String,
    run: &Loaded,
    count: Count,
    window: &Window,
    actors: &[u32],
) -> Result<(), ChartError> {
    let period = Period::fitting(window, Period::Week, 160);
    let grid = figures::grid(&run.days, actors, count, period, window);
    let series: Vec<(String, Vec<i64>)> = actors
        .iter()
        .zip(grid.rows)
        .map(|(&a, row)| (run.actors.name(a).to_string(), row))
        .collect();
    let unit = period.name();
    let svg = chart::lines(
        "weekly",
        &grid.starts,
        &series,
        &format!("{} per {unit}", count.column()),
    )?;
    let caption = format!(
        "<code>{}</code> per {unit} of the {} actors with the most over the run, by publication day \
         (<code>actor_day</code>; weeks start on Monday, months and years on their first day; the legend is in order \
         of the total). The first and last \
         {unit} may be partial: the days run from {} to {}.{}",
        count.column(),
        actors.len(),
        day(window.first),
        day(window.last),
        left_out(run, count, window)
    );
    figure(html, "weekly", &svg, &caption);
    Ok(())
}

fn top_heat(
    html: &mut String,
    run: &Loaded,
    count: Count,
    window: &Window,
    actors: &[u32],
) -> Result<(), ChartError> {
    let period = Period::fitting(window, Period::Day, 120);
    let grid = figures::grid(&run.days, actors, count, period, window);
    let labels: Vec<String> = actors
        .iter()
        .map(|&a| run.actors.name(a).to_string())
        .collect();
    let end = grid
        .starts
        .last()
        .map_or(window.last, |&s| period.next(s) - 1);
    let svg = chart::heat_map("heat", &labels, &grid.starts, end, &grid.rows)?;
    let caption = format!(
        "<code>{}</code> of the top {} actors per {} from {} to {}, darker for more (square-root scale); \
         grey cells had none.",
        count.column(),
        actors.len(),
        period.name(),
        day(window.first),
        day(window.last)
    );
    figure(html, "heat", &svg, &caption);
    Ok(())
}

fn movers(
    html: &mut String,
    run: &Loaded,
    count: Count,
    window: &Window,
) -> Result<(), ChartError> {
    let m = figures::movers(&run.days, count, MOVERS, window);
    let _ = writeln!(
        html,
        "<p class=\"meta\">Last week: {} to {}, the last seven days of the run, against the weekly mean of the 28 days \
         before ({} to {}).</p>",
        day(m.last_day - 6),
        day(m.last_day),
        day(m.last_day - 34),
        day(m.last_day - 7),
    );
    if m.covered_before == 0 {
        empty(
            html,
            "The 28 days before the last week have no mention: there is nothing to compare with. (A feed with a \
             gap, or a last document dated well after the rest, does this.)",
        );
        return Ok(());
    }
    // Weekends and holidays may be quiet; fewer than five days a week is a gap.
    if m.covered_before < 20 {
        empty(
            html,
            &format!(
                "Only {} of those 28 days have any mention, so the baseline is thin and rises are overstated.",
                m.covered_before
            ),
        );
    }
    html.push_str("<div class=\"pair\">");
    for (name, movers, color, heading) in [
        ("rising", &m.rising, GOOD, "Rose most"),
        ("falling", &m.falling, BAD, "Fell most"),
    ] {
        let _ = write!(html, "<div><h3>{heading}</h3>");
        mover_chart(html, run, count, name, movers, color)?;
        html.push_str("</div>");
    }
    html.push_str("</div>\n");
    Ok(())
}

fn mover_chart(
    html: &mut String,
    run: &Loaded,
    count: Count,
    name: &'static str,
    movers: &[figures::Mover],
    color: Rgb,
) -> Result<(), ChartError> {
    if movers.is_empty() {
        empty(html, "None.");
        return Ok(());
    }
    let bars: Vec<Bar> = movers
        .iter()
        .map(|x| Bar {
            label: run.actors.name(x.actor).to_string(),
            value: x.change(),
            color,
            text: format!(
                "{:+.1} ({} vs {:.1})",
                x.change(),
                thousands(x.last_week),
                x.before
            ),
        })
        .collect();
    let svg = chart::bars(name, WIDTH / 2 - 10, &bars, "change per week")?;
    let caption = format!(
        "Change in weekly <code>{}</code>: last week vs the mean week before.",
        count.column()
    );
    figure(html, name, &svg, &caption);
    Ok(())
}

fn pairs(html: &mut String, run: &Loaded) -> Result<(), ChartError> {
    let matrix = figures::matrix(&run.pairs, MATRIX);
    if matrix.actors.len() < 2 {
        empty(html, "No two actors were mentioned in one sentence.");
        return Ok(());
    }
    let names: Vec<String> = matrix
        .actors
        .iter()
        .map(|&a| run.actors.name(a).to_string())
        .collect();
    let svg = chart::matrix("pairs", &names, &matrix.cells)?;
    let caption = format!(
        "Sentences that name both actors, over the whole run (<code>actor_pair_day.sentences</code>), among the \
         {} actors of the strongest pairs; column numbers follow the rows.",
        names.len()
    );
    figure(html, "pairs", &svg, &caption);
    Ok(())
}

fn candidates(html: &mut String, run: &Loaded) {
    if run.candidates.is_empty() {
        empty(
            html,
            "No candidates: no name outside the dictionary was found (or discovery is off).",
        );
        return;
    }
    let _ = writeln!(
        html,
        "<p class=\"meta\">The {} most mentioned names the dictionary does not know (<code>candidates</code>, of {}); \
         <code>newsmill actors suggest</code> writes dictionary stubs for them.</p>",
        run.candidates.len(),
        thousands(run.manifest.rows("candidates") as i64)
    );
    html.push_str(
        "<table><tr><th>name</th><th>type</th><th class=\"n\">mentions</th><th class=\"n\">documents</th>\
         <th>first day</th><th>last day</th><th>example</th></tr>\n",
    );
    for c in &run.candidates {
        let example = chart::shorten(&c.example, 220);
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"d\">{}</td><td class=\"d\">{}</td><td class=\"x\">{}</td></tr>",
            escape(&c.name),
            escape(&c.kind),
            thousands(c.mentions),
            thousands(c.documents),
            escape(c.first_day.as_deref().unwrap_or("–")),
            escape(c.last_day.as_deref().unwrap_or("–")),
            escape(&example)
        );
    }
    html.push_str("</table>\n");
}

fn dates(html: &mut String, run: &Loaded, window: Option<&Window>) -> Result<(), ChartError> {
    let sources = figures::day_sources(&run.events);
    let whole = sources.mentions.max(0) as u64;
    html.push_str("<div class=\"tiles\">");
    tile(
        html,
        &percent(sources.from_sentence as u64, whole),
        "of mentions dated by their own sentence",
    );
    let by_document = sources.mentions - sources.from_sentence - sources.no_day;
    tile(
        html,
        &percent(by_document.max(0) as u64, whole),
        "dated by their document's day",
    );
    tile(html, &percent(sources.no_day as u64, whole), "with no day");
    html.push_str("</div>\n");
    let Some(window) = window else {
        empty(
            html,
            "No document has a publication day: there is no time line to draw.",
        );
        return Ok(());
    };
    let period = Period::fitting(window, Period::Week, 160);
    let d = figures::dates(&run.days, &run.events, period, window);
    let unit = period.name();
    let series = vec![
        ("by publication day".to_string(), d.by_published),
        ("by the day they are about".to_string(), d.by_event),
    ];
    let svg = chart::lines("dates", &d.starts, &series, &format!("mentions per {unit}"))?;
    let caption = format!(
        "All counted mentions (<code>mentions</code>) per {unit}, by their document's publication day \
         (<code>actor_day</code>) and by the day they are about (<code>actor_event_day</code>: a date in their \
         sentence, else the publication day), over the days of the charts above. Mentions about days before {}: {}; \
         after {}: {}.",
        day(window.first),
        thousands(d.before),
        day(window.last),
        thousands(d.after),
    );
    figure(html, "dates", &svg, &caption);
    Ok(())
}
