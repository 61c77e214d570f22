//! What a scheduled job meets: concurrent runs, odd files in input
//! directories, closed or full terminals. One test per defect, named for it.

use std::fs::File;
use std::process::{Command, Stdio};

use crate::common::*;

fn seeds_into(wd: &Workdir, dir: &str) {
    for entry in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::create_dir_all(wd.path().join(dir)).unwrap();
            std::fs::copy(&path, wd.path().join(dir).join(path.file_name().unwrap())).unwrap();
        }
    }
}

fn run_args<'a>(pipeline: &'a str, input: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        pipeline,
        "--input",
        input,
        "--no-manifest",
        "--out",
        out,
        "-q",
    ]
}

fn document_count(wd: &Workdir, out: &str) -> usize {
    read_table(&wd.path().join(out), "documents").height()
}

#[test]
fn a_second_run_into_a_locked_output_directory_exits_2_or_waits() {
    let wd = Workdir::new();
    seeds_into(&wd, "in");
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&run_args(&pipeline, "in", "out"));
    let before = std::fs::read(wd.path().join("out/manifest.json")).unwrap();

    // This process plays the run in progress.
    let lock = File::create(wd.path().join(".out.newsmill/.newsmill.lock")).unwrap();
    lock.lock().unwrap();
    let out = wd.run(&run_args(&pipeline, "in", "out"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("in use by another newsmill run"));
    assert_eq!(
        std::fs::read(wd.path().join("out/manifest.json")).unwrap(),
        before
    );

    let mut args = run_args(&pipeline, "in", "out");
    args.push("--wait");
    let mut waiting = wd.cmd().args(&args).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(waiting.try_wait().unwrap().is_none(), "--wait must wait");
    drop(lock);
    assert!(waiting.wait().unwrap().success());
    assert_eq!(document_count(&wd, "out"), 5);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_an_input_directory_reads_each_file_once() {
    let wd = Workdir::new();
    seeds_into(&wd, "in");
    std::os::unix::fs::symlink(".", wd.path().join("in/me")).unwrap();
    std::fs::create_dir(wd.path().join("in/deeper")).unwrap();
    std::os::unix::fs::symlink("..", wd.path().join("in/deeper/up")).unwrap();
    let first = std::fs::read_dir(wd.path().join("in"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .find(|n| n.to_string_lossy().ends_with(".txt"))
        .unwrap();
    std::os::unix::fs::symlink(&first, wd.path().join("in/zz-again.txt")).unwrap();
    let pipeline = repo_path("pipelines/seeds.toml");
    let out = wd.ok(&run_args(&pipeline, "in", "out"));
    assert_eq!(document_count(&wd, "out"), 5);
    let err = stderr(&out);
    assert!(err.contains("a link loops back"), "{err}");
    assert!(err.contains("zz-again.txt is the same file as"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_txt_in_an_input_directory_is_skipped_not_waited_on() {
    let wd = Workdir::new();
    seeds_into(&wd, "in");
    let fifo = wd.path().join("in/pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let pipeline = repo_path("pipelines/seeds.toml");
    let out = wd.ok(&run_args(&pipeline, "in", "out"));
    assert!(stderr(&out).contains("pipe.txt is not a regular file"));
    assert_eq!(document_count(&wd, "out"), 5);
    // Named on its own, it is a usage error, not a hang.
    let out = wd.run(&run_args(&pipeline, "in/pipe.txt", "out2"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_stderr_does_not_stop_a_run() {
    let wd = Workdir::new();
    seeds_into(&wd, "in");
    let pipeline = repo_path("pipelines/seeds.toml");
    // Not quiet: progress and the summary go to a pipe nobody reads.
    let mut child = wd
        .cmd()
        .args([
            "run",
            &pipeline,
            "--input",
            "in",
            "--no-manifest",
            "--out",
            "out",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert!(child.wait().unwrap().success());
    assert_eq!(document_count(&wd, "out"), 5);
}

#[test]
fn schema_into_a_closed_pipe_exits_0_and_into_a_full_disk_exits_1() {
    let wd = Workdir::new();
    let mut child = wd
        .cmd()
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    if let Ok(full) = File::create("/dev/full") {
        let out = wd.cmd().arg("schema").stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("cannot write to standard output"));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn out_of_file_handles_fails_the_run_and_keeps_the_previous_output() {
    let wd = Workdir::new();
    for i in 0..300 {
        wd.write(
            &format!("in/a{i:03}.txt"),
            format!("Story {i} on Kyiv and Zelensky."),
        );
    }
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&run_args(&pipeline, "in", "out"));
    let before = std::fs::read(wd.path().join("out/manifest.json")).unwrap();
    let bin = env!("CARGO_BIN_EXE_newsmill");
    let out = Command::new("sh")
        .current_dir(wd.path())
        .arg("-c")
        .arg(format!(
            "ulimit -n 20 && exec '{bin}' run '{pipeline}' --input in --no-manifest --out out -q"
        ))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Too many open files"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(wd.path().join("out/manifest.json")).unwrap(),
        before
    );
    assert_eq!(generations(&wd.path().join("out")).len(), 1);
}

/// The output after a run that failed or was killed: the previous run's,
/// byte for byte, or the new one whole.
fn output_is(wd: &Workdir, manifest_before: &[u8], documents: usize) -> bool {
    let out = wd.path().join("out");
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    for table in listed["tables"].as_object().unwrap().values() {
        for file in table["files"].as_array().unwrap() {
            let path = out.join(file.as_str().unwrap());
            assert!(path.exists(), "{} is listed but missing", path.display());
        }
    }
    let rows = document_count(wd, "out");
    if manifest == manifest_before {
        assert_eq!(rows, 5);
        true
    } else {
        rows == documents
    }
}

#[cfg(unix)]
#[test]
fn a_run_killed_at_any_step_of_its_commit_leaves_one_whole_output() {
    let wd = Workdir::new();
    seeds_into(&wd, "in");
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&run_args(&pipeline, "in", "out"));
    let new_input: Vec<_> = std::fs::read_dir(wd.path().join("in"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    std::fs::create_dir(wd.path().join("fewer")).unwrap();
    for path in new_input.iter().take(3) {
        std::fs::copy(
            path,
            wd.path().join("fewer").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    for step in [
        "tables-closed",
        "views-written",
        "manifest-written",
        "synced",
        "link-made",
        "switched",
    ] {
        let before = std::fs::read(wd.path().join("out/manifest.json")).unwrap();
        let killed = wd
            .cmd()
            .args(run_args(&pipeline, "fewer", "out"))
            .env("NEWSMILL_CRASH_AT", step)
            .output()
            .unwrap();
        assert_eq!(killed.status.code(), None, "{step}: not killed");
        let old = std::fs::read(wd.path().join("out/manifest.json")).unwrap() == before;
        assert!(output_is(&wd, &before, 3), "{step}");
        // Up to the switch the old output stands; from it, the new.
        assert_eq!(old, step != "switched", "{step}");
        // The next run cleans up what the killed one left.
        wd.ok(&run_args(&pipeline, "in", "out"));
        assert_eq!(generations(&wd.path().join("out")).len(), 1, "{step}");
        assert_eq!(document_count(&wd, "out"), 5);
    }
}

#[cfg(unix)]
#[test]
fn a_failure_during_the_commit_keeps_the_previous_output() {
    let wd = Workdir::new();
    seeds_into(&wd, "in");
    let pipeline = repo_path("pipelines/seeds.toml");
    wd.ok(&run_args(&pipeline, "in", "out"));
    let before = std::fs::read(wd.path().join("out/manifest.json")).unwrap();
    // The switch's new link cannot be made where a directory stands.
    wd.write(".out.newsmill/link.tmp/blocker", "x");
    std::fs::remove_file(
        wd.path()
            .join("in")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    let failed = wd.run(&run_args(&pipeline, "in", "out"));
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(output_is(&wd, &before, 5));
    assert_eq!(
        std::fs::read(wd.path().join("out/manifest.json")).unwrap(),
        before
    );
    assert_eq!(generations(&wd.path().join("out")).len(), 1);
}
