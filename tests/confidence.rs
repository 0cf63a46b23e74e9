//! Confidence on every reading, and every guess an info finding.

mod common;

use common::book;
use common::Cell::{N, T};
use pmo::definition::Definitions;
use pmo::ingest::confidence::Level;
use pmo::ingest::{ingest, Ingested, Options};
use pmo::rules::{validate, Settings, Severity};
use std::path::PathBuf;

fn read(paths: &[PathBuf]) -> Ingested {
    ingest(
        paths,
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
    .unwrap()
}

fn infos(i: &Ingested) -> Vec<String> {
    let settings = Settings {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        calendar: Default::default(),
    };
    validate(&i.project, &Definitions::built_in().unwrap(), &settings)
        .into_iter()
        .filter(|f| f.code == "I110" && f.severity == Severity::Info)
        .map(|f| format!("{}!{}: {}", f.sheet, f.cell.unwrap_or_default(), f.message))
        .collect()
}

/// A budget whose month columns say nothing of planned or actual.
fn unmarked_months(dir: &std::path::Path) -> PathBuf {
    let rows = vec![
        vec![
            T("Line ID"),
            T("Description"),
            T("Category"),
            T("Apr-25"),
            T("May-25"),
            T("Jun-25"),
        ],
        vec![
            T("B-1"),
            T("Developer"),
            T("Services"),
            N(100.0),
            N(100.0),
            N(100.0),
        ],
    ];
    book(dir, "unmarked.xlsx", &[("Budget", rows)])
}

#[test]
fn unmarked_month_columns_are_a_guess_an_info_finding_and_medium_confidence() {
    let dir = tempfile::tempdir().unwrap();
    let read = read(&[unmarked_months(dir.path())]);
    let s = &read.files[0].sheets[0];
    assert_eq!(s.kind.as_deref(), Some("budget"));
    assert_eq!(s.guesses.len(), 1, "{:?}", s.guesses);
    let c = s.confidence.as_ref().unwrap();
    assert_eq!(c.level, Level::Medium, "{c:?}");
    assert!(c
        .because
        .iter()
        .any(|b| b.starts_with("guessed: month columns")));
    assert_eq!(infos(&read), [format!("Budget!A1: {}", s.guesses[0])]);
}

#[test]
fn a_fully_matched_sheet_is_high_and_a_thin_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let full = vec![
        vec![
            T("Risk ID"),
            T("Description"),
            T("Owner"),
            T("Likelihood"),
            T("Impact"),
            T("Status"),
        ],
        vec![
            T("R-1"),
            T("Vendor late"),
            T("PM"),
            N(2.0),
            N(3.0),
            T("Open"),
        ],
    ];
    let thin = vec![
        vec![
            T("Risk ID"),
            T("Description"),
            T("Owner"),
            T("Comments"),
            T("Notes"),
            T("Link"),
            T("Extra"),
        ],
        vec![
            T("R-1"),
            T("Vendor late"),
            T("PM"),
            T("a"),
            T("b"),
            T("c"),
            T("d"),
        ],
    ];
    let a = book(dir.path(), "a.xlsx", &[("Risks", full)]);
    let b = book(dir.path(), "b.xlsx", &[("Risks", thin)]);
    let read = read(&[a, b]);
    let level = |i: usize| read.files[i].sheets[0].confidence.clone().unwrap();
    assert_eq!(level(0).level, Level::High, "{:?}", level(0));
    assert_eq!(level(0).because, ["6 of 6 header cells matched"]);
    // A risk log with no rating, score, likelihood or impact cannot rate
    // its risks: the ratings check fails and the reading is low.
    assert_eq!(level(1).level, Level::Low, "{:?}", level(1));
    assert!(level(1)
        .because
        .contains(&"most header cells map to nothing pmo reads".to_string()));
    assert!(level(1)
        .because
        .iter()
        .any(|b| b.starts_with("check failed: ratings")));
    let checks = &read.files[1].sheets[0].checks;
    assert!(
        checks.iter().any(|c| c.name == "ratings" && !c.passed),
        "{checks:?}"
    );
}

#[test]
fn every_guess_inspect_lists_is_an_info_finding() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "csv"))
        .collect();
    files.push(samples.join("project.xlsx"));
    let dir = tempfile::tempdir().unwrap();
    files.push(unmarked_months(dir.path()));
    files.sort();
    let mut guesses_seen = 0;
    for f in files {
        let defs = Definitions::built_in().unwrap();
        let Ok(read) = ingest(std::slice::from_ref(&f), &defs, &Options::default()) else {
            continue; // the fixtures of unreadable files
        };
        let listed: Vec<String> = read.files[0]
            .sheets
            .iter()
            .flat_map(|s| s.guesses.iter().map(move |g| format!("{}: {g}", s.name)))
            .collect();
        let found: Vec<String> = infos(&read)
            .into_iter()
            .map(|i| {
                let (place, msg) = i.split_once(": ").unwrap();
                format!("{}: {msg}", place.split('!').next().unwrap())
            })
            .collect();
        assert_eq!(listed, found, "{}", f.display());
        guesses_seen += listed.len();
    }
    assert!(
        guesses_seen > 0,
        "no fixture holds a guess: the test proves nothing"
    );
}
