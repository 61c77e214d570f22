//! Incremental runs: per-document extraction results are reused from the
//! previous run in the same output directory, and the tables come out
//! exactly as a full run writes them.

use std::path::Path;

use crate::common::{Workdir, repo_path};

const TABLES: [&str; 11] = [
    "documents",
    "sentences",
    "mentions",
    "name_mentions",
    "dates",
    "actor_day",
    "actor_event_day",
    "actor_pair_day",
    "candidates",
    "actors",
    "rejects",
];

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

fn reused(out: &Path) -> u64 {
    manifest(out)["reused_documents"].as_u64().unwrap()
}

/// Every table's CSV is byte for byte the same in both directories.
fn assert_same_tables(a: &Path, b: &Path) {
    for table in TABLES {
        let x = std::fs::read(a.join(format!("{table}.csv"))).unwrap();
        let y = std::fs::read(b.join(format!("{table}.csv"))).unwrap();
        assert!(x == y, "{table}.csv differs between {a:?} and {b:?}");
    }
}

/// A pipeline over `in/` with copies of the default dictionaries in the
/// workdir (so a test can change them), writing to `dir`.
fn pipeline(wd: &Workdir, name: &str, dir: &str, cache: bool) {
    for dict in ["countries.toml", "core.toml"] {
        if !wd.path().join(dict).exists() {
            let text = std::fs::read(repo_path(&format!("pipelines/actors/{dict}"))).unwrap();
            wd.write(dict, text);
        }
    }
    wd.write(
        name,
        format!(
            "[input]\npaths = ['in/*.txt']\nmanifest = 'in/manifest.csv'\n\
             [actors]\ndictionaries = ['countries.toml', 'core.toml']\n\
             [output]\ndir = '{dir}'\ncsv = 'all'\n[run]\ncache = {cache}\nbatch_documents = 2\n"
        ),
    );
}

fn copy_seeds(wd: &Workdir) {
    for entry in std::fs::read_dir(repo_path("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        wd.write(&format!("in/{name}"), std::fs::read(&path).unwrap());
    }
}

#[test]
fn a_rerun_reuses_every_document_and_writes_the_same_tables() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    let out = wd.path().join("out");
    assert_eq!(reused(&out), 0);
    std::fs::rename(&out, wd.path().join("first")).unwrap();
    std::fs::create_dir(&out).unwrap();
    std::fs::copy(
        wd.path().join("first/.newsmill-cache.bin"),
        out.join(".newsmill-cache.bin"),
    )
    .unwrap();
    wd.ok(&["run", "p.toml"]);
    assert_eq!(reused(&out), 5);
    assert_same_tables(&out, &wd.path().join("first"));
}

#[test]
fn new_documents_are_extracted_and_the_rest_reused_as_a_full_run_would() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    // A new article sorts between the seeds; one seed changes.
    wd.write(
        "in/002a_new.txt",
        "Polish President Andrzej Duda met Zelensky in Kyiv on Dec. 10, 2024.\n\
         Duda said Poland would keep supporting Ukraine.\n",
    );
    let seed = wd.path().join("in/004_7de40e1cfbd345eb.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, text.replacen("Bloomberg", "Reuters", 1)).unwrap();
    wd.ok(&["run", "p.toml"]);
    let out = wd.path().join("out");
    assert_eq!(reused(&out), 4, "the four unchanged seeds");
    assert_eq!(manifest(&out)["tables"]["documents"]["rows"], 6);

    pipeline(&wd, "full.toml", "full", false);
    wd.ok(&["run", "full.toml"]);
    assert_same_tables(&out, &wd.path().join("full"));
}

#[test]
fn changing_the_dictionary_invalidates_the_cache() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    let core = std::fs::read_to_string(wd.path().join("core.toml")).unwrap();
    let more = "\n[[actor]]\nid = \"org:suspilne-news\"\nname = \"Suspilne News\"\ntype = \"organization\"\n";
    wd.write("core.toml", core + more);
    wd.ok(&["run", "p.toml"]);
    assert_eq!(reused(&wd.path().join("out")), 0);
    wd.ok(&["run", "p.toml"]);
    assert_eq!(reused(&wd.path().join("out")), 5);
}

#[test]
fn the_work_of_a_killed_run_is_reused_by_the_next() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    let out = wd.path().join("out");
    // As if a run with a new cache had been killed before its commit: its
    // staged stream holds the work, the committed cache is gone.
    std::fs::create_dir_all(out.join(".newsmill-staging")).unwrap();
    std::fs::rename(
        out.join(".newsmill-cache.bin"),
        out.join(".newsmill-staging/.newsmill-cache.bin"),
    )
    .unwrap();
    wd.ok(&["run", "p.toml"]);
    assert_eq!(reused(&out), 5);
    assert!(!out.join(".newsmill-cache.partial.bin").exists());
    assert!(out.join(".newsmill-cache.bin").exists());
}
