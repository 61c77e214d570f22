//! The README's generated blocks: the table reference (`newsmill schema
//! --markdown`) and the command reference (`newsmill reference`, from the
//! same definitions as `--help`), each verbatim between two markers.
//! Regenerate both with scripts/update-readme.sh.

use crate::common::{Workdir, repo, stdout};

/// The text between `<!-- NAME:start ... -->` and `<!-- NAME:end -->`.
fn block(readme: &str, name: &str) -> String {
    let start = format!("<!-- {name}:start");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README has the {name} start marker"));
    let from = from + readme[from..].find("-->\n").unwrap() + "-->\n".len();
    let to = readme
        .find(&format!("<!-- {name}:end -->"))
        .unwrap_or_else(|| panic!("README has the {name} end marker"));
    readme[from..to].to_string()
}

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

#[test]
fn readme_documents_the_current_schema() {
    let generated = stdout(&Workdir::new().ok(&["schema", "--markdown"]));
    assert!(
        block(&readme(), "schema") == generated,
        "README.md's table reference is stale: run scripts/update-readme.sh"
    );
}

#[test]
fn readme_documents_the_current_commands() {
    let generated = stdout(&Workdir::new().ok(&["reference"]));
    assert!(
        block(&readme(), "commands") == generated,
        "README.md's command reference is stale: run scripts/update-readme.sh"
    );
}

/// The reference lists every subcommand and option `--help` shows, with
/// its help text (annotate's options once had none).
#[test]
fn the_command_reference_covers_every_option_with_its_help() {
    let reference = stdout(&Workdir::new().ok(&["reference"]));
    for command in [
        "run",
        "schema",
        "check",
        "actors validate",
        "actors suggest",
        "annotate",
    ] {
        assert!(
            reference.contains(&format!("\nnewsmill {command}")),
            "{command} missing:\n{reference}"
        );
    }
    for line in reference
        .lines()
        .filter(|l| l.trim_start().starts_with("--"))
    {
        let (flag, help) = line.trim().split_once("  ").unwrap_or((line, ""));
        assert!(!help.trim().is_empty(), "{flag} has no help text");
    }
}
