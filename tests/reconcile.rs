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
use pmo::reconcile::{reconcile, RowStatus, Settings, Thresholds};
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
        // The kind in words, then its stable code.
        let kind = ex[i + 1][0].to_string();
        assert!(
            kind.ends_with(&format!(" ({})", e["kind"].as_str().unwrap())),
            "{kind}"
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
    let mut reversals = 0;
    for seed in 0..200 {
        let mut g = Lcg(seed);
        let mut p = one_budget_sheet();
        let accounts = ["5001", "5002", "5003", "5004"];
        for i in 0..(1 + g.next(8)) as u32 {
            let mut rec = Record {
                at: Some(at(i, 0)),
                ..Record::default()
            };
            let acct = accounts[g.next(4) as usize];
            // A line now and then gives no account: its actuals tie to nothing.
            if g.next(6) > 0 {
                rec.fields.insert(
                    "account".into(),
                    Traced::new(Value::Text(acct.into()), at(i, 1)),
                );
            }
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
            // Some postings lack an account or a period; some carry a
            // cost centre no line has.
            let account = ["5001", "5002", "5003", "5004", "5999", ""][g.next(6) as usize];
            let period = (g.next(10) > 0)
                .then(|| {
                    FiscalPeriod::new(FiscalYear::new(2025).unwrap(), 1 + g.next(6) as u8).ok()
                })
                .flatten();
            p.ledger.push(LedgerEntry {
                at: at(k, 0),
                date: None,
                period,
                account: (!account.is_empty()).then(|| account.into()),
                cost_centre: (g.next(5) == 0).then(|| "777".into()),
                amount: g.cents(),
                document: Some(format!("D{}", g.next(15)).into()),
                reverses: None,
                vendor: None,
                description: None,
            });
            // Now and then a reversal naming it, or one naming another
            // document, in this period or another.
            if g.next(4) == 0 {
                let mut rev = p.ledger.last().unwrap().clone();
                rev.amount = -rev.amount;
                rev.document = Some(format!("R{k}").into());
                rev.reverses = Some(format!("D{}", g.next(15)).into());
                rev.period = rev
                    .period
                    .and_then(|q| FiscalPeriod::new(q.year(), 1 + g.next(6) as u8).ok());
                p.ledger.push(rev);
            }
        }
        let settings = Settings {
            as_of: None,
            thresholds: Thresholds::default(),
            calendar: Default::default(),
        };
        let Some(r) = reconcile(&p, &settings).unwrap() else {
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
        let Some(t) = r.tie_out else {
            continue;
        };
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
        // Every posting and actual is in one row: the rows add up to the
        // totals on both sides, and to the difference.
        let rows =
            |f: fn(&pmo::reconcile::TieRow) -> Decimal| -> Decimal { t.rows.iter().map(f).sum() };
        assert_eq!(rows(|r| r.tracker), t.tracker_actual, "seed {seed}");
        assert_eq!(rows(|r| r.ledger), t.ledger_total, "seed {seed}");
        assert_eq!(rows(|r| r.difference), t.difference, "seed {seed}");
        let unmatched: Decimal = t
            .rows
            .iter()
            .filter(|r| r.status == RowStatus::LedgerUnmatched)
            .map(|r| r.ledger)
            .sum();
        assert_eq!(unmatched, t.ledger_unmatched, "seed {seed}");
        // Each reversal pair nets to zero and names a document that exists.
        for rev in &t.reversals {
            assert_eq!(rev.documents.len(), 2, "seed {seed}");
        }
        reversals += t.reversals.len();
    }
    assert!(reversals > 5, "the generator makes reversals ({reversals})");
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
    let matched: Vec<&Json> = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "matched")
        .collect();
    assert_eq!(matched.len(), 1);
    assert_eq!(matched[0]["account"], "512345");
    assert_eq!(t["exceptions"].as_array().unwrap().len(), 1);
    assert_eq!(t["exceptions"][0]["kind"], "ledger_unmatched");
    assert_eq!(t["exceptions"][0]["account"], "10482-599999-0000");
}

/// A tracker with two lines, L1's April actual in E2 and L2's in E3, under
/// an optional title row (which then pushes everything down one row).
fn tracker_with(path: &Path, title: Option<&str>, actuals: [f64; 2]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    let top = u32::from(title.is_some());
    if let Some(t) = title {
        ws.write_string(0, 0, t).unwrap();
    }
    ws.write_row(
        top,
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
    for (i, (id, acct)) in [("L1", "500100"), ("L2", "500200")].iter().enumerate() {
        let r = top + 1 + i as u32;
        ws.write_row(r, 0, [*id, "line", *acct]).unwrap();
        ws.write_number(r, 3, 10.0).unwrap();
        ws.write_number(r, 4, actuals[i]).unwrap();
    }
    wb.save(path).unwrap();
}

/// `pmo validate --format json` findings as (code, sheet, cell).
fn findings(path: &Path) -> Vec<(String, String, String)> {
    let out = pmo(
        &[
            "validate",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        0,
    );
    let doc: Json = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("sheet"), s("cell"))
        })
        .collect()
}

#[test]
fn an_amount_too_large_to_be_money_is_a_bad_money_finding_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let tracker = dir.path().join("t.xlsx");
    // Two of these add past what Decimal holds (about 7.9e28).
    tracker_with(&tracker, None, [7e28, 7e28]);
    let ledger = dir.path().join("gl.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("GL").unwrap();
    ws.write_row(0, 0, ["GL Date", "Account", "Document No", "Amount"])
        .unwrap();
    for (r, (acct, amount)) in [("500100", 7e28), ("500100", 7e28), ("500200", 12.5)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_row(r, 0, ["2025-04-10", acct, &format!("INV-{r}")])
            .unwrap();
        ws.write_number(r, 3, *amount).unwrap();
    }
    wb.save(&ledger).unwrap();

    let got = findings(&tracker);
    for cell in ["E2", "E3"] {
        assert!(
            got.contains(&("E201".into(), "Budget".into(), cell.into())),
            "{cell} in {got:?}"
        );
    }
    let got = findings(&ledger);
    for cell in ["D2", "D3"] {
        assert!(
            got.contains(&("E201".into(), "GL".into(), cell.into())),
            "{cell} in {got:?}"
        );
    }
    // The reconciliation runs on what could be read: no actual is made up.
    let r = json(&[
        "reconcile",
        tracker.to_str().unwrap(),
        "--ledger",
        ledger.to_str().unwrap(),
        "--as-of",
        "2025-26:P01",
        "--format",
        "json",
    ]);
    assert_eq!(r["totals"]["actual_ytd"], "0.00");
    assert_eq!(r["tie_out"]["ledger_total"], "12.50");
    // …and says which cells it left out.
    let left_out: Vec<&str> = r["unread_money"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["cell"].as_str().unwrap())
        .collect();
    assert_eq!(left_out, ["Budget!E2", "Budget!E3", "GL!D2", "GL!D3"]);
    assert!(r["unread_money"][0]["problem"]
        .as_str()
        .unwrap()
        .contains("too large to be an amount of money"));
    let out = pmo(
        &[
            "reconcile",
            tracker.to_str().unwrap(),
            "--ledger",
            ledger.to_str().unwrap(),
            "--as-of",
            "2025-26:P01",
        ],
        0,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Left out: 4 money cell(s) that could not be read (see pmo validate): Budget!E2, Budget!E3, GL!D2, GL!D3"),
        "{text}"
    );
    // Just under the bound is still money.
    tracker_with(&tracker, None, [999_999_999_999.99, 1.0]);
    let r = json(&["reconcile", tracker.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r["totals"]["actual_ytd"], "1000000000000.99");
}

#[test]
fn a_sheet_in_thousands_holding_an_amount_too_large_is_a_finding_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let tracker = dir.path().join("t.xlsx");
    tracker_with(&tracker, Some("Budget ($000s)"), [1e26, 2.5]);
    let got = findings(&tracker);
    assert!(
        got.contains(&("E201".into(), "Budget".into(), "E3".into())),
        "{got:?}"
    );
    let r = json(&["reconcile", tracker.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r["totals"]["actual_ytd"], "2500.00", "L2's 2.5 thousand");
    // A bound that is crossed only by the scaling counts too.
    tracker_with(&tracker, Some("Budget ($000s)"), [2e12, 2.5]);
    assert!(findings(&tracker).contains(&("E201".into(), "Budget".into(), "E3".into())));
}

/// A posting: (date, account, cost centre, document, description,
/// reverses, amount).
type Posting<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, f64);

/// Reconciles one line (L1: account 500100, cost centre 100, 100.00 spent
/// in April 2025) against the postings given, as of June.
fn tie_out_of(dir: &Path, posts: &[Posting]) -> Json {
    let tracker = dir.join("t.xlsx");
    if !tracker.exists() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Budget").unwrap();
        let head = [
            "Line ID",
            "Description",
            "GL Account",
            "Cost Centre",
            "Plan Apr-25",
            "Actual Apr-25",
        ];
        ws.write_row(0, 0, head).unwrap();
        ws.write_row(1, 0, ["L1", "Developers", "500100", "100"])
            .unwrap();
        ws.write_number(1, 4, 100.0).unwrap();
        ws.write_number(1, 5, 100.0).unwrap();
        wb.save(&tracker).unwrap();
    }
    let ledger = dir.join("gl.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("GL").unwrap();
    let head = [
        "GL Date",
        "Account",
        "Cost Centre",
        "Document No",
        "Description",
        "Reverses",
        "Amount",
    ];
    ws.write_row(0, 0, head).unwrap();
    for (r, p) in posts.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_row(r, 0, [p.0, p.1, p.2, p.3, p.4, p.5]).unwrap();
        ws.write_number(r, 6, p.6).unwrap();
    }
    wb.save(&ledger).unwrap();
    let r = json(&[
        "reconcile",
        tracker.to_str().unwrap(),
        "--ledger",
        ledger.to_str().unwrap(),
        "--as-of",
        "2025-26:P03",
        "--format",
        "json",
    ]);
    r["tie_out"].clone()
}

/// The tie-out row for an account and period.
fn row<'a>(tie: &'a Json, account: &str, period: &str) -> &'a Json {
    tie["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["account"] == account && r["period"] == period)
        .unwrap_or_else(|| panic!("no row {account} {period}: {tie:#}"))
}

const INV_1: Posting = (
    "2025-04-10",
    "500100",
    "100",
    "INV-1",
    "Developers April",
    "",
    100.0,
);

#[test]
fn a_document_whose_number_starts_with_another_is_not_its_reversal() {
    // INV-12 is another invoice, not INV-1's reversal: April stays matched.
    let dir = tempfile::tempdir().unwrap();
    let june = (
        "2025-06-10",
        "500100",
        "100",
        "INV-12",
        "Credit",
        "",
        -100.0,
    );
    let tie = tie_out_of(dir.path(), &[INV_1, june]);
    assert_eq!(tie["reversals"], serde_json::json!([]));
    let april = row(&tie, "500100", "2025-26:P01");
    assert_eq!(april["status"], "matched");
    assert_eq!(april["ledger"], "100.00");
    assert_eq!(row(&tie, "500100", "2025-26:P03")["ledger"], "-100.00");
    let kinds = exception_rows(&tie);
    assert_eq!(
        kinds,
        [(
            "amount_mismatch".to_string(),
            "500100".to_string(),
            "2025-26:P03".to_string(),
            "-100.00".to_string()
        )]
    );
}

#[test]
fn near_misses_are_not_reversals() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Posting); 6] = [
        (
            "prefix",
            ("2025-06-10", "500100", "100", "INV-12", "", "", -100.0),
        ),
        (
            "another account",
            ("2025-06-10", "500200", "100", "INV-1-R", "", "", -100.0),
        ),
        (
            "another cost centre",
            ("2025-06-10", "500100", "200", "INV-1-R", "", "", -100.0),
        ),
        (
            "an earlier period",
            ("2025-03-20", "500100", "100", "INV-1-R", "", "", -100.0),
        ),
        (
            "an amount not opposite",
            ("2025-06-10", "500100", "100", "INV-1-R", "", "", -90.0),
        ),
        (
            "a marker naming another document",
            (
                "2025-06-10",
                "500100",
                "100",
                "JE-5",
                "Reversal of INV-2",
                "",
                -100.0,
            ),
        ),
    ];
    for (why, post) in cases {
        let tie = tie_out_of(dir.path(), &[INV_1, post]);
        assert_eq!(tie["reversals"], serde_json::json!([]), "{why}");
        let april = row(&tie, "500100", "2025-26:P01");
        assert_eq!(april["status"], "matched", "{why}: {tie:#}");
        assert_eq!(
            tie["ledger_total"],
            format!("{:.2}", 100.0 + post.6),
            "{why}"
        );
    }
}

#[test]
fn a_reversal_names_the_document_it_reverses() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [Posting; 5] = [
        ("2025-06-10", "500100", "100", "INV-1-R", "", "", -100.0),
        ("2025-06-10", "500100", "100", "REV-INV-1", "", "", -100.0),
        (
            "2025-04-30",
            "500100",
            "100",
            "JE-77",
            "Reversal of INV-1",
            "",
            -100.0,
        ),
        (
            "2025-05-02",
            "500100",
            "100",
            "JE-78",
            "Wrong cost code",
            "INV-1",
            -100.0,
        ),
        // The finance system lowers the case; the same period is fine.
        ("2025-04-10", "500100", "100", "inv-1-rev", "", "", -100.0),
    ];
    for post in cases {
        let tie = tie_out_of(dir.path(), &[INV_1, post]);
        let doc = post.3;
        assert_eq!(
            tie["reversals"][0]["documents"],
            serde_json::json!(["INV-1", doc]),
            "{doc}: {tie:#}"
        );
        assert_eq!(tie["reversals"][0]["amount"], "100.00");
        assert_eq!(
            tie["reversals"][0]["cells"],
            serde_json::json!(["GL!G2", "GL!G3"])
        );
        // The pair nets out: April's actual has nothing behind it.
        assert_eq!(
            row(&tie, "500100", "2025-26:P01")["status"],
            "tracker_unmatched"
        );
        assert_eq!(tie["ledger_total"], "0.00");
    }
}

#[test]
fn tie_out_rows_add_up_to_the_totals_with_a_ledger_only_account() {
    // The hand-built ledger posts 125.50 to 599999, which no tracker line
    // carries, and 450.00 to another cost centre.
    let dir = tempfile::tempdir().unwrap();
    let (wide, ledger) = hand_built(dir.path(), true);
    let out = dir.path().join("recon.xlsx");
    let r = json(&[
        "reconcile",
        wide.to_str().unwrap(),
        "--ledger",
        ledger.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let t = &r["tie_out"];
    let rows = t["rows"].as_array().unwrap();
    let only = rows
        .iter()
        .find(|x| x["account"] == "599999")
        .expect("the ledger-only account has a row");
    assert_eq!(only["status"], "ledger_unmatched");
    assert_eq!(only["tracker"], "0.00");
    assert_eq!(only["ledger"], "125.50");
    let sum = |k: &str| -> Decimal { rows.iter().map(|x| d(x[k].as_str().unwrap())).sum() };
    let total = |k: &str| d(t[k].as_str().unwrap());
    assert_eq!(sum("tracker"), total("tracker_actual"));
    assert_eq!(sum("ledger"), total("ledger_total"));
    assert_eq!(sum("difference"), total("difference"));
    assert_eq!(total("difference"), d("375.50"));

    // The workbook's Tie-out grid: its rows and its Total row give the
    // headline difference.
    let grid = sheet(&out, "Tie-out");
    assert_eq!(
        grid[0][4],
        Data::String("Difference (ledger - tracker)".into())
    );
    let at = grid
        .iter()
        .position(|x| x[0] == Data::String("Total".into()))
        .unwrap();
    assert_eq!(at, rows.len() + 1, "one grid row per JSON row");
    let column = |c: usize| -> Decimal { grid[1..at].iter().map(|x| money(&x[c])).sum() };
    assert_eq!(column(2), total("tracker_actual"));
    assert_eq!(column(3), total("ledger_total"));
    assert_eq!(column(4), total("difference"));
    assert_eq!(money(&grid[at][4]), total("difference"));
    assert_eq!(money(&grid[at][2]), total("tracker_actual"));
    assert_eq!(money(&grid[at][3]), total("ledger_total"));
    let headline = sheet(&out, "Summary")
        .into_iter()
        .find(|x| x[0] == Data::String("Difference (ledger - tracker)".into()))
        .map(|x| money(&x[1]))
        .unwrap();
    assert_eq!(money(&grid[at][4]), headline);
}

/// A project built by hand (not read by ingest, so its amounts are not
/// bounded): one line per actual, all in April 2025 on account 5001, and
/// the postings given.
fn project_with(actuals: &[Decimal], postings: &[Decimal]) -> Project {
    let mut p = one_budget_sheet();
    let april = FiscalPeriod::new(FiscalYear::new(2025).unwrap(), 1).unwrap();
    for (i, a) in actuals.iter().enumerate() {
        let i = i as u32 + 1;
        let mut line = BudgetLine::default();
        line.record.fields.insert(
            "account".into(),
            Traced::new(Value::Text("5001".into()), at(i, 1)),
        );
        let amounts = PeriodAmounts {
            actual: Some(Traced::new(*a, at(i, 2))),
            ..PeriodAmounts::default()
        };
        line.periods.insert(april, amounts);
        p.budget.push(line);
    }
    for (k, amount) in postings.iter().enumerate() {
        p.ledger.push(LedgerEntry {
            at: at(k as u32 + 1, 0),
            date: None,
            period: Some(april),
            account: Some("5001".into()),
            cost_centre: None,
            amount: *amount,
            document: Some(format!("D{k}").into()),
            reverses: None,
            vendor: None,
            description: None,
        });
    }
    p
}

#[test]
fn sums_beyond_decimal_are_an_error_not_a_panic() {
    let settings = Settings {
        as_of: None,
        thresholds: Thresholds::default(),
        calendar: Default::default(),
    };
    let huge = d("70000000000000000000000000000");
    let overflowed = |p: &Project| {
        let e = reconcile(p, &settings).unwrap_err();
        assert!(
            matches!(e, pmo::reconcile::ReconcileError::Overflow { .. }),
            "{e:?}"
        );
        e.to_string()
    };
    // Two actuals on one line's period, in the variance sums.
    let why = overflowed(&project_with(&[huge, huge], &[]));
    assert!(why.contains("too large"), "{why}");
    // Two postings, in the tie-out's sums.
    overflowed(&project_with(&[d("1")], &[huge, huge]));
    // A huge actual against a tiny plan: the percentage is held at the
    // limit, the money still adds up.
    let mut p = project_with(&[huge], &[huge]);
    let april = p.budget[0].periods.values_mut().next().unwrap();
    let at = april.actual.as_ref().unwrap().at;
    april.planned = Some(Traced::new(d("0.01"), at));
    let r = reconcile(&p, &settings).unwrap().unwrap();
    assert_eq!(r.totals.actual_ytd, huge);
    assert_eq!(r.totals.variance_ytd_pct, Some(Decimal::MIN));
    assert_eq!(r.tie_out.unwrap().difference, Decimal::ZERO);
}

#[test]
fn another_cost_centres_posting_is_unmatched_even_in_a_period_with_no_tracker_actual() {
    let dir = tempfile::tempdir().unwrap();
    // L1 (cost centre 100) spent in April only; cost centre 200 posts in May.
    let tie = tie_out_of(
        dir.path(),
        &[
            ("2025-04-10", "500100", "100", "INV-1", "", "", 100.0),
            ("2025-05-10", "500100", "200", "INV-9", "", "", 450.0),
        ],
    );
    let may = row(&tie, "500100", "2025-26:P02");
    assert_eq!(may["status"], "ledger_unmatched", "{tie:#}");
    assert_eq!(may["tracker"], "0.00");
    assert_eq!(row(&tie, "500100", "2025-26:P01")["status"], "matched");
}

/// A project built by hand with one budget sheet, for the generated and
/// overflow tests.
fn one_budget_sheet() -> Project {
    let mut p = Project::default();
    p.sources.push(SheetSource {
        file: "t.xlsx".into(),
        sheet: "Budget".into(),
        kind: "budget".into(),
        header_row: Some(0),
        keys: Default::default(),
        rows: 0,
    });
    p
}

/// A cell of the hand-built budget sheet.
fn at(row: u32, col: u32) -> CellRef {
    CellRef {
        sheet: SheetId(0),
        row,
        col,
    }
}
