//! `report.html`: written by every committed run and by `newsmill report`,
//! one self-contained page with a chart per section. What a browser makes
//! of it is tested in tests/python/test_report.py.

use crate::common::*;

fn report(out: &std::path::Path) -> String {
    std::fs::read_to_string(out.join("report.html")).expect("the run wrote report.html")
}

/// The `data-chart` names of the page's figures, in order.
fn charts(html: &str) -> Vec<&str> {
    html.match_indices("data-chart=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn a_run_writes_a_report_with_a_chart_in_every_section() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let html = report(&out);
    for section in ["run", "top", "movers", "pairs", "candidates", "dates"] {
        assert!(
            html.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    assert_eq!(
        charts(&html),
        [
            "runs", "weekly", "heat", "rising", "falling", "pairs", "dates"
        ]
    );
    // Each figure holds an SVG drawn by plotters, with the top actor named.
    assert_eq!(html.matches("<svg ").count(), 7);
    assert!(
        html.contains(">\nUkraine\n</text>"),
        "the top actor labels a line"
    );
    // Self-contained: nothing is fetched, nothing runs.
    assert!(!html.contains("<script"));
    for fetch in ["src=", "href=", "url(", "@import"] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    // The run's own figures: five documents, one of them undated.
    assert!(html.contains("<b>5</b><span>documents</span>"));
    assert!(html.contains("<b>20.0%</b><span>undated (1)</span>"));
}

#[test]
fn newsmill_report_redraws_the_runs_report_byte_for_byte() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let drawn = wd.path().join("again.html");
    wd.ok(&[
        "report",
        out.to_str().unwrap(),
        "--out",
        drawn.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read_to_string(&drawn).unwrap(), report(&out));
    // All mentions instead of unique ones: another page.
    wd.ok(&["report", out.to_str().unwrap(), "--count", "all"]);
    assert!(report(&out).contains("counts are <code>mentions</code>"));
}

#[test]
fn no_report_when_the_run_or_the_pipeline_says_so() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &["--no-report"]);
    assert!(!out.join("report.html").exists());
    let actors = repo_path("pipelines/actors/core.toml");
    let seeds = repo_path("seeds/*.txt");
    wd.write(
        "quiet.toml",
        format!(
            "name = \"quiet\"\n[input]\npaths = [{seeds:?}]\n[actors]\ndictionaries = [{actors:?}]\n\
             [output]\ndir = \"quiet\"\nreport = false\n"
        ),
    );
    wd.ok(&["run", "quiet.toml", "-q"]);
    assert!(wd.path().join("quiet/manifest.json").exists());
    assert!(!wd.path().join("quiet/report.html").exists());
}

/// A run that reads nothing keeps the previous report with its tables, as
/// any run that does not commit; one allowed to read nothing draws an
/// empty report, not a crash.
#[test]
fn a_run_that_reads_nothing_keeps_the_report_and_an_allowed_one_draws_one() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    let before = report(&out);
    std::fs::create_dir_all(wd.path().join("feed")).unwrap();
    let pipeline = repo_path("pipelines/seeds.toml");
    let run = |extra: &[&str]| {
        let mut args = vec!["run", &pipeline, "--input", "feed", "--out", "out", "-q"];
        args.extend_from_slice(extra);
        wd.run(&args)
    };
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(report(&out), before);

    let empty = run(&["--allow-empty"]);
    assert_eq!(empty.status.code(), Some(0), "{}", stderr(&empty));
    let html = report(&out);
    assert!(html.contains("<b>0</b><span>documents</span>"));
    assert!(html.contains("No dated mention of a dictionary actor in this run."));
    // The history charts every attempt, the one that did not commit too.
    assert_eq!(charts(&html), ["runs"]);
    assert!(
        html.contains(" empty\n</text>"),
        "the empty run is in the history"
    );
}

#[test]
fn report_of_a_directory_that_holds_no_run_exits_2_and_says_what_to_give() {
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path().join("empty")).unwrap();
    let out = wd.run(&["report", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("holds no manifest.json") && message.contains("newsmill run"),
        "{message}"
    );
    assert!(!wd.path().join("empty/report.html").exists());
}

/// The report is no table: `newsmill check` passes with it beside them.
#[test]
fn check_passes_with_the_report_in_the_output() {
    let wd = Workdir::new();
    let out = run_seeds(&wd, &[]);
    assert!(out.join("report.html").exists());
    wd.ok(&["check", out.to_str().unwrap()]);
}

/// The rejects chart comes from the manifest's counts by reason, which an
/// appending run adds to rather than replaces.
#[test]
fn rejects_by_reason_add_up_across_appended_runs() {
    let wd = Workdir::new();
    wd.write(
        "feed/a.jsonl",
        "{\"id\": \"1\", \"text\": \"Ukraine and NATO met in Brussels.\"}\nnot json\n",
    );
    run_input(&wd, "feed", "out", &["-q"]);
    wd.write("feed/b.jsonl", "not json either\n{\"id\": \"2\"}\n");
    run_input(&wd, "feed", "out", &["-q"]);
    let out = wd.path().join("out");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["appended"], true);
    assert_eq!(
        manifest["rejects_by_reason"],
        serde_json::json!({"malformed_json": 2, "missing_text": 1})
    );
    assert_eq!(manifest["tables"]["rejects"]["rows"], 3);
    let html = report(&out);
    assert_eq!(charts(&html)[0], "rejects");
    assert!(html.contains(">\nmalformed_json\n</text>"));
    // The history shows what each run read: a feed gone quiet is a 0.
    let history = std::fs::read_to_string(out.join("runs.jsonl")).unwrap();
    let read: Vec<serde_json::Value> = history
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["read_documents"].clone())
        .collect();
    assert_eq!(read, [1, 0]);
}

/// Without publication days there is no time line, but the share of
/// mentions dated by their own sentence is still there to read.
#[test]
fn a_run_without_publication_days_still_shows_where_days_came_from() {
    let wd = Workdir::new();
    wd.write(
        "feed/a.jsonl",
        "{\"id\": \"1\", \"text\": \"NATO met in Brussels on 3 March 2024. Ukraine was there.\"}\n",
    );
    run_input(&wd, "feed", "out", &["-q"]);
    let html = report(&wd.path().join("out"));
    assert_eq!(charts(&html), ["runs", "pairs"], "no time charts");
    assert!(html.contains("No document has a publication day"));
    assert!(html.contains("<span>of mentions dated by their own sentence</span>"));
    assert!(
        !html.contains("<b>–</b><span>of mentions dated"),
        "a share, not a dash"
    );
}
