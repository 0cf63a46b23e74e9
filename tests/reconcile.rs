//! Reconciliation on real workbooks: the samples' documented discrepancies
//! to the cent, hand-built trackers in wide and long layout against a
//! ledger with every kind of exception, the workbook report read back, and
//! the money invariants over many generated projects.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::{json, pmo, root};
use pmo::model::{
    BudgetLine, CellRef, FiscalPeriod, FiscalYear, LedgerEntry, PeriodAmounts, Project, Record,
    SheetId, SheetSource, Traced, Value,
};
use pmo::reconcile::{reconcile, ExceptionKind, Settings, Thresholds};
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Each exception as (kind, account, period, difference).
fn exception_rows(tie_out: &Json) -> Vec<(String, String, String, String)> {
    let text = |x: &Json, k: &str| x[k].as_str().unwrap().to_string();
    tie_out["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                text(x, "kind"),
                text(x, "account"),
                text(x, "period"),
                text(x, "difference"),
            )
        })
        .collect()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn exp() -> Json {
    serde_json::from_str(&std::fs::read_to_string(root().join("samples/totals.json")).unwrap())
        .unwrap()
}

#[test]
fn samples_find_exactly_the_documented_discrepancies() {
    let r = json(&[
        "reconcile",
        "samples/project.xlsx",
        "--ledger",
        "samples/ledger.xlsx",
        "--format",
        "json",
    ]);
    let e = exp();
    assert_eq!(r["as_of"], "2026-27:P07");
    assert_eq!(
        r["sign_convention"],
        "variance = planned - actual; positive = under plan"
    );
    let t = &r["tie_out"];
    assert_eq!(t["tracker_actual"], e["actual"]);
    assert_eq!(t["ledger_total"], e["ledger_net"]);
    assert_eq!(t["difference"], "-103.17");
    // The invariants, to the cent.
    let sum = |a: &Json, b: &Json| d(a.as_str().unwrap()) + d(b.as_str().unwrap());
    assert_eq!(
        sum(&t["ledger_matched"], &t["ledger_unmatched"]),
        d(t["ledger_total"].as_str().unwrap())
    );
    assert_eq!(
        sum(&t["tracker_matched"], &t["tracker_unmatched"]),
        d(t["tracker_actual"].as_str().unwrap())
    );

    let got = exception_rows(t);
    let want = [
        (
            "amount_mismatch",
            "530200",
            "2026-27:P05",
            e["duplicate_amount"].as_str().unwrap(),
        ),
        ("amount_mismatch", "530210", "2026-27:P03", "1250.00"),
        ("ledger_unmatched", "559900", "2026-27:P06", "842.17"),
        ("tracker_unmatched", "530500", "2026-27:P07", "-4500.00"),
        (
            "possible_duplicate",
            "530200",
            "2026-27:P05",
            e["duplicate_amount"].as_str().unwrap(),
        ),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, x)| (a.to_string(), b.to_string(), c.to_string(), x.to_string()))
        .collect();
    assert_eq!(got, want);
    let dup = &t["exceptions"][4];
    assert_eq!(
        dup["documents"],
        serde_json::json!([e["duplicate_document"], e["duplicate_document"]])
    );
    let unmatched = &t["exceptions"][2];
    assert_eq!(unmatched["documents"], serde_json::json!(["JE-48812"]));
    assert!(unmatched["cells"][0]
        .as_str()
        .unwrap()
        .starts_with("'GL Detail'!G"));
    let accrual = &t["exceptions"][3];
    assert_eq!(accrual["lines"], serde_json::json!(["BL-08"]));
    // The reversal pair nets out and is listed, not flagged.
    assert_eq!(t["reversals"].as_array().unwrap().len(), 1);
    assert_eq!(
        t["reversals"][0]["documents"],
        serde_json::json!(["JE-50011", "JE-50011-R"])
    );

    // Variance: the as-of year's totals tie to the generator's figures.
    assert_eq!(r["totals"]["planned_full_year"], e["planned_2026-27"]);
    assert_eq!(r["totals"]["actual_ytd"], e["actual_2026-27"]);
    assert_eq!(r["project"]["bac"], e["planned"]);
    assert_eq!(r["project"]["actual_to_date"], e["actual"]);
    assert_eq!(r["years"][0]["actual_to_date"], e["actual_2025-26"]);
    let lines = r["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 10);
    let total: Decimal = lines
        .iter()
        .map(|l| d(l["variance_ytd"].as_str().unwrap()))
        .sum();
    assert_eq!(total, d(r["totals"]["variance_ytd"].as_str().unwrap()));
    assert!(r["earned_value"]["totals"]["cpi"].is_string());
}

/// The same three lines, in the layout asked for, and a ledger that has
/// one of every exception.
fn hand_built(dir: &Path, wide: bool) -> (PathBuf, PathBuf) {
    // (id, account, cost centre, % complete, plan by period, actual by period)
    type Line = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<f64>,
        [f64; 12],
        [f64; 3],
    );
    let lines: [Line; 3] = [
        (
            "L1",
            "500100",
            Some("100"),
            None,
            [1000.0; 12],
            [1000.0, 500.0, -200.0],
        ),
        (
            "L2",
            "500200",
            None,
            None,
            [
                300.0, 0.0, 300.0, 300.0, 300.0, 300.0, 300.0, 300.0, 300.0, 300.0, 300.0, 300.0,
            ],
            [400.0, 300.0, 300.0],
        ),
        (
            "L3",
            "500300",
            None,
            Some(0.5),
            [
                2000.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            ],
            [2000.0, 1900.0, 0.0],
        ),
    ];
    let months = [
        "Apr-25", "May-25", "Jun-25", "Jul-25", "Aug-25", "Sep-25", "Oct-25", "Nov-25", "Dec-25",
        "Jan-26", "Feb-26", "Mar-26",
    ];
    // July (P04) is missing from the tracker altogether.
    let kept: Vec<usize> = (0..12).filter(|&i| i != 3).collect();
    let tracker = dir.join(if wide { "wide.xlsx" } else { "long.xlsx" });
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    if wide {
        let mut head = vec![
            "Line ID".to_string(),
            "Description".into(),
            "GL Account".into(),
            "Cost Centre".into(),
            "% Complete".into(),
        ];
        head.extend(kept.iter().map(|&i| format!("Plan {}", months[i])));
        head.extend((0..3).map(|i| format!("Actual {}", months[i])));
        ws.write_row(0, 0, head).unwrap();
        for (r, l) in lines.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_row(r, 0, [l.0, "line", l.1, l.2.unwrap_or("")])
                .unwrap();
            if let Some(p) = l.3 {
                ws.write_number(r, 4, p).unwrap();
            }
            for (c, &i) in kept.iter().enumerate() {
                if l.4[i] != 0.0 {
                    ws.write_number(r, 5 + c as u16, l.4[i]).unwrap();
                }
            }
            for i in 0..3 {
                if l.5[i] != 0.0 {
                    ws.write_number(r, 5 + kept.len() as u16 + i as u16, l.5[i])
                        .unwrap();
                }
            }
        }
    } else {
        ws.write_row(
            0,
            0,
            [
                "Line ID",
                "Description",
                "GL Account",
                "Cost Centre",
                "% Complete",
                "Fiscal Year",
                "Period",
                "Planned",
                "Actual",
            ],
        )
        .unwrap();
        let mut r = 1;
        for l in &lines {
            for &i in &kept {
                let actual = if i < 3 { l.5[i] } else { 0.0 };
                if l.4[i] == 0.0 && actual == 0.0 {
                    continue;
                }
                ws.write_row(r, 0, [l.0, "line", l.1, l.2.unwrap_or("")])
                    .unwrap();
                if let Some(p) = l.3 {
                    ws.write_number(r, 4, p).unwrap();
                }
                ws.write_string(r, 5, "2025-26").unwrap();
                ws.write_string(r, 6, format!("P{:02}", i + 1)).unwrap();
                if l.4[i] != 0.0 {
                    ws.write_number(r, 7, l.4[i]).unwrap();
                }
                if actual != 0.0 {
                    ws.write_number(r, 8, actual).unwrap();
                }
                r += 1;
            }
        }
    }
    wb.save(&tracker).unwrap();

    let ledger = dir.join("gl.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("GL").unwrap();
    ws.write_row(
        0,
        0,
        [
            "GL Date",
            "Account",
            "Cost Centre",
            "Document No",
            "Vendor",
            "Amount",
        ],
    )
    .unwrap();
    let posts: [(&str, &str, &str, &str, &str, f64); 12] = [
        ("2025-04-10", "500100", "100", "INV-1", "Acme", 1000.0),
        ("2025-05-10", "500100", "999", "INV-2", "Acme", 450.0), // another cost centre
        ("2025-06-10", "500100", "100", "CR-3", "Acme", -200.0), // a credit
        ("2025-04-11", "500200", "100", "INV-4", "Beta", 400.0),
        ("2025-04-12", "500200", "100", "JE-9", "", 750.0), // reversed in full
        ("2025-04-20", "500200", "100", "JE-9-R", "", -750.0),
        ("2025-05-11", "500200", "100", "INV-7", "Beta", 300.0),
        ("2025-05-11", "500200", "100", "INV-7", "Beta", 300.0), // posted twice
        ("2025-06-11", "500200", "100", "INV-8", "Beta", 300.0),
        ("2025-04-15", "500300", "100", "INV-10", "Gamma", 2000.0),
        ("2025-05-15", "500300", "100", "INV-11", "Gamma", 1900.0),
        ("2025-06-30", "599999", "100", "JE-12", "", 125.5), // no tracker line
    ];
    for (r, p) in posts.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_row(r, 0, [p.0, p.1, p.2, p.3, p.4]).unwrap();
        ws.write_number(r, 5, p.5).unwrap();
    }
    wb.save(&ledger).unwrap();
    (tracker, ledger)
}

fn figures(r: &Json) -> Json {
    // Everything but where things are.
    let mut r = r.clone();
    for l in r["lines"].as_array_mut().unwrap() {
        l.as_object_mut().unwrap().remove("place");
    }
    for e in r["tie_out"]["exceptions"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("cells");
    }
    for e in r["tie_out"]["reversals"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("cells");
    }
    r
}

#[test]
fn wide_and_long_trackers_reconcile_the_same_with_every_exception() {
    let dir = tempfile::tempdir().unwrap();
    let (wide, ledger) = hand_built(dir.path(), true);
    let (long, _) = hand_built(dir.path(), false);
    let run = |t: &Path| {
        json(&[
            "reconcile",
            t.to_str().unwrap(),
            "--ledger",
            ledger.to_str().unwrap(),
            "--floor",
            "100",
            "--format",
            "json",
        ])
    };
    let (w, l) = (run(&wide), run(&long));
    assert_eq!(
        figures(&w),
        figures(&l),
        "wide and long layouts give the same reconciliation"
    );

    assert_eq!(w["as_of"], "2025-26:P03", "the last period with actuals");
    let t = &w["totals"];
    assert_eq!(t["planned_ytd"], "7600.00");
    assert_eq!(t["actual_ytd"], "6200.00");
    assert_eq!(t["variance_ytd"], "1400.00");
    assert_eq!(
        t["planned_full_year"], "18000.00",
        "July is missing: no plan for P04"
    );
    // L2 spent 1,000.00 against a plan of 600.00 (nothing planned in May).
    let l2 = &w["lines"][1];
    assert_eq!(l2["variance_ytd"], "-400.00");
    assert_eq!(l2["variance_ytd_pct"], "-66.67");
    assert_eq!(l2["rag"], "Red");
    // L1 took a credit in June.
    assert_eq!(w["lines"][0]["actual_ytd"], "1300.00");
    assert_eq!(w["periods"][3]["planned"], "0.00");

    // Earned value from % complete: EV = 50% × 4,000; AC = 3,900; PV = 4,000.
    let ev = &w["earned_value"]["lines"][0];
    assert_eq!(ev["bac"], "4000.00");
    assert_eq!(ev["ev"], "2000.00");
    assert_eq!(ev["pv"], "4000.00");
    assert_eq!(ev["ac"], "3900.00");
    assert_eq!(ev["cpi"], "0.51");
    assert_eq!(ev["spi"], "0.50");
    assert_eq!(ev["cv"], "-1900.00");
    assert_eq!(ev["eac"], "7800.00");

    let tie = &w["tie_out"];
    assert_eq!(tie["ledger_total"], "6575.50");
    assert_eq!(tie["tracker_actual"], "6200.00");
    assert_eq!(tie["ledger_matched"], "6000.00");
    assert_eq!(tie["ledger_unmatched"], "575.50");
    assert_eq!(tie["tracker_matched"], "5700.00");
    assert_eq!(tie["tracker_unmatched"], "500.00");
    let ex = exception_rows(tie);
    let want = [
        ("amount_mismatch", "500200", "2025-26:P02", "300.00"),
        ("ledger_unmatched", "500100", "2025-26:P02", "450.00"),
        ("ledger_unmatched", "599999", "2025-26:P03", "125.50"),
        ("tracker_unmatched", "500100", "2025-26:P02", "-500.00"),
        ("possible_duplicate", "500200", "2025-26:P02", "300.00"),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, x)| (a.to_string(), b.to_string(), c.to_string(), x.to_string()))
        .collect();
    assert_eq!(ex, want);
    assert_eq!(
        tie["reversals"][0]["documents"],
        serde_json::json!(["JE-9", "JE-9-R"])
    );
    assert_eq!(
        tie["exceptions"][4]["cells"],
        serde_json::json!(["GL!F8", "GL!F9"])
    );
}

#[test]
fn as_of_a_period_or_a_date_and_thresholds_from_a_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    let (wide, _) = hand_built(dir.path(), true);
    let w = wide.to_str().unwrap();
    let a = json(&["reconcile", w, "--as-of", "2025-26:P02", "--format", "json"]);
    let b = json(&["reconcile", w, "--as-of", "2025-05-31", "--format", "json"]);
    assert_eq!(a, b);
    assert_eq!(a["totals"]["actual_ytd"], "6100.00");
    // Remaining periods are forecast from plan: EAC = actual + plan P03..P12.
    assert_eq!(
        a["totals"]["eac"], "17800.00",
        "6,100.00 + plan for P03, P05-P12 (11,700.00)"
    );
    let settings = dir.path().join("pmo.toml");
    std::fs::write(
        &settings,
        "[thresholds]\namber_pct = 50\nred_pct = 80\nfloor = 0\n",
    )
    .unwrap();
    let c = json(&[
        "reconcile",
        w,
        "--settings",
        settings.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        c["lines"][1]["rag"], "Amber",
        "66.67% is amber with these thresholds"
    );
    assert_eq!(c["thresholds"]["amber_pct"], "50");
    pmo(&["reconcile", w, "--as-of", "someday"], 2);
    pmo(&["reconcile", w, "--amber", "20", "--red", "10"], 2);
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect()
}

fn money(cell: &Data) -> Decimal {
    match cell {
        Data::Float(f) => pmo::model::money::money_from_f64(*f).unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_workbook_report_reads_back_as_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recon.xlsx");
    let r = json(&[
        "reconcile",
        "samples/project.xlsx",
        "--ledger",
        "samples/ledger.xlsx",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let lines = sheet(&out, "By Line");
    assert_eq!(lines[0][5], Data::String("Full-year plan".into()));
    let keys = [
        "planned_full_year",
        "planned_ytd",
        "actual_ytd",
        "variance_ytd",
    ];
    for (i, l) in r["lines"].as_array().unwrap().iter().enumerate() {
        let row = &lines[i + 1];
        assert_eq!(row[0], Data::String(l["id"].as_str().unwrap().into()));
        for (k, key) in keys.iter().enumerate() {
            assert_eq!(
                money(&row[5 + k]),
                d(l[key].as_str().unwrap()),
                "{} {key}",
                l["id"]
            );
        }
        assert_eq!(money(&row[10]), d(l["eac"].as_str().unwrap()));
        assert_eq!(money(&row[12]), d(l["vac"].as_str().unwrap()));
        assert_eq!(row[13], Data::String(l["rag"].as_str().unwrap().into()));
    }
    // The total row's SUM formulas carry their values.
    let total = &lines[r["lines"].as_array().unwrap().len() + 1];
    assert_eq!(total[1], Data::String("Total".into()));
    for (k, key) in keys.iter().enumerate() {
        assert_eq!(
            money(&total[5 + k]),
            d(r["totals"][key].as_str().unwrap()),
            "total {key}"
        );
    }
    let summary = sheet(&out, "Summary");
    let find = |label: &str| {
        summary
            .iter()
            .find(|row| row[0] == Data::String(label.into()))
            .map(|row| money(&row[1]))
            .unwrap()
    };
    assert_eq!(
        find("Actual to date"),
        d(r["totals"]["actual_ytd"].as_str().unwrap())
    );
    assert_eq!(
        find("Difference (ledger - tracker)"),
        d(r["tie_out"]["difference"].as_str().unwrap())
    );
    let ex = sheet(&out, "Exceptions");
    assert_eq!(
        ex.len() - 1,
        r["tie_out"]["exceptions"].as_array().unwrap().len()
    );
    for (i, e) in r["tie_out"]["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert_eq!(
            ex[i + 1][0],
            Data::String(e["kind"].as_str().unwrap().into())
        );
        assert_eq!(money(&ex[i + 1][5]), d(e["difference"].as_str().unwrap()));
    }
    let periods = sheet(&out, "By Period");
    assert_eq!(
        money(&periods[12][6]),
        d(r["periods"][11]["cumulative_planned"].as_str().unwrap())
    );
    // The chart is a native Excel chart.
    let zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    assert!(zip
        .file_names()
        .any(|n| n.is_ok_and(|n| n.starts_with("xl/charts/chart"))));
}

/// A tiny deterministic generator, for the invariant test.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn cents(&mut self) -> Decimal {
        Decimal::new(self.next(2_000_000) as i64 - 300_000, 2)
    }
}

#[test]
fn totals_are_the_sum_of_their_parts_over_many_generated_projects() {
    for seed in 0..60 {
        let mut g = Lcg(seed);
        let mut p = Project::default();
        p.sources.push(SheetSource {
            file: "t.xlsx".into(),
            sheet: "Budget".into(),
            kind: "budget".into(),
            header_row: Some(0),
            keys: Default::default(),
            rows: 0,
        });
        let at = |row, col| CellRef {
            sheet: SheetId(0),
            row,
            col,
        };
        let accounts = ["5001", "5002", "5003", "5004"];
        for i in 0..(1 + g.next(8)) as u32 {
            let mut rec = Record {
                at: Some(at(i, 0)),
                ..Record::default()
            };
            let acct = accounts[g.next(4) as usize];
            rec.fields.insert(
                "account".into(),
                Traced::new(Value::Text(acct.into()), at(i, 1)),
            );
            rec.fields.insert(
                "category".into(),
                Traced::new(
                    Value::Text(["Services", "Supplies and equipment"][g.next(2) as usize].into()),
                    at(i, 2),
                ),
            );
            let mut line = BudgetLine {
                record: rec,
                ..BudgetLine::default()
            };
            for per in 1..=12u8 {
                let fp = FiscalPeriod::new(FiscalYear::new(2025).unwrap(), per).unwrap();
                let mut a = PeriodAmounts::default();
                if g.next(4) > 0 {
                    a.planned = Some(Traced::new(g.cents(), at(i, 10 + per as u32)));
                }
                if per <= 6 && g.next(3) > 0 {
                    a.actual = Some(Traced::new(g.cents(), at(i, 30 + per as u32)));
                }
                line.periods.insert(fp, a);
            }
            p.budget.push(line);
        }
        for k in 0..g.next(40) as u32 {
            p.ledger.push(LedgerEntry {
                at: at(k, 0),
                date: None,
                period: FiscalPeriod::new(FiscalYear::new(2025).unwrap(), 1 + g.next(6) as u8).ok(),
                account: Some(["5001", "5002", "5003", "5004", "5999"][g.next(5) as usize].into()),
                cost_centre: None,
                amount: g.cents(),
                document: Some(format!("D{}", g.next(15)).into()),
                vendor: None,
                description: None,
            });
        }
        let settings = Settings {
            as_of: None,
            thresholds: Thresholds::default(),
            calendar: Default::default(),
        };
        let Some(r) = reconcile(&p, &settings) else {
            continue;
        };
        let lines: Decimal = r.lines.iter().map(|l| l.figures.variance_ytd).sum();
        assert_eq!(lines, r.totals.variance_ytd, "seed {seed}");
        let cats: Decimal = r.categories.iter().map(|c| c.figures.actual_ytd).sum();
        assert_eq!(cats, r.totals.actual_ytd, "seed {seed}");
        let per: Decimal = r.periods.iter().filter_map(|x| x.actual).sum();
        assert_eq!(per, r.totals.actual_ytd, "seed {seed}");
        assert_eq!(
            r.totals.eac,
            r.totals.actual_ytd + r.totals.etc,
            "seed {seed}"
        );
        let t = r.tie_out.unwrap();
        assert_eq!(
            t.ledger_total,
            t.ledger_matched + t.ledger_unmatched,
            "seed {seed}"
        );
        assert_eq!(
            t.tracker_actual,
            t.tracker_matched + t.tracker_unmatched,
            "seed {seed}"
        );
        let rows: Decimal = t.rows.iter().map(|r| r.difference).sum();
        let unmatched_ledger_rows: Decimal = t
            .exceptions
            .iter()
            .filter(|e| e.kind == ExceptionKind::LedgerUnmatched)
            .filter_map(|e| e.ledger)
            .sum();
        // Account × period rows plus unmatched postings explain the whole
        // difference, less the tracker actuals with no account.
        assert_eq!(rows + unmatched_ledger_rows, t.difference, "seed {seed}");
    }
}

#[test]
fn a_ledger_that_is_not_a_ledger_is_refused() {
    let out = pmo(
        &[
            "reconcile",
            "samples/project.xlsx",
            "--ledger",
            "tests/fixtures/risks_title_rows.xlsx",
        ],
        2,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no sheet that reads as a ledger"));
}

#[test]
fn ledger_accounts_given_as_full_combinations_match_the_trackers_natural_account() {
    let dir = tempfile::tempdir().unwrap();
    let tracker = dir.path().join("t.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Line ID",
            "Description",
            "GL Account",
            "Plan Apr-25",
            "Actual Apr-25",
        ],
    )
    .unwrap();
    ws.write_row(1, 0, ["L1", "Developers", "512345"]).unwrap();
    ws.write_number(1, 3, 1000.0).unwrap();
    ws.write_number(1, 4, 990.0).unwrap();
    wb.save(&tracker).unwrap();
    let ledger = dir.path().join("gl.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("GL").unwrap();
    ws.write_row(0, 0, ["GL Date", "Account", "Document No", "Amount"])
        .unwrap();
    ws.write_row(1, 0, ["2025-04-10", "10482-512345-0000", "INV-1"])
        .unwrap();
    ws.write_number(1, 3, 990.0).unwrap();
    ws.write_row(2, 0, ["2025-04-11", "10482-599999-0000", "INV-2"])
        .unwrap();
    ws.write_number(2, 3, 5.0).unwrap();
    wb.save(&ledger).unwrap();
    let r = json(&[
        "reconcile",
        tracker.to_str().unwrap(),
        "--ledger",
        ledger.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let t = &r["tie_out"];
    assert_eq!(t["ledger_matched"], "990.00");
    assert_eq!(t["rows"][0]["account"], "512345");
    assert_eq!(t["exceptions"].as_array().unwrap().len(), 1);
    assert_eq!(t["exceptions"][0]["kind"], "ledger_unmatched");
    assert_eq!(t["exceptions"][0]["account"], "10482-599999-0000");
}
