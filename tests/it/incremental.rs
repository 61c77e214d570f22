//! Incremental runs: per-document extraction results are reused from the
//! previous run in the same output directory, and the tables come out
//! exactly as a full run writes them.

use std::path::Path;

use crate::common::{Workdir, read_table, repo_path, table_csv};

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
        let (x, y) = (table_csv(a, table), table_csv(b, table));
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
    let out = wd.path().join("out");
    assert_eq!(reused(&out), 0);
    assert!(!appended(&out));
    // A setting that changes no extraction: a full run, from the cache.
    let p = std::fs::read_to_string(wd.path().join("p.toml")).unwrap();
    wd.write("p.toml", p.replace("csv = 'all'", "csv = 'summary'"));
    wd.ok(&["run", "p.toml"]);
    assert!(!appended(&out));
    assert_eq!(reused(&out), 5);
}

#[test]
fn the_work_of_a_killed_run_is_reused_by_the_next() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    let out = wd.path().join("out");
    // As if a full run with a new cache had been killed before its commit:
    // its generation holds the work, the committed cache and state are
    // gone (so the next run is a full one too).
    let generations = wd.path().join(".out.newsmill");
    std::fs::remove_file(out.join(".newsmill-state.bin")).unwrap();
    std::fs::create_dir_all(generations.join("gen-000099")).unwrap();
    std::fs::rename(
        out.join(".newsmill-cache.bin"),
        generations.join("gen-000099/.newsmill-cache.bin"),
    )
    .unwrap();
    wd.ok(&["run", "p.toml"]);
    assert_eq!(reused(&out), 5);
    assert!(!generations.join(".newsmill-cache.partial.bin").exists());
    assert!(!generations.join("gen-000099").exists());
    assert!(out.join(".newsmill-cache.bin").exists());
}

fn appended(out: &Path) -> bool {
    manifest(out)["appended"].as_bool().unwrap()
}

/// Every table holds the same rows in both directories, in Parquet as in CSV.
fn assert_same_rows(a: &Path, b: &Path) {
    assert_same_tables(a, b);
    for table in TABLES {
        assert!(
            read_table(a, table).equals_missing(&read_table(b, table)),
            "{table} differs between {a:?} and {b:?}"
        );
    }
}

/// A day's new files, named to sort after the seeds: an exact copy of a
/// seed (a repeat that gets a numbered id and points at the first) and a
/// new story with a known actor, a name nobody knows, and a sentence taken
/// from a seed.
fn add_a_day(wd: &Workdir) {
    let seed = std::fs::read(wd.path().join("in/000_30e0651a83f97932.txt")).unwrap();
    wd.write("in/zz_1_copy.txt", &seed);
    let first = String::from_utf8(seed).unwrap();
    let sentence = first.lines().find(|l| l.len() > 60).unwrap();
    wd.write(
        "in/zz_2_new.txt",
        format!(
            "Polish President Andrzej Duda met Zelensky in Kyiv on Dec. 10, 2024.\n\
             Duda said Poland would keep supporting Ukraine, and Taras Hnatiuk agreed.\n\
             {sentence}\n"
        ),
    );
}

#[test]
fn a_run_that_adds_input_files_appends_parts_and_matches_a_full_run() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    let out = wd.path().join("out");
    assert!(!appended(&out));
    let first_part = out.join("documents/part-00000.parquet");
    let before = std::fs::read(&first_part).unwrap();

    add_a_day(&wd);
    wd.ok(&["run", "p.toml"]);
    assert!(appended(&out));
    assert_eq!(manifest(&out)["read_files"], 2);
    assert_eq!(manifest(&out)["tables"]["documents"]["rows"], 7);
    assert_eq!(manifest(&out)["read_documents"], 2, "the new day's");
    assert_eq!(
        std::fs::read(&first_part).unwrap(),
        before,
        "kept as it was"
    );
    assert!(out.join("documents/part-00001.parquet").exists());
    assert!(out.join(".newsmill-cache-00001.bin").exists());
    let docs = read_table(&out, "documents");
    let duplicate_of = docs.column("duplicate_of").unwrap();
    assert_eq!(
        duplicate_of.null_count(),
        docs.height() - 1,
        "the copy only"
    );

    pipeline(&wd, "full.toml", "full", false);
    wd.ok(&["run", "full.toml"]);
    let full = wd.path().join("full");
    assert_same_rows(&out, &full);
    assert_same_counts(&out, &full);

    // Nothing new: the same tables again, no new part.
    wd.ok(&["run", "p.toml"]);
    assert!(appended(&out));
    assert!(!out.join("documents/part-00002.parquet").exists());
    assert_same_rows(&out, &full);
    assert_same_counts(&out, &full);

    // --rewrite compacts: one part per dataset again, the same rows.
    wd.ok(&["run", "p.toml", "--rewrite"]);
    assert!(!appended(&out));
    assert!(!out.join("documents/part-00001.parquet").exists());
    assert!(!out.join(".newsmill-cache-00001.bin").exists());
    assert_same_rows(&out, &full);
    assert_same_counts(&out, &full);
}

/// The manifest's document counts, which an appending run adds to those
/// of the run it continues, equal a full run's.
fn assert_same_counts(out: &Path, full: &Path) {
    for key in [
        "undated_documents",
        "inferred_documents",
        "duplicate_documents",
        "rejects_by_reason",
    ] {
        assert_eq!(manifest(out)[key], manifest(full)[key], "{key}");
    }
    assert_eq!(manifest(out)["duplicate_documents"], 1, "the copy");
}

#[test]
fn a_changed_setting_or_an_earlier_file_means_a_full_run() {
    let wd = Workdir::new();
    copy_seeds(&wd);
    pipeline(&wd, "p.toml", "out", true);
    wd.ok(&["run", "p.toml"]);
    let out = wd.path().join("out");
    // A file that sorts before the ones already read changes what follows.
    add_a_day(&wd);
    std::fs::rename(
        wd.path().join("in/zz_2_new.txt"),
        wd.path().join("in/000_0_new.txt"),
    )
    .unwrap();
    wd.ok(&["run", "p.toml"]);
    assert!(!appended(&out));
    assert!(!out.join("documents/part-00001.parquet").exists());
    assert!(!out.join(".newsmill-cache-00001.bin").exists());
    pipeline(&wd, "full.toml", "full", false);
    wd.ok(&["run", "full.toml"]);
    assert_same_rows(&out, &wd.path().join("full"));

    // A new file, but counting rules that changed: every part is rewritten.
    wd.write(
        "in/zz_3_new.txt",
        "Zelensky spoke in Kyiv on Dec. 11, 2024.\n",
    );
    let p = std::fs::read_to_string(wd.path().join("p.toml")).unwrap();
    wd.write(
        "p.toml",
        p.replace("[actors]\n", "[actors]\ncount_demonyms = true\n"),
    );
    wd.ok(&["run", "p.toml"]);
    assert!(!appended(&out));
    assert_eq!(manifest(&out)["tables"]["documents"]["rows"], 8);
}
