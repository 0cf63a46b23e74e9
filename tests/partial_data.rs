//! Partial data renders the built-in documents with the missing parts to
//! complete, never an internal template error: a tracker read with only
//! its IDs and descriptions (a mapping that reads nothing else), a tracker
//! without month columns, each reconciled as of a given period.

#[path = "common/mod.rs"]
mod common;
use common::pmo;
use std::io::Read;
use std::path::Path;

fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// `(input, extra args)` for each partial tracker, written into `dir`.
fn partial_inputs(dir: &Path) -> Vec<(String, Vec<String>)> {
    let ids = dir.join("ids.csv");
    std::fs::write(&ids, "Line ID,Description,Plan Apr-25,Actual Apr-25\nL1,Servers,1000,400\nL2,Licences,2000,100\n").unwrap();
    let mapping = dir.join("ids-map.toml");
    std::fs::write(
        &mapping,
        r#"[[sheet]]
file = "ids.csv"
sheet = "ids"
kind = "budget"
header_row = 1
columns = [
  { column = "A", header = "Line ID", key = "id" },
  { column = "B", header = "Description", key = "description" },
  { column = "C", header = "Plan Apr-25", key = "" },
  { column = "D", header = "Actual Apr-25", key = "" },
]
"#,
    )
    .unwrap();
    let no_months = dir.join("no-months.csv");
    std::fs::write(&no_months, "Line ID,Description,Approved Budget,Actual to Date\nL1,Servers,1000,400\nL2,Licences,2000,100\n").unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    vec![
        (s(&ids), vec!["--mapping".into(), s(&mapping)]),
        (s(&no_months), vec![]),
    ]
}

#[test]
fn every_document_renders_from_a_tracker_without_months_or_with_only_ids() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (input, extra)) in partial_inputs(dir.path()).into_iter().enumerate() {
        for doc in ["status", "charter", "mb20"] {
            let out = dir.path().join(format!("{doc}-{i}.docx"));
            let mut args = vec![doc, input.as_str(), "-o", out.to_str().unwrap()];
            args.extend(["--as-of", "2025-26:P03"]);
            args.extend(extra.iter().map(String::as_str));
            pmo(&args, 0);
            if doc == "mb20" {
                let text = docx_text(&out);
                assert!(text.contains("TO COMPLETE"), "{input}: {text}");
            }
        }
        let out = dir.path().join(format!("report-{i}"));
        let mut args = vec!["report", input.as_str(), "-o", out.to_str().unwrap()];
        args.extend(["--as-of", "2025-26:P03"]);
        args.extend(extra.iter().map(String::as_str));
        let summary = String::from_utf8(pmo(&args, 0).stdout).unwrap();
        assert!(
            summary.contains("budget 2025-26: Unknown") && !summary.contains("[Green]"),
            "{input}: {summary}"
        );
        let mb20 = docx_text(&out.join("mb20-draft.docx"));
        assert!(
            mb20.contains("TO COMPLETE: financial table by fiscal year"),
            "{input}: {mb20}"
        );
    }
}
