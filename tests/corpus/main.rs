//! The corpus test: shapes learned from real public workbooks, reproduced
//! as generated fixtures (see `README.md` for every source), each with the
//! truth a person read off the original's cells. Every sheet must be read
//! exactly as the truth says — kind (or declined), header row, records,
//! key columns and money totals to the cent — and the test prints one line
//! `corpus: R/N sheets right`.

mod finance;
mod kit;
mod logs;
mod real;

use kit::{Case, Truth};
use pmo::definition::Definitions;
use pmo::ingest::{ingest, Options, SheetReport};
use pmo::Error;

/// How one sheet fared.
enum Verdict {
    Right,
    /// A known gap, declined as it must be.
    Gap,
    Wrong(String),
}

/// Judges a sheet, allowing a known gap to be declined instead of read.
fn verdict(truth: &Truth, got: Option<&SheetReport>) -> Verdict {
    match (judge(truth, got), truth.gap) {
        (None, _) => Verdict::Right,
        (Some(_), Some(_)) if got.is_none_or(|s| s.kind.is_none()) => Verdict::Gap,
        (Some(why), _) => Verdict::Wrong(why),
    }
}

/// Compares one sheet's reading with its truth; `None` when right.
fn judge(truth: &Truth, got: Option<&SheetReport>) -> Option<String> {
    let declined = got.is_none_or(|s| s.kind.is_none());
    let Some(kind) = truth.kind else {
        return (!declined).then(|| {
            let s = got.expect("read");
            format!("must be declined, read as {:?} ({})", s.kind, s.reason)
        });
    };
    let Some(s) = got.filter(|s| s.kind.is_some()) else {
        let why = got.map(|s| s.reason.as_str()).unwrap_or("no such sheet");
        return Some(format!("declined, should be {kind}: {why}"));
    };
    let mut wrong = vec![];
    if s.kind.as_deref() != Some(kind) {
        wrong.push(format!("kind {:?}, should be {kind}", s.kind));
    }
    if truth.header_row.is_some() && s.header_row != truth.header_row {
        wrong.push(format!(
            "header row {:?}, should be {:?}",
            s.header_row, truth.header_row
        ));
    }
    if s.rows != truth.records {
        wrong.push(format!("{} records, should be {}", s.rows, truth.records));
    }
    for (key, col) in &truth.columns {
        if !s.columns.iter().any(|c| c.key == *key && c.column == *col) {
            let at: Vec<_> = s.columns.iter().filter(|c| c.key == *key).collect();
            wrong.push(format!("{key} not mapped to column {col} (got {at:?})"));
        }
    }
    for (key, want) in &truth.totals {
        let got = s.totals.get(*key).map(String::as_str);
        if got != Some(*want) {
            wrong.push(format!("total {key} {got:?}, should be {want}"));
        }
    }
    (!wrong.is_empty()).then(|| wrong.join("; "))
}

/// Guesses seen across the corpus, so the check below is known to bite.
static GUESSES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Every guess `inspect` lists must be an I110 finding in `validate`, so it
/// reaches the documents' data notes; `Some` says which are not.
fn guesses_unreported(i: &pmo::ingest::Ingested, defs: &Definitions) -> Option<String> {
    let settings = pmo::rules::Settings {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"),
        calendar: Default::default(),
    };
    let findings = pmo::rules::validate(&i.project, defs, &settings);
    let mut reported: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "I110")
        .map(|f| f.message.as_str())
        .collect();
    let mut listed: Vec<&str> = i
        .files
        .iter()
        .flat_map(|f| &f.sheets)
        .flat_map(|s| s.guesses.iter().map(String::as_str))
        .collect();
    reported.sort_unstable();
    listed.sort_unstable();
    GUESSES.fetch_add(listed.len(), std::sync::atomic::Ordering::Relaxed);
    (reported != listed).then(|| format!("guesses {listed:?} but I110 findings {reported:?}"))
}

/// Reads one case and judges each of its sheets: (sheet, verdict).
fn run(case: &Case, dir: &std::path::Path) -> Vec<(String, Verdict)> {
    let path = kit::write(case, dir).expect("write fixture");
    let defs = Definitions::built_in().expect("definitions");
    let read = ingest(&[path], &defs, &Options::default());
    let sheets: Vec<SheetReport> = match read {
        Ok(i) => {
            if let Some(why) = guesses_unreported(&i, &defs) {
                return vec![(case.name.to_string(), Verdict::Wrong(why))];
            }
            i.files.into_iter().flat_map(|f| f.sheets).collect()
        }
        Err(Error::NoRecognisedSheet { .. }) => vec![],
        Err(e) => {
            return case
                .truth
                .iter()
                .map(|t| {
                    (
                        t.sheet.to_string(),
                        Verdict::Wrong(format!("could not read: {e}")),
                    )
                })
                .collect()
        }
    };
    case.truth
        .iter()
        .map(|t| {
            let got = sheets.iter().find(|s| s.name == t.sheet);
            (t.sheet.to_string(), verdict(t, got))
        })
        .collect()
}

#[test]
fn corpus() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<Case> = finance::cases()
        .into_iter()
        .chain(logs::cases())
        .chain(real::cases())
        .collect();
    let (mut right, mut total, mut wrong, mut gaps) = (0, 0, vec![], vec![]);
    for case in &cases {
        for (sheet, verdict) in run(case, dir.path()) {
            total += 1;
            match verdict {
                Verdict::Right => right += 1,
                Verdict::Gap => gaps.push(format!(
                    "{} {sheet}: {}",
                    case.name,
                    case.truth
                        .iter()
                        .find(|t| t.sheet == sheet)
                        .and_then(|t| t.gap)
                        .unwrap_or("")
                )),
                Verdict::Wrong(why) => wrong.push(format!(
                    "{} ({}; {}) {sheet}: {why}",
                    case.name, case.shape, case.source
                )),
            }
        }
    }
    println!(
        "corpus: {right}/{total} sheets right ({} declined as known gaps, {} wrong)",
        gaps.len(),
        wrong.len()
    );
    for g in &gaps {
        println!("  gap: {g}");
    }
    for w in &wrong {
        println!("  wrong: {w}");
    }
    assert!(total > 0, "the corpus holds no sheet");
    let guesses = GUESSES.load(std::sync::atomic::Ordering::Relaxed);
    println!("corpus: {guesses} guesses, each an I110 finding");
    assert!(
        guesses > 0,
        "no case holds a guess: the I110 check proves nothing"
    );
    assert!(
        wrong.is_empty(),
        "corpus: {right}/{total} sheets right\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_case_names_its_source_and_a_unique_name() {
    let cases: Vec<Case> = finance::cases()
        .into_iter()
        .chain(logs::cases())
        .chain(real::cases())
        .collect();
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    for c in &cases {
        assert!(
            c.source.contains('/') && c.source.contains(':'),
            "{}: source",
            c.name
        );
        assert!(!c.truth.is_empty(), "{}: no truth", c.name);
    }
}

/// A mapping saved from a workbook reads that same workbook the same way:
/// no drift, the same records and totals, for every shape of the corpus.
#[test]
fn a_saved_mapping_reads_every_corpus_workbook_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let defs = Definitions::built_in().expect("definitions");
    let opts = Options::default();
    let cases: Vec<Case> = finance::cases()
        .into_iter()
        .chain(logs::cases())
        .chain(real::cases())
        .collect();
    let mut pinned = 0;
    for case in &cases {
        let path = kit::write(case, dir.path()).expect("write fixture");
        let paths = [path];
        let Ok(plain) = ingest(&paths, &defs, &opts) else {
            continue;
        };
        let map = pmo::ingest::mapping::Mapping::from_reports(&plain.files);
        let text = map.to_toml();
        let map: pmo::ingest::mapping::Mapping = toml::from_str(&text).expect("saved TOML reads");
        let mapped = pmo::ingest::ingest_mapped(&paths, &defs, &opts, Some(&map))
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let drift: Vec<&str> = mapped
            .project
            .notices
            .iter()
            .filter(|n| n.kind != pmo::model::NoticeKind::Guess)
            .map(|n| n.message.as_str())
            .collect();
        assert!(drift.is_empty(), "{}: {drift:?}", case.name);
        let sheets = |i: &pmo::ingest::Ingested| -> Vec<(String, Option<String>, usize, String)> {
            i.files
                .iter()
                .flat_map(|f| &f.sheets)
                .map(|s| {
                    (
                        s.name.clone(),
                        s.kind.clone(),
                        s.rows,
                        format!("{:?}", s.totals),
                    )
                })
                .collect()
        };
        assert_eq!(sheets(&mapped), sheets(&plain), "{}", case.name);
        pinned += 1;
    }
    assert!(pinned > 40, "only {pinned} cases were pinned");
}
