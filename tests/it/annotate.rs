//! `newsmill annotate`: entities and timexes in the scorers' format, with
//! code-point offsets into the text as given.

use crate::common::Workdir;

#[test]
fn annotate_writes_entities_and_timexes_with_code_point_offsets() {
    let wd = Workdir::new();
    wd.write(
        "in.jsonl",
        concat!(
            r#"{"doc_id": "a", "dct": "2024-12-18", "text": "Café talk: Swedish Defense Minister Pal Jonson met Andriy Yermak in Kyiv on Dec. 18."}"#,
            "\n",
            r#"{"doc_id": "b", "text": "No dates here, said Reuters."}"#,
            "\n"
        ),
    );
    wd.ok(&["annotate", "--input", "in.jsonl", "--output", "out.jsonl"]);
    let out = std::fs::read_to_string(wd.path().join("out.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let a = &lines[0];
    assert_eq!(a["doc_id"], "a");
    let text: Vec<char> =
        "Café talk: Swedish Defense Minister Pal Jonson met Andriy Yermak in Kyiv on Dec. 18."
            .chars()
            .collect();
    let span = |v: &serde_json::Value| -> String {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        text[s..e].iter().collect()
    };
    let entities = a["entities"].as_array().unwrap();
    for e in entities {
        assert_eq!(span(e), e["text"].as_str().unwrap());
    }
    let people: Vec<&str> = entities
        .iter()
        .filter(|e| e["label"] == "PER")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(people, ["Pal Jonson", "Andriy Yermak"]);
    let timexes = a["timexes"].as_array().unwrap();
    assert_eq!(timexes.len(), 1);
    assert_eq!(span(&timexes[0]), "Dec. 18");
    assert_eq!(timexes[0]["value"], "2024-12-18");
    assert_eq!(timexes[0]["type"], "DATE");
}

#[test]
fn a_broken_input_line_is_reported_with_its_number() {
    let wd = Workdir::new();
    wd.write(
        "in.jsonl",
        "{\"doc_id\": \"a\", \"text\": \"ok\"}\n{broken\n",
    );
    let result = wd.run(&["annotate", "--input", "in.jsonl", "--output", "out.jsonl"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        crate::common::stderr(&result).contains("line 2"),
        "{}",
        crate::common::stderr(&result)
    );
    assert!(!wd.path().join("out.jsonl").exists());
}
