//! `newsmill schema`: the table contracts.

use crate::common::{Workdir, stdout};

#[test]
fn plain_schema_lists_every_table() {
    let wd = Workdir::new();
    let out = stdout(&wd.ok(&["schema"]));
    insta::assert_snapshot!(out);
}

#[test]
fn one_table_can_be_selected_and_unknown_ones_are_errors() {
    let wd = Workdir::new();
    let out = stdout(&wd.ok(&["schema", "rejects"]));
    assert!(out.starts_with("rejects:"), "{out}");
    assert!(!out.contains("documents:"));
    let result = wd.run(&["schema", "nosuch"]);
    assert_eq!(result.status.code(), Some(2));
    let message = crate::common::stderr(&result);
    assert!(
        message.contains("no table \"nosuch\"; tables: documents, sentences,"),
        "{message}"
    );
}
