//! Mapping files through the library: save what was read, edit it (map a
//! declined sheet, correct a column), read exactly that, and report drift
//! when the workbook changes — never reading a figure from the wrong column.

mod common;

use common::book;
use common::Cell::{self, N, T};
use pmo::definition::Definitions;
use pmo::ingest::mapping::{ColumnMapping, Mapping};
use pmo::ingest::{ingest, ingest_mapped, Ingested, Options, SheetReport};
use pmo::rules::{validate, Finding, Settings};
use std::path::{Path, PathBuf};

/// A risk register in words no definition knows: pmo declines it.
fn register(headers: [&'static str; 5]) -> Vec<Vec<Cell>> {
    vec![
        headers.iter().map(|h| T(h)).collect(),
        vec![T("X-1"), T("Vendor late"), N(4.0), N(5.0), T("Dana")],
        vec![T("X-2"), T("Staff leave"), N(2.0), N(2.0), T("Lee")],
    ]
}

const HEADERS: [&str; 5] = ["Ref#", "What might happen", "Chance", "Damage", "Who"];

fn read(path: &Path, map: Option<&Mapping>) -> Ingested {
    let defs = Definitions::built_in().unwrap();
    ingest_mapped(&[path.to_path_buf()], &defs, &Options::default(), map).unwrap()
}

fn sheet<'a>(i: &'a Ingested, name: &str) -> &'a SheetReport {
    i.files[0].sheets.iter().find(|s| s.name == name).unwrap()
}

fn findings(i: &Ingested) -> Vec<Finding> {
    let settings = Settings {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        calendar: Default::default(),
    };
    validate(&i.project, &Definitions::built_in().unwrap(), &settings)
}

/// The mapping a PM would write by hand for the register above.
fn edited(path: &Path, with_other: &Ingested) -> Mapping {
    let mut map = Mapping::from_reports(&with_other.files);
    let entry = map
        .sheets
        .iter_mut()
        .find(|s| s.sheet == "Register")
        .unwrap();
    entry.kind = "risks".into();
    entry.header_row = Some(1);
    let keys = ["id", "description", "likelihood", "impact", "owner"];
    entry.columns = ["A", "B", "C", "D", "E"]
        .iter()
        .zip(HEADERS.iter().zip(keys))
        .map(|(col, (header, key))| ColumnMapping {
            column: col.to_string(),
            header: header.to_string(),
            key: key.to_string(),
        })
        .collect();
    assert_eq!(entry.file, path.file_name().unwrap().to_str().unwrap());
    map
}

fn two_sheets(dir: &Path, headers: [&'static str; 5]) -> PathBuf {
    let budget = vec![
        vec![
            T("Line ID"),
            T("Description"),
            T("Planned Apr-25"),
            T("Actual Apr-25"),
        ],
        vec![T("B-1"), T("Developer"), N(1000.0), N(900.0)],
    ];
    book(
        dir,
        "tracker.xlsx",
        &[("Budget", budget), ("Register", register(headers))],
    )
}

#[test]
fn a_declined_sheet_is_read_through_a_saved_and_edited_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let before = read(&path, None);
    assert_eq!(
        sheet(&before, "Register").kind,
        None,
        "declined without a mapping"
    );
    assert!(before.project.risks.is_empty());

    // Save → write to disk → load → edit → read.
    let saved = Mapping::from_reports(&before.files);
    let file = dir.path().join("pmo-map.toml");
    std::fs::write(&file, saved.to_toml()).unwrap();
    let loaded = Mapping::load(&file).unwrap();
    assert_eq!(loaded, saved, "the saved TOML reads back the same");
    let decline = loaded
        .sheets
        .iter()
        .find(|s| s.sheet == "Register")
        .unwrap();
    assert_eq!(decline.kind, "decline");
    let budget = loaded.sheets.iter().find(|s| s.sheet == "Budget").unwrap();
    assert_eq!(budget.kind, "budget");
    assert!(budget
        .columns
        .iter()
        .any(|c| c.column == "C" && c.key == "planned.2025-26:P01"));

    let map = edited(&path, &before);
    std::fs::write(&file, map.to_toml()).unwrap();
    let after = read(&path, Some(&Mapping::load(&file).unwrap()));
    let reg = sheet(&after, "Register");
    assert_eq!(reg.kind.as_deref(), Some("risks"), "{}", reg.reason);
    assert_eq!(reg.rows, 2);
    let r = &after.project.risks;
    assert_eq!(r.len(), 2);
    assert_eq!((r[0].likelihood(), r[0].impact()), (Some(4), Some(5)));
    assert_eq!(r[1].owner(), Some("Lee"));
    // The budget reads as before: the mapping pins what was read.
    assert_eq!(
        sheet(&after, "Budget").totals,
        sheet(&before, "Budget").totals
    );
    assert!(findings(&after).iter().all(|f| !f.code.starts_with("E108")));
}

#[test]
fn a_corrected_column_stays_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let before = read(&path, None);
    let mut map = edited(&path, &before);
    // The PM decides "Damage" is the likelihood and "Chance" the impact.
    let reg = map
        .sheets
        .iter_mut()
        .find(|s| s.sheet == "Register")
        .unwrap();
    reg.columns[2].key = "impact".into();
    reg.columns[3].key = "likelihood".into();
    let after = read(&path, Some(&map));
    let r = &after.project.risks[0];
    assert_eq!((r.likelihood(), r.impact()), (Some(5), Some(4)));
}

#[test]
fn a_renamed_header_is_drift_and_its_column_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let map = edited(&path, &read(&path, None));
    // Next month someone renames "Chance" and inserts nothing else.
    let next = tempfile::tempdir().unwrap();
    let renamed = [
        "Ref#",
        "What might happen",
        "Probability %",
        "Damage",
        "Who",
    ];
    let path2 = two_sheets(next.path(), renamed);
    let after = read(&path2, Some(&map));
    let r = &after.project.risks[0];
    assert_eq!(
        r.likelihood(),
        None,
        "never read from a column the mapping no longer fits"
    );
    assert_eq!(r.impact(), Some(5));
    let f = findings(&after);
    let drift: Vec<&Finding> = f.iter().filter(|f| f.code == "E108").collect();
    assert_eq!(drift.len(), 1, "{f:#?}");
    assert_eq!(drift[0].sheet, "Register");
    assert_eq!(drift[0].cell.as_deref(), Some("C1"));
    assert!(
        drift[0].message.contains("'Chance'"),
        "{}",
        drift[0].message
    );
    assert!(drift[0].message.contains("'Probability %'"));
}

#[test]
fn moved_new_and_missing_columns_and_sheets_are_each_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let mut map = edited(&path, &read(&path, None));
    // A sheet that the workbook does not have.
    let mut gone = map.sheets[0].clone();
    gone.sheet = "Old Risks".into();
    map.sheets.push(gone);
    let next = tempfile::tempdir().unwrap();
    // "Who" and "Damage" swap places; a new "Notes" column appears.
    let rows = vec![
        vec![
            T("Ref#"),
            T("What might happen"),
            T("Chance"),
            T("Who"),
            T("Damage"),
            T("Notes"),
        ],
        vec![
            T("X-1"),
            T("Vendor late"),
            N(4.0),
            T("Dana"),
            N(5.0),
            T("n"),
        ],
    ];
    let path2 = book(next.path(), "tracker.xlsx", &[("Register", rows)]);
    let after = read(&path2, Some(&map));
    let r = &after.project.risks[0];
    assert_eq!(r.impact(), None, "moved column not read");
    assert_eq!(r.owner(), None);
    assert_eq!(r.likelihood(), Some(4));
    let f = findings(&after);
    let at = |code: &str| -> Vec<Option<String>> {
        f.iter()
            .filter(|x| x.code == code)
            .map(|x| x.cell.clone())
            .collect()
    };
    assert_eq!(at("W109"), [Some("F1".to_string())]);
    let e108 = at("E108");
    assert!(
        e108.contains(&Some("D1".into())) && e108.contains(&Some("E1".into())),
        "{f:#?}"
    );
    assert!(
        e108.contains(&None),
        "the sheet gone from the workbook: {f:#?}"
    );
    let moved = f.iter().find(|x| x.cell.as_deref() == Some("D1")).unwrap();
    assert!(
        moved.message.contains("now in column E"),
        "{}",
        moved.message
    );
    assert!(f.iter().any(|x| x.code == "E108" && x.sheet == "Old Risks"));
}

#[test]
fn without_a_mapping_ingest_reads_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let defs = Definitions::built_in().unwrap();
    let plain = ingest(std::slice::from_ref(&path), &defs, &Options::default()).unwrap();
    assert_eq!(plain.files, read(&path, None).files);
    assert!(plain.project.notices.is_empty());
}

/// `pmo` with `args`, expecting `want`; stdout as JSON.
fn pmo_json(args: &[&str], want: i32) -> serde_json::Value {
    let out = common::pmo(args, want);
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn every_command_reads_the_saved_and_edited_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let wb = path.to_str().unwrap();
    let map = dir.path().join("my-map.toml");
    let map_s = map.to_str().unwrap();
    common::pmo(&["inspect", wb, "--save-mapping", map_s], 0);
    let saved = std::fs::read_to_string(&map).unwrap();
    assert!(saved.starts_with("# pmo mapping file"), "{saved}");
    assert!(saved.contains("kind = \"decline\""), "{saved}");
    // Saving again over it needs --force.
    common::pmo(&["inspect", wb, "--save-mapping", map_s], 2);

    // The PM maps the declined register by hand.
    let mut edited_map = Mapping::load(&map).unwrap();
    let by_hand = edited(&path, &read(&path, None));
    let reg = by_hand
        .sheets
        .iter()
        .find(|s| s.sheet == "Register")
        .unwrap();
    *edited_map
        .sheets
        .iter_mut()
        .find(|s| s.sheet == "Register")
        .unwrap() = reg.clone();
    std::fs::write(&map, edited_map.to_toml()).unwrap();

    let inspect = pmo_json(&["inspect", wb, "--mapping", map_s, "--format", "json"], 0);
    let sheets = inspect["files"][0]["sheets"].as_array().unwrap();
    let register = sheets.iter().find(|s| s["name"] == "Register").unwrap();
    assert_eq!(register["kind"], "risks");
    assert_eq!(
        register["confidence"]["because"][0],
        "read as the mapping file says"
    );

    let ctx = pmo_json(&["context", wb, "--mapping", map_s, "--format", "json"], 0);
    assert_eq!(ctx["risks"].as_array().unwrap().len(), 2);
    assert_eq!(
        ctx["top_risks"][0]["id"], "X-1",
        "scored 4 × 5 from the mapped columns"
    );

    let validate = pmo_json(
        &[
            "validate",
            wb,
            "--mapping",
            map_s,
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        0,
    );
    let findings = validate["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["sheet"] == "Register"),
        "the register is validated"
    );

    let recon = pmo_json(
        &["reconcile", wb, "--mapping", map_s, "--format", "json"],
        0,
    );
    assert_eq!(recon["totals"]["planned_full_year"], "1000.00");

    let out = dir.path().join("status.docx");
    common::pmo(
        &[
            "status",
            wb,
            "--mapping",
            map_s,
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    assert!(out.is_file());

    // Kept beside the workbook as pmo-map.toml, it is read without the flag.
    std::fs::rename(&map, dir.path().join("pmo-map.toml")).unwrap();
    let ctx = pmo_json(&["context", wb, "--format", "json"], 0);
    assert_eq!(ctx["risks"].as_array().unwrap().len(), 2);
}

#[test]
fn drift_reaches_validate_with_its_cell_and_the_documents_data_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let map = edited(&path, &read(&path, None));
    let map_path = dir.path().join("pmo-map.toml");
    std::fs::write(&map_path, map.to_toml()).unwrap();
    // Next month, in the same folder, "Chance" has become "Probability %".
    let renamed = [
        "Ref#",
        "What might happen",
        "Probability %",
        "Damage",
        "Who",
    ];
    let path = two_sheets(dir.path(), renamed);
    let wb = path.to_str().unwrap();
    let v = pmo_json(
        &["validate", wb, "--format", "json", "--fail-on", "never"],
        0,
    );
    let drift: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "E108")
        .collect();
    assert_eq!(drift.len(), 1, "{v}");
    assert_eq!(drift[0]["cell"], "C1");
    let ctx = pmo_json(&["context", wb, "--format", "json"], 0);
    let notes: Vec<&str> = ctx["data_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Register!C1 (not read)")),
        "{notes:?}"
    );
    assert!(
        ctx["risks"][0].get("likelihood").is_none(),
        "not read from the wrong column"
    );
}

#[test]
fn a_workbook_with_no_sheet_recognised_can_be_saved_mapped_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = book(
        dir.path(),
        "register.xlsx",
        &[("Register", register(HEADERS))],
    );
    let wb = path.to_str().unwrap();
    // Without a mapping: refused, naming the best guess.
    common::pmo(&["inspect", wb], 2);
    let map = dir.path().join("pmo-map.toml");
    common::pmo(&["inspect", wb, "--save-mapping", map.to_str().unwrap()], 0);
    let mut saved = Mapping::load(&map).unwrap();
    assert_eq!(saved.sheets.len(), 1);
    assert_eq!(saved.sheets[0].kind, "decline");
    // Mapped by hand, kept beside the workbook: read with no flag.
    let by_hand = edited(&path, &read_lenient(&path));
    saved.sheets[0] = by_hand.sheets[0].clone();
    std::fs::write(&map, saved.to_toml()).unwrap();
    let ctx = pmo_json(&["context", wb, "--format", "json"], 0);
    assert_eq!(ctx["risks"].as_array().unwrap().len(), 2);
}

fn read_lenient(path: &Path) -> Ingested {
    let defs = Definitions::built_in().unwrap();
    let opts = Options::default();
    pmo::ingest::ingest_for_mapping(&[path.to_path_buf()], &defs, &opts, None).unwrap()
}

/// A tracker titled with its fiscal year, whose month headers name none.
fn tracker_for(dir: &Path, year: &'static str) -> PathBuf {
    let rows = vec![
        vec![T(year)],
        vec![
            T("Line ID"),
            T("Description"),
            T("Planned Apr"),
            T("Planned May"),
            T("Actual Apr"),
            T("Actual May"),
        ],
        vec![
            T("B-1"),
            T("Developer"),
            N(100.0),
            N(100.0),
            N(90.0),
            N(95.0),
        ],
    ];
    book(dir, "tracker.xlsx", &[("Budget", rows)])
}

#[test]
fn a_mapping_made_last_year_reads_this_years_months_in_this_year() {
    let dir = tempfile::tempdir().unwrap();
    let last = tracker_for(dir.path(), "Budget Tracker FY 2025-26");
    let map = Mapping::from_reports(&read(&last, None).files);
    let keys: Vec<&str> = map.sheets[0]
        .columns
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert!(keys.contains(&"actual.2025-26:P02"), "{keys:?}");
    let next = tempfile::tempdir().unwrap();
    let this = tracker_for(next.path(), "Budget Tracker FY 2026-27");
    let read_now = read(&this, Some(&map));
    let s = sheet(&read_now, "Budget");
    let keys: Vec<&str> = s.columns.iter().map(|c| c.key.as_str()).collect();
    assert!(keys.contains(&"actual.2026-27:P02"), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("2025-26")), "{keys:?}");
    assert!(
        read_now.project.notices.is_empty(),
        "{:?}",
        read_now.project.notices
    );
}

#[test]
fn column_letters_in_a_hand_edited_mapping_may_be_lower_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let mut map = edited(&path, &read(&path, None));
    for s in &mut map.sheets {
        for c in &mut s.columns {
            c.column = c.column.to_lowercase();
        }
    }
    let after = read(&path, Some(&map));
    assert!(
        after.project.notices.is_empty(),
        "{:?}",
        after.project.notices
    );
    assert_eq!(after.project.risks[0].likelihood(), Some(4));
}

/// Next month's copy under a new file name, with the same sheets and
/// headers, is read as the mapping says, and the reading says so.
#[test]
fn a_mapping_applies_to_next_months_file_under_a_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let before = read(&path, None);
    let map = edited(&path, &before);
    let next = dir.path().join("tracker-november.xlsx");
    std::fs::copy(&path, &next).unwrap();
    let after = read(&next, Some(&map));
    let reg = sheet(&after, "Register");
    assert_eq!(reg.kind.as_deref(), Some("risks"), "{}", reg.reason);
    assert_eq!(after.project.risks.len(), 2);
    let said = findings(&after);
    assert!(
        said.iter()
            .any(|f| f.code == "I110" && f.message.contains("under another file name")),
        "{said:?}"
    );
    // A workbook whose headers differ is not read by another file's entry.
    let other = tempfile::tempdir().unwrap();
    let changed = two_sheets(
        other.path(),
        ["Ref#", "What might happen", "Odds", "Damage", "Who"],
    );
    let moved = other.path().join("renamed.xlsx");
    std::fs::rename(&changed, &moved).unwrap();
    let not = read(&moved, Some(&map));
    assert_eq!(sheet(&not, "Register").kind, None);
}

/// A mapping that names none of the workbooks read is a warning, not
/// silence.
#[test]
fn a_mapping_naming_none_of_the_workbooks_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path(), HEADERS);
    let before = read(&path, None);
    let mut map = edited(&path, &before);
    for s in &mut map.sheets {
        s.file = "someone-elses.xlsx".into();
        s.sheet = format!("{} (old)", s.sheet);
    }
    let after = read(&path, Some(&map));
    let said = findings(&after);
    let w = said.iter().find(|f| f.code == "W111").expect("W111");
    assert!(w.message.contains("someone-elses.xlsx"), "{}", w.message);
    // The workbook is read as it would be without the mapping.
    assert_eq!(
        sheet(&after, "Budget").totals,
        sheet(&before, "Budget").totals
    );
}
