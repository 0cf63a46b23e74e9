//! Sub-cent amounts keep their exact value: each is a W209 finding on its
//! cell, totals are exact sums, and only display rounds to the cent.

#[path = "common/mod.rs"]
mod common;
use common::{book, json, pmo, Cell::N, Cell::T};

const SUB_CENT: [f64; 8] = [0.495, 0.495, 0.495, 0.495, 0.495, 0.485, 0.485, 0.485];

fn inputs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let csv = dir.join("budget.csv");
    let mut text = String::from("Line ID,Description,Plan Apr-25,Actual Apr-25\n");
    for (i, v) in SUB_CENT.iter().enumerate() {
        text.push_str(&format!("L{},Line {},1,{v}\n", i + 1, i + 1));
    }
    std::fs::write(&csv, text).unwrap();
    let mut rows = vec![vec![
        T("Line ID"),
        T("Description"),
        T("Plan Apr-25"),
        T("Actual Apr-25"),
    ]];
    const IDS: [&str; 8] = ["L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"];
    for (i, v) in SUB_CENT.iter().enumerate() {
        rows.push(vec![T(IDS[i]), T("Line"), N(1.0), N(*v)]);
    }
    let xlsx = book(dir, "budget.xlsx", &[("Budget", rows)]);
    vec![csv, xlsx]
}

#[test]
fn sub_cent_amounts_are_findings_with_their_cells_and_totals_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    for input in inputs(dir.path()) {
        let f = input.to_str().unwrap();
        let doc = json(&["validate", f, "--format", "json", "--fail-on", "never"]);
        let w209: Vec<&serde_json::Value> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["code"] == "W209")
            .collect();
        assert_eq!(w209.len(), 8, "{f}: {doc}");
        assert_eq!(w209[0]["cell"], "D2", "{f}");
        assert!(w209[0]["message"].as_str().unwrap().contains("0.495"));
        let recon = json(&["reconcile", f, "--as-of", "2025-26:P01", "--format", "json"]);
        // 5 × 0.495 + 3 × 0.485 = 3.93 exactly; rounding each first gave 3.97.
        assert_eq!(recon["totals"]["actual_ytd"], "3.93", "{f}: {recon}");
        let text =
            String::from_utf8(pmo(&["reconcile", f, "--as-of", "2025-26:P01"], 0).stdout).unwrap();
        assert!(text.contains("$3.93"), "{f}: {text}");
    }
}
